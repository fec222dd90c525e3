"""Survey invitations and reminders through a real SMTP server that refuses
connections, answers 4xx or 5xx, then accepts."""

from datetime import timedelta

from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from core import upkeep
from feedback import services
from feedback.models import Invitation
from tests.factories import InvitationFactory


def run_upkeep(run):
    for function in upkeep.registry.discover():
        run(function)


def test_an_unreachable_server_counts_an_attempt_and_shows_the_error(
    smtp_server, survey, ann, run_after_commit
):
    run_after_commit(services.invite, survey=survey, contacts=[ann])
    invitation = Invitation.objects.get()
    assert invitation.status == Invitation.Status.QUEUED
    assert invitation.attempts == 1
    assert "could not be reached" in invitation.last_error
    assert invitation.retry_at is not None


def test_the_invitation_list_shows_the_problem_and_the_next_try(
    smtp_server, survey, ann, run_after_commit, owner_client
):
    run_after_commit(services.invite, survey=survey, contacts=[ann])
    page = owner_client.get(reverse("feedback:invitation_list", args=[survey.pk]))
    assert "Last problem: The mail server could not be reached" in page.text
    assert "trying again after" in page.text


def test_invitations_are_retried_until_the_server_takes_them_once(
    smtp_server, survey, ann, run_after_commit
):
    run_after_commit(services.invite, survey=survey, contacts=[ann])
    smtp_server.answer("451 4.3.0 Try again later")
    run_upkeep(run_after_commit)
    invitation = Invitation.objects.get()
    assert (invitation.status, invitation.attempts) == ("queued", 2)
    assert "451" in invitation.last_error
    smtp_server.accept()
    run_upkeep(run_after_commit)
    run_upkeep(run_after_commit)
    invitation.refresh_from_db()
    assert (invitation.status, invitation.attempts, invitation.last_error) == (
        "sent",
        3,
        "",
    )
    assert len(smtp_server.received) == 1


def test_a_retry_waits_for_its_time(
    smtp_server, survey, ann, run_after_commit, settings
):
    settings.EMAIL_RETRY_DELAYS = [600]
    run_after_commit(services.invite, survey=survey, contacts=[ann])
    smtp_server.accept()
    run_upkeep(run_after_commit)
    assert smtp_server.received == []
    ten_minutes = timedelta(seconds=601)  # Pass, for this invitation.
    Invitation.objects.update(
        retry_at=F("retry_at") - ten_minutes, claimed_at=F("claimed_at") - ten_minutes
    )
    run_upkeep(run_after_commit)
    assert len(smtp_server.received) == 1


def test_after_the_last_try_the_invitation_fails_with_the_error_and_can_be_retried(
    smtp_server, survey, ann, run_after_commit, owner_client
):
    run_after_commit(services.invite, survey=survey, contacts=[ann])
    for _ in range(4):
        run_upkeep(run_after_commit)
    invitation = Invitation.objects.get()
    assert (invitation.status, invitation.attempts) == ("failed", 5)
    page = owner_client.get(reverse("feedback:invitation_list", args=[survey.pk]))
    assert "could not be reached" in page.text
    assert "Retry failed" in page.text
    smtp_server.accept()
    run_after_commit(
        owner_client.post, path=reverse("feedback:invitations_retry", args=[survey.pk])
    )
    invitation.refresh_from_db()
    assert invitation.status == "sent"
    assert len(smtp_server.received) == 1


def test_a_mailbox_refused_for_good_fails_at_once(
    smtp_server, survey, ann, run_after_commit
):
    smtp_server.accept(refusing={"ann@example.com"})
    run_after_commit(services.invite, survey=survey, contacts=[ann])
    invitation = Invitation.objects.get()
    assert (invitation.status, invitation.attempts) == ("failed", 1)
    assert "550" in invitation.last_error


def test_a_failed_reminder_is_shown_and_sent_at_the_next_reminder_time_once(
    smtp_server, survey, workspace, run_after_commit, owner_client
):
    survey.status, survey.remind_after_days = "open", 3
    survey.save()
    long_ago = timezone.now() - timedelta(days=4)
    invitation = InvitationFactory(
        survey=survey, sent_at=long_ago, last_emailed_at=long_ago
    )
    run_upkeep(run_after_commit)  # Automatic reminders are due; the server is down.
    invitation.refresh_from_db()
    assert invitation.reminders_sent == 0
    assert "Reminder not sent" in invitation.last_error
    page = owner_client.get(reverse("feedback:invitation_list", args=[survey.pk]))
    assert "Reminder not sent" in page.text
    smtp_server.accept()
    run_upkeep(
        run_after_commit
    )  # Not due again yet: that try counts as the reminder time.
    assert smtp_server.received == []
    Invitation.objects.update(last_emailed_at=long_ago)
    run_upkeep(run_after_commit)
    run_upkeep(run_after_commit)
    invitation.refresh_from_db()
    assert (invitation.reminders_sent, invitation.last_error) == (1, "")
    assert len(smtp_server.received) == 1
