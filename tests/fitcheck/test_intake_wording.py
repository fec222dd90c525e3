"""Persona sentences as the prospect would say them (fitcheck/intake_wording.py).
Pure: no database."""

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from fitcheck.intake_wording import HE, SHE, THEY, WORD, first_person


@pytest.mark.parametrize(
    ("persona", "prospect"),
    [
        ("Admin swallows her evenings", "Admin swallows my evenings"),
        ("Her allotment", "My allotment"),
        ("Hard on herself", "Hard on myself"),
        ("Getting his own way", "Getting my own way"),
        ("Loyalty to his team", "Loyalty to my team"),
        (
            "His best people are thinking of leaving",
            "My best people are thinking of leaving",
        ),
        (
            "A steady salary for herself within the first year",
            "A steady salary for myself within the first year",
        ),
        ("Feels nobody listens to him", "I feel nobody listens to me"),
        ("Nobody helps her", "Nobody helps me"),
        ("A friend of his", "A friend of mine"),
        # A replaced subject takes its verb with it, past one adverb.
        ("She never switches off", "I never switch off"),
        ("She worries about money", "I worry about money"),
        ("He is not there on Fridays", "I am not there on Fridays"),
        (
            "A team that runs well on the days he is not there",
            "A team that runs well on the days I am not there",
        ),
        (
            "A diary full of patients she loves treating",
            "A diary full of patients I love treating",
        ),
        ("They are worried about money", "I am worried about money"),
        ("Their team ignores them", "My team ignores me"),
        # A sentence without a subject gets one.
        (
            "Wants a guaranteed number of patients by a fixed date",
            "I want a guaranteed number of patients by a fixed date",
        ),
        ("Doubts herself when pricing", "I doubt myself when pricing"),
        ("Keeps falling out with providers", "I keep falling out with providers"),
        (
            "Coaches his daughter's team on Saturdays",
            "I coach my daughter's team on Saturdays",
        ),
        (
            "Haggles over the price before hearing the plan",
            "I haggle over the price before hearing the plan",
        ),
        ("Will not share her numbers with us", "I will not share my numbers with you"),
        ("Doesn't trust advisers", "I don't trust advisers"),
        ("Never pays on time", "I never pay on time"),
        (
            "Works every weekend and expects everyone else to",
            "I work every weekend and expect everyone else to",
        ),
        # The practitioner's "we" is the prospect's "you".
        (
            "Asks us to make health claims her evidence cannot support",
            "I ask you to make health claims my evidence cannot support",
        ),
        # Typographic apostrophes stay typographic.
        ("Doesn’t trust advisers", "I don’t trust advisers"),
        # Nothing to swap.
        ("Making every decision alone", "Making every decision alone"),
        ("Meetings that end without decisions", "Meetings that end without decisions"),
        ("Weekends that belong to his family", "Weekends that belong to my family"),
        ("I want to grow", "I want to grow"),
        ("", ""),
    ],
)
def test_third_person_becomes_first_person(persona, prospect):
    assert first_person(persona).text == prospect
    assert first_person(persona).sure


@pytest.mark.parametrize(
    "unsure",
    [
        "Her husband ignores his health",  # Two people.
        "Clients say they can't afford it",  # "they" may be the clients.
        "She's tried everything",  # "is" or "has"?
        "Sent by HR and does not want to be there",  # "does" with no subject.
        "Calls at weekends or late at night",  # A verb, or a noun?
    ],
)
def test_when_unsure_the_text_is_kept_as_written(unsure):
    wording = first_person(unsure)
    assert wording.text == unsure
    assert not wording.sure


OTHER_WORDS = """
we us our admin swallows evenings wants to grow keeps falling out with providers
never pays on time is has does the a and or but my I you nobody helps clients say
can't
"""
SENTENCE_WORDS = [*sorted(SHE | HE | THEY), *OTHER_WORDS.split()]
sentences = st.lists(st.sampled_from(SENTENCE_WORDS), max_size=8).map(" ".join)


@given(sentences)
def test_an_unsure_wording_is_the_text_unchanged(text):
    wording = first_person(text)
    assert wording.sure or wording.text == text


@given(sentences)
@example("theirs falling")  # Once taken for a verb: "I their falling".
def test_a_sure_wording_names_nobody_in_the_third_person(text):
    wording = first_person(text)
    if wording.sure:
        words = {w.casefold() for w in WORD.findall(wording.text)}
        assert not words & (SHE | HE | THEY)


@given(sentences)
def test_wording_twice_changes_nothing_more(text):
    once = first_person(text)
    if once.sure:
        assert first_person(once.text).text == once.text
