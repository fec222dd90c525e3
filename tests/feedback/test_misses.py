"""What clients say that the persona misses (feedback/misses.py): no database."""

from hypothesis import given
from hypothesis import strategies as st

from feedback.misses import Missed, Recurring, misses

AMARA = [
    ("No idea how to set prices or write a business plan", "What to charge"),
    ("Admin swallows her evenings", "Paperwork", "Invoicing at night"),
    ("Home by six on three evenings a week", "Home for dinner"),
]


def test_answers_that_match_a_pain_or_dream_are_not_misses():
    found = misses(
        [
            "I never know what to charge.",
            "Paperwork every night!",
            "I want to be home for dinner",
            "My back hurts from the treatment couch",
        ],
        AMARA,
    )
    assert found.read == 4
    assert found.groups == (Missed("My back hurts from the treatment couch", 1),)


def test_one_matching_sentence_makes_the_answer_a_match():
    found = misses(["Too tired. Paperwork is endless."], AMARA)
    assert found.groups == ()


def test_identical_misses_are_grouped_most_given_first():
    found = misses(
        ["Finding a good physio room", "finding a  GOOD physio room", "Loneliness"],
        AMARA,
    )
    assert found.groups == (
        Missed("Finding a good physio room", 2),
        Missed("Loneliness", 1),
    )
    assert found.unmatched == 3


def test_words_that_recur_across_misses_are_counted_once_per_answer():
    found = misses(
        ["Hiring my first receptionist", "Hiring is hard, hiring is slow", "Rent"],
        AMARA,
    )
    assert found.words == (Recurring("hiring", 2),)


def test_a_persona_with_no_pains_or_dreams_misses_everything():
    assert misses(["Anything"], []).groups == (Missed("Anything", 1),)


@given(st.lists(st.text(max_size=60), max_size=15))
def test_misses_never_count_more_answers_than_were_read(answers):
    found = misses(answers, AMARA)
    assert found.unmatched <= found.read == len(answers)
    assert all(word.answers <= found.unmatched for word in found.words)
