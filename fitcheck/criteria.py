"""One criterion of a rubric, and how it judges a contact's fact.

A criterion reads one fact and is met, not met, or open because its fact is unknown
(a pain of a list the contact wrote, when they mention another of the persona's
pains but not this one, is "not among those mentioned": `fitcheck.scoring` counts
it with its group). Red flags are present or absent: a deal-breaker (knock-out)
rules the contact out, a warning (penalty) takes its weight off the score. Each
verdict comes with one plain sentence for the breakdown, quoting what was found and
where.

"matches" needs the whole answer (or an item of a list) to be one of the terms,
whatever the case; "contains" looks for the terms as phrases, by word stem, in each
text of the fact (`fitcheck.matching`); "in_range" reads a number between two ends,
either of which may be open. Pure: no database, so `fitcheck.scoring` and its tests
use it as they are.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from fitcheck import matching

type FactValue = str | int | float | Sequence[str] | None

# What a criterion's label holds (its column, fitcheck.models.Criterion.label).
LABEL_LENGTH = 300
# How many terms a sentence names, and how long a quote may be.
TERMS_SHOWN = 3
QUOTE_LENGTH = 90


class Kind(StrEnum):
    MATCHES = "matches"
    IN_RANGE = "in_range"
    CONTAINS = "contains"
    KNOCK_OUT = "knock_out"


class Outcome(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"
    IGNORED = "ignored"
    RED_FLAG = "red_flag"
    NO_RED_FLAG = "no_red_flag"
    KNOCKED_OUT = "knocked_out"


# Outcomes as the breakdown's readers say them (the admin, exports).
OUTCOME_WORDS = {
    Outcome.MET: "Met",
    Outcome.NOT_MET: "Not met",
    Outcome.UNKNOWN: "Unknown",
    Outcome.IGNORED: "Ignored (weight 0)",
    Outcome.RED_FLAG: "Red flag present",
    Outcome.NO_RED_FLAG: "No red flag",
    Outcome.KNOCKED_OUT: "Deal-breaker present",
}


@dataclass(frozen=True, slots=True)
class Criterion:
    """One line of a rubric; `penalty` marks a warning red flag worth -weight."""

    key: str
    label: str
    fact: str
    kind: Kind
    weight: float
    expected: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    penalty: bool = False
    # Derived once here rather than on every call, because a batch scores
    # 100,000 contacts against the same rubric. Pairs are (as written, normalised).
    _terms: tuple[tuple[str, str], ...] = field(init=False, repr=False, compare=False)
    _title: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Rubrics are often built from database rows holding plain strings,
        # lists and Decimals; coercing keeps `is` tests and float sums reliable.
        # A bare string would otherwise become a tuple of its letters.
        raw = self.expected
        expected = (raw,) if isinstance(raw, str) else tuple(raw)
        set_frozen(
            self,
            kind=Kind(self.kind),
            weight=float(self.weight),
            low=None if self.low is None else float(self.low),
            high=None if self.high is None else float(self.high),
            expected=expected,
            _terms=tuple((t.strip(), _norm(t)) for t in expected if _norm(t)),
            _title=self.fact.replace("_", " ").strip().capitalize(),
        )
        _check_criterion(self)

    @property
    def positive(self) -> bool:
        """Counts towards the score (not a red flag, not switched off)."""
        return self.weight > 0 and self.kind is not Kind.KNOCK_OUT and not self.penalty

    @property
    def reads_text(self) -> bool:
        return self.kind in (Kind.CONTAINS, Kind.KNOCK_OUT)


def set_frozen(frozen: object, **values: object) -> None:
    """Set fields of a frozen dataclass while its __post_init__ builds it."""
    for name, value in values.items():
        object.__setattr__(frozen, name, value)


def _check_criterion(c: Criterion) -> None:
    if not (math.isfinite(c.weight) and c.weight >= 0):
        raise ValueError(f"{c.key}: weight must be a finite number >= 0.")
    if c.low is not None and c.high is not None and c.low > c.high:
        raise ValueError(f"{c.key}: low must not be above high.")
    if c.penalty and c.kind not in (Kind.MATCHES, Kind.CONTAINS):
        raise ValueError(f"{c.key}: only matches or contains can be a penalty.")
    # Without terms such a criterion could never be met; that is a data error.
    if c.kind is not Kind.IN_RANGE and not c._terms:
        raise ValueError(f"{c.key}: {c.kind} needs at least one expected term.")


class Fact(NamedTuple):
    value: FactValue
    shown: tuple[str, ...]  # Trimmed items as written, for explanations.
    items: tuple[str, ...]  # Normalised items, for comparisons.
    texts: tuple[matching.Text, ...]  # Items read for phrases (text criteria only).


class Verdict(NamedTuple):
    outcome: Outcome
    text: str


def _norm(text: str) -> str:
    return text.strip().casefold()


def _show_number(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def read_fact(value: FactValue, for_text: bool) -> Fact | None:
    """The fact ready for comparison, or None when it is unknown."""
    if value is None:
        return None
    if isinstance(value, str):
        shown = (value.strip(),) if value.strip() else ()
    elif isinstance(value, int | float):
        if not math.isfinite(value):
            return None
        shown = (_show_number(value),)
    else:
        # An empty list is a known answer ("we looked, there are none").
        shown = tuple(s for item in value if (s := str(item).strip()))
    if not shown and not isinstance(value, list | tuple):
        return None
    texts = tuple(matching.read_text(s) for s in shown) if for_text else ()
    return Fact(value, shown, tuple(s.casefold() for s in shown), texts)


def _number(fact: Fact | None) -> float | None:
    """The fact as a finite number; text that is not a number is unknown."""
    value = fact.value if fact else None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _quote(text: str) -> str:
    if len(text) <= QUOTE_LENGTH:
        return f"“{text}”"
    return f"“{text[:QUOTE_LENGTH].rsplit(' ', 1)[0]}…”"


def _terms_words(c: Criterion, names: Mapping[str, str]) -> str:
    quoted = [f"“{names.get(shown, shown)}”" for shown, _ in c._terms[:TERMS_SHOWN]]
    more = len(c._terms) - TERMS_SHOWN
    return ", ".join(quoted) + (f" and {more} more" if more > 0 else "")


def _range_words(c: Criterion) -> str:
    low, high = (None if end is None else _show_number(end) for end in (c.low, c.high))
    if low and high:
        return f"within {low}–{high}"
    if low or high:
        return f"at least {low}" if low else f"at most {high}"
    return "known (no limits set)"


def _unknown(c: Criterion) -> Verdict:
    text = f"{c._title} unknown: not counted; lowers confidence."
    return Verdict(Outcome.UNKNOWN, text)


def _judge_range(c: Criterion, number: float | None) -> Verdict:
    if number is None:
        return _unknown(c)
    shown = f"{c._title} {_show_number(number)}"
    if c.low is not None and number < c.low:
        return Verdict(Outcome.NOT_MET, f"{shown} is below {_show_number(c.low)}.")
    if c.high is not None and number > c.high:
        return Verdict(Outcome.NOT_MET, f"{shown} is above {_show_number(c.high)}.")
    return Verdict(Outcome.MET, f"{shown} is {_range_words(c)}.")


def _matches(c: Criterion, fact: Fact) -> bool:
    return any(term in fact.items for _, term in c._terms)


def _judge_matches(c: Criterion, fact: Fact, names: Mapping[str, str]) -> Verdict:
    value = ", ".join(names.get(shown, shown) for shown in fact.shown) or "none"
    wanted = ", ".join(names.get(shown, shown) for shown, _ in c._terms)
    if _matches(c, fact):
        return Verdict(Outcome.MET, f"{c._title} is {value}, one of: {wanted}.")
    return Verdict(Outcome.NOT_MET, f"{c._title} is {value}, not one of: {wanted}.")


def _found_words(c: Criterion, match: matching.Match) -> str:
    """“their text” matches “the phrase”, naming the words when not all of them."""
    said = f"{c._title}: {_quote(match.text)} matches {_quote(match.phrase)}"
    return f"{said} ({', '.join(match.words)})." if not match.whole else f"{said}."


def _judge_contains(
    c: Criterion, match: matching.Match | None, mentioned: bool
) -> Verdict:
    if match is not None:
        return Verdict(Outcome.MET, _found_words(c, match))
    if mentioned:
        text = f"{c._title}: not among those mentioned."
        return Verdict(Outcome.NOT_MET, text)
    return Verdict(Outcome.NOT_MET, f"{c._title}: nothing like {_terms_words(c, {})}.")


def _judge_flag(c: Criterion, fact: Fact | None, present: bool) -> Verdict:
    """A red flag: a deal-breaker (knock-out) or a warning (penalty)."""
    if fact is None:
        text = f"{c._title} unknown: could not check “{c.label}”."
        return Verdict(Outcome.UNKNOWN, text)
    if c.kind is Kind.KNOCK_OUT:
        if present:
            text = f"Deal-breaker present: {c.label}; not a fit, refer elsewhere."
            return Verdict(Outcome.KNOCKED_OUT, text)
        return Verdict(Outcome.NO_RED_FLAG, f"Deal-breaker absent: {c.label}.")
    if present:
        text = f"Red flag present: {c.label} (−{_show_number(c.weight)})."
        return Verdict(Outcome.RED_FLAG, text)
    return Verdict(Outcome.NO_RED_FLAG, f"Red flag absent: {c.label}.")


def judge(c: Criterion, fact: Fact | None, seen: "Seen") -> Verdict:
    """The criterion's verdict on the fact, `seen` holding what look() found."""
    match = seen.matches.get(c.key)
    # A deal-breaker acts whatever its weight: losing one to a weight left at
    # zero would be worse than any mis-scored contact.
    if c.kind is Kind.KNOCK_OUT or (c.penalty and c.weight > 0):
        present = fact is not None and (
            match is not None if c.reads_text else _matches(c, fact)
        )
        return _judge_flag(c, fact, present)
    if c.weight == 0:
        return Verdict(Outcome.IGNORED, f"{c.label}: ignored (weight 0).")
    if c.kind is Kind.IN_RANGE:
        return _judge_range(c, _number(fact))
    if fact is None:
        return _unknown(c)
    if c.kind is Kind.MATCHES:
        return _judge_matches(c, fact, seen.names)
    return _judge_contains(c, match, c.fact in seen.mentioned)


class Seen(NamedTuple):
    """What the contact's texts hold: each text criterion's match, and the facts
    in which some positive criterion found its phrase."""

    matches: dict[str, matching.Match | None]
    mentioned: frozenset[str]
    names: Mapping[str, str]


type Phrases = tuple[tuple[Criterion, matching.Phrases], ...]


# Matches kept per rubric: contacts of one workspace repeat the same texts (ticked
# pains, towns, job titles), so a batch finds most of them already worked out.
MATCHES_KEPT = 50_000
_NOT_KEPT = object()


def look(
    phrases: Phrases,
    read: Mapping[str, Fact | None],
    names: Mapping[str, str],
    kept: dict,
) -> Seen:
    """Look for each text criterion's phrases in the texts of its fact; `kept` is
    the rubric's memory of texts already looked at."""
    if len(kept) > MATCHES_KEPT:
        kept.clear()
    matches = {}
    for c, found in phrases:
        fact = read[c.fact]
        if fact is None:
            continue
        key = (c.key, fact.shown)
        # Read once into a local: another thread may clear the memory meanwhile.
        match = kept.get(key, _NOT_KEPT)
        if match is _NOT_KEPT:
            match = kept[key] = matching.find_any(found, fact.texts)
        matches[c.key] = match
    mentioned = frozenset(
        c.fact
        for c, _ in phrases
        if c.kind is Kind.CONTAINS and not c.penalty and matches.get(c.key)
    )
    return Seen(matches, mentioned, names)
