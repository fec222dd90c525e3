"""Delivery of survey invitations, from the task worker only.

A task delivers its batch in six statements plus one per message: one conditional
update claims every invitation in it that is still waiting (so two workers, or a
task that runs twice, never email one twice), one query loads them, one checks
opt-outs, one stores the link tokens, and two read what the emails say besides
(the surveys' lengths, the owners' reply-to addresses); then each message
accepted by the mailer is marked sent at once, so a worker killed outright can
leave at most the message in flight to be sent again. What a stopped worker held
is put back in the queue by `services.sweep`.

A message that fails follows core.outbox's schedule: a first email that failed
for a passing reason (no connection, a 4xx answer) is queued again with a
`retry_at`, when `services.sweep` hands it back to the worker; after the last
try, or at once when the server refused it for good (5xx), it is failed with
the server's answer, for the practitioner to see and retry. A reminder that
failed is not counted, its error is shown, and it goes again at the next
reminder time.
"""

import logging
from dataclasses import dataclass, field

from django.core.mail import mailers
from django.db import connection
from django.db.models import Case, F, Q, Value, When
from django.tasks import task
from django.utils import timezone

from core import outbox
from feedback import emails, services
from feedback.lengths import SurveyLength, survey_length
from feedback.models import MAX_REMINDERS, Invitation, Question
from feedback.services import evidence as evidence_counts
from personas.models import Persona

logger = logging.getLogger(__name__)
RETRYABLE = (Invitation.Status.QUEUED,)
REMINDABLE = (Invitation.Status.SENT, Invitation.Status.OPENED)


@dataclass
class Delivery:
    """How far a claimed batch got: the invitations handed to the mailer, the
    ones it accepted, and the reason each failed one failed."""

    attempted: set[int] = field(default_factory=set)
    sent: list[int] = field(default_factory=list)
    failed: dict[int, str] = field(default_factory=dict)
    # Failures that trying again will not change.
    final: set[int] = field(default_factory=set)

    def fail(self, invitation_id: int, error: Exception) -> None:
        self.attempted.add(invitation_id)
        self.failed[invitation_id] = outbox.describe(error)
        if outbox.is_permanent(error):
            self.final.add(invitation_id)


@task
def deliver_invitations(*, ids: list[int], reminder: bool = False) -> None:
    claimed = _claim(ids, reminder=reminder)
    if not claimed:
        return
    invitations = list(
        Invitation.objects.select_related("survey__workspace", "contact").filter(
            pk__in=claimed
        )
    )
    problems = _problems(invitations)
    delivery = Delivery(failed=problems, final=set(problems))
    sendable = [i for i in invitations if i.pk not in delivery.failed]
    try:
        _send(sendable, reminder=reminder, delivery=delivery)
    finally:
        # Also when the worker is stopped mid-batch: failures are recorded, and
        # what was never handed to the mailer goes back to the queue at once.
        attempts = {i.pk: i.attempts for i in invitations}
        _record(delivery, reminder=reminder, attempts=attempts)
        _release(
            [i.pk for i in sendable if i.pk not in delivery.attempted],
            reminder=reminder,
        )


def _claim(ids: list[int], *, reminder: bool) -> list[int]:
    """The invitations among `ids` this task may email, claimed in one statement
    (SQL because the ORM's update() cannot return the rows it changed)."""
    if reminder:
        sql = (
            "UPDATE feedback_invitation SET reminders_sent = reminders_sent + 1,"
            " last_emailed_at = %s WHERE id = ANY(%s) AND status = ANY(%s)"
            " AND reminders_sent < %s RETURNING id"
        )
        params = [timezone.now(), ids, list(REMINDABLE), MAX_REMINDERS]
    else:
        sql = (
            "UPDATE feedback_invitation SET status = %s, claimed_at = %s,"
            " attempts = attempts + 1 WHERE id = ANY(%s) AND status = ANY(%s)"
            " AND (retry_at IS NULL OR retry_at <= %s) RETURNING id"
        )
        now = timezone.now()
        params = [Invitation.Status.SENDING, now, ids, list(RETRYABLE), now]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _problems(invitations: list[Invitation]) -> dict[int, str]:
    """Why each invitation that must not be emailed now must not be."""
    # One query per workspace: a batch is one survey's, unless the sweep mixed them.
    blocked = {}
    for workspace in {i.survey.workspace for i in invitations}:
        addresses = [
            i.contact.email
            for i in invitations
            if i.contact.email and i.survey.workspace_id == workspace.pk
        ]
        blocked[workspace.pk] = services.suppressed_emails(workspace, addresses)
    problems = {}
    for invitation in invitations:
        problem = _cannot_send(invitation, blocked[invitation.survey.workspace_id])
        if problem:
            problems[invitation.pk] = problem
    return problems


def _cannot_send(invitation: Invitation, suppressed: set[str]) -> str:
    if not invitation.contact.email:
        return "The contact has no email address."
    if invitation.contact.email.lower() in suppressed:
        return "The contact opted out of emails."
    if invitation.expires_at <= timezone.now():
        return "The invitation expired before it could be sent."
    if services.is_closed(invitation.survey):
        return "The survey was closed before this could be sent."
    return ""


def _send(invitations: list[Invitation], *, reminder: bool, delivery: Delivery) -> None:
    if not invitations:
        return
    raw_tokens = services.new_link_tokens(invitations)
    lengths = _lengths({i.survey_id for i in invitations})
    reply_to = emails.reply_to_addresses(
        list({i.survey.workspace_id for i in invitations})
    )
    mailer = mailers.default
    # One connection for the whole batch: opening one per message is what makes
    # bulk sending slow. One message per call, so a refused one fails alone.
    try:
        mailer.open()
    except Exception as error:  # No connection: a try of every message.
        logger.warning("Connecting to the mail server failed: %s", error)
        for invitation in invitations:
            delivery.fail(invitation.pk, error)
        return
    try:
        for invitation in invitations:
            message = emails.invitation_email(
                invitation=invitation,
                raw_token=raw_tokens[invitation.pk],
                reminder=reminder,
                length=lengths[invitation.survey_id],
                reply_to=reply_to.get(invitation.survey.workspace_id, ""),
            )
            delivery.attempted.add(invitation.pk)
            try:
                mailer.send_messages([message])
            except Exception as error:  # Any transport error: record it, retry later.
                logger.warning("Sending invitation %s failed: %s", invitation.pk, error)
                delivery.fail(invitation.pk, error)
            else:
                delivery.sent.append(invitation.pk)
                _mark_sent([invitation.pk], reminder=reminder)
    finally:
        mailer.close()


def _lengths(survey_ids: set[int]) -> dict[int, SurveyLength]:
    """What each email says of its survey's length, in one query."""
    kinds: dict[int, list[str]] = {survey_id: [] for survey_id in survey_ids}
    rows = Question.objects.filter(survey_id__in=survey_ids).values_list(
        "survey_id", "kind"
    )
    for survey_id, kind in rows:
        kinds[survey_id].append(kind)
    return {survey_id: survey_length(k) for survey_id, k in kinds.items()}


def _record(delivery: Delivery, *, reminder: bool, attempts: dict[int, int]) -> None:
    for invitation_id, reason in delivery.failed.items():
        invitation = Invitation.objects.filter(pk=invitation_id)
        if reminder:
            # Not counted; the claim's last_emailed_at makes the next reminder
            # time the retry.
            invitation.update(
                reminders_sent=F("reminders_sent") - 1,
                last_error=f"Reminder not sent: {reason}"[:500],
            )
            continue
        delay = None
        if invitation_id not in delivery.final:
            delay = outbox.retry_delay(attempts[invitation_id])
        if delay is None:
            invitation.update(status=Invitation.Status.FAILED, last_error=reason)
        else:
            invitation.update(
                status=Invitation.Status.QUEUED,
                retry_at=timezone.now() + delay,
                last_error=reason,
            )


def _mark_sent(invitation_ids: list[int], *, reminder: bool) -> None:
    now = timezone.now()
    invitations = Invitation.objects.filter(pk__in=invitation_ids)
    if reminder:
        invitations.update(last_error="", last_emailed_at=now)
        return
    # Only from SENDING: a client quick enough to answer (or open) the link before
    # this update must keep their ANSWERED or OPENED status.
    sending = Q(status=Invitation.Status.SENDING)
    invitations.update(
        status=Case(
            When(sending, then=Value(Invitation.Status.SENT)), default=F("status")
        ),
        last_error=Case(When(sending, then=Value("")), default=F("last_error")),
        retry_at=None,
        sent_at=now,
        last_emailed_at=now,
    )


def _release(invitation_ids: list[int], *, reminder: bool) -> None:
    """Undo the claim on invitations never handed to the mailer (the worker
    stopped first), so they are neither lost nor counted as an attempt."""
    if not invitation_ids:
        return
    invitations = Invitation.objects.filter(pk__in=invitation_ids)
    if reminder:
        invitations.update(reminders_sent=F("reminders_sent") - 1)
    else:
        invitations.filter(status=Invitation.Status.SENDING).update(
            status=Invitation.Status.QUEUED, attempts=F("attempts") - 1
        )


@task
def count_persona_evidence(*, persona_id: int) -> None:
    """Count a persona's evidence again (feedback/services/evidence.py); nothing
    to do for a persona deleted meanwhile."""
    persona = Persona.objects.filter(pk=persona_id).first()
    if persona is not None:
        evidence_counts.count_evidence(persona=persona)
