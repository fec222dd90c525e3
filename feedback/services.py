"""Writes of the feedback app: building surveys, inviting, answering, opting out."""

from dataclasses import dataclass
from datetime import timedelta
from itertools import batched

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from accounts import tokens
from accounts.models import Workspace
from accounts.tasks import enqueue_after_commit
from feedback import survey_templates
from feedback.models import (
    DEFAULT_EXPIRY_DAYS,
    MAX_REMINDERS,
    Answer,
    Invitation,
    InvitationToken,
    Question,
    Response,
    Suppression,
    Survey,
)
from fitcheck.models import Contact
from personas.models import Persona

DELIVERY_BATCH = 100
STUCK_AFTER = timedelta(minutes=10)
# The reminder button skips anyone emailed this recently, so a second click (or a
# colleague's) does not spend someone's two reminders in one afternoon.
REMINDER_GAP = timedelta(days=1)


# Building ---------------------------------------------------------------------------


@transaction.atomic
def create_survey(
    *, workspace: Workspace, template: str, persona: Persona | None = None
) -> Survey:
    spec = _spec(template, persona)
    survey = Survey.objects.create(
        workspace=workspace,
        title=spec.title,
        introduction=spec.introduction,
        persona=persona if template == "persona" else None,
    )
    Question.objects.bulk_create(
        [
            Question(
                survey=survey,
                position=position,
                kind=q.kind,
                text=q.text,
                help_text=q.help_text,
                required=q.required,
                choices=list(q.choices),
                pain_id=q.pain_id,
                dream_id=q.dream_id,
            )
            for position, q in enumerate(spec.questions)
        ]
    )
    return survey


def _spec(template: str, persona: Persona | None) -> survey_templates.SurveySpec:
    if template == "persona":
        if persona is None:
            raise ValueError("A persona validation survey needs a persona.")
        data = {
            "name": persona.name,
            "pains": [{"id": p.pk, "text": p.text} for p in persona.pains.all()],
            "dreams": [{"id": d.pk, "text": d.text} for d in persona.dreams.all()],
        }
        return survey_templates.persona_validation(data)
    return {
        "checkin": survey_templates.checkin,
        "nps": survey_templates.nps,
    }.get(template, survey_templates.blank)()


def is_closed(survey: Survey) -> bool:
    """Closed by hand, or past its closing date: nothing more is sent."""
    past_closing = survey.closes_on is not None and survey.closes_on < (
        timezone.localdate()
    )
    return survey.status == Survey.Status.CLOSED or past_closing


def add_question(*, survey: Survey, question: Question) -> Question:
    """Save a new question at the end of the survey."""
    last = survey.questions.aggregate(last=Max("position"))["last"]
    question.survey = survey
    question.position = 0 if last is None else last + 1
    question.save()
    return question


@transaction.atomic
def move_question(*, question: Question, offset: int) -> None:
    """Move a question up (-1) or down (+1); positions are renumbered 0, 1, 2...
    so older surveys with gaps or ties in their positions move predictably."""
    questions = list(
        Question.objects.select_for_update()
        .filter(survey_id=question.survey_id)
        .order_by("position", "pk")
    )
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    target = index + offset
    if 0 <= target < len(questions):
        questions[index], questions[target] = questions[target], questions[index]
    for position, item in enumerate(questions):
        item.position = position
    Question.objects.bulk_update(questions, ["position"])


def create_public_link(*, survey: Survey) -> str:
    """A new public link (replacing any earlier one). Only its hash is kept, so
    the raw token returned here is the only chance to show the link."""
    raw, token_hash = tokens.new_token()
    survey.public_token_hash = token_hash
    survey.save(update_fields=["public_token_hash", "updated_at"])
    return raw


def disable_public_link(*, survey: Survey) -> None:
    survey.public_token_hash = ""
    survey.save(update_fields=["public_token_hash", "updated_at"])


def questions_locked(survey: Survey) -> bool:
    """Once anyone answered, questions can no longer change in ways that would
    break the results: editing them is blocked (duplicate the survey instead)."""
    return survey.responses.exists()


@transaction.atomic
def duplicate_survey(*, survey: Survey) -> Survey:
    copy = Survey.objects.get(pk=survey.pk)
    copy.pk = None
    copy.title = f"{survey.title} (copy)"
    copy.status = Survey.Status.DRAFT
    copy.public_token_hash = ""
    copy.save()
    questions = list(survey.questions.all())
    for question in questions:
        question.pk = None
        question.survey = copy
    Question.objects.bulk_create(questions)
    return copy


# Recipients and invitations ----------------------------------------------------------


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
            emails.append(entry.lower())
        except ValidationError:
            invalid.append(entry)
    return list(dict.fromkeys(emails)), list(dict.fromkeys(invalid))


def contacts_from_addresses(*, workspace: Workspace, text: str) -> tuple[list, list]:
    """Contacts for pasted addresses (creating the missing ones), and the entries
    that are not email addresses."""
    emails, invalid = split_addresses(text)
    # Contacts typed or imported elsewhere may keep capitals in their address.
    in_workspace = Contact.objects.for_workspace(workspace).annotate(
        email_lower=Lower("email")
    )
    existing = {c.email_lower: c for c in in_workspace.filter(email_lower__in=emails)}
    new = [
        Contact(workspace=workspace, name=email.split("@")[0], email=email)
        for email in emails
        if email not in existing
    ]
    Contact.objects.bulk_create(new, ignore_conflicts=True)
    contacts = in_workspace.filter(email_lower__in=emails)
    return list(contacts), invalid


def suppressed_emails(workspace: Workspace, emails: list[str]) -> set[str]:
    """The lowercased addresses among `emails` this workspace must not email
    (compared without regard to case, as addresses are)."""
    return set(
        Suppression.objects.filter(workspace=workspace)
        .annotate(email_lower=Lower("email"))
        .filter(email_lower__in=[email.lower() for email in emails])
        .values_list("email_lower", flat=True)
    )


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
    # claimed_at doubles as "handed to the queue at", which sweep() reads.
    Invitation.objects.filter(pk__in=ids, status=Invitation.Status.FAILED).update(
        status=Invitation.Status.QUEUED, claimed_at=timezone.now()
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
    stopped worker left half done, and send the automatic reminders that are due.

    Two kinds of delivery are lost when a worker stops: the invitation it was
    sending (SENDING), and the rest of its batch, still QUEUED but in a task the
    database queue never runs again. Both are queued again; the worker's claim
    makes a second task for an invitation already delivered a no-op."""
    now = timezone.now()
    stuck = Invitation.objects.annotate(
        handed_at=Coalesce("claimed_at", "created_at")
    ).filter(
        status__in=[Invitation.Status.SENDING, Invitation.Status.QUEUED],
        handed_at__lt=now - STUCK_AFTER,
    )
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


# Tokens -----------------------------------------------------------------------------


def new_link_token(invitation: Invitation) -> str:
    raw, token_hash = tokens.new_token()
    InvitationToken.objects.create(invitation=invitation, token_hash=token_hash)
    return raw


def invitation_for_token(
    raw: str, *, include_expired: bool = False
) -> Invitation | None:
    """The invitation a link belongs to, or None. Unknown and expired links look
    the same to the caller. Unsubscribing passes `include_expired`: an opt-out
    link must keep working after the survey link has expired."""
    token = (
        InvitationToken.objects.select_related(
            "invitation__survey__workspace", "invitation__contact"
        )
        .filter(token_hash=tokens.hash_token(raw))
        .first()
    )
    if token is None:
        return None
    if not include_expired and token.invitation.expires_at <= timezone.now():
        return None
    return token.invitation


def mark_opened(invitation: Invitation) -> None:
    """Opening never spends the link (mail scanners open links too)."""
    Invitation.objects.filter(pk=invitation.pk, status=Invitation.Status.SENT).update(
        status=Invitation.Status.OPENED, opened_at=timezone.now()
    )


# Answering --------------------------------------------------------------------------


class AlreadyAnswered(Exception):
    pass


@transaction.atomic
def submit_response(
    *, survey: Survey, answers: dict[Question, dict], invitation: Invitation | None
) -> Response:
    """Store a response and all its answers at once. For an invitation, the row
    lock plus the one-response-per-invitation constraint mean double clicks and
    concurrent submits store exactly one response; the others raise
    AlreadyAnswered."""
    now = timezone.now()
    if invitation is not None:
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.status == Invitation.Status.ANSWERED:
            raise AlreadyAnswered
        Invitation.objects.filter(pk=locked.pk).update(
            status=Invitation.Status.ANSWERED, answered_at=now
        )
    response = _new_response(survey, invitation, now)
    Answer.objects.bulk_create(
        [
            Answer(response=response, question=question, **values)
            for question, values in answers.items()
        ]
    )
    return response


def _new_response(survey: Survey, invitation: Invitation | None, now) -> Response:
    if survey.anonymous or invitation is None:
        # Keep the day only, so the time cannot be matched to an invitation.
        day = now.replace(hour=12, minute=0, second=0, microsecond=0)
        return Response.objects.create(survey=survey, submitted_at=day)
    try:
        with transaction.atomic():
            return Response.objects.create(
                survey=survey,
                invitation=invitation,
                contact_id=invitation.contact_id,
                submitted_at=now,
            )
    except IntegrityError as error:
        raise AlreadyAnswered from error


# Opting out -------------------------------------------------------------------------


def suppress(*, workspace: Workspace, email: str, reason: str, note: str = "") -> None:
    Suppression.objects.get_or_create(
        workspace=workspace,
        email__iexact=email,
        defaults={"email": email.lower(), "reason": reason, "note": note},
    )


def is_suppressed(*, workspace: Workspace, email: str) -> bool:
    return Suppression.objects.filter(workspace=workspace, email__iexact=email).exists()
