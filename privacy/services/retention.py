"""Running the retention rule (`manage.py upkeep`): each workspace that set one
has its inactive prospects erased, a batch per transaction."""

from django.utils import timezone

from audit.models import Action
from privacy.models import PrivacySettings
from privacy.queries import inactive_prospects
from privacy.services.erasure import erase_contacts

BATCH = 500


def apply_retention(*, now=None) -> int:
    """Erase every prospect the rule says is due at `now`; return how many."""
    now = now or timezone.now()
    erased = 0
    for settings in PrivacySettings.objects.with_retention().select_related(
        "workspace"
    ):
        erased += _apply(settings, now)
    return erased


def _apply(settings: PrivacySettings, now) -> int:
    due = inactive_prospects(
        settings.workspace, months=settings.retention_months, now=now
    )
    ids = list(due.order_by("pk").values_list("pk", flat=True))
    erased = 0
    for start in range(0, len(ids), BATCH):
        erased += erase_contacts(
            workspace=settings.workspace,
            contacts=due.filter(pk__in=ids[start : start + BATCH]),
            action=Action.ERASED_BY_RETENTION,
            note=f"No activity for {settings.retention_months} months",
        ).contacts
    return erased
