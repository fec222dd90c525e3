"""The public "are we a good fit?" intake form, built from the page's questions.

The questions are rows (fitcheck.models.IntakeQuestion) drafted from the persona's
applied rubric and edited by the practitioner (fitcheck/intake_drafting.py). This
module turns them into a form whose cleaned data holds `answers`: the contact
facts to keep, the red flags a prospect ticked (answers that count against), and
the answers to one's own questions, kept in the contact's notes. What a
submission does with them is services/intake.py.
"""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.text import Truncator

from fitcheck import scoring
from fitcheck.criteria import Criterion, Kind
from fitcheck.intake_drafting import Counts, Question, QuestionKind, Source
from fitcheck.intake_text import split_other, unique_items
from fitcheck.models import Contact, IntakePage, Rubric
from fitcheck.services import intake_questions, rubric_versions

HONEYPOT = "website"
PREFER_NOT = "prefer_not_to_say"
# The contact's text facts (occupation, industry, location) hold 150 characters;
# list items, 300.
TEXT_MAX_LENGTH = 150
OWN_TEXT_MAX_LENGTH = 300
OTHER_MAX_LENGTH = 300
MESSAGE_MAX_LENGTH = 2000
NUMBER_RANGES = {"age": (1, 120), "company_size": (1, 1_000_000)}
LIST_FACTS = frozenset({"languages", "interests", "values", "reported_pains", "goals"})
TEXT_FACTS = frozenset({"occupation", "industry", "location"})
# Lists offered as tick boxes; these also take answers the rubric did not foresee.
OTHER_LABELS = {
    "languages": "Another language?",
    "interests": "Anything else you enjoy?",
    "values": "Anything else that matters to you?",
}
OTHER_HELP = "Optional. Separate several with commas."
NONE_WITH_OTHERS = "“{}” can't go with other answers: untick one or the other."
# Generated form classes kept per process, one per version of a page's questions.
FORMS_KEPT = 256


@dataclass
class Answers:
    """What a submission tells about the prospect (see the module docstring)."""

    facts: dict[str, Any] = field(default_factory=dict)
    red_flags: list[str] = field(default_factory=list)
    asked: list[tuple[str, str]] = field(default_factory=list)

    def add(self, fact: str, value: Any) -> None:
        """Lists gather every answer; another fact keeps its first answer (the
        answers ticked on one's own question scored against it, joined)."""
        if fact in LIST_FACTS:
            items = value if isinstance(value, list) else [value]
            self.facts[fact] = unique_items([*self.facts.get(fact, []), *items])
        elif value not in (None, "") and self.facts.get(fact) in (None, ""):
            if isinstance(value, list):
                value = ", ".join(value)
            if fact in TEXT_FACTS:  # An answer of one's own may be longer.
                value = Truncator(value).chars(TEXT_MAX_LENGTH)
            self.facts[fact] = value


class Asked(NamedTuple):
    """A question the form asks: its field's name and where its answers go."""

    name: str
    question: Question
    fact: str


class IntakeForm(forms.Form):
    """What every generated intake form shares: who is asking and how to reply."""

    asked: tuple[Asked, ...] = ()
    # The applied rubric the answers are scored by, and its scoring form (see
    # intake_form_for): scoring the submission reuses both.
    rubric: Rubric | None = None
    scoring_rubric: scoring.Rubric | None = None

    name = forms.CharField(
        label="Your name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Your email",
        max_length=Contact._meta.get_field("email").max_length,
        help_text="Only to reply to you: no mailing lists.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    message = forms.CharField(
        label="Anything else we should know?",
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        answers = Answers()
        for asked in self.asked:
            if asked.name in cleaned:
                self._answer(asked, cleaned, answers)
        cleaned["answers"] = answers
        return cleaned

    def _answer(self, asked: Asked, cleaned: dict, answers: Answers) -> None:
        question, value = asked.question, cleaned.get(asked.name)
        if question.kind is QuestionKind.MANY:
            value = self._ticked(asked, cleaned, answers)
        elif question.kind is QuestionKind.ONE:
            value = "" if value == PREFER_NOT else value or ""
        elif question.kind is QuestionKind.TEXT:
            value = (value or "").strip()
        if asked.fact and value not in (None, "", []):
            answers.add(asked.fact, value)
        if question.source is Source.OWN and value not in (None, "", []):
            shown = _labels(question, value)
            answers.asked.append((question.wording, shown))

    def _ticked(self, asked: Asked, cleaned: dict, answers: Answers) -> list[str]:
        """The ticked answers that go to the question's fact; those that count
        against go to the red flags."""
        by_value = {option.value: option for option in asked.question.options}
        ticked = [by_value[value] for value in cleaned.get(asked.name) or []]
        others = split_other(cleaned.get(f"{asked.name}_other", ""))
        nothing = [option for option in ticked if option.counts is Counts.NONE]
        if nothing and (len(ticked) > 1 or others):
            self.add_error(asked.name, NONE_WITH_OTHERS.format(nothing[0].label))
            return []
        answers.red_flags += [o.value for o in ticked if o.counts is Counts.AGAINST]
        kept = [o.value for o in ticked if o.counts is not Counts.AGAINST]
        return unique_items([*kept, *others])

    def questions(self) -> list[tuple[str, list[forms.BoundField]]]:
        """Each question's kind and fields, in order, its "other" box after its
        tick boxes."""
        return [
            (
                asked.question.kind.value,
                [
                    self[name]
                    for name in (asked.name, f"{asked.name}_other")
                    if name in self.fields
                ],
            )
            for asked in self.asked
        ]


def _labels(question: Question, value: Any) -> str:
    """An answer to one's own question as the prospect read it."""
    labels = {option.value: option.label for option in question.options}
    values = value if isinstance(value, list) else [value]
    return ", ".join(labels.get(str(v), str(v)) for v in values)


class Choices(BaseChoiceIterator):
    """A question's choices, shared by every copy of its field. For each form it
    builds Django copies every field, choices and all; copying these choices,
    which never change, was a third of the cost of building an intake form."""

    def __init__(self, choices: Iterable[tuple[str, Any]]) -> None:
        self.choices = tuple(choices)

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        return iter(self.choices)

    def __deepcopy__(self, memo: dict) -> "Choices":
        return self


def build_intake_form(
    questions: Sequence[Question], criteria: Iterable[Criterion]
) -> type[IntakeForm]:
    """A form class asking the shown questions. One's own question scored against
    a criterion sends its answers to that criterion's fact."""
    scored = {c.key: c.fact for c in criteria if c.positive and c.kind is Kind.CONTAINS}
    asked = tuple(
        Asked(_field_name(q), q, q.fact or scored.get(q.criterion_key, ""))
        for q in questions
        if not q.hidden
    )
    fields: dict[str, Any] = {"asked": asked}
    for item in asked:
        fields |= _fields_for(item)
    return type("GeneratedIntakeForm", (IntakeForm,), fields)


def _field_name(question: Question) -> str:
    if question.source is Source.OWN:
        return question.key.replace(":", "_")
    return question.fact


def intake_form_for(page: IntakePage) -> type[IntakeForm]:
    """The page's form. A page read by `queries.published_page` knows the pk of
    its persona's applied rubric; otherwise, or before the persona has one, the
    rubric is read (or generated)."""
    rubric_id = getattr(page, "applied_rubric_id", None)
    if rubric_id is None:
        rubric_id = rubric_versions.applied_rubric(persona=page.persona).pk
    return _form_for(page.pk, page.questions_version, rubric_id)


@lru_cache(maxsize=FORMS_KEPT)
def _form_for(page_id: int, questions_version: int, rubric_id: int) -> type[IntakeForm]:
    """The form of one version of a page's questions and one rubric version, built
    once per process. Applied rubrics never change (an edit makes a new version
    with a new pk), and every change to the questions moves the page's
    `questions_version` on, so the three make a safe key."""
    rubric = Rubric.objects.prefetch_related("criteria").get(pk=rubric_id)
    compiled = rubric.as_scoring()
    questions = intake_questions.questions_for(page_id=page_id, rubric=rubric)
    form_class = build_intake_form(questions, compiled.criteria)
    form_class.rubric = rubric
    form_class.scoring_rubric = compiled
    return form_class


def _fields_for(asked: Asked) -> dict[str, forms.Field]:
    question = asked.question
    label, help_text = question.wording, question.help_text
    options = [option for option in question.options if not option.hidden]
    if question.kind is QuestionKind.NUMBER:
        low, high = NUMBER_RANGES.get(question.fact, (0, 1_000_000))
        widget = forms.NumberInput(attrs={"inputmode": "numeric"})
        return {
            asked.name: forms.IntegerField(
                label=label,
                help_text=help_text,
                required=False,
                min_value=low,
                max_value=high,
                widget=widget,
            )
        }
    if question.kind is QuestionKind.TEXT:
        limit = TEXT_MAX_LENGTH if asked.fact in TEXT_FACTS else OWN_TEXT_MAX_LENGTH
        return {
            asked.name: forms.CharField(
                label=label, help_text=help_text, required=False, max_length=limit
            )
        }
    if question.kind is QuestionKind.ONE:
        choices = Choices(
            [*((o.value, o.label) for o in options), (PREFER_NOT, "Prefer not to say")]
        )
        return {
            asked.name: forms.ChoiceField(
                label=label,
                help_text=help_text,
                required=False,
                choices=choices,
                widget=forms.RadioSelect,
            )
        }
    fields = {
        asked.name: forms.MultipleChoiceField(
            label=label,
            help_text=help_text,
            required=False,
            choices=Choices((o.value, o.label) for o in options),
            widget=forms.CheckboxSelectMultiple,
        )
    }
    if question.source is Source.DRAFTED and question.fact in OTHER_LABELS:
        fields[f"{asked.name}_other"] = forms.CharField(
            label=OTHER_LABELS[question.fact],
            required=False,
            max_length=OTHER_MAX_LENGTH,
            help_text=OTHER_HELP,
        )
    return fields


def is_bot(data: Mapping[str, Any]) -> bool:
    """People never see the honeypot field; form-filling robots fill it in."""
    return bool((data.get(HONEYPOT) or "").strip())
