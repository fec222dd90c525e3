"""The contact of an intake shows when the email telling the owners about it
failed, and the practice can send it again."""

import pytest
from django.urls import reverse

from core import outbox
from core.models import OutboundEmail
from fitcheck import emails
from tests.factories import ContactFactory


@pytest.fixture
def contact(workspace):
    return ContactFactory(workspace=workspace, name="Ana", email="ana@example.com")


@pytest.fixture
def notice(contact, owner):
    email = outbox.queue_email(
        kind=emails.INTAKE_RECEIVED,
        to=[owner.email],
        subject="New fit intake: Ana",
        body="Ana answered.",
        about=contact,
    )
    OutboundEmail.objects.filter(pk=email.pk).update(
        status="failed", attempts=5, last_error="The mail server answered 451 Later"
    )
    return email


def resend_url(contact) -> str:
    return reverse("fitcheck:intake_notice_resend", args=[contact.pk])


def test_the_contact_page_shows_the_failed_email_and_a_button(
    owner_client, contact, notice
):
    page = owner_client.get(contact.get_absolute_url())
    assert "about this intake could not be delivered after 5 tries" in page.text
    assert "451 Later" in page.text
    assert resend_url(contact) in page.text


def test_a_contact_whose_email_went_out_shows_nothing(owner_client, contact, notice):
    OutboundEmail.objects.update(status="sent")
    page = owner_client.get(contact.get_absolute_url())
    assert "about this intake" not in page.text


def test_send_again_sends_it_once(
    teammate_client, contact, notice, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = teammate_client.post(resend_url(contact))
    assert response.status_code == 302
    assert response.url == contact.get_absolute_url()
    assert [m.subject for m in mailoutbox] == ["New fit intake: Ana"]
    assert OutboundEmail.objects.get().status == "sent"


def test_send_again_without_a_failed_email_sends_nothing(
    owner_client, contact, mailoutbox
):
    response = owner_client.post(resend_url(contact), follow=True)
    assert "has not failed" in response.text
    assert mailoutbox == []


def test_send_again_needs_login(client, contact, notice):
    assert client.post(resend_url(contact)).status_code == 302
    assert OutboundEmail.objects.get().status == "failed"


def test_another_workspace_s_contact_is_not_found(outsider_client, contact, notice):
    assert outsider_client.post(resend_url(contact)).status_code == 404
    assert OutboundEmail.objects.get().status == "failed"


def test_send_again_refuses_get(owner_client, contact, notice):
    assert owner_client.get(resend_url(contact)).status_code == 405
