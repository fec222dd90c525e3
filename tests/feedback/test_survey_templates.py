"""The starting points for a survey (pure: no database)."""

import re

import pytest

from feedback import survey_templates
from feedback.models import Question

KINDS = set(Question.Kind.values)


@pytest.mark.parametrize(
    "spec",
    [survey_templates.checkin(), survey_templates.nps(), survey_templates.blank()],
    ids=["checkin", "nps", "blank"],
)
def test_every_template_uses_known_question_kinds_without_choices(spec):
    assert spec.title
    for question in spec.questions:
        assert question.kind in KINDS
        assert question.choices == ()
        assert question.pain_id is question.dream_id is None


def test_the_check_in_asks_how_it_is_working_with_a_rating_and_nps_first():
    spec = survey_templates.checkin()
    assert "working for you" in spec.title
    assert [q.kind for q in spec.questions[:2]] == ["rating", "nps"]
    assert all(q.required for q in spec.questions[:2])
    assert not any(q.required for q in spec.questions[2:])


def test_the_nps_survey_starts_with_the_required_recommend_question():
    first, *rest = survey_templates.nps().questions
    assert (first.kind, first.required) == ("nps", True)
    assert [q.kind for q in rest] == ["long_text"]


def test_a_blank_survey_has_no_questions():
    assert survey_templates.blank().questions == ()


def test_persona_validation_asks_about_each_pain_and_dream_and_stays_linked():
    spec = survey_templates.persona_validation(
        {
            "name": "Maya",
            "pains": [{"id": 7, "text": "Drowning in admin"}],
            "dreams": [
                {"id": 3, "text": "Evenings off"},
                {"id": 4, "text": "A full diary"},
            ],
        }
    )
    assert "Maya" in spec.title
    *linked, last = spec.questions
    assert [(q.kind, q.pain_id, q.dream_id) for q in linked] == [
        ("rating", 7, None),
        ("rating", None, 3),
        ("rating", None, 4),
    ]
    assert "Drowning in admin" in linked[0].text
    assert "Evenings off" in linked[1].text
    assert (last.kind, last.text) == ("long_text", "What else keeps you up at night?")


def test_persona_validation_of_a_persona_without_parts_still_asks_what_else():
    spec = survey_templates.persona_validation({"name": "New"})
    assert [q.kind for q in spec.questions] == ["long_text"]


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("checkin", "how is this working for you?"),
        ("nps", "NPS"),
        ("persona", "Persona validation"),
        ("blank", "Blank"),
    ],
)
def test_the_template_menu_names_each_choice(key, words):
    assert words in survey_templates.TEMPLATES[key]


COUNTED = re.compile(
    r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|a few|several)\s+"
    r"(questions?|minutes?)",
    re.IGNORECASE,
)


@pytest.mark.parametrize(
    "spec",
    [
        survey_templates.checkin(),
        survey_templates.nps(),
        survey_templates.blank(),
        survey_templates.persona_validation(
            {"name": "Dana", "pains": [{"id": 1, "text": "No time"}], "dreams": []}
        ),
    ],
    ids=["checkin", "nps", "blank", "persona"],
)
def test_no_template_counts_its_questions_or_minutes_in_words(spec):
    assert not COUNTED.search(spec.introduction)
    assert not COUNTED.search(spec.title)
