"""Periodic upkeep of the fit check (see `manage.py upkeep`)."""

from core.upkeep import register
from fitcheck import services


@register
def run() -> dict[str, int]:
    requeued = services.requeue_stuck_jobs(older_than=services.STUCK_AFTER)
    return {
        "re-score jobs re-queued": len(requeued),
        "rubric previews re-queued": len(services.requeue_stuck_previews()),
        "uploaded contact files deleted": services.delete_old_import_files(),
    }
