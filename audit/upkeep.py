"""Periodic upkeep of the audit trail (see `manage.py upkeep`)."""

from audit import services
from core.upkeep import register


@register
def run() -> dict[str, int]:
    return {"audit events older than a year deleted": services.prune_old_events()}
