"""The public "are we a good fit?" intake form.

Its questions are generated from the persona's applied rubric: one question per
contact fact the positive criteria read, worded for the prospect. Red flags are
never asked: a prospect cannot be expected to report them, and asking would only
teach people what to hide. What a submission does is services/intake.py.
"""

from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from typing import Any

from django import forms
from django.utils.choices import BaseChoiceIterator

from fitcheck import scoring
from fitcheck.criteria import Criterion, Kind
from fitcheck.intake_text import split_other, unique_items
from fitcheck.models import IntakePage, Rubric
from fitcheck.services import rubric_versions
from personas.models import Education, FamilyStatus, IncomeBand

HONEYPOT = "website"
PREFER_NOT = "prefer_not_to_say"
TEXT_MAX_LENGTH = 150
OTHER_MAX_LENGTH = 300
MESSAGE_MAX_LENGTH = 2000

# Fact -> the question a prospect reads, in the order the form asks them.
QUESTIONS = {
    "reported_pains": "Which of these sound like you?",
    "goals": "What would you love to change?",
    "age": "How old are you?",
    "gender": "How do you describe your gender?",
    "family_status": "Which best describes your home life?",
    "location": "Where are you based?",
    "languages": "Which languages are you happy to work in?",
    "occupation": "What do you do for a living?",
    "industry": "Which industry do you work in?",
    "company_size": "How many people work in your business, you included?",
    "income_band": "Roughly what is your yearly income?",
    "education": "What is the highest education you have completed?",
    "interests": "What do you enjoy doing?",
    "values": "Which of these matter to you?",
}
FACTS = tuple(QUESTIONS)
SECTIONS = (
    ("What brings you here", ("reported_pains", "goals")),
    ("About you", FACTS[2:]),
    ("How we can reply", ("name", "email", "message")),
)
NUMBER_FACTS = {"age": (1, 120), "company_size": (1, 1_000_000)}
TEXT_FACTS = {"occupation", "industry", "location"}
# The persona's wording describes groups ("Women"); a prospect describes themself.
CHOICE_FACTS = {
    "gender": [("women", "Woman"), ("men", "Man"), ("non_binary", "Non-binary")],
    "income_band": IncomeBand.choices,
    "family_status": FamilyStatus.choices,
    "education": Education.choices,
}
# Lists offered as tick boxes; these also take answers the rubric did not foresee.
OTHER_LABELS = {
    "languages": "Another language?",
    "interests": "Anything else you enjoy?",
    "values": "Anything else that matters to you?",
}
OTHER_HELP = "Optional. Separate several with commas."
# A checkbox value cannot hold more than a contact's list item.
OPTION_MAX_LENGTH = 300
# Generated form classes kept per process, one per rubric version asked.
FORMS_KEPT = 256


class IntakeForm(forms.Form):
    """What every generated intake form shares: who is asking and how to reply."""

    facts_asked: tuple[str, ...] = ()
    # The applied rubric the questions come from, and its scoring form (see
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
        help_text="So we can reply to you. We won't add you to any mailing list.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    message = forms.CharField(
        label="Anything else you would like us to know?",
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for fact in self.facts_asked:
            if fact in CHOICE_FACTS:
                # "Prefer not to say" leaves the fact unknown, never held against.
                if cleaned.get(fact) == PREFER_NOT:
                    cleaned[fact] = ""
            elif fact in TEXT_FACTS:
                cleaned[fact] = (cleaned.get(fact) or "").strip()
            elif fact not in NUMBER_FACTS:
                others = split_other(cleaned.pop(f"{fact}_other", ""))
                cleaned[fact] = unique_items([*(cleaned.get(fact) or []), *others])
        return cleaned

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The questions in headed groups, each "other" box after its tick boxes."""
        result = []
        for title, names in SECTIONS:
            fields = [
                self[field]
                for name in names
                for field in (name, f"{name}_other")
                if field in self.fields
            ]
            if fields:
                result.append((title, fields))
        return result


def asked_facts(criteria: Iterable[Criterion]) -> tuple[str, ...]:
    """The facts worth a question: read by a positive criterion that counts."""
    read = {
        c.fact
        for c in criteria
        if c.weight > 0 and c.kind is not Kind.KNOCK_OUT and not c.penalty
    }
    return tuple(fact for fact in FACTS if fact in read)


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


def build_intake_form(criteria: Iterable[Criterion]) -> type[IntakeForm]:
    """A form class asking one question per fact the rubric's criteria read."""
    criteria = tuple(criteria)
    facts = asked_facts(criteria)
    fields: dict[str, Any] = {"facts_asked": facts}
    for fact in facts:
        fields |= _fields_for(fact, criteria)
    return type("GeneratedIntakeForm", (IntakeForm,), fields)


def intake_form_for(page: IntakePage) -> type[IntakeForm]:
    """The page's form. A page read by `queries.published_page` knows the
    pk of its persona's applied rubric; otherwise, or before the persona has
    one, the rubric is read (or generated)."""
    rubric_id = getattr(page, "applied_rubric_id", None)
    if rubric_id is None:
        rubric_id = rubric_versions.applied_rubric(persona=page.persona).pk
    return _form_for_rubric(rubric_id)


@lru_cache(maxsize=FORMS_KEPT)
def _form_for_rubric(rubric_id: int) -> type[IntakeForm]:
    """The form of one rubric version, built once per process. Applied and
    retired versions never change (an edit makes a new draft, with a new pk, and
    applying it changes the page's applied rubric), so the pk is a safe key."""
    rubric = Rubric.objects.prefetch_related("criteria").get(pk=rubric_id)
    compiled = rubric.as_scoring()
    form_class = build_intake_form(compiled.criteria)
    form_class.rubric = rubric
    form_class.scoring_rubric = compiled
    return form_class


def _fields_for(fact: str, criteria: tuple[Criterion, ...]) -> dict[str, forms.Field]:
    label = QUESTIONS[fact]
    if fact in NUMBER_FACTS:
        low, high = NUMBER_FACTS[fact]
        widget = forms.NumberInput(attrs={"inputmode": "numeric"})
        field = forms.IntegerField(
            label=label, required=False, min_value=low, max_value=high, widget=widget
        )
        return {fact: field}
    if fact in CHOICE_FACTS:
        choices = Choices([*CHOICE_FACTS[fact], (PREFER_NOT, "Prefer not to say")])
        field = forms.ChoiceField(
            label=label, required=False, choices=choices, widget=forms.RadioSelect
        )
        return {fact: field}
    if fact in TEXT_FACTS:
        return {
            fact: forms.CharField(
                label=label, required=False, max_length=TEXT_MAX_LENGTH
            )
        }
    options = _options(fact, criteria)
    fields = {
        fact: forms.MultipleChoiceField(
            label=label,
            required=False,
            choices=Choices((option, option) for option in options),
            widget=forms.CheckboxSelectMultiple,
            help_text="Tick as many as you like, or none.",
        )
    }
    if fact in OTHER_LABELS:
        fields[f"{fact}_other"] = forms.CharField(
            label=OTHER_LABELS[fact],
            required=False,
            max_length=OTHER_MAX_LENGTH,
            help_text=OTHER_HELP,
        )
    return fields


def _options(fact: str, criteria: tuple[Criterion, ...]) -> list[str]:
    """Tick-box options from the criteria: for pains and dreams, the persona's own
    sentence (each criterion's first term); for the other lists, every term."""
    terms = []
    for criterion in criteria:
        if criterion.fact != fact or not criterion.expected:
            continue
        if fact in ("reported_pains", "goals"):
            terms.append(criterion.expected[0])
        else:
            terms.extend(criterion.expected)
    return [t for t in unique_items(terms) if len(t) <= OPTION_MAX_LENGTH]


def is_bot(data: Mapping[str, Any]) -> bool:
    """People never see the honeypot field; form-filling robots fill it in."""
    return bool((data.get(HONEYPOT) or "").strip())
