"""How many clients confirmed each pain and dream (feedback.queries
.persona_part_evidence), against the definition in feedback/confirmation.py."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feedback import confirmation
from feedback.queries import persona_part_evidence
from fitcheck.models import Contact
from personas import services as personas
from tests.factories import DreamFactory, PainFactory, PersonaFactory
from tests.feedback.validation import (
    client,
    pin,
    respond,
    text_answer,
    validation_survey,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def amara(workspace):
    persona = PersonaFactory(workspace=workspace, name="Amara")
    PainFactory(persona=persona, text="Admin swallows her evenings")
    DreamFactory(persona=persona, text="Home by six")
    return persona


def evidence_of(persona, kind: str, text: str) -> confirmation.PartEvidence:
    found = persona_part_evidence(persona)
    return found.get((kind, text), confirmation.NO_EVIDENCE)


def test_a_rating_of_four_or_five_confirms_and_three_does_not(amara, workspace):
    survey = validation_survey(amara)
    pain, dream = amara.pains.get(), amara.dreams.get()
    for number in (3, 4, 5):
        respond(survey, client(workspace), ratings={pain: number, dream: 2})
    assert evidence_of(amara, "pain", pain.text).confirmed == 2
    assert evidence_of(amara, "dream", dream.text).confirmed == 0


def test_prospects_and_anonymous_answers_confirm_nothing(amara, workspace):
    survey = validation_survey(amara)
    pain = amara.pains.get()
    respond(survey, client(workspace, stage=Contact.Stage.PROSPECT), ratings={pain: 5})
    respond(survey, None, ratings={pain: 5})
    respond(
        survey, client(workspace, stage=Contact.Stage.PAST_CLIENT), ratings={pain: 5}
    )
    assert evidence_of(amara, "pain", pain.text).confirmed == 1


def test_a_client_who_agreed_and_was_pinned_counts_once(amara, workspace):
    survey = validation_survey(amara)
    pain = amara.pains.get()
    ana, ben = client(workspace), client(workspace)
    pin(
        text_answer(respond(survey, ana, ratings={pain: 5}, text="Invoices at 11pm")),
        pain,
    )
    pin(text_answer(respond(survey, ben, text="Paperwork every night")), pain)
    found = evidence_of(amara, "pain", pain.text)
    assert found.confirmed == 2
    assert [q.text for q in found.quotes] == [
        "Paperwork every night",
        "Invoices at 11pm",
    ]
    assert found.assumption


def test_three_clients_make_it_confirmed(amara, workspace):
    survey = validation_survey(amara)
    pain = amara.pains.get()
    for _ in range(3):
        respond(survey, client(workspace), ratings={pain: 4})
    found = evidence_of(amara, "pain", pain.text)
    assert (found.confirmed, found.assumption) == (3, False)
    assert (found.status, found.label) == ("Confirmed", "3 clients confirmed it")


def test_identical_pinned_words_are_one_quote_and_only_the_newest_show(
    amara, workspace
):
    survey = validation_survey(amara)
    dream = amara.dreams.get()
    for text in ["Dinner with the kids", "dinner  with the KIDS", "A", "B", "C"]:
        pin(text_answer(respond(survey, client(workspace), text=text)), dream)
    found = evidence_of(amara, "dream", dream.text)
    assert found.confirmed == 5
    assert found.pinned == 4
    assert len(found.quotes) == confirmation.QUOTES_SHOWN
    assert found.more_quotes == 1


def test_a_new_version_keeps_the_evidence_of_unchanged_words(amara, workspace):
    survey = validation_survey(amara)
    pain = amara.pains.get()
    respond(survey, client(workspace), ratings={pain: 5})
    copy = personas.new_version(persona=amara)
    assert evidence_of(copy, "pain", pain.text).confirmed == 1
    reworded = copy.pains.get()
    reworded.text = "Admin eats her weekends"
    reworded.save()
    assert evidence_of(copy, "pain", reworded.text).confirmed == 0


def test_another_workspaces_persona_shares_nothing(amara, other_workspace):
    elsewhere = PersonaFactory(
        workspace=other_workspace, lineage=amara.lineage, version=2
    )
    pain = PainFactory(persona=elsewhere, text="Admin swallows her evenings")
    survey = validation_survey(elsewhere)
    respond(survey, client(other_workspace), ratings={pain: 5})
    assert persona_part_evidence(amara) == {}


ANSWERS = st.lists(
    st.tuples(
        st.integers(0, 5),  # which client
        st.sampled_from(["client", "past_client", "prospect", None]),
        st.integers(1, 5),  # rating of the pain
        st.booleans(),  # pinned to the pain
    ),
    max_size=12,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(answers=ANSWERS)
def test_the_count_is_the_distinct_clients_who_agreed_or_were_pinned(
    amara, workspace, answers
):
    """Whatever the answers: the count is the set the definition names, never
    more than the clients who answered, and "assumption" iff it is below 3."""
    with transaction.atomic():
        survey = validation_survey(amara)
        pain = amara.pains.get()
        people, expected = {}, set()
        for who, stage, rating, pinned in answers:
            if stage is None:
                contact = None
            else:
                contact = people.get(who) or client(workspace, stage=stage)
                people.setdefault(who, contact)
            response = respond(survey, contact, ratings={pain: rating}, text="Yes")
            if pinned:
                pin(text_answer(response), pain)
            counted = contact is not None and contact.stage != "prospect"
            if counted and (rating >= confirmation.AGREES_FROM or pinned):
                expected.add(contact.pk)
        found = evidence_of(amara, "pain", pain.text)
        assert found.confirmed == len(expected)
        assert found.confirmed <= len(people)
        assert found.assumption == (found.confirmed < confirmation.CONFIRMED_FROM)
        transaction.set_rollback(True)
