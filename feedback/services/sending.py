"""Sending: recipients, invitations, their delivery by the task worker, retries,
reminders, and the periodic sweep that recovers what a stopped worker left."""

from dataclasses import dataclass
from datetime import timedelta
from itertools import batched

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from accounts.models import Workspace
from core.tasks import enqueue_after_commit
from core.text import shortened
from feedback.models import (
    DEFAULT_EXPIRY_DAYS,
    MAX_REMINDERS,
    Invitation,
    Suppression,
    Survey,
)
from feedback.services.building import is_closed
from feedback.services.optouts import suppressed_emails
from fitcheck.models import Contact, ErasedAddress

DELIVERY_BATCH = 100
EMAIL_LENGTH = Contact._meta.get_field("email").max_length
STUCK_AFTER = timedelta(minutes=10)
# The reminder button skips anyone emailed this recently, so a second click (or a
# colleague's) does not spend someone's two reminders in one afternoon.
REMINDER_GAP = timedelta(days=1)


@dataclass
class InviteOutcome:
    invited: int = 0
    already_invited: int = 0
    opted_out: int = 0
    without_email: int = 0


def split_addresses(text: str) -> tuple[list[str], list[str]]:
    """Pasted text (commas, semicolons or new lines between entries) as the
    distinct email addresses in it, lowercased, and the entries that are not
    email addresses (pure)."""
    entries = [
        e.strip(" <>\t\r") for e in text.replace(";", ",").replace("\n", ",").split(",")
    ]
    emails, invalid = [], []
    for entry in filter(None, entries):
        try:
            validate_email(entry)
        except ValidationError:
            invalid.append(entry)
            continue
        # The validator allows 320 characters; the contact's column holds fewer.
        if len(entry) > EMAIL_LENGTH:
            invalid.append(entry)
        else:
            emails.append(entry.lower())
    return list(dict.fromkeys(emails)), list(dict.fromkeys(invalid))


def _name_from(email: str) -> str:
    """A new contact's name until someone types one: the address's local part."""
    return shortened(email.split("@")[0], Contact._meta.get_field("name").max_length)


def contacts_from_addresses(*, workspace: Workspace, text: str) -> tuple[list, list]:
    """Contacts for pasted addresses (creating the missing ones), and the entries
    that are not email addresses."""
    emails, invalid = split_addresses(text)
    # Contacts typed or imported elsewhere may keep capitals in their address.
    in_workspace = Contact.objects.for_workspace(workspace).annotate(
        email_lower=Lower("email")
    )
    existing = {c.email_lower: c for c in in_workspace.filter(email_lower__in=emails)}
    unknown = [email for email in emails if email not in existing]
    # People erased on request are not made contacts again by a paste.
    erased = ErasedAddress.objects.erased_among(workspace.pk, unknown)
    new = [
        Contact(workspace=workspace, name=_name_from(email), email=email)
        for email in unknown
        if email not in erased
    ]
    Contact.objects.bulk_create(new, ignore_conflicts=True)
    contacts = in_workspace.filter(email_lower__in=emails)
    return list(contacts), invalid


@transaction.atomic
def invite(*, survey: Survey, contacts: list[Contact]) -> InviteOutcome:
    """One invitation per contact (never two for the same survey), delivered by
    the task worker after this transaction commits."""
    if is_closed(survey):
        raise ValueError("A closed survey cannot be sent.")
    outcome = InviteOutcome()
    with_email = [c for c in contacts if c.email]
    outcome.without_email = len(contacts) - len(with_email)
    blocked = suppressed_emails(survey.workspace, [c.email for c in with_email])
    allowed = [c for c in with_email if c.email.lower() not in blocked]
    outcome.opted_out = len(with_email) - len(allowed)
    invited_before = set(
        survey.invitations.filter(contact__in=allowed).values_list(
            "contact_id", flat=True
        )
    )
    new = [c for c in allowed if c.pk not in invited_before]
    outcome.already_invited = len(allowed) - len(new)
    expires_at = timezone.now() + timedelta(days=DEFAULT_EXPIRY_DAYS)
    Invitation.objects.bulk_create(
        [Invitation(survey=survey, contact=c, expires_at=expires_at) for c in new],
        ignore_conflicts=True,  # A concurrent send for the same contact wins.
    )
    ids = list(survey.invitations.filter(contact__in=new).values_list("pk", flat=True))
    outcome.invited = len(ids)
    if survey.status == Survey.Status.DRAFT:
        survey.status = Survey.Status.OPEN
        survey.save(update_fields=["status", "updated_at"])
    queue_delivery(ids)
    return outcome


def queue_delivery(invitation_ids: list[int], *, reminder: bool = False) -> None:
    from feedback.tasks import deliver_invitations

    for chunk in batched(invitation_ids, DELIVERY_BATCH):
        enqueue_after_commit(deliver_invitations, ids=list(chunk), reminder=reminder)


@transaction.atomic
def retry_failed(*, survey: Survey) -> int:
    ids = list(
        survey.invitations.filter(status=Invitation.Status.FAILED).values_list(
            "pk", flat=True
        )
    )
    # claimed_at doubles as "handed to the queue at", which sweep() reads. A
    # new round of tries, on the same schedule as the first.
    Invitation.objects.filter(pk__in=ids, status=Invitation.Status.FAILED).update(
        status=Invitation.Status.QUEUED,
        claimed_at=timezone.now(),
        attempts=0,
        retry_at=None,
    )
    queue_delivery(ids)
    return len(ids)


def remindable(survey: Survey):
    """Invitations that were delivered, not answered, not expired, under the
    reminder limit, and whose contact has not opted out."""
    opted_out = (
        Suppression.objects.filter(workspace_id=survey.workspace_id)
        .annotate(email_lower=Lower("email"))
        .values("email_lower")
    )
    return (
        survey.invitations.filter(
            status__in=[Invitation.Status.SENT, Invitation.Status.OPENED],
            reminders_sent__lt=MAX_REMINDERS,
            expires_at__gt=timezone.now(),
        )
        .annotate(contact_email=Lower("contact__email"))
        .exclude(contact_email__in=opted_out)
    )


def reminders_due(survey: Survey, *, older_than: timedelta | None = None):
    """The remindable invitations last emailed at least `older_than` ago."""
    invitations = remindable(survey)
    if older_than is not None:
        invitations = invitations.filter(
            last_emailed_at__lte=timezone.now() - older_than
        )
    return invitations


def send_reminders(*, survey: Survey, older_than: timedelta | None = None) -> int:
    ids = list(
        reminders_due(survey, older_than=older_than).values_list("pk", flat=True)
    )
    queue_delivery(ids, reminder=True)
    return len(ids)


def sweep() -> dict[str, int]:
    """Periodic upkeep (run by `manage.py upkeep`): re-queue deliveries a
    stopped worker left half done and those due for another try (see
    feedback/tasks.py), and send the automatic reminders that are due.

    Two kinds of delivery are lost when a worker stops: the invitation it was
    sending (SENDING), and the rest of its batch, still QUEUED but in a task the
    database queue never runs again. Both are queued again; the worker's claim
    makes a second task for an invitation already delivered a no-op."""
    now = timezone.now()
    # A queued invitation waiting for its retry is not stuck before its time.
    waiting = Q(status=Invitation.Status.QUEUED) & (
        Q(retry_at__isnull=True) | Q(retry_at__lte=now)
    )
    lost = (Q(status=Invitation.Status.SENDING) | waiting) & Q(
        handed_at__lt=now - STUCK_AFTER
    )
    # Not handed to the worker since its retry time came.
    retry_due = waiting & Q(retry_at__isnull=False, handed_at__lt=F("retry_at"))
    stuck = Invitation.objects.annotate(
        handed_at=Coalesce("claimed_at", "created_at")
    ).filter(lost | retry_due)
    with transaction.atomic():
        # Rows a worker is updating right now are skipped, not waited for.
        stuck_ids = list(
            stuck.select_for_update(skip_locked=True).values_list("pk", flat=True)
        )
        Invitation.objects.filter(pk__in=stuck_ids).update(
            status=Invitation.Status.QUEUED, claimed_at=now
        )
        queue_delivery(stuck_ids)
    reminded = 0
    surveys = Survey.objects.filter(
        Q(closes_on__isnull=True) | Q(closes_on__gte=timezone.localdate()),
        status=Survey.Status.OPEN,
        remind_after_days__isnull=False,
    )
    for survey in surveys:
        with transaction.atomic():
            reminded += send_reminders(
                survey=survey, older_than=timedelta(days=survey.remind_after_days)
            )
    return {"requeued": len(stuck_ids), "reminded": reminded}
