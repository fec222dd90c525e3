"""A person's words pinned to a persona: in the export of their data, and gone
with them when they are erased (whether or not their ratings are kept)."""

import pytest
from django.urls import reverse

from feedback.models import PinnedAnswer
from privacy.services.erasure import plan
from tests.factories import DreamFactory, PainFactory, PersonaFactory
from tests.feedback.validation import (
    client,
    pin,
    respond,
    text_answer,
    validation_survey,
)
from tests.privacy.scan import traces
from tests.privacy.test_people_views import embedded_json

WORDS = "Quillon the accountant never answers my invoices"


@pytest.fixture
def amara(workspace):
    persona = PersonaFactory(workspace=workspace, name="Amara", version=1)
    PainFactory(persona=persona, text="Admin swallows her evenings")
    DreamFactory(persona=persona, text="Home by six")
    return persona


@pytest.fixture
def quoted(amara, workspace):
    """A client whose answer is pinned to Amara's pain and dream."""
    person = client(workspace, name="Petronella Quist")
    survey = validation_survey(amara)
    answer = text_answer(
        respond(survey, person, ratings={amara.pains.get(): 5}, text=WORDS)
    )
    pin(answer, amara.pains.get())
    pin(answer, amara.dreams.get())
    return person


def test_the_export_holds_the_persons_pinned_quotes(owner_client, quoted):
    response = owner_client.get(reverse("privacy:contact_export", args=[quoted.pk]))
    pins = embedded_json(response.text)["pinned_quotes"]
    assert [
        (p["quote"], p["persona"], p["pinned_to"], p["pain_or_dream"]) for p in pins
    ] == [
        (WORDS, "Amara", "pain", "Admin swallows her evenings"),
        (WORDS, "Amara", "dream", "Home by six"),
    ]
    assert "Your words quoted on a persona" in response.text


def test_someone_elses_pins_are_not_in_the_export(owner_client, quoted, workspace):
    other = client(workspace)
    response = owner_client.get(reverse("privacy:contact_export", args=[other.pk]))
    assert embedded_json(response.text)["pinned_quotes"] == []


@pytest.mark.parametrize("keep_answers", [False, True])
def test_erasing_the_person_deletes_their_pinned_quotes(
    owner_client, quoted, workspace, keep_answers
):
    assert plan(workspace=workspace, contact_ids=[quoted.pk]).pinned_quotes == 2
    confirm = owner_client.get(reverse("privacy:contact_erase", args=[quoted.pk]))
    assert "the 2 pins of their words to a persona" in confirm.text
    data = {"confirm": "on"} | ({"keep_answers": "on"} if keep_answers else {})
    erased = owner_client.post(reverse("privacy:contact_erase", args=[quoted.pk]), data)
    assert erased.status_code == 302
    assert not PinnedAnswer.objects.exists()
    assert traces(WORDS, "Petronella") == []


def test_the_profile_no_longer_quotes_an_erased_person(owner_client, quoted, amara):
    assert WORDS in owner_client.get(amara.get_absolute_url()).text
    owner_client.post(
        reverse("privacy:contact_erase", args=[quoted.pk]), {"confirm": "on"}
    )
    assert WORDS not in owner_client.get(amara.get_absolute_url()).text
