"""The privacy settings page and the public privacy page."""

import pytest
from django.urls import reverse

from audit.models import Action, AuditEvent
from feedback import services
from fitcheck.models import IntakePage
from privacy.models import PrivacySettings
from tests.factories import InvitationFactory
from tests.personas.builders import make_maya

SETTINGS = reverse("privacy:settings")


def notice_url(workspace) -> str:
    return reverse("privacy:notice", args=[workspace.slug])


def test_settings_ask_to_log_in(client, db):
    response = client.get(SETTINGS)
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_members_see_the_settings_and_the_file_rule_but_cannot_change_them(
    teammate_client, workspace
):
    PrivacySettings.objects.create(workspace=workspace, retention_months=18)
    page = teammate_client.get(SETTINGS)
    assert page.status_code == 200
    text = " ".join(page.text.split())
    assert "erased after 18 months without activity" in text
    assert "deleted 7 days after upload" in text
    assert "Only the workspace's owners can change these settings." in text
    posted = teammate_client.post(SETTINGS, {"retention_months": "1"})
    assert posted.status_code == 404
    assert PrivacySettings.objects.get().retention_months == 18


def test_an_owner_sets_retention_and_the_contact_address(
    owner_client, workspace, owner
):
    page = owner_client.get(SETTINGS)
    assert page.status_code == 200
    assert "kept until someone erases them (no retention rule)" in page.text
    response = owner_client.post(
        SETTINGS, {"retention_months": "24", "contact_email": "privacy@harbour.example"}
    )
    assert response.status_code == 302
    saved = PrivacySettings.objects.get(workspace=workspace)
    assert (saved.retention_months, saved.contact_email) == (
        24,
        "privacy@harbour.example",
    )
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.detail) == (
        Action.CHANGED_PRIVACY,
        owner,
        "retention off → retention 24 months",
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"retention_months": "0"}, "retention_months", "greater than or equal to 1"),
        ({"retention_months": "121"}, "retention_months", "less than or equal to 120"),
        ({"contact_email": "not an address"}, "contact_email", "valid email address"),
        ({"contact_email": "a\x00@example.com"}, "contact_email", "Null characters"),
    ],
)
def test_bad_settings_are_refused_beside_their_field(
    owner_client, workspace, data, field, message
):
    response = owner_client.post(SETTINGS, data)
    assert response.status_code == 400
    assert message in str(response.context["form"].errors[field])
    assert not PrivacySettings.objects.exists()
    assert not AuditEvent.objects.exists()


def test_settings_accept_only_get_and_post(owner_client):
    assert owner_client.put(SETTINGS).status_code == 405


# The public privacy page ------------------------------------------------------------


def test_the_privacy_page_is_public_and_filled_from_the_settings(client, workspace):
    PrivacySettings.objects.create(
        workspace=workspace, retention_months=6, contact_email="ask@harbour.example"
    )
    page = client.get(notice_url(workspace))
    assert page.status_code == 200
    text = " ".join(page.text.split())
    assert "seen by the people who work at Harbour Lane" in text
    assert "erased automatically after 6 months without any contact" in text
    assert 'href="mailto:ask@harbour.example"' in page.text
    assert 'aria-label="Main"' not in page.text  # No practitioner navigation.


def test_without_settings_the_page_names_the_first_owner_and_no_rule(
    client, workspace, owner
):
    text = " ".join(client.get(notice_url(workspace)).text.split())
    assert "mailto:olivia@example.com" in text
    assert "kept until you or Harbour Lane ask for them to be erased" in text


def test_an_unknown_practice_has_no_privacy_page(client, db):
    assert client.get(reverse("privacy:notice", args=["nowhere"])).status_code == 404


def test_the_privacy_page_is_read_only(client, workspace):
    assert client.post(notice_url(workspace)).status_code == 405


def test_the_intake_and_survey_pages_link_to_the_privacy_page(client, workspace):
    IntakePage.objects.create(
        workspace=workspace, persona=make_maya(workspace), published=True
    )
    intake = client.get(reverse("fitcheck:intake", args=[workspace.slug]))
    assert notice_url(workspace) in intake.text
    token = services.new_link_token(InvitationFactory(survey__workspace=workspace))
    survey = client.get(reverse("feedback:answer", args=[token]))
    assert survey.status_code == 200
    assert notice_url(workspace) in survey.text
