"""The public "are we a good fit?" intake.

Its questions are generated from the persona's applied rubric: one question per
contact fact the positive criteria read, worded for the prospect. Red flags are
never asked: a prospect cannot be expected to report them, and asking would only
teach people what to hide. A submission creates or updates a contact, scores it and
tells the practitioner.
"""

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator

from accounts.tasks import enqueue_after_commit
from fitcheck import intake_queries, scoring, services, tasks
from fitcheck.criteria import Criterion, Kind
from fitcheck.models import Band, Contact, FitScore, IntakePage, Rubric
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


class Outcome(StrEnum):
    """What the prospect is shown; never the score itself."""

    GOOD = "good"
    WEAK = "weak"
    POOR = "poor"


def outcome_for(*, band: str, knocked_out: bool) -> Outcome:
    """A good fit gets the next step, a poor fit kind referrals; a weak fit (or
    too little known to say) is left to the practitioner's own reading."""
    if knocked_out or band == Band.NOT_A_FIT:
        return Outcome.POOR
    if band in (Band.IDEAL, Band.GOOD):
        return Outcome.GOOD
    return Outcome.WEAK


# The form ---------------------------------------------------------------------------


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
                cleaned[fact] = _unique([*(cleaned.get(fact) or []), *others])
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
    """The page's form. A page read by `intake_queries.published_page` knows the
    pk of its persona's applied rubric; otherwise, or before the persona has
    one, the rubric is read (or generated)."""
    rubric_id = getattr(page, "applied_rubric_id", None)
    if rubric_id is None:
        rubric_id = services.applied_rubric(persona=page.persona).pk
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
    return [t for t in _unique(terms) if len(t) <= OPTION_MAX_LENGTH]


def split_other(text: str) -> list[str]:
    return _unique(re.split(r"[,;\n]", text or ""))


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for item in items:
        text = item.strip()
        if text and text.casefold() not in seen:
            seen[text.casefold()] = text
    return list(seen.values())


def is_bot(data: Mapping[str, Any]) -> bool:
    """People never see the honeypot field; form-filling robots fill it in."""
    return bool((data.get(HONEYPOT) or "").strip())


# Referrals ------------------------------------------------------------------------

URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
URL_TRAILING = ".,;:!?)]}"


@dataclass(frozen=True)
class Part:
    """A piece of a referral line; with `url`, shown as a link."""

    text: str
    url: str = ""


def referral_lines(text: str) -> list[list[Part]]:
    """The practitioner's referrals, one per line, web addresses made links.

    Only http and https addresses become links, so a line can never carry a
    `javascript:` link; the template escapes every part.
    """
    return [_parts(line.strip()) for line in text.splitlines() if line.strip()]


def _parts(line: str) -> list[Part]:
    parts, position = [], 0
    for match in URL.finditer(line):
        url = match.group().rstrip(URL_TRAILING)
        if match.start() > position:
            parts.append(Part(line[position : match.start()]))
        parts.append(Part(url, url))
        position = match.start() + len(url)
    if position < len(line):
        parts.append(Part(line[position:]))
    return parts


# The submission ---------------------------------------------------------------------


def submit_intake(
    *,
    page: IntakePage,
    cleaned_data: Mapping[str, Any],
    form_class: type[IntakeForm],
) -> tuple[Contact, FitScore]:
    """Create or update the contact (matched on email within the workspace), score
    it against the page's persona, and once that is stored have the worker score
    it against the workspace's other personas and email the owners.

    `form_class` is the page's form (see intake_form_for): it carries the
    applied rubric its questions come from, which the answers are scored by.
    A new prospect (the usual case) is stored by one statement; a known one in a
    transaction of two.
    """
    contact = _new_contact(page, cleaned_data)
    fit = _score(form_class, contact)
    if not intake_queries.add_new_contact(contact, fit):
        contact, fit = _update_known_contact(page, cleaned_data, form_class)
    enqueue_after_commit(
        tasks.intake_received,
        page_id=page.pk,
        persona_id=page.persona_id,
        contact_id=contact.pk,
        outcome=outcome_for(band=fit.effective_band, knocked_out=fit.knocked_out),
        message=cleaned_data.get("message", ""),
    )
    return contact, fit


@transaction.atomic
def _update_known_contact(
    page: IntakePage, data: Mapping[str, Any], form_class: type[IntakeForm]
) -> tuple[Contact, FitScore]:
    """The answers merged into the known contact (see
    intake_queries.save_contact), which is then scored as it now stands: with
    the facts it kept, its red flags among them. Its stored score may carry an
    admin's band override, which comes back with it."""
    contact = intake_queries.save_contact(_new_contact(page, data), merged=FACTS)
    fit = _score(form_class, contact)
    intake_queries.save_score(fit, replaced=tuple(services.SCORE_FIELDS))
    return contact, fit


def _score(form_class: type[IntakeForm], contact: Contact) -> FitScore:
    """The contact's score against the form's rubric, not stored yet."""
    return services.fit_score_row(form_class.rubric, form_class.scoring_rubric, contact)


def _new_contact(page: IntakePage, data: Mapping[str, Any]) -> Contact:
    """Unsaved: the answers as a new prospect's contact would hold them."""
    contact = Contact(
        workspace_id=page.workspace_id,
        name=data["name"],
        email=data["email"],
        stage=Contact.Stage.PROSPECT,
        source=Contact.Source.INTAKE,
    )
    _apply_answers(contact, data)
    return contact


def _apply_answers(contact: Contact, data: Mapping[str, Any]) -> None:
    """Answered facts replace what was known; unanswered ones leave it as it was.
    The message is added to the notes. A known contact merges these into its row
    and keeps its name, stage, source and red flags (intake_queries)."""
    for fact in FACTS:
        value = data.get(fact)
        if value is not None and value != "" and value != []:
            setattr(contact, fact, value)
    message = (data.get("message") or "").strip()
    if message:
        date = timezone.localdate()
        contact.notes = f"Message from the fit intake ({date:%d %b %Y}):\n{message}"
