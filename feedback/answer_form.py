"""The form a client fills in to answer a survey, built from its questions.

Each question becomes one field named `q<pk>`: scales (rating 1-5, NPS 0-10), one
choice and yes/no as radio groups, several choices as checkboxes, short and long
text as an input and a textarea. Radio and checkbox groups render as a <fieldset>
with a <legend>, and errors are tied to their field by aria-describedby (crispy's
bootstrap5 pack and Django do both). `AnswerForm.answers()` turns the cleaned data
into what `services.submit_response` stores, skipping unanswered optional questions.
"""

import secrets

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.utils.html import escape

from feedback.models import Question

Kind = Question.Kind
RATING_CHOICES = [(n, str(n)) for n in range(1, 6)]
NPS_CHOICES = [(n, str(n)) for n in range(0, 11)]
YES_NO_CHOICES = [("Yes", "Yes"), ("No", "No")]
SCALES = {Kind.RATING, Kind.NPS}
CHOSEN = {Kind.SINGLE, Kind.YES_NO}
SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 5000
HONEYPOT = "website"
REQUIRED_MESSAGE = "Please answer this question."


class AnswerForm(forms.Form):
    questions: list[Question] = []

    def answers(self) -> dict[Question, dict]:
        """{question: {"number": n} | {"choices": [...]} | {"text": "..."}} for
        every answered question, in question order."""
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(field_name(question))
            if value not in (None, "", []):
                answers[question] = _stored(question, value)
        return answers

    @property
    def helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        helper.layout = Layout(*self._layout())
        return helper

    def _layout(self) -> list:
        return [
            InlineRadios(field_name(q)) if q.kind in SCALES else field_name(q)
            for q in self.questions
        ]


class PublicAnswerForm(AnswerForm):
    """For the public link: a honeypot field that people never see (bots fill
    it in), and a random id per opened form so a double click or a refresh
    stores one response."""

    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    submission = forms.CharField(
        widget=forms.HiddenInput,
        max_length=64,
        initial=lambda: secrets.token_urlsafe(16),
    )

    def is_from_a_bot(self) -> bool:
        return bool(self.cleaned_data.get(HONEYPOT))

    def _layout(self) -> list:
        return [
            *super()._layout(),
            Div(HONEYPOT, css_class="hp-field", aria_hidden="true"),
            "submission",
        ]


def answer_form_class(
    questions: list[Question], *, public: bool = False
) -> type[AnswerForm]:
    base = PublicAnswerForm if public else AnswerForm
    fields = {field_name(q): _field(q) for q in questions}
    # type(base) is Django's form metaclass, which collects the declared fields.
    return type(base)("SurveyAnswerForm", (base,), {"questions": questions, **fields})


def field_name(question: Question) -> str:
    return f"q{question.pk}"


def _field(question: Question) -> forms.Field:
    common = {
        "label": question.text,
        "required": question.required,
        # Crispy renders help text as HTML: the practitioner's text is escaped.
        "help_text": escape(question.help_text),
        "error_messages": {"required": REQUIRED_MESSAGE},
    }
    match question.kind:
        case Kind.RATING | Kind.NPS:
            choices = RATING_CHOICES if question.kind == Kind.RATING else NPS_CHOICES
            return forms.TypedChoiceField(
                choices=choices, coerce=int, widget=forms.RadioSelect, **common
            )
        case Kind.SINGLE | Kind.YES_NO:
            choices = (
                YES_NO_CHOICES
                if question.kind == Kind.YES_NO
                else [(c, c) for c in question.choices]
            )
            return forms.ChoiceField(
                choices=choices, widget=forms.RadioSelect, **common
            )
        case Kind.MULTIPLE:
            return forms.MultipleChoiceField(
                choices=[(c, c) for c in question.choices],
                widget=forms.CheckboxSelectMultiple,
                **common,
            )
        case Kind.LONG_TEXT:
            return forms.CharField(
                max_length=LONG_TEXT_MAX,
                widget=forms.Textarea(attrs={"rows": 4}),
                **common,
            )
        case _:
            return forms.CharField(max_length=SHORT_TEXT_MAX, **common)


def _stored(question: Question, value) -> dict:
    if question.kind in SCALES:
        return {"number": value}
    if question.kind in CHOSEN:
        return {"choices": [value]}
    if question.kind == Kind.MULTIPLE:
        return {"choices": list(value)}
    return {"text": value}
