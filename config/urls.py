from django.contrib import admin
from django.urls import include, path

from config import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("personas/", include("personas.urls")),
    path("", include("fitcheck.urls")),
    path("", include("feedback.urls")),
    path("", include("privacy.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "config.views.server_error"
