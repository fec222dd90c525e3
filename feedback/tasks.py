"""Delivery of survey invitations, from the task worker only.

Each invitation is claimed with a conditional update before anything is sent, so
two workers (or a task that runs twice) never email it twice; what a stopped worker
held is put back in the queue by `services.sweep`.
"""

import logging

from django.core.mail import mailers
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from feedback import emails, services
from feedback.models import MAX_REMINDERS, Invitation

logger = logging.getLogger(__name__)
RETRYABLE = (Invitation.Status.QUEUED,)


@task
def deliver_invitations(*, ids: list[int], reminder: bool = False) -> None:
    mailer = mailers.default
    # One connection for the whole batch: opening one per message is what makes
    # bulk sending slow.
    with mailer:
        for invitation_id in ids:
            _deliver(invitation_id, reminder=reminder, mailer=mailer)


def _deliver(invitation_id: int, *, reminder: bool, mailer) -> None:
    if not _claim(invitation_id, reminder=reminder):
        return
    invitation = Invitation.objects.select_related("survey__workspace", "contact").get(
        pk=invitation_id
    )
    problem = _cannot_send(invitation)
    if problem:
        _failed(invitation_id, problem, reminder=reminder)
        return
    raw = services.new_link_token(invitation)
    try:
        mailer.send_messages(
            [
                emails.invitation_email(
                    invitation=invitation, raw_token=raw, reminder=reminder
                )
            ]
        )
    except Exception as error:  # Any transport error: record it, retry later.
        logger.warning("Sending invitation %s failed: %s", invitation_id, error)
        _failed(
            invitation_id, str(error) or error.__class__.__name__, reminder=reminder
        )
        return
    _sent(invitation_id, reminder=reminder)


def _claim(invitation_id: int, *, reminder: bool) -> bool:
    now = timezone.now()
    invitations = Invitation.objects.filter(pk=invitation_id)
    if reminder:
        return bool(
            invitations.filter(
                status__in=[Invitation.Status.SENT, Invitation.Status.OPENED],
                reminders_sent__lt=MAX_REMINDERS,
            ).update(reminders_sent=F("reminders_sent") + 1, last_emailed_at=now)
        )
    return bool(
        invitations.filter(status__in=RETRYABLE).update(
            status=Invitation.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    )


def _cannot_send(invitation: Invitation) -> str:
    if not invitation.contact.email:
        return "The contact has no email address."
    if services.is_suppressed(
        workspace=invitation.survey.workspace, email=invitation.contact.email
    ):
        return "The contact opted out of emails."
    if invitation.expires_at <= timezone.now():
        return "The invitation expired before it could be sent."
    if services.is_closed(invitation.survey):
        return "The survey was closed before this could be sent."
    return ""


def _sent(invitation_id: int, *, reminder: bool) -> None:
    if reminder:
        return
    now = timezone.now()
    # Only from SENDING: a client quick enough to answer (or open) the link before
    # this update must keep their ANSWERED or OPENED status.
    Invitation.objects.filter(
        pk=invitation_id, status=Invitation.Status.SENDING
    ).update(status=Invitation.Status.SENT, last_error="")
    Invitation.objects.filter(pk=invitation_id).update(sent_at=now, last_emailed_at=now)


def _failed(invitation_id: int, reason: str, *, reminder: bool) -> None:
    update = {"last_error": reason[:500]}
    if not reminder:
        update["status"] = Invitation.Status.FAILED
    Invitation.objects.filter(pk=invitation_id).update(**update)
