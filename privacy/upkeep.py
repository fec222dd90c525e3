"""Periodic upkeep of the privacy app (see `manage.py upkeep`)."""

from core.upkeep import register
from privacy.services import leaving, retention, task_records


@register
def run() -> dict[str, int]:
    return {
        "prospects erased by a retention rule": retention.apply_retention(),
        "finished background tasks deleted": task_records.delete_finished_tasks(),
        "workspace deletions re-queued": leaving.requeue_stuck_deletions(),
    }
