"""Reads of the privacy app that span the other apps' models."""

from datetime import datetime

from django.db.models import DateTimeField, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Greatest

from accounts.models import Workspace
from feedback.models import Invitation, Response
from fitcheck.models import Contact
from privacy.retention import months_before


def last_activity() -> Greatest:
    """When a contact last did something, or had something done with them: the
    contact changed (entered, edited, imported again, answered the intake), was
    invited to a survey, opened or answered one. Re-scoring is not activity."""
    invited = (
        Invitation.objects.filter(contact=OuterRef("pk"))
        .order_by()
        .values("contact")
        .annotate(latest=Max(Greatest("created_at", "opened_at", "answered_at")))
        .values("latest")
    )
    answered = (
        Response.objects.filter(contact=OuterRef("pk"))
        .order_by()
        .values("contact")
        .annotate(latest=Max("submitted_at"))
        .values("latest")
    )
    # PostgreSQL's GREATEST skips NULLs: a contact never invited counts by itself.
    return Greatest(
        "updated_at",
        Subquery(invited, output_field=DateTimeField()),
        Subquery(answered, output_field=DateTimeField()),
    )


def inactive_prospects(
    workspace: Workspace, *, months: int, now: datetime
) -> QuerySet[Contact]:
    """Prospects (never clients) with no activity in the last `months` months:
    what the retention rule erases at `now`. The preview lists exactly these."""
    cutoff = months_before(now, months)
    return (
        Contact.objects.for_workspace(workspace)
        .filter(stage=Contact.Stage.PROSPECT, updated_at__lt=cutoff)
        .annotate(last_activity=last_activity())
        .filter(last_activity__lt=cutoff)
    )
