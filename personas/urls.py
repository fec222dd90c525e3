from django.urls import path

from personas import sharing, views

app_name = "personas"

urlpatterns = [
    path("", views.persona_list, name="list"),
    path("new/", views.persona_create, name="create"),
    path("import/", views.persona_import, name="import"),
    path("format/", views.persona_format, name="format"),
    path("import/existing/", views.persona_import_choice, name="import_choice"),
    path("shared/<str:token>/", sharing.shared_persona, name="shared"),
    path("shared/<str:token>/photo/", sharing.shared_photo, name="shared_photo"),
    path("<int:persona_id>/", views.persona_detail, name="detail"),
    path("<int:persona_id>/resume/", views.persona_resume, name="resume"),
    path("<int:persona_id>/step/<slug:step>/", views.persona_step, name="step"),
    path(
        "<int:persona_id>/new-version/", views.persona_new_version, name="new_version"
    ),
    path(
        "<int:persona_id>/compare/<int:other_id>/",
        views.persona_compare,
        name="compare",
    ),
    path("<int:persona_id>/activate/", views.persona_activate, name="activate"),
    path("<int:persona_id>/duplicate/", views.persona_duplicate, name="duplicate"),
    path("<int:persona_id>/share/", sharing.persona_share, name="share"),
    path("<int:persona_id>/archive/", views.persona_archive, name="archive"),
    path("<int:persona_id>/restore/", views.persona_restore, name="restore"),
    path("<int:persona_id>/delete/", views.persona_delete, name="delete"),
    path("<int:persona_id>/export/", views.persona_export, name="export"),
    path("<int:persona_id>/photo/", views.persona_photo, name="photo"),
]
