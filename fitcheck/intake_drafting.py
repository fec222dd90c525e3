"""The intake's questions, drafted from a rubric and re-drafted when it changes (pure:
no database; the rows that keep them are fitcheck.models.IntakeQuestion).

Drafting asks one question per fact the rubric's positive criteria read. Only the
DEFAULT_SHOWN heaviest facts are shown (a fact weighs what its criteria weigh
together, so all the pains count as one question); the others are drafted
hidden, for the practitioner to show if they want them. Questions keep the order
of FACTS, so "what brings you here" comes before "about you".

Tick-box answers are worded as the prospect would say them: a pain or dream
offers its first "how prospects say it" phrase, else its sentence in the first
person (`fitcheck.intake_wording`), marked for the practitioner to check when the
swap was not sure. Among them sit a few answers that count against
(COUNTERS_PER_QUESTION): the persona's red flags (deal-breakers first) and the
anti-personas' traits, worded the same way and spread between the others, and a
"None of these". Ticking everything is therefore no way to look ideal.

A re-draft (the rubric changed) keeps the practitioner's work: questions keep
their order; a question they edited keeps its wording, help and visibility; an
answer they reworded or hid keeps its label and visibility; their own questions
stay. Questions whose fact the rubric no longer scores go, new ones join at the
end, and answers follow the new rubric. Until anything is edited, a re-draft is
simply the new draft.
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from fitcheck.criteria import Criterion, Kind
from fitcheck.intake_text import unique_items
from fitcheck.intake_wording import first_person

DEFAULT_SHOWN = 8
# What an answer's label holds (IntakeQuestion's wording columns).
LABEL_LENGTH = 300
COUNTERS_PER_QUESTION = 2
NONE_OF_THESE = "None of these"
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
    "company_size": "How big is your team, you included?",
    "income_band": "Roughly what is your yearly income?",
    "education": "What is the highest education you have completed?",
    "interests": "What do you enjoy doing?",
    "values": "Which of these matter to you?",
}
FACTS = tuple(QUESTIONS)
NUMBER_FACTS = frozenset({"age", "company_size"})
TEXT_FACTS = frozenset({"occupation", "industry", "location"})
ONE_CHOICE_FACTS = frozenset({"gender", "income_band", "family_status", "education"})
# Lists where "None of these" is an answer: the prospect read them all.
NONE_FACTS = frozenset({"reported_pains", "goals", "interests", "values"})
# Pains and dreams offer one answer per criterion; other lists one per term.
SENTENCE_FACTS = frozenset({"reported_pains", "goals"})


class QuestionKind(StrEnum):
    MANY = "many"
    ONE = "one"
    NUMBER = "number"
    TEXT = "text"


class Counts(StrEnum):
    """What ticking an answer does."""

    FOR = "for"  # Kept in the question's fact, where the rubric reads it.
    AGAINST = "against"  # Kept among the contact's red flags.
    NONE = "none"  # "None of these": the list is known, and none of it applies.
    CHOICE = "choice"  # A plain choice (a code, or an answer to one's own question).


class Source(StrEnum):
    DRAFTED = "drafted"
    OWN = "own"


@dataclass(frozen=True)
class Option:
    """One answer: the `value` the contact keeps, the `label` the prospect reads."""

    value: str
    label: str
    counts: Counts = Counts.FOR
    hidden: bool = False
    check: bool = False  # The drafted wording was not sure: worth a look.
    edited: bool = False

    @property
    def key(self) -> str:
        """The same answer in another draft (labels may be reworded)."""
        return f"{self.counts}:{self.value.casefold()}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "label": self.label,
            "counts": self.counts.value,
            "hidden": self.hidden,
            "check": self.check,
            "edited": self.edited,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Option":
        return cls(**{**data, "counts": Counts(data["counts"])})


@dataclass(frozen=True)
class Question:
    """One question; `fact` is where its answers go ("" for a question of one's
    own that no criterion scores: its answers are kept in the contact's notes)."""

    key: str
    kind: QuestionKind
    wording: str
    fact: str = ""
    help_text: str = ""
    options: tuple[Option, ...] = ()
    hidden: bool = False
    edited: bool = False
    source: Source = Source.DRAFTED
    criterion_key: str = ""

    @property
    def check(self) -> bool:
        return any(option.check and not option.edited for option in self.options)


@dataclass(frozen=True)
class Trait:
    """Something that counts against, offered among the answers of `fact`'s question."""

    text: str
    fact: str
    deal_breaker: bool = False
    # A red flag says what someone does ("Calls at weekends"): see first_person.
    behaviour: bool = False


def fact_weights(criteria: Iterable[Criterion]) -> dict[str, float]:
    """What each asked fact weighs: the weights of its positive criteria."""
    weights: dict[str, float] = {}
    for c in criteria:
        if c.positive and c.fact in QUESTIONS:
            weights[c.fact] = weights.get(c.fact, 0.0) + c.weight
    return weights


def draft(
    criteria: Sequence[Criterion],
    *,
    traits: Sequence[Trait] = (),
    choices: Mapping[str, Sequence[tuple[str, str]]],
    shown: int = DEFAULT_SHOWN,
) -> list[Question]:
    """The questions for a rubric's criteria: see the module docstring.
    `traits` are the anti-personas' (the rubric's red flags are added here);
    `choices` are the (code, label) answers of the one-answer facts."""
    weights = fact_weights(criteria)
    facts = [fact for fact in FACTS if weights.get(fact)]
    heaviest = sorted(facts, key=lambda f: (-weights[f], FACTS.index(f)))[:shown]
    counters = [*_red_flags(criteria), *traits]
    ordered = [f for f in facts if f in heaviest] + [
        f for f in facts if f not in heaviest
    ]
    return [
        _question(fact, criteria, counters, choices, hidden=fact not in heaviest)
        for fact in ordered
    ]


def _red_flags(criteria: Iterable[Criterion]) -> list[Trait]:
    """The rubric's red flags, asked among the pains, deal-breakers first."""
    flags = [
        Trait(
            c.expected[0],
            "reported_pains",
            deal_breaker=c.kind is Kind.KNOCK_OUT,
            behaviour=True,
        )
        for c in criteria
        if c.fact == "red_flags"
        and c.expected
        and (c.kind is Kind.KNOCK_OUT or c.penalty)
    ]
    return sorted(flags, key=lambda t: not t.deal_breaker)


def _question(
    fact: str,
    criteria: Sequence[Criterion],
    counters: Sequence[Trait],
    choices: Mapping[str, Sequence[tuple[str, str]]],
    *,
    hidden: bool,
) -> Question:
    base = Question(
        key=f"fact:{fact}",
        kind=QuestionKind.MANY,
        wording=QUESTIONS[fact],
        fact=fact,
        hidden=hidden,
    )
    if fact in NUMBER_FACTS:
        return replace(base, kind=QuestionKind.NUMBER)
    if fact in TEXT_FACTS:
        return replace(base, kind=QuestionKind.TEXT)
    if fact in ONE_CHOICE_FACTS:
        options = tuple(
            Option(code, label, Counts.CHOICE) for code, label in choices[fact]
        )
        return replace(base, kind=QuestionKind.ONE, options=options)
    return replace(base, options=_tick_options(fact, criteria, counters))


def _tick_options(
    fact: str, criteria: Sequence[Criterion], counters: Sequence[Trait]
) -> tuple[Option, ...]:
    positive = _dedupe(
        _answer(c, term)
        for c in criteria
        if c.positive and c.fact == fact
        for term in _terms(c)
    )
    taken = {option.value.casefold() for option in positive}
    against = _dedupe(
        _worded(trait.text, Counts.AGAINST, behaviour=trait.behaviour)
        for trait in counters
        if trait.fact == fact and trait.text.casefold() not in taken
    )[:COUNTERS_PER_QUESTION]
    options = _spread(positive, against)
    if fact in NONE_FACTS:
        options.append(Option(NONE_OF_THESE, NONE_OF_THESE, Counts.NONE))
    return tuple(options)


def _terms(c: Criterion) -> tuple[str, ...]:
    """A pain or dream is one answer (its sentence); another list, one per term."""
    if c.fact in SENTENCE_FACTS:
        return c.expected[:1]
    return c.expected


def _answer(c: Criterion, term: str) -> Option:
    """A pain or dream in the prospect's words: its first "how prospects say it"
    phrase when it has one (the criterion's second term), else its sentence."""
    if c.fact in SENTENCE_FACTS and len(c.expected) > 1:
        return Option(term, c.expected[1])
    return _worded(term, Counts.FOR)


def _worded(text: str, counts: Counts, *, behaviour: bool = False) -> Option:
    wording = first_person(text, behaviour=behaviour)
    if len(wording.text) > LABEL_LENGTH:  # "I " added to a sentence at the limit.
        return Option(text, text, counts, check=True)
    return Option(text, wording.text, counts, check=not wording.sure)


def _dedupe(options: Iterable[Option]) -> list[Option]:
    seen: dict[str, Option] = {}
    for option in options:
        seen.setdefault(option.value.casefold(), option)
    return list(seen.values())


def _spread(positive: list[Option], against: list[Option]) -> list[Option]:
    """The answers that count against, spread between the others: each after
    its share of them, never first, two together only when there are too few."""
    if not positive:
        return list(against)
    slots, last = [], 0
    for index in range(len(against)):
        share = math.ceil((index + 1) * len(positive) / (len(against) + 1))
        last = min(len(positive), max(share, last + 1))
        slots.append(last)
    result = []
    for number, option in enumerate(positive, start=1):
        result.append(option)
        result += [a for a, slot in zip(against, slots, strict=True) if slot == number]
    return result


def redraft(current: Sequence[Question], fresh: Sequence[Question]) -> list[Question]:
    """`fresh` (a new draft) merged with the practitioner's work in `current`:
    see the module docstring."""
    if not any(
        q.edited or q.source is Source.OWN or _options_edited(q) for q in current
    ):
        return list(fresh)
    drafted = {q.key: q for q in fresh}
    kept = [
        q if q.source is Source.OWN else _merge(q, drafted[q.key])
        for q in current
        if q.source is Source.OWN or q.key in drafted
    ]
    known = {q.key for q in current}
    return kept + [q for q in fresh if q.key not in known]


def _options_edited(question: Question) -> bool:
    return any(option.edited for option in question.options)


def _merge(old: Question, new: Question) -> Question:
    edited = {option.key: option for option in old.options if option.edited}
    options = tuple(
        replace(option, label=mine.label, hidden=mine.hidden, edited=True)
        if (mine := edited.get(option.key))
        else option
        for option in new.options
    )
    if not old.edited:
        return replace(new, options=options)
    return replace(
        new,
        wording=old.wording,
        help_text=old.help_text,
        hidden=old.hidden,
        edited=True,
        options=options,
    )


def own_options(text: str) -> tuple[Option, ...]:
    """The answers of one's own question, typed one per line."""
    return tuple(
        Option(line, line, Counts.CHOICE) for line in unique_items(text.splitlines())
    )
