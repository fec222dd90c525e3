"""Inviting, delivering through the task backend, retrying, reminding, sweeping."""

import re
from datetime import timedelta
from smtplib import SMTPRecipientsRefused
from unittest import mock

import pytest
from django.conf import settings
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import tokens
from feedback import services
from feedback.models import Invitation, InvitationToken, Suppression, Survey
from feedback.tasks import deliver_invitations
from fitcheck.models import Contact
from tests.factories import ContactFactory, InvitationFactory, SurveyFactory

LOCMEM_SEND = "django.core.mail.backends.locmem.EmailBackend.send_messages"


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Invite and run what the commit queues (the task) at once."""

    def invite(survey, contacts):
        with django_capture_on_commit_callbacks(execute=True):
            return services.invite(survey=survey, contacts=contacts)

    return invite


def link_token(body: str, name: str) -> str:
    prefix = reverse(f"feedback:{name}", args=["TOKEN"]).split("TOKEN")[0]
    match = re.search(re.escape(settings.SITE_URL + prefix) + r"([\w-]+)/", body)
    assert match, body
    return match.group(1)


# Pasted addresses (pure) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "emails", "invalid"),
    [
        ("", [], []),
        ("ann@example.com", ["ann@example.com"], []),
        (
            "Ann@Example.com, bob@example.com;\r\ncy@example.com",
            ["ann@example.com", "bob@example.com", "cy@example.com"],
            [],
        ),
        ("<ann@example.com>\nann@example.com\n\n", ["ann@example.com"], []),
        (
            "ann@example.com, not an address, bob@",
            ["ann@example.com"],
            ["not an address", "bob@"],
        ),
    ],
)
def test_pasted_text_splits_into_addresses_and_invalid_entries(text, emails, invalid):
    assert services.split_addresses(text) == (emails, invalid)


# Contacts from pasted addresses -----------------------------------------------------


def test_pasted_addresses_reuse_contacts_and_create_the_missing_ones(workspace):
    known = ContactFactory(workspace=workspace, email="Ann@Example.com")
    contacts, invalid = services.contacts_from_addresses(
        workspace=workspace, text="ann@example.com\nnew@example.com\noops"
    )
    assert invalid == ["oops"]
    assert known in contacts
    assert sorted(c.email for c in contacts) == ["Ann@Example.com", "new@example.com"]
    assert Contact.objects.for_workspace(workspace).count() == 2


def test_pasted_addresses_never_touch_another_workspace(workspace, other_workspace):
    ContactFactory(workspace=other_workspace, email="ann@example.com")
    contacts, _ = services.contacts_from_addresses(
        workspace=workspace, text="ann@example.com"
    )
    assert [c.workspace_id for c in contacts] == [workspace.pk]


# Inviting ---------------------------------------------------------------------------


def test_invite_makes_one_invitation_per_contact_and_never_two(survey, ann, send):
    bob = ContactFactory(workspace=survey.workspace)
    first = send(survey, [ann, bob, ann])
    second = send(survey, [ann])
    assert (first.invited, second.invited, second.already_invited) == (2, 0, 1)
    assert Invitation.objects.filter(survey=survey).count() == 2
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN


def test_opted_out_contacts_and_contacts_without_email_are_skipped(
    survey, ann, send, mailoutbox
):
    ann.email = "Ann@Example.COM"  # Contacts may keep capitals; opt-outs ignore case.
    ann.save()
    services.suppress(
        workspace=survey.workspace, email="ann@example.com", reason="asked"
    )
    no_email = ContactFactory(workspace=survey.workspace, email="")
    outcome = send(survey, [ann, no_email])
    assert (outcome.invited, outcome.opted_out, outcome.without_email) == (0, 1, 1)
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_an_opt_out_in_another_workspace_does_not_count(
    survey, ann, other_workspace, send
):
    services.suppress(workspace=other_workspace, email=ann.email, reason="asked")
    assert send(survey, [ann]).invited == 1


def test_a_closed_survey_cannot_be_sent(survey, ann):
    survey.status = Survey.Status.CLOSED
    survey.save()
    with pytest.raises(ValueError, match="closed"):
        services.invite(survey=survey, contacts=[ann])


def test_a_survey_past_its_closing_date_cannot_be_sent(survey, ann):
    survey.closes_on = timezone.localdate() - timedelta(days=1)
    survey.save()
    with pytest.raises(ValueError, match="closed"):
        services.invite(survey=survey, contacts=[ann])


# Delivery ---------------------------------------------------------------------------


def test_the_email_has_personal_links_and_unsubscribe_headers(
    survey, ann, send, mailoutbox
):
    send(survey, [ann])
    [email] = mailoutbox
    assert email.to == ["ann@example.com"]
    assert email.subject == "Autumn check-in"
    raw = link_token(email.body, "answer")
    unsubscribe = settings.SITE_URL + reverse("feedback:unsubscribe", args=[raw])
    assert unsubscribe in email.body
    assert email.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = email.alternatives[0].content
    assert reverse("feedback:answer", args=[raw]) in html
    assert reverse("feedback:unsubscribe", args=[raw]) in html
    [stored] = InvitationToken.objects.all()
    assert stored.token_hash == tokens.hash_token(raw)
    assert stored.token_hash != raw
    assert len(raw) >= 22  # At least 128 bits in URL-safe base64.


def test_a_delivered_invitation_is_marked_sent(survey, ann, send):
    send(survey, [ann])
    invitation = Invitation.objects.get()
    assert invitation.status == Invitation.Status.SENT
    assert invitation.attempts == 1
    assert invitation.sent_at and invitation.last_emailed_at
    assert invitation.expires_at > timezone.now() + timedelta(days=29)


def test_names_and_titles_are_not_html_escaped_in_the_plain_text(
    survey, send, mailoutbox
):
    survey.title = "Tom & Jerry's check-in"
    survey.save()
    contact = ContactFactory(workspace=survey.workspace, name="Seán O'Brien")
    send(survey, [contact])
    [email] = mailoutbox
    assert email.subject == "Tom & Jerry's check-in"
    assert "Hello Seán," in email.body
    assert "Harbour Lane would love to hear" in email.body


def test_nothing_is_sent_when_the_transaction_rolls_back(
    survey, ann, django_capture_on_commit_callbacks, mailoutbox
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.invite(survey=survey, contacts=[ann])
        raise RuntimeError("the request failed after inviting")
    assert callbacks == []
    assert mailoutbox == []
    assert not Invitation.objects.exists()


def test_a_failed_send_is_recorded_with_its_reason_then_retried(
    survey, ann, send, run_after_commit, mailoutbox
):
    refused = SMTPRecipientsRefused({"ann@example.com": (550, b"Mailbox unavailable")})
    with mock.patch(LOCMEM_SEND, side_effect=refused):
        send(survey, [ann])
    invitation = Invitation.objects.get()
    assert invitation.status == Invitation.Status.FAILED
    assert "Mailbox unavailable" in invitation.last_error
    assert mailoutbox == []

    assert run_after_commit(services.retry_failed, survey=survey) == 1
    invitation.refresh_from_db()
    # Retrying starts a new round of tries.
    assert (invitation.status, invitation.attempts) == (Invitation.Status.SENT, 1)
    assert invitation.last_error == ""
    assert len(mailoutbox) == 1


def test_a_second_delivery_of_the_same_invitation_sends_nothing(
    survey, ann, send, mailoutbox
):
    send(survey, [ann])
    invitation = Invitation.objects.get()
    deliver_invitations.call(ids=[invitation.pk])
    deliver_invitations.call(ids=[invitation.pk], reminder=False)
    assert len(mailoutbox) == 1
    assert InvitationToken.objects.count() == 1


def test_an_address_suppressed_after_queueing_is_not_emailed(survey, ann, mailoutbox):
    invitation = InvitationFactory(
        survey=survey, contact=ann, status=Invitation.Status.QUEUED
    )
    services.suppress(workspace=survey.workspace, email=ann.email, reason="bounced")
    deliver_invitations.call(ids=[invitation.pk])
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.FAILED
    assert "opted out" in invitation.last_error
    assert mailoutbox == []


def test_a_survey_closed_after_queueing_sends_nothing(survey, ann, mailoutbox):
    invitation = InvitationFactory(
        survey=survey, contact=ann, status=Invitation.Status.QUEUED
    )
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    deliver_invitations.call(ids=[invitation.pk])
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.FAILED
    assert mailoutbox == []


def statements_to_deliver(survey, count):
    invitations = InvitationFactory.create_batch(
        count, survey=survey, status=Invitation.Status.QUEUED
    )
    with CaptureQueriesContext(connection) as queries:
        deliver_invitations.call(ids=[i.pk for i in invitations])
    return len(queries)


def test_a_batch_costs_six_statements_plus_one_mark_per_message(survey, mailoutbox):
    # Claim, load, opt-outs, tokens, the survey's length, the reply-to address;
    # then each sent message is marked at once, so a worker killed outright can
    # only resend the message it was sending.
    assert statements_to_deliver(survey, 2) == 6 + 2
    assert statements_to_deliver(survey, services.DELIVERY_BATCH) == (
        6 + services.DELIVERY_BATCH
    )
    assert len(mailoutbox) == 2 + services.DELIVERY_BATCH
    assert set(Invitation.objects.values_list("status", flat=True)) == {"sent"}
    assert InvitationToken.objects.count() == 2 + services.DELIVERY_BATCH


def test_a_refused_message_fails_alone_and_the_rest_of_the_batch_is_sent(
    survey, mailoutbox
):
    invitations = InvitationFactory.create_batch(
        3, survey=survey, status=Invitation.Status.QUEUED
    )
    refused_to = invitations[1].contact.email
    refused = SMTPRecipientsRefused({refused_to: (550, b"Mailbox unavailable")})
    locmem_send = EmailBackend.send_messages

    def send_messages(self, messages):
        if messages[0].to == [refused_to]:
            raise refused
        return locmem_send(self, messages)

    with mock.patch(LOCMEM_SEND, send_messages):
        deliver_invitations.call(ids=[i.pk for i in invitations])
    statuses = dict(Invitation.objects.values_list("contact__email", "status"))
    assert statuses.pop(refused_to) == Invitation.Status.FAILED
    assert set(statuses.values()) == {Invitation.Status.SENT}
    assert sorted(m.to[0] for m in mailoutbox) == sorted(statuses)
    assert (
        "Mailbox unavailable"
        in Invitation.objects.get(contact__email=refused_to).last_error
    )


# The sweep --------------------------------------------------------------------------


def left_behind(survey, status, minutes_ago):
    invitation = InvitationFactory(survey=survey, status=status)
    Invitation.objects.filter(pk=invitation.pk).update(
        claimed_at=timezone.now() - timedelta(minutes=minutes_ago),
        created_at=timezone.now() - timedelta(minutes=minutes_ago),
    )
    return invitation


def test_the_sweep_requeues_what_a_stopped_worker_left_behind(
    survey, run_after_commit, mailoutbox
):
    sending = left_behind(survey, Invitation.Status.SENDING, minutes_ago=20)
    queued = left_behind(survey, Invitation.Status.QUEUED, minutes_ago=20)
    in_progress = left_behind(survey, Invitation.Status.SENDING, minutes_ago=1)
    result = run_after_commit(services.sweep)
    assert result["requeued"] == 2
    statuses = dict(Invitation.objects.values_list("pk", "status"))
    assert statuses[sending.pk] == statuses[queued.pk] == Invitation.Status.SENT
    assert statuses[in_progress.pk] == Invitation.Status.SENDING
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [sending.contact.email, queued.contact.email]
    )


def test_a_worker_stopped_mid_batch_loses_nothing(
    survey, send, run_after_commit, mailoutbox
):
    contacts = ContactFactory.create_batch(3, workspace=survey.workspace)
    # The task backend records the task as failed; the queue never runs it again.
    with mock.patch(LOCMEM_SEND, side_effect=SystemExit("worker stopped")):
        send(survey, contacts)
    statuses = sorted(Invitation.objects.values_list("status", flat=True))
    assert statuses == ["queued", "queued", "sending"]
    assert run_after_commit(services.sweep)["requeued"] == 0  # Too soon to tell.
    Invitation.objects.update(
        claimed_at=timezone.now() - timedelta(minutes=15),
        created_at=timezone.now() - timedelta(minutes=15),
    )
    assert run_after_commit(services.sweep)["requeued"] == 3
    assert set(Invitation.objects.values_list("status", flat=True)) == {"sent"}
    assert len(mailoutbox) == 3


def test_a_second_sweep_does_not_requeue_what_the_first_just_queued(
    survey, run_after_commit, django_capture_on_commit_callbacks
):
    left_behind(survey, Invitation.Status.SENDING, minutes_ago=20)
    with django_capture_on_commit_callbacks(execute=False):
        assert services.sweep()["requeued"] == 1  # Its task is lost again.
    assert run_after_commit(services.sweep)["requeued"] == 0


# Reminders --------------------------------------------------------------------------


def delivered(survey, days_ago=3, **fields):
    when = timezone.now() - timedelta(days=days_ago)
    return InvitationFactory(
        survey=survey, sent_at=when, last_emailed_at=when, **fields
    )


def test_a_reminder_is_a_new_email_with_a_new_link(
    survey, run_after_commit, mailoutbox
):
    invitation = delivered(survey, status=Invitation.Status.OPENED)
    assert run_after_commit(services.send_reminders, survey=survey) == 1
    [email] = mailoutbox
    assert email.subject.startswith("A gentle reminder")
    assert "List-Unsubscribe" in email.extra_headers
    invitation.refresh_from_db()
    assert invitation.reminders_sent == 1
    assert invitation.status == Invitation.Status.OPENED
    assert invitation.last_emailed_at > timezone.now() - timedelta(minutes=1)
    assert InvitationToken.objects.get().token_hash == tokens.hash_token(
        link_token(email.body, "answer")
    )


def test_reminders_stop_after_two(survey, run_after_commit, mailoutbox):
    invitation = delivered(survey)
    for _ in range(3):
        run_after_commit(services.send_reminders, survey=survey)
    invitation.refresh_from_db()
    assert invitation.reminders_sent == 2
    assert len(mailoutbox) == 2


def test_reminders_never_go_to_those_who_answered_or_opted_out(
    survey, run_after_commit, mailoutbox
):
    delivered(survey, status=Invitation.Status.ANSWERED)
    opted_out = delivered(survey)
    services.suppress(
        workspace=survey.workspace,
        email=opted_out.contact.email.upper(),
        reason="asked",
    )
    delivered(survey, status=Invitation.Status.FAILED)
    assert run_after_commit(services.send_reminders, survey=survey) == 0
    assert mailoutbox == []


def test_the_sweep_sends_automatic_reminders_when_they_are_due(
    survey, workspace, run_after_commit, mailoutbox
):
    survey.status, survey.remind_after_days = Survey.Status.OPEN, 3
    survey.save()
    due = delivered(survey, days_ago=4)
    delivered(survey, days_ago=1)
    no_automatic = SurveyFactory(workspace=workspace, remind_after_days=None)
    delivered(no_automatic, days_ago=10)
    closed = SurveyFactory(workspace=workspace, status="closed", remind_after_days=3)
    delivered(closed, days_ago=10)
    past_closing = SurveyFactory(
        workspace=workspace,
        remind_after_days=3,
        closes_on=timezone.localdate() - timedelta(days=1),
    )
    delivered(past_closing, days_ago=10)

    assert run_after_commit(services.sweep)["reminded"] == 1
    assert [m.to for m in mailoutbox] == [[due.contact.email]]
    # The next reminder waits another three days, and there are at most two.
    assert run_after_commit(services.sweep)["reminded"] == 0
    Invitation.objects.filter(pk=due.pk).update(
        last_emailed_at=timezone.now() - timedelta(days=4)
    )
    assert run_after_commit(services.sweep)["reminded"] == 1
    Invitation.objects.filter(pk=due.pk).update(
        last_emailed_at=timezone.now() - timedelta(days=4)
    )
    assert run_after_commit(services.sweep)["reminded"] == 0
    due.refresh_from_db()
    assert due.reminders_sent == 2


def test_the_sweep_command_runs_once(survey, capsys):
    left_behind(survey, Invitation.Status.SENDING, minutes_ago=20)
    call_command("upkeep")
    assert "invitations re-queued: 1" in capsys.readouterr().out


def test_the_sweep_command_repeats_until_stopped(survey, capsys):
    left_behind(survey, Invitation.Status.SENDING, minutes_ago=20)
    sleep = "core.management.commands.upkeep.time.sleep"
    with mock.patch(sleep, side_effect=KeyboardInterrupt) as slept:
        call_command("upkeep", every=30)
    slept.assert_called_once_with(30)
    assert "invitations re-queued: 1" in capsys.readouterr().out


def test_the_sweep_command_needs_a_positive_interval(db):
    with pytest.raises(CommandError, match="at least 1"):
        call_command("upkeep", every=0)


def test_suppressing_twice_keeps_one_entry(workspace):
    services.suppress(workspace=workspace, email="Ann@Example.com", reason="asked")
    services.suppress(workspace=workspace, email="ann@example.com", reason="bounced")
    assert list(Suppression.objects.values_list("email", "reason")) == [
        ("ann@example.com", "asked")
    ]
