"""Draft saves: the worksheet script posts the step as the person types and gets
JSON back; the page stays as it is."""

import pytest
from django.urls import reverse

from personas.models import Persona
from tests.factories import DreamFactory, PersonaFactory
from tests.personas.builders import form_values


def step_url(persona: Persona, step: str = "personality") -> str:
    return reverse("personas:step", args=[persona.pk, step])


def open_step(client, persona: Persona, step: str = "personality") -> dict:
    return form_values(client.get(step_url(persona, step)).text)


def draft(client, persona: Persona, page: dict, step: str = "personality", **changes):
    data = page | {name: [value] for name, value in changes.items()}
    return client.post(step_url(persona, step), data | {"autosave": "1"})


@pytest.fixture
def maya(workspace) -> Persona:
    return PersonaFactory(workspace=workspace, name="Maya", car="An estate car")


def test_a_draft_save_saves_and_answers_with_the_pages_next_fingerprint(
    owner_client, maya
):
    page = open_step(owner_client, maya)
    response = draft(owner_client, maya, page, car="A bike")
    assert response.status_code == 200
    assert response.json()["state"] == "saved"
    assert response.json()["loaded"] != page["loaded"][0]
    maya.refresh_from_db()
    assert (maya.car, maya.last_step) == ("A bike", "personality")
    # No "Saved." waiting for the next page: the page that saved stays open.
    assert "Saved." not in owner_client.get(step_url(maya)).text


def test_with_the_new_fingerprint_the_page_saves_again_without_a_conflict(
    owner_client, teammate_client, maya
):
    page = open_step(owner_client, maya)
    first = draft(owner_client, maya, page, car="A bike")
    page["loaded"] = [first.json()["loaded"]]
    assert draft(owner_client, maya, page, car="A red bike").status_code == 200
    # Without it, the page's own earlier save would look like someone else's.
    stale = open_step(owner_client, maya)
    theirs = open_step(teammate_client, maya)
    draft(teammate_client, maya, theirs, car="A tandem")
    response = draft(owner_client, maya, stale, car="A scooter")
    assert response.status_code == 409
    assert response.json()["state"] == "conflict"
    assert "Your text is kept" in response.json()["message"]
    maya.refresh_from_db()
    assert maya.car == "A tandem"


def test_an_invalid_draft_is_not_saved_and_names_what_to_check(owner_client, maya):
    page = open_step(owner_client, maya)
    response = draft(owner_client, maya, page, name="", car="A bike")
    assert response.status_code == 400
    assert response.json() == {
        "state": "invalid",
        "message": "Not saved yet: check Name. Your text is kept.",
    }
    maya.refresh_from_db()
    assert maya.car == "An estate car"


def test_new_rows_come_back_with_their_ids_and_are_not_saved_twice(owner_client, maya):
    page = open_step(owner_client, maya, "dreams_pains")
    response = draft(
        owner_client, maya, page, "dreams_pains", **{"dreams-0-text": "Calm"}
    )
    (dream,) = maya.dreams.all()
    assert response.json()["rows"] == {"dreams": [str(dream.pk)], "pains": [""]}
    # The script puts the id in the row and counts it as a saved row.
    page |= {
        "loaded": [response.json()["loaded"]],
        "dreams-0-id": [str(dream.pk)],
        "dreams-INITIAL_FORMS": ["1"],
    }
    response = draft(
        owner_client, maya, page, "dreams_pains", **{"dreams-0-text": "Calm days"}
    )
    assert response.status_code == 200
    assert list(maya.dreams.values_list("pk", "text")) == [(dream.pk, "Calm days")]


def test_a_removed_row_comes_back_without_an_id(owner_client, maya):
    dream = DreamFactory(persona=maya, text="Calm")
    page = open_step(owner_client, maya, "dreams_pains")
    response = draft(
        owner_client, maya, page, "dreams_pains", **{"dreams-0-DELETE": "on"}
    )
    assert response.json()["rows"]["dreams"] == [""]
    assert not maya.dreams.filter(pk=dream.pk).exists()


def test_a_logged_out_draft_save_is_sent_to_log_in_and_kept(client, maya):
    response = client.post(step_url(maya), {"car": "A bike", "autosave": "1"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    maya.refresh_from_db()
    assert maya.car == "An estate car"
