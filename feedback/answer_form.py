"""The form a client fills in to answer a survey, built from its questions.

Each question becomes one field named `q<pk>`: scales (rating 1-5, NPS 0-10), one
choice and yes/no as radio groups, several choices as checkboxes, short and long
text as an input and a textarea. `AnswerForm.answers()` turns the cleaned data
into what `services.submit_response` stores, skipping unanswered optional questions.

The page is written by hand (the `questions` partial of feedback/answer.html), not
by crispy: widget templates for an 0-10 scale cost most of a request. The form
hands it `shown_questions()`, everything the template needs worked out in Python.
Radio and checkbox groups render as a <fieldset> with a <legend>, and help texts
and errors are tied to their field by aria-describedby.
"""

import secrets
from dataclasses import dataclass

from django import forms
from django.utils.html import escape

from feedback.lengths import survey_length
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


@dataclass(frozen=True)
class ShownChoice:
    id: str
    value: str
    label: str
    checked: bool


@dataclass(frozen=True)
class ShownQuestion:
    """One question as the answer page shows it, bound values and errors included."""

    name: str
    id: str
    kind: str
    text: str
    help_text: str
    required: bool
    choices: list[ShownChoice]
    value: str
    errors: list[str]
    max_length: int

    @property
    def is_group(self) -> bool:
        return bool(self.choices)

    @property
    def input_type(self) -> str:
        return "checkbox" if self.kind == Kind.MULTIPLE else "radio"

    @property
    def inline(self) -> bool:
        return self.kind in SCALES

    @property
    def describedby(self) -> str:
        ids = [f"{self.id}_helptext"] if self.help_text else []
        return " ".join([*ids, f"{self.id}_error"] if self.errors else ids)


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

    def shown_questions(self) -> list[ShownQuestion]:
        return [self._shown(question) for question in self.questions]

    def _shown(self, question: Question) -> ShownQuestion:
        name = field_name(question)
        field = self.fields[name]
        posted = self._posted(name, field)
        choices = []
        if isinstance(field, forms.ChoiceField):
            chosen = {str(v) for v in posted} if isinstance(posted, list) else {posted}
            choices = [
                ShownChoice(f"id_{name}_{i}", str(value), label, str(value) in chosen)
                for i, (value, label) in enumerate(field.choices)
            ]
        return ShownQuestion(
            name=name,
            id=f"id_{name}",
            kind=question.kind,
            text=question.text,
            help_text=question.help_text,
            required=question.required,
            choices=choices,
            value="" if choices or posted is None else str(posted),
            errors=self.errors.get(name, []),
            max_length=getattr(field, "max_length", None) or 0,
        )

    def _posted(self, name: str, field: forms.Field):
        """The value posted for a field ("" or [] when none), or None unbound."""
        if not self.is_bound:
            return None
        return field.widget.value_from_datadict(
            self.data, self.files, self.add_prefix(name)
        )

    def error_summary(self) -> list[tuple[str, str]]:
        """(id of the field's first input, label) for each field with an error:
        following the link puts the cursor where the answer goes."""
        return [
            (_first_input_id(name, field), field.label or name.capitalize())
            for name, field in self.fields.items()
            if name in self.errors
        ]


def _first_input_id(name: str, field: forms.Field) -> str:
    # The ids the answer page gives its inputs (see AnswerForm._shown).
    is_group = isinstance(field, forms.ChoiceField) and field.choices
    return f"id_{name}_0" if is_group else f"id_{name}"


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


def page_context(survey, form: AnswerForm) -> dict:
    """What the answer page (feedback/answer.html) shows, for a client's link
    and for the practitioner's preview alike."""
    return {
        "survey": survey,
        "workspace": survey.workspace,
        "form": form,
        "anonymous": survey.anonymous or isinstance(form, PublicAnswerForm),
        "has_required": any(q.required for q in form.questions),
        "length": survey_length(q.kind for q in form.questions),
    }


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
        # Django's widgets render help text as HTML: the practitioner's text is
        # escaped. The answer page shows question.help_text, autoescaped.
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
