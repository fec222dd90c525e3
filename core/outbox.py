"""Every email the app sends, besides survey invitations, leaves through here:
queued as a row, sent by the task worker, retried with backoff, and marked
failed where a page (or the admin) shows it after the last try.

- Queueing (`queue_email`) inserts an `OutboundEmail` row in the caller's
  transaction and, once it commits, puts a task in the queue to send it.
- Sending (`deliver`, run by the task): one conditional UPDATE claims the row
  (queued, due, and still queued when the update runs), so when two workers get
  a task for the same email only one sends it. The claim holds for LEASE.
- A failure is recorded on the row. A temporary one (no connection, a 4xx
  answer) is tried again after settings.EMAIL_RETRY_DELAYS[n] seconds; after the
  last delay, or at once for a permanent refusal (a 5xx answer to the
  recipients or the message), the email is failed, with the server's answer.
- `manage.py upkeep` (`sweep`) queues a task again for each email that is due
  for another try, whose task was lost (no worker took it within
  STUCK_AFTER), or whose worker died while sending (its claim ran out; that
  one may have left and goes again: at least once beats never).
- `send_again` is the people's way to retry a failed email.

Survey invitations follow the same retry schedule (`retry_delay`,
`is_permanent`, `describe`) on their own rows (feedback/tasks.py), which batch
many messages into one connection. Times are the database's (`Now()`), and no
lock outlives a transaction, so this works through PgBouncer in transaction
mode and across machines.
"""

import smtplib
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import Now

from core.models import OutboundEmail
from core.tasks import enqueue_after_commit

Status = OutboundEmail.Status
LEASE = timedelta(minutes=10)
STUCK_AFTER = timedelta(minutes=10)
ERROR_KEPT = 500
# Sent and failed emails are kept this long for the admin to see, then deleted.
KEEP_FOR = timedelta(days=30)


def queue_email(
    *,
    kind: str,
    to: list[str],
    subject: str,
    body: str,
    html: str = "",
    reply_to: Iterable[str] = (),
    from_email: str = "",
    headers: dict[str, str] | None = None,
    about: models.Model | None = None,
) -> OutboundEmail:
    """Queue an email, sent by the worker once the caller's transaction commits
    (never when it rolls back). `about` is what the email is about, so that its
    page can show whether it failed."""
    email = OutboundEmail.objects.create(
        kind=kind,
        to=list(to),
        subject=subject,
        body=body,
        html=html,
        reply_to=list(reply_to),
        from_email=from_email,
        headers=headers or {},
        about=about,
    )
    _hand_to_worker([email.pk])
    return email


def deliver(email_id: int) -> None:
    """Send one queued email, once; record what happened on its row."""
    claimed = OutboundEmail.objects.filter(
        pk=email_id, status=Status.QUEUED, next_try_at__lte=Now()
    ).update(
        status=Status.SENDING, attempts=F("attempts") + 1, next_try_at=Now() + LEASE
    )
    if not claimed:
        return  # Sent, failed, not due yet, or another worker has it.
    email = OutboundEmail.objects.get(pk=email_id)
    try:
        _message(email).send()
    except Exception as error:  # Any transport error: record it, retry later.
        _record_failure(email, error)
        return
    _claimed(email).update(
        status=Status.SENT, sent_at=Now(), body="", html="", last_error=""
    )


def retry_delay(attempts: int) -> timedelta | None:
    """How long to wait after `attempts` failed tries, or None when that was
    the last one."""
    delays = settings.EMAIL_RETRY_DELAYS
    if attempts > len(delays):
        return None
    return timedelta(seconds=delays[attempts - 1])


def is_permanent(error: Exception) -> bool:
    """A refusal that trying again will not change: a 5xx answer to every
    recipient or to the message. No connection, a 4xx answer or a server
    that hung up are worth another try."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(error, smtplib.SMTPDataError | smtplib.SMTPSenderRefused):
        return 500 <= error.smtp_code < 600
    return False


def describe(error: Exception) -> str:
    """The error as a person reads it, within the column's length."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        text = "; ".join(
            f"{address} refused: {code} {_text(answer)}"
            for address, (code, answer) in error.recipients.items()
        )
    elif isinstance(error, smtplib.SMTPResponseException):
        text = f"The mail server answered {error.smtp_code} {_text(error.smtp_error)}"
    elif isinstance(error, OSError | smtplib.SMTPException):
        text = f"The mail server could not be reached: {error}"
    else:
        text = f"{type(error).__name__}: {error}"
    return text[:ERROR_KEPT]


def send_again(emails: models.QuerySet) -> int:
    """Queue the failed ones among `emails` for a new round of tries."""
    with transaction.atomic():
        ids = list(
            emails.filter(status=Status.FAILED)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        OutboundEmail.objects.filter(pk__in=ids).update(
            status=Status.QUEUED, attempts=0, next_try_at=Now(), handed_at=Now()
        )
        _hand_to_worker(ids)
    return len(ids)


def sweep() -> dict[str, int]:
    """Queue a task again for each email due for another try, whose task was
    lost, or whose worker died while sending. Rows a worker is updating are
    skipped, not waited for; running it often is harmless."""
    due = Q(status=Status.QUEUED, next_try_at__lte=Now()) & (
        Q(handed_at__lt=F("next_try_at")) | Q(handed_at__lt=Now() - STUCK_AFTER)
    )
    abandoned = Q(status=Status.SENDING, next_try_at__lt=Now())
    with transaction.atomic():
        ids = list(
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(due | abandoned)
            .values_list("pk", flat=True)
        )
        OutboundEmail.objects.filter(pk__in=ids).update(
            status=Status.QUEUED, next_try_at=Now(), handed_at=Now()
        )
        _hand_to_worker(ids)
    return {"emails queued again": len(ids)}


def prune() -> dict[str, int]:
    ended = OutboundEmail.objects.filter(
        status__in=[Status.SENT, Status.FAILED], created_at__lt=Now() - KEEP_FOR
    )
    deleted, _ = ended.delete()
    return {"old emails deleted": deleted}


def _hand_to_worker(email_ids: list[int]) -> None:
    # Imported here: core.tasks imports this module to run deliver().
    from core.tasks import deliver_email

    for email_id in email_ids:
        enqueue_after_commit(deliver_email, email_id=email_id)


def _claimed(email: OutboundEmail) -> models.QuerySet:
    return OutboundEmail.objects.filter(pk=email.pk, status=Status.SENDING)


def _record_failure(email: OutboundEmail, error: Exception) -> None:
    delay = None if is_permanent(error) else retry_delay(email.attempts)
    if delay is None:
        _claimed(email).update(status=Status.FAILED, last_error=describe(error))
    else:
        _claimed(email).update(
            status=Status.QUEUED, next_try_at=Now() + delay, last_error=describe(error)
        )


def _message(email: OutboundEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        email.subject,
        email.body,
        from_email=email.from_email or None,
        to=email.to,
        reply_to=email.reply_to or None,
        headers=email.headers,
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    return message


def _text(answer: bytes | str) -> str:
    return answer.decode(errors="replace") if isinstance(answer, bytes) else answer
