"""The answer form built from a survey's questions (no database needed)."""

import re

import pytest
from django import forms
from django.template.loader import render_to_string

from feedback.answer_form import answer_form_class, field_name
from feedback.models import Question

Kind = Question.Kind


def question(pk: int, kind: str, *, required: bool = False, **fields) -> Question:
    return Question(
        pk=pk, kind=kind, text=f"Question {pk}?", required=required, **fields
    )


def render(form) -> str:
    return render_to_string("feedback/answer.html#questions", {"form": form})


@pytest.mark.parametrize(
    ("kind", "widget", "values"),
    [
        (Kind.RATING, forms.RadioSelect, ["1", "2", "3", "4", "5"]),
        (Kind.NPS, forms.RadioSelect, [str(n) for n in range(11)]),
        (Kind.SINGLE, forms.RadioSelect, ["Morning", "Evening"]),
        (Kind.MULTIPLE, forms.CheckboxSelectMultiple, ["Morning", "Evening"]),
        (Kind.YES_NO, forms.RadioSelect, ["Yes", "No"]),
        (Kind.SHORT_TEXT, forms.TextInput, None),
        (Kind.LONG_TEXT, forms.Textarea, None),
    ],
)
def test_each_kind_of_question_gets_its_widget_and_options(kind, widget, values):
    q = question(1, kind, choices=["Morning", "Evening"], help_text="Be honest.")
    field = answer_form_class([q])().fields["q1"]
    assert isinstance(field.widget, widget)
    assert field.label == "Question 1?"
    assert field.help_text == "Be honest."
    if values is not None:
        assert [str(value) for value, _ in field.choices] == values


@pytest.mark.parametrize(
    ("kind", "posted", "stored"),
    [
        (Kind.RATING, "4", {"number": 4}),
        (Kind.NPS, "0", {"number": 0}),
        (Kind.SINGLE, "Evening", {"choices": ["Evening"]}),
        (Kind.MULTIPLE, ["Morning", "Evening"], {"choices": ["Morning", "Evening"]}),
        (Kind.YES_NO, "No", {"choices": ["No"]}),
        (Kind.SHORT_TEXT, "  Calm  ", {"text": "Calm"}),
        (Kind.LONG_TEXT, "Line one\nLine two", {"text": "Line one\nLine two"}),
    ],
)
def test_answers_are_shaped_for_submit_response(kind, posted, stored):
    q = question(1, kind, choices=["Morning", "Evening"])
    form = answer_form_class([q])({"q1": posted})
    assert form.is_valid(), form.errors
    assert form.answers() == {q: stored}


def test_unanswered_optional_questions_are_left_out():
    rating, text, several = (
        question(1, Kind.RATING),
        question(2, Kind.LONG_TEXT),
        question(3, Kind.MULTIPLE, choices=["A"]),
    )
    form = answer_form_class([rating, text, several])({"q2": "   "})
    assert form.is_valid()
    assert form.answers() == {}


def test_a_required_question_must_be_answered():
    form = answer_form_class([question(1, Kind.NPS, required=True)])({})
    assert not form.is_valid()
    assert form.errors["q1"] == ["Please answer this question."]


@pytest.mark.parametrize(
    ("kind", "posted"),
    [
        (Kind.RATING, "6"),
        (Kind.NPS, "-1"),
        (Kind.SINGLE, "Noon"),
        (Kind.YES_NO, "Maybe"),
    ],
)
def test_answers_outside_the_options_are_refused(kind, posted):
    form = answer_form_class([question(1, kind, choices=["Morning"])])({"q1": posted})
    assert not form.is_valid()


def test_field_names_follow_the_question():
    assert field_name(question(42, Kind.RATING)) == "q42"


def test_a_choice_group_renders_as_a_fieldset_with_a_legend():
    html = render(answer_form_class([question(1, Kind.SINGLE, choices=["A", "B"])])())
    assert re.search(r"<fieldset[^>]*>\s*<legend[^>]*>\s*Question 1\?", html)


def test_an_error_is_tied_to_its_choice_group():
    q = question(1, Kind.RATING, required=True, help_text="1 is low.")
    html = render(answer_form_class([q])({}))
    fieldset = re.search(r"<fieldset[^>]*>", html).group(0)
    assert 'aria-describedby="id_q1_helptext id_q1_error"' in fieldset
    assert 'id="id_q1_error"' in html
    assert "Please answer this question." in html


def test_an_error_is_tied_to_its_text_field():
    html = render(answer_form_class([question(1, Kind.SHORT_TEXT, required=True)])({}))
    assert re.search(r'<input[^>]*aria-describedby="id_q1_error"', html)
    assert 'aria-invalid="true"' in html


def test_posted_answers_are_kept_when_the_form_is_shown_again():
    questions = [
        question(1, Kind.RATING, required=True),
        question(2, Kind.SINGLE, choices=["Morning", "Evening"]),
        question(3, Kind.LONG_TEXT),
    ]
    form = answer_form_class(questions)({"q2": "Evening", "q3": "Kept text"})
    assert not form.is_valid()
    html = render(form)
    assert re.search(r'value="Evening"[^>]*checked', html)
    assert "Kept text</textarea>" in html


def test_help_text_is_escaped():
    q = question(1, Kind.SHORT_TEXT, help_text="<b>bold</b>")
    html = render(answer_form_class([q])())
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_the_public_form_hides_a_honeypot_from_people():
    form = answer_form_class([question(1, Kind.RATING)], public=True)()
    html = render(form)
    assert re.search(
        r'<div[^>]*class="hp-field"[^>]*aria-hidden="true"[^>]*>.*name="website"',
        html,
        re.DOTALL,
    )
    assert 'tabindex="-1"' in html
    assert "style=" not in html


def test_the_public_form_carries_a_random_submission_id():
    form_class = answer_form_class([question(1, Kind.RATING)], public=True)
    first, second = (form_class()["submission"].value() for _ in range(2))
    assert len(first) >= 20
    assert first != second


def test_a_filled_honeypot_marks_a_bot():
    form_class = answer_form_class([question(1, Kind.RATING)], public=True)
    human = form_class({"q1": "3", "website": "", "submission": "abc"})
    bot = form_class({"q1": "3", "website": "http://spam.example", "submission": "x"})
    assert human.is_valid() and bot.is_valid()
    assert not human.is_from_a_bot()
    assert bot.is_from_a_bot()
