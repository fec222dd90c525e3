"""Periodic upkeep of the fit check (see `manage.py upkeep`)."""

from core.upkeep import register
from fitcheck.services import import_files, import_jobs, preview_jobs, rescore_jobs


@register
def run() -> dict[str, int]:
    return {
        "re-score jobs re-queued": len(rescore_jobs.requeue_stuck_jobs()),
        "rubric previews re-queued": len(preview_jobs.requeue_stuck_previews()),
        "contact imports re-queued": len(import_jobs.requeue_stuck_imports()),
        "uploaded contact files deleted": import_files.delete_old_import_files(),
    }
