"""Every kind of email the app sends, through a real SMTP server on this
machine that refuses connections, then answers 451, then accepts: each ends
sent exactly once, or failed where a person sees it and can send it again."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core import upkeep
from core.models import OutboundEmail
from feedback import services as feedback_services
from feedback.models import Invitation
from fitcheck.models import Contact, IntakePage
from tests.factories import (
    ContactFactory,
    InvitationFactory,
    SurveyFactory,
    UserFactory,
)
from tests.personas.builders import make_maya
from tests.two_factor import force_verified_login

SITE = "https://app.example.com"
INTAKE_ANSWERS = {
    "age": "41",
    "gender": "women",
    "location": "Leeds",
    "name": "Ana Prospect",
    "email": "ana@example.com",
    "message": "Hello!",
}
PASSPHRASE = "a-long-unusual-passphrase"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Call a function and run what its commit queues (tasks run at once)."""

    def call(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return call


@pytest.fixture
def every_kind(workspace, owner, owner_client, run):
    """Send one email of every kind; {kind: recipient}."""
    survey = SurveyFactory(workspace=workspace, status="open", remind_after_days=3)
    long_ago = timezone.now() - timedelta(days=4)
    InvitationFactory(
        survey=survey,
        contact=ContactFactory(workspace=workspace, email="rita@example.com"),
        sent_at=long_ago,
        last_emailed_at=long_ago,
    )
    ann = ContactFactory(workspace=workspace, name="Ann", email="ann@example.com")
    IntakePage.objects.create(
        workspace=workspace, persona=make_maya(workspace), published=True
    )
    visitor = Client()

    def send() -> dict[str, str]:
        run(feedback_services.invite, survey=survey, contacts=[ann])
        run(
            owner_client.post,
            reverse("accounts:team_invite"),
            {"email": "tim@example.com"},
        )
        run(visitor.post, reverse("accounts:password_reset"), {"email": owner.email})
        run(
            visitor.post,
            reverse("fitcheck:intake", args=[workspace.slug]),
            INTAKE_ANSWERS,
        )
        for email in (owner.email, "nina@example.com"):
            run(
                visitor.post,
                reverse("accounts:signup"),
                {
                    "name": "Someone",
                    "email": email,
                    "password1": PASSPHRASE,
                    "password2": PASSPHRASE,
                    "workspace_name": "A practice",
                },
            )
        run(owner_client.post, reverse("feedback:invitations_remind", args=[survey.pk]))
        return {
            "survey invitation": "ann@example.com",
            "reminder": "rita@example.com",
            "team invite": "tim@example.com",
            "password reset": owner.email,
            "intake notification": owner.email,
            "signup, existing account": owner.email,
            "signup confirmation": "nina@example.com",
        }

    return send


def run_upkeep(run) -> None:
    for function in upkeep.registry.discover():
        run(function)


def a_reminder_is_due_again() -> None:
    """The failed reminder goes again at the next reminder time."""
    Invitation.objects.filter(contact__email="rita@example.com").update(
        last_emailed_at=timezone.now() - timedelta(days=4)
    )


def text_of(message) -> str:
    parts = [
        part.get_payload(decode=True).decode()
        for part in message.walk()
        if part.get_content_maintype() == "text"
    ]
    return "\n".join(parts)


def test_every_kind_of_email_is_sent_once_after_refusals_and_rejections(
    smtp_server, every_kind, run
):
    expected = every_kind()  # The server refuses connections.
    assert smtp_server.received == []
    assert OutboundEmail.objects.filter(status="queued", attempts=1).count() == 5
    assert Invitation.objects.get(contact__email="ann@example.com").attempts == 1

    smtp_server.answer("451 4.3.0 Try again later")
    a_reminder_is_due_again()
    run_upkeep(run)
    assert smtp_server.received == []
    assert OutboundEmail.objects.filter(status="queued", attempts=2).count() == 5

    smtp_server.accept()
    a_reminder_is_due_again()
    for _ in range(3):  # More upkeep must not send anything twice.
        run_upkeep(run)

    delivered = sorted(m["X-Delivered-To"] for m in smtp_server.received)
    assert delivered == sorted(expected.values())
    subjects = [m["Subject"] for m in smtp_server.received]
    assert len(set(subjects)) == len(subjects) == len(expected)
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"sent"}
    statuses = dict(Invitation.objects.values_list("contact__email", "reminders_sent"))
    assert statuses == {"ann@example.com": 0, "rita@example.com": 1}
    # Every link in every email is on SITE_URL.
    for message in smtp_server.received:
        for link in re.findall(r"https?://[^\s\"'<>]+", text_of(message)):
            assert link.startswith(SITE + "/"), (message["Subject"], link)


def test_an_email_that_never_gets_through_ends_failed_where_people_see_it(
    smtp_server, every_kind, run, owner_client, workspace, settings
):
    every_kind()  # Refused, then four more tries: the last one.
    for _ in range(len(settings.EMAIL_RETRY_DELAYS)):
        run_upkeep(run)
    assert set(OutboundEmail.objects.values_list("status", "attempts")) == {
        ("failed", 5)
    }
    invitation = Invitation.objects.get(contact__email="ann@example.com")
    assert (invitation.status, invitation.attempts) == ("failed", 5)

    survey_page = owner_client.get(
        reverse("feedback:invitation_list", args=[invitation.survey_id])
    )
    assert "could not be reached" in survey_page.text
    team_page = owner_client.get(reverse("accounts:team"))
    assert "The invite could not be delivered after 5 tries" in team_page.text
    assert "Send again" in team_page.text
    contact = Contact.objects.get(email="ana@example.com")
    contact_page = owner_client.get(contact.get_absolute_url())
    assert "about this intake could not be delivered" in contact_page.text
    admin = Client()
    force_verified_login(admin, UserFactory(is_staff=True, is_superuser=True))
    outbox_page = admin.get(
        reverse("admin:core_outboundemail_changelist") + "?status__exact=failed"
    )
    assert outbox_page.text.count("could not be reached") == 5

    smtp_server.accept()
    run(
        owner_client.post,
        reverse("feedback:invitations_retry", args=[invitation.survey_id]),
    )
    invite = workspace.team_invites.get()
    run(owner_client.post, reverse("accounts:team_invite_resend", args=[invite.pk]))
    run(owner_client.post, reverse("fitcheck:intake_notice_resend", args=[contact.pk]))
    failed = OutboundEmail.objects.filter(status="failed")
    run(
        admin.post,
        reverse("admin:core_outboundemail_changelist"),
        {
            "action": "send_again",
            "_selected_action": list(failed.values_list("pk", flat=True)),
        },
    )
    run_upkeep(run)
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"sent"}
    assert len(smtp_server.received) == 6  # The reminder waits for its time.
    delivered = [m["X-Delivered-To"] for m in smtp_server.received]
    assert sorted(delivered) == sorted(
        ["ann@example.com", "tim@example.com", "nina@example.com"]
        + ["olivia@example.com"] * 3
    )


def test_a_mailbox_refused_for_good_fails_at_once(smtp_server, owner_client, run):
    smtp_server.accept(refusing={"tim@example.com"})
    run(
        owner_client.post, reverse("accounts:team_invite"), {"email": "tim@example.com"}
    )
    email = OutboundEmail.objects.get()
    assert (email.status, email.attempts) == ("failed", 1)
    assert "550" in email.last_error
    assert (
        "tim@example.com refused: 550"
        in owner_client.get(reverse("accounts:team")).text
    )
