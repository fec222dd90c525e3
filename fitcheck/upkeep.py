"""Periodic upkeep of the fit check (see `manage.py upkeep`)."""

from core.upkeep import register
from fitcheck.services import import_files, preview_jobs, rescore_jobs


@register
def run() -> dict[str, int]:
    return {
        "re-score jobs re-queued": len(rescore_jobs.requeue_stuck_jobs()),
        "rubric previews re-queued": len(preview_jobs.requeue_stuck_previews()),
        "uploaded contact files deleted": import_files.delete_old_import_files(),
    }
