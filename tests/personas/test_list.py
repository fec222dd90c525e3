"""The list of personas and starting a new one."""

import pytest
from django.urls import reverse

from personas.models import Persona
from tests.factories import PersonaFactory
from tests.personas.builders import field_html, form_values

LIST = reverse("personas:list")
CREATE = reverse("personas:create")


@pytest.mark.parametrize("url", [LIST, CREATE])
def test_anonymous_visitors_are_sent_to_log_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={url}"


def test_the_list_shows_the_workspace_personas_with_their_completeness(
    owner_client, workspace
):
    PersonaFactory(workspace=workspace, name="Maya", completeness=64)
    response = owner_client.get(LIST)
    assert response.status_code == 200
    assert "Maya" in response.text
    assert "Opening her own practice" in response.text
    assert 'value="64" aria-label="64% complete"' in response.text


def test_teammates_see_the_same_personas(teammate_client, workspace):
    PersonaFactory(workspace=workspace, name="Maya")
    assert "Maya" in teammate_client.get(LIST).text


def test_outsiders_do_not_see_another_workspace_personas(outsider_client, workspace):
    PersonaFactory(workspace=workspace, name="Maya")
    response = outsider_client.get(LIST)
    assert response.status_code == 200
    assert "Maya" not in response.text
    assert "No personas yet" in response.text


def test_the_list_offers_a_first_persona_when_there_is_none(owner_client):
    assert "No personas yet" in owner_client.get(LIST).text


@pytest.fixture
def cast(workspace):
    for name, kind, status in [
        ("Ideal Draft", "ideal", "draft"),
        ("Ideal Active", "ideal", "active"),
        ("Anti Active", "anti", "active"),
        ("Internal Archived", "internal", "archived"),
    ]:
        PersonaFactory(workspace=workspace, name=name, kind=kind, status=status)


ALL = ("Ideal Draft", "Ideal Active", "Anti Active", "Internal Archived")


def names_listed(client, **query) -> set[str]:
    response = client.get(LIST, query)
    assert response.status_code == 200
    return {name for name in ALL if f">{name}</a>" in response.text}


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ({}, {"Ideal Draft", "Ideal Active", "Anti Active"}),
        ({"kind": "ideal"}, {"Ideal Draft", "Ideal Active"}),
        ({"kind": "anti"}, {"Anti Active"}),
        ({"status": "active"}, {"Ideal Active", "Anti Active"}),
        ({"status": "archived"}, {"Internal Archived"}),
        ({"kind": "ideal", "status": "draft"}, {"Ideal Draft"}),
        ({"kind": "nonsense"}, {"Ideal Draft", "Ideal Active", "Anti Active"}),
    ],
    ids=["default", "ideal", "anti", "active", "archived", "both", "unknown-kind"],
)
def test_the_list_filters_by_kind_and_status(owner_client, cast, query, names):
    assert names_listed(owner_client, **query) == names


def test_archived_personas_are_hidden_unless_asked_for(owner_client, cast):
    assert "Internal Archived" not in owner_client.get(LIST).text
    assert "Internal Archived" in owner_client.get(LIST, {"status": "archived"}).text


def test_filters_that_match_nothing_say_so(owner_client, cast):
    response = owner_client.get(LIST, {"kind": "internal", "status": "active"})
    assert "No personas match these filters." in response.text


def test_the_chosen_filters_stay_selected(owner_client, cast):
    response = owner_client.get(LIST, {"kind": "anti", "status": "active"})
    assert '<option value="anti" selected>' in response.text
    assert '<option value="active" selected>' in response.text


def test_the_list_refuses_post(owner_client):
    assert owner_client.post(LIST).status_code == 405


def test_the_new_persona_page_asks_for_a_name_and_a_kind(owner_client):
    response = owner_client.get(CREATE)
    assert response.status_code == 200
    assert "Give them a first name" in response.text
    assert "Anti-persona (who to repel)" in response.text


def test_starting_a_persona_creates_it_and_opens_the_first_step(
    owner_client, workspace
):
    response = owner_client.post(CREATE, {"name": "Maya", "kind": "anti"})
    persona = Persona.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("personas:step", args=[persona.pk, "who"])
    assert (persona.workspace, persona.name, persona.kind) == (
        workspace,
        "Maya",
        "anti",
    )
    assert (persona.status, persona.version) == ("draft", 1)
    assert persona.completeness == 3  # The name is one of 33 checks.


def test_a_new_persona_without_a_name_shows_the_error_and_keeps_the_kind(
    owner_client,
):
    response = owner_client.post(CREATE, {"name": "  ", "kind": "internal"})
    assert response.status_code == 400
    assert "This field is required." in field_html(response.text, "name")
    assert form_values(response.text)["kind"] == ["internal"]
    assert not Persona.objects.exists()


def test_a_new_persona_with_an_unknown_kind_shows_the_error_and_keeps_the_name(
    owner_client,
):
    response = owner_client.post(CREATE, {"name": "Maya", "kind": "villain"})
    assert "Select a valid choice." in field_html(response.text, "kind")
    assert form_values(response.text)["name"] == ["Maya"]
    assert not Persona.objects.exists()


def test_the_new_persona_page_refuses_other_methods(owner_client):
    assert owner_client.put(CREATE).status_code == 405
