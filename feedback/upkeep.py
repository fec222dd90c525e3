"""Periodic upkeep of the feedback app (see `manage.py upkeep`)."""

from feedback import services


def run() -> dict[str, int]:
    result = services.sweep()
    return {
        "invitations re-queued": result["requeued"],
        "reminders sent": result["reminded"],
    }
