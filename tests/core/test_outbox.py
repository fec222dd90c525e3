"""The outbox: claiming, retrying on schedule, failing, sending again, sweeping."""

import smtplib
from datetime import timedelta
from unittest import mock

import pytest
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Now
from django.test import Client
from django.urls import reverse

from core import outbox
from core.models import OutboundEmail
from core.tasks import deliver_email
from tests.factories import UserFactory
from tests.two_factor import force_verified_login

LOCMEM_SEND = "django.core.mail.backends.locmem.EmailBackend.send_messages"


@pytest.fixture
def queue(db, django_capture_on_commit_callbacks):
    def run(**overrides) -> OutboundEmail:
        values = {
            "kind": "test",
            "to": ["ana@example.com"],
            "subject": "Hello",
            "body": "A link: https://example.com/secret",
        } | overrides
        with django_capture_on_commit_callbacks(execute=True):
            email = outbox.queue_email(**values)
        email.refresh_from_db()
        return email

    return run


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    def run() -> dict:
        with django_capture_on_commit_callbacks(execute=True):
            return outbox.sweep()

    return run


def time_passes(seconds: int) -> None:
    gone = timedelta(seconds=seconds)
    OutboundEmail.objects.update(
        next_try_at=F("next_try_at") - gone, handed_at=F("handed_at") - gone
    )


@pytest.mark.parametrize(
    ("attempts", "delay"),
    [(1, 60), (2, 300), (3, 1800), (4, 7200), (5, None)],
)
def test_the_retry_schedule(settings, attempts, delay):
    settings.EMAIL_RETRY_DELAYS = [60, 300, 1800, 7200]
    expected = None if delay is None else timedelta(seconds=delay)
    assert outbox.retry_delay(attempts) == expected


@pytest.mark.parametrize(
    ("error", "permanent"),
    [
        (ConnectionRefusedError(111, "Connection refused"), False),
        (smtplib.SMTPServerDisconnected("gone"), False),
        (smtplib.SMTPRecipientsRefused({"a@x.org": (451, b"later")}), False),
        (smtplib.SMTPRecipientsRefused({"a@x.org": (550, b"no such user")}), True),
        (
            smtplib.SMTPRecipientsRefused(
                {"a@x.org": (550, b"no"), "b@x.org": (452, b"full")}
            ),
            False,
        ),
        (smtplib.SMTPDataError(554, b"spam"), True),
        (smtplib.SMTPDataError(451, b"later"), False),
        (smtplib.SMTPAuthenticationError(535, b"bad login"), False),
    ],
)
def test_which_refusals_are_for_good(error, permanent):
    assert outbox.is_permanent(error) is permanent


def test_errors_read_as_sentences_within_the_column():
    refused = smtplib.SMTPRecipientsRefused({"a@x.org": (550, b"No such user")})
    assert outbox.describe(refused) == "a@x.org refused: 550 No such user"
    assert outbox.describe(smtplib.SMTPDataError(554, b"Spam")) == (
        "The mail server answered 554 Spam"
    )
    long = outbox.describe(OSError("x" * 2000))
    assert long.startswith("The mail server could not be reached")
    assert len(long) == outbox.ERROR_KEPT


def test_a_sent_email_keeps_no_body_and_is_not_sent_twice(queue, mailoutbox):
    email = queue()
    assert (email.status, email.attempts, email.body) == ("sent", 1, "")
    assert email.sent_at is not None
    deliver_email.call(email_id=email.pk)
    outbox.deliver(email.pk)
    assert len(mailoutbox) == 1


def test_an_email_claimed_by_another_worker_is_left_to_it(queue, mailoutbox, sweep):
    with mock.patch(LOCMEM_SEND, side_effect=OSError("down")):
        email = queue()
    OutboundEmail.objects.update(status="sending")  # Another worker's claim.
    outbox.deliver(email.pk)
    assert sweep() == {"emails queued again": 0}
    assert mailoutbox == []


def test_a_worker_that_died_while_sending_is_replaced_after_its_lease(
    queue, mailoutbox, sweep
):
    with mock.patch(LOCMEM_SEND, side_effect=OSError("down")):
        email = queue()
    OutboundEmail.objects.update(status="sending", next_try_at=Now() + outbox.LEASE)
    time_passes(int(outbox.LEASE.total_seconds()) + 1)
    assert sweep() == {"emails queued again": 1}
    email.refresh_from_db()
    assert email.status == "sent"
    assert len(mailoutbox) == 1


def test_a_passing_failure_waits_for_its_retry_time(queue, mailoutbox, sweep, settings):
    settings.EMAIL_RETRY_DELAYS = [600]
    with mock.patch(LOCMEM_SEND, side_effect=OSError("down")):
        email = queue()
    assert (email.status, email.attempts) == ("queued", 1)
    assert email.last_error == "The mail server could not be reached: down"
    assert sweep() == {"emails queued again": 0}
    time_passes(601)
    assert sweep() == {"emails queued again": 1}
    assert len(mailoutbox) == 1
    assert sweep() == {"emails queued again": 0}


def test_a_task_lost_before_any_worker_took_it_is_queued_again(db, mailoutbox, sweep):
    with transaction.atomic():
        outbox.queue_email(kind="test", to=["a@example.com"], subject="Hi", body="B")
    # The test's transaction never commits, so the task was never queued.
    assert sweep() == {"emails queued again": 0}
    time_passes(int(outbox.STUCK_AFTER.total_seconds()) + 1)
    assert sweep() == {"emails queued again": 1}
    assert len(mailoutbox) == 1


def test_a_refusal_for_good_fails_at_once_and_can_be_sent_again(
    queue, mailoutbox, django_capture_on_commit_callbacks
):
    refused = smtplib.SMTPRecipientsRefused({"ana@example.com": (550, b"Unknown")})
    with mock.patch(LOCMEM_SEND, side_effect=refused):
        email = queue()
    assert (email.status, email.attempts) == ("failed", 1)
    assert email.body  # Kept for sending again.
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.send_again(OutboundEmail.objects.all()) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == ("sent", 1, "")
    assert len(mailoutbox) == 1
    assert outbox.send_again(OutboundEmail.objects.all()) == 0


def test_nothing_is_queued_when_the_transaction_rolls_back(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        outbox.queue_email(kind="t", to=["a@example.com"], subject="S", body="B")
        raise RuntimeError
    assert callbacks == []
    assert not OutboundEmail.objects.exists()


def test_old_ended_emails_are_pruned(queue):
    old = queue()
    queue()
    OutboundEmail.objects.filter(pk=old.pk).update(
        created_at=F("created_at") - timedelta(days=31)
    )
    assert outbox.prune() == {"old emails deleted": 1}
    assert OutboundEmail.objects.count() == 1


def test_only_superusers_see_the_outbox_in_the_admin(queue):
    queue()
    url = reverse("admin:core_outboundemail_changelist")
    staff = Client()
    force_verified_login(staff, UserFactory(is_staff=True))
    assert staff.get(url).status_code == 403
    admin = Client()
    force_verified_login(admin, UserFactory(is_staff=True, is_superuser=True))
    page = admin.get(url)
    assert page.status_code == 200
    assert "ana@example.com" in page.text
    email = OutboundEmail.objects.get()
    detail = admin.get(reverse("admin:core_outboundemail_change", args=[email.pk]))
    assert detail.status_code == 200
