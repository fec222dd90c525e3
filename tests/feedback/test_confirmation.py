"""The rules of confirmation (feedback/confirmation.py): no database but in the
last test, which checks that the SQL says what the rule says."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from feedback import confirmation
from feedback.confirmation import PartEvidence, agrees, evidence, is_assumption
from feedback.models import Question
from feedback.queries import agreeing_answers
from tests.factories import QuestionFactory, ResponseFactory
from tests.feedback.validation import client


@pytest.mark.parametrize(
    ("kind", "number", "choices", "agreed"),
    [
        ("rating", 5, [], True),
        ("rating", 4, [], True),
        ("rating", 3, [], False),
        ("rating", None, [], False),
        ("yes_no", None, ["Yes"], True),
        ("yes_no", None, ["No"], False),
        ("long_text", None, [], False),
        ("nps", 10, [], False),
    ],
)
def test_what_agrees(kind, number, choices, agreed):
    assert agrees(kind=kind, number=number, choices=choices) is agreed


@given(st.integers(0, 1000))
def test_an_assumption_until_three_clients_confirm(confirmed):
    part = PartEvidence(confirmed)
    assert part.assumption == (confirmed < confirmation.CONFIRMED_FROM)
    assert part.assumption == is_assumption(confirmed)
    assert part.still_needed == max(confirmation.CONFIRMED_FROM - confirmed, 0)
    assert part.status == ("Assumption" if part.assumption else "Confirmed")


@given(st.integers(0, 500), st.integers(0, 500), st.integers(0, 500))
def test_one_more_client_never_lowers_the_count(agreeing, pinned_only, more):
    before = evidence(agreeing=agreeing, pinned_only=pinned_only).confirmed
    assert evidence(agreeing=agreeing + more, pinned_only=pinned_only).confirmed >= (
        before
    )
    assert evidence(agreeing=agreeing, pinned_only=pinned_only + more).confirmed >= (
        before
    )


def test_the_labels_read_as_sentences():
    assert PartEvidence(0).label == "0 of 3 clients so far"
    assert PartEvidence(2).label == "2 of 3 clients so far"
    assert PartEvidence(3).label == "3 clients confirmed it"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "number", "choices"),
    [
        (Question.Kind.RATING, 5, []),
        (Question.Kind.RATING, 4, []),
        (Question.Kind.RATING, 3, []),
        (Question.Kind.YES_NO, None, ["Yes"]),
        (Question.Kind.YES_NO, None, ["No"]),
        (Question.Kind.NPS, 10, []),
    ],
)
def test_the_sql_agrees_with_the_rule(workspace, kind, number, choices):
    question = QuestionFactory(survey__workspace=workspace, kind=kind)
    response = ResponseFactory(survey=question.survey, contact=client(workspace))
    response.answers.create(question=question, number=number, choices=choices)
    in_sql = agreeing_answers().filter(response=response).exists()
    assert in_sql is agrees(kind=kind, number=number, choices=choices)
