"""How long a survey takes, from its questions (pure: no database)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from feedback import survey_templates
from feedback.lengths import SECONDS_BY_KIND, SurveyLength, survey_length
from feedback.models import Question

KINDS = st.sampled_from(Question.Kind.values)


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        ([], "No questions yet"),
        (["nps"], "1 question, about 1 minute"),
        (
            ["rating", "nps", "long_text", "long_text", "yes_no"],
            "5 questions, about 3 minutes",
        ),
        (["rating"] * 6, "6 questions, about 1 minute"),
        (["long_text"] * 4, "4 questions, about 5 minutes"),
    ],
)
def test_the_length_is_said_from_the_questions(kinds, expected):
    assert str(survey_length(kinds)) == expected


def test_every_question_kind_has_a_time():
    assert set(SECONDS_BY_KIND) == set(Question.Kind.values)


@given(st.lists(KINDS, max_size=60), KINDS)
def test_another_question_never_makes_a_survey_shorter(kinds, extra):
    before, after = survey_length(kinds), survey_length([*kinds, extra])
    assert after.questions == before.questions + 1
    assert after.minutes >= before.minutes >= (1 if kinds else 0)


def test_the_check_in_template_says_five_questions_about_three_minutes():
    spec = survey_templates.checkin()
    assert survey_length(q.kind for q in spec.questions) == SurveyLength(5, 3)
