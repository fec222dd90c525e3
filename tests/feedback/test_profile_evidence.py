"""Each pain and dream on the persona's profile with its evidence from clients:
confirmed or an assumption, and the pinned words, which the share link leaves
out (feedback.apps.FeedbackConfig.persona_part_evidence)."""

import pytest
from django.urls import reverse

from feedback.models import Question
from personas import services as personas
from tests.factories import DreamFactory, PainFactory, PersonaFactory
from tests.feedback.validation import (
    client,
    pin,
    respond,
    text_answer,
    validation_survey,
)
from tests.personas.test_profile import flat_text, one_pager

# The profile's own queries (session, user, workspace, persona and parts,
# versions...), the check for questions or pins in the lineage, and the
# evidence's three.
QUERIES = 14


@pytest.fixture
def amara(workspace):
    persona = PersonaFactory(workspace=workspace, name="Amara")
    PainFactory(persona=persona, text="Admin swallows her evenings")
    PainFactory(persona=persona, text="Pricing is a mystery")
    DreamFactory(persona=persona, text="Home by six")
    return persona


def confirm(persona, workspace, clients: int, *, pinned_words: str = "") -> None:
    """`clients` clients rate the first pain 5; the first one's words are pinned."""
    survey = validation_survey(persona)
    pain = persona.pains.order_by("position").first()
    for number in range(clients):
        text = pinned_words if number == 0 else ""
        response = respond(survey, client(workspace), ratings={pain: 5}, text=text)
        if number == 0 and pinned_words:
            pin(text_answer(response), pain)


def test_every_pain_and_dream_is_an_assumption_until_clients_confirm_it(
    owner_client, amara
):
    sheet = flat_text(one_pager(owner_client.get(amara.get_absolute_url()).text))
    assert sheet.count("Assumption · 0 of 3 clients so far") == 3


def test_three_clients_confirm_a_pain_and_their_pinned_words_show(
    owner_client, amara, workspace
):
    confirm(amara, workspace, 3, pinned_words="Invoices at 11pm, every night")
    page = owner_client.get(amara.get_absolute_url()).text
    sheet = flat_text(one_pager(page))
    assert (
        "Admin swallows her evenings How much it hurts: 4 of 5 "
        "Confirmed · 3 clients confirmed it Invoices at 11pm, every night"
    ) in sheet
    assert "<q>Invoices at 11pm, every night</q>" in page
    assert sheet.count("Assumption · 0 of 3 clients so far") == 2
    assert "What clients say that the persona misses" in page


def test_the_share_link_shows_counts_but_never_clients_words(
    client, amara, workspace, owner
):
    confirm(amara, workspace, 3, pinned_words="Invoices at 11pm, every night")
    token = personas.share(persona=amara, user=owner)
    page = client.get(reverse("personas:shared", args=[token])).text
    assert "Confirmed · 3 clients confirmed it" in flat_text(page)
    assert "Invoices at 11pm" not in page
    assert "misses" not in page


def test_another_workspaces_pins_never_show(owner_client, amara, other_workspace):
    twin = PersonaFactory(workspace=other_workspace, lineage=amara.lineage, version=2)
    pain = PainFactory(persona=twin, text="Admin swallows her evenings")
    response = respond(
        validation_survey(twin), client(other_workspace), ratings={pain: 5}, text="X1"
    )
    pin(text_answer(response), pain)
    page = owner_client.get(amara.get_absolute_url()).text
    assert "<q>X1</q>" not in page
    assert flat_text(one_pager(page)).count("0 of 3 clients so far") == 3


@pytest.mark.parametrize("clients", [2, 12])
def test_the_profile_makes_as_many_queries_whatever_the_evidence(
    owner_client, amara, workspace, django_assert_num_queries, clients
):
    """The profile's queries, the check, and three more: agreeing clients,
    pinned clients, quotes."""
    confirm(amara, workspace, clients, pinned_words="Paperwork")
    with django_assert_num_queries(QUERIES):
        assert owner_client.get(amara.get_absolute_url()).status_code == 200


def test_a_lineage_without_questions_or_pins_skips_the_evidence_queries(
    owner_client, amara, django_assert_num_queries
):
    """Most personas were never tested: one cheap check stands for the three."""
    with django_assert_num_queries(QUERIES - 3):
        page = owner_client.get(amara.get_absolute_url()).text
    assert flat_text(one_pager(page)).count("0 of 3 clients so far") == 3


def test_a_pin_alone_is_evidence_enough_to_read(owner_client, amara, workspace):
    """A pin on an open answer of a survey with no validation question about
    the pain still shows: the check looks for pins as well as questions."""
    survey = validation_survey(amara)
    survey.questions.exclude(kind=Question.Kind.LONG_TEXT).delete()
    pain = amara.pains.order_by("position").first()
    pin(text_answer(respond(survey, client(workspace), text="Receipts")), pain)
    assert "<q>Receipts</q>" in owner_client.get(amara.get_absolute_url()).text
