"""Periodic upkeep of the feedback app (see `manage.py upkeep`)."""

from core.upkeep import register
from feedback import services


@register
def run() -> dict[str, int]:
    result = services.sweep()
    return {
        "invitations re-queued": result["requeued"],
        "reminders sent": result["reminded"],
    }
