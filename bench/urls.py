"""Every URL of the app, plus the baseline views under /bench/.

wrk sends every request from 127.0.0.1, and the public forms allow one client
address a few posts per window (5 intake answers in 10 minutes, 10 public survey
answers an hour), so a run would measure the "too many" page after a handful of
posts. The limits are module constants, not settings: the bench server, and only
it, raises them here, before any request. Every post still counts its hit in the
shared rate-limit table, so the limiter's cost stays in the measurement.
"""

from django.urls import path

from bench import baseline
from config import urls as app_urls
from feedback.views import public as survey_views
from fitcheck.views import intake as intake_views

BENCH_POSTS_PER_WINDOW = 1_000_000_000

intake_views.SUBMISSIONS_PER_WINDOW = BENCH_POSTS_PER_WINDOW
survey_views.PUBLIC_ANSWERS_PER_WINDOW = BENCH_POSTS_PER_WINDOW

urlpatterns = [
    *app_urls.urlpatterns,
    path("bench/hello/", baseline.hello),
    path("bench/insert/", baseline.insert),
    path("bench/layout/", baseline.layout),
]

# Django looks the error handler up in the root URLconf only.
handler500 = app_urls.handler500
