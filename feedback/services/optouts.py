"""Opting out: addresses a workspace never emails again."""

from django.db.models.functions import Lower

from accounts.models import Workspace
from feedback.models import Suppression


def suppress(*, workspace: Workspace, email: str, reason: str, note: str = "") -> None:
    Suppression.objects.get_or_create(
        workspace=workspace,
        email__iexact=email,
        defaults={"email": email.lower(), "reason": reason, "note": note},
    )


def is_suppressed(*, workspace: Workspace, email: str) -> bool:
    suppressions = Suppression.objects.for_workspace(workspace)
    return suppressions.filter(email__iexact=email).exists()


def suppressed_emails(workspace: Workspace, emails: list[str]) -> set[str]:
    """The lowercased addresses among `emails` this workspace must not email
    (compared without regard to case, as addresses are)."""
    return set(
        Suppression.objects.for_workspace(workspace)
        .annotate(email_lower=Lower("email"))
        .filter(email_lower__in=[email.lower() for email in emails])
        .values_list("email_lower", flat=True)
    )
