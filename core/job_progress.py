"""What a page says about its background job while it runs: one line of words per
status, and the JSON that static/js/job-progress.js polls to update its bar (the
bar itself is templates/includes/job_progress.html)."""

from dataclasses import dataclass

from django.http import JsonResponse
from django.utils import timezone

from core.models import BackgroundJob


@dataclass(frozen=True)
class ProgressWords:
    """The line a job's page shows in each status. Each may name `{done}`,
    `{total}`, `{percent}`, `{error}` and `{finished}` (the local time it
    ended, for example `{finished:%d %b %Y at %H:%M}`)."""

    none: str
    queued: str
    running: str
    done: str
    failed: str

    def message(self, job: BackgroundJob | None) -> str:
        if job is None:
            return self.none
        words = getattr(self, job.status)
        return words.format(
            done=job.done,
            total=job.total,
            percent=job.percent,
            error=job.error,
            finished=job.finished_at and timezone.localtime(job.finished_at),
        ).strip()


def progress_response(job: BackgroundJob | None, words: ProgressWords) -> JsonResponse:
    """The job's progress for the page's polling script; never cached."""
    return JsonResponse(
        {
            "status": job.status if job else "none",
            "done": job.done if job else 0,
            "total": job.total if job else 0,
            "percent": job.percent if job else 100,
            "message": words.message(job),
        },
        headers={"Cache-Control": "no-store"},
    )
