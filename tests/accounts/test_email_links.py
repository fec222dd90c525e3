"""Emailed links are built from SITE_URL, never from the Host a request names."""

import re

import pytest
from django.urls import reverse

SITE = "https://app.example.com"
ATTACKER_HOST = "127.0.0.1:9999"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def links(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]+", text)


def test_a_password_reset_asked_through_another_host_mails_a_site_url_link(
    client, owner, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:password_reset"),
            {"email": owner.email},
            HTTP_HOST=ATTACKER_HOST,
        )
    (message,) = mailoutbox
    found = links(message.body)
    assert found
    assert all(link.startswith(SITE + "/accounts/password/reset/") for link in found)
    assert "9999" not in message.body


def test_a_team_invite_sent_through_another_host_mails_a_site_url_link(
    owner_client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(
            reverse("accounts:team_invite"),
            {"email": "new@example.com"},
            HTTP_HOST=ATTACKER_HOST,
        )
    (message,) = mailoutbox
    html = message.alternatives[0].content
    for part in (message.body, html):
        found = links(part)
        assert found
        assert all(link.startswith(SITE + "/accounts/invite/") for link in found)
