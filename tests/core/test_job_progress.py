"""What a page says about its background job (core/job_progress.py)."""

import json
from datetime import UTC, datetime

from core.job_progress import ProgressWords, progress_response
from fitcheck.models import PreviewJob

WORDS = ProgressWords(
    none="Nothing yet.",
    queued="Waiting: {total} to do.",
    running="{done} of {total} ({percent}%).",
    done="Done on {finished:%d %b %Y at %H:%M} for {total}.",
    failed="Stopped after {done} of {total}. {error}",
)


def job(status: str, **values) -> PreviewJob:
    return PreviewJob(status=status, **values)


def test_each_status_has_its_line_with_the_numbers_filled_in():
    finished = datetime(2026, 11, 30, 14, 5, tzinfo=UTC)
    assert WORDS.message(None) == "Nothing yet."
    assert WORDS.message(job("queued", total=40)) == "Waiting: 40 to do."
    assert WORDS.message(job("running", done=10, total=40)) == "10 of 40 (25%)."
    assert (
        WORDS.message(job("done", done=40, total=40, finished_at=finished))
        == "Done on 30 Nov 2026 at 14:05 for 40."
    )
    assert WORDS.message(job("failed", done=3, total=40)) == "Stopped after 3 of 40."
    assert (
        WORDS.message(job("failed", done=3, total=40, error="Boom."))
        == "Stopped after 3 of 40. Boom."
    )


def test_the_progress_answer_is_json_that_no_cache_keeps():
    response = progress_response(job("running", done=1, total=4), WORDS)
    assert response["Cache-Control"] == "no-store"
    assert json.loads(response.content) == {
        "status": "running",
        "done": 1,
        "total": 4,
        "percent": 25,
        "message": "1 of 4 (25%).",
    }
    nothing = json.loads(progress_response(None, WORDS).content)
    assert nothing == {
        "status": "none",
        "done": 0,
        "total": 0,
        "percent": 100,
        "message": "Nothing yet.",
    }
