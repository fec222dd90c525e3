"""Temporary: in-process timing of the intake POST (the bench's intake_post body)."""
import statistics
import time

from django.test import Client

from bench import data
from bench.bodies import good_fit_answers
from fitcheck.models import FitScore, IntakePage
from fitcheck.services import rubric_versions
from fitcheck.views import intake as intake_views

POSTS = 300


def test_time_intake_post(db, settings):
    intake_views.SUBMISSIONS_PER_WINDOW = 10**9
    practice = data.new_workspace("intake_post")
    persona = data.full_persona(practice.workspace)
    page = IntakePage.objects.create(
        workspace=practice.workspace, persona=persona, published=True,
        booking_url="https://example.com/book-a-call",
        referrals="The Practice Growth Collective https://example.com/collective",
    )
    rubric = rubric_versions.applied_rubric(persona=persona)
    answers = dict()
    for k, v in good_fit_answers(rubric.as_scoring().criteria):
        answers.setdefault(k, []).append(v)
    client = Client()
    path = page.get_absolute_url()
    client.get(path)
    times = []
    for n in range(POSTS):
        body = {**answers, "name": f"P {n}", "email": f"p{n}@example.com", "message": "Hi"}
        start = time.perf_counter()
        r = client.post(path, body)
        times.append(time.perf_counter() - start)
        assert r.status_code == 302
    band = FitScore.objects.get(contact__email="p0@example.com", persona=persona).band
    times = times[20:]
    print(f"\nBAND {band} median {statistics.median(times)*1000:.2f} ms mean {statistics.mean(times)*1000:.2f} ms p90 {sorted(times)[int(len(times)*.9)]*1000:.2f} ms")
