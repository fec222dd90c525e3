"""The practitioner's settings for the public intake page."""

import pytest
from django.urls import reverse

from fitcheck.models import IntakePage, Rubric
from personas.models import Persona
from tests.factories import PersonaFactory
from tests.personas.builders import make_maya

SETTINGS = reverse("fitcheck:intake_settings")


@pytest.fixture
def maya(workspace):
    return make_maya(workspace)


def settings_data(chosen, **changes) -> dict:
    return {
        "persona": chosen.pk,
        "published": "on",
        "title": "Shall we work together?",
        "intro": "Five short questions.",
        "good_fit_message": "Let's talk.",
        "booking_url": "https://cal.example.com/olivia",
        "poor_fit_message": "We are not the best help for this.",
        "referrals": "Sam Lee https://sam.example.org",
        **changes,
    }


def test_the_settings_need_a_login(client, db):
    response = client.get(SETTINGS)
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_only_active_ideal_personas_of_the_workspace_can_be_chosen(
    owner_client, workspace, other_workspace, maya
):
    PersonaFactory(workspace=workspace, name="Draft Dora")
    PersonaFactory(
        workspace=workspace,
        name="Anti Andy",
        status=Persona.Status.ACTIVE,
        kind=Persona.Kind.ANTI,
    )
    PersonaFactory(
        workspace=other_workspace, name="Their Theo", status=Persona.Status.ACTIVE
    )
    response = owner_client.get(SETTINGS)
    assert response.status_code == 200
    assert "Maya" in response.text
    for hidden in ("Draft Dora", "Anti Andy", "Their Theo"):
        assert hidden not in response.text
    assert "Not published" not in response.text  # Nothing saved yet.


def test_saving_creates_the_page_and_readies_its_rubric(owner_client, workspace, maya):
    response = owner_client.post(SETTINGS, settings_data(maya))
    assert response.status_code == 302
    assert response.url == SETTINGS
    page = IntakePage.objects.get()
    assert page.workspace == workspace
    assert page.published
    assert page.booking_url == "https://cal.example.com/olivia"
    assert Rubric.objects.applied().filter(persona=maya).exists()


def test_a_published_page_shows_its_public_address_and_its_questions(
    owner_client, maya
):
    owner_client.post(SETTINGS, settings_data(maya))
    response = owner_client.get(SETTINGS)
    assert "http://testserver/fit/harbour-lane/" in response.text
    assert "Your intake page is saved." in response.text
    assert "How old are you?" in response.text
    assert "Haggles on price" not in response.text


def test_an_unpublished_page_says_so(owner_client, maya):
    data = settings_data(maya)
    del data["published"]
    owner_client.post(SETTINGS, data)
    response = owner_client.get(SETTINGS)
    assert "Not published" in response.text
    assert "/fit/harbour-lane/" not in response.text


def test_saving_again_updates_the_same_page(teammate_client, maya):
    teammate_client.post(SETTINGS, settings_data(maya))
    teammate_client.post(SETTINGS, settings_data(maya, title="Are we a match?"))
    assert IntakePage.objects.get().title == "Are we a match?"


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"booking_url": "javascript:alert(1)"}, "Enter a valid URL"),
        ({"title": ""}, "This field is required"),
        ({"persona": ""}, "This field is required"),
    ],
)
def test_invalid_settings_show_errors_and_save_nothing(
    owner_client, maya, changes, error
):
    response = owner_client.post(SETTINGS, settings_data(maya, **changes))
    assert response.status_code == 400
    assert error in response.text
    assert not IntakePage.objects.exists()


def test_an_anti_persona_cannot_be_chosen(owner_client, workspace):
    anti = PersonaFactory(
        workspace=workspace, status=Persona.Status.ACTIVE, kind=Persona.Kind.ANTI
    )
    response = owner_client.post(SETTINGS, settings_data(anti))
    assert response.status_code == 400
    assert "Select a valid choice" in response.text


def test_an_outsider_cannot_use_another_workspaces_persona(outsider_client, maya):
    response = outsider_client.post(SETTINGS, settings_data(maya))
    assert response.status_code == 400
    assert not IntakePage.objects.exists()


def test_an_outsider_sees_only_their_own_workspaces_page(
    outsider_client, owner_client, maya
):
    owner_client.post(SETTINGS, settings_data(maya))
    response = outsider_client.get(SETTINGS)
    assert response.status_code == 200
    assert "Shall we work together?" not in response.text
    assert "harbour-lane" not in response.text


def test_without_an_active_persona_the_page_says_what_to_do(owner_client):
    response = owner_client.get(SETTINGS)
    assert "needs an active ideal-customer persona" in response.text


def test_other_methods_are_refused(owner_client):
    assert owner_client.put(SETTINGS).status_code == 405


def test_a_booking_link_longer_than_its_column_is_refused_beside_it(owner_client, maya):
    link = "https://cal.example.com/" + "a" * 200
    response = owner_client.post(SETTINGS, settings_data(maya, booking_url=link))
    assert response.status_code == 400
    assert 'id="error_1_id_booking_url"' in response.text
    assert not IntakePage.objects.exists()
