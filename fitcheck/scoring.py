"""Score a contact against an ideal-customer persona's rubric.

A rubric is a list of criteria. Each criterion reads one fact about the contact
and is met, not met, or cannot be judged because the fact is unknown. Unknown
facts never count against a contact: they are left out of the score and lower
the confidence instead.

In words: the base score is the weighted share of the known positive criteria
that are met, as a percentage. Each warning red flag that is present then takes
its weight off in points, and the result is rounded (halves up) and kept between
0 and 100. Confidence is the weighted share of positive criteria whose fact is
known. A deal-breaker that is present makes the contact "not a fit, refer
elsewhere" whatever the score; the score is still reported.

In maths, with P the positive criteria (not deal-breakers, not penalties,
weight > 0), K the criteria of P whose fact is known, w a weight and s = 1 when
a criterion is met, else 0:

    base       = 100 · Σ_K w·s / Σ_K w            (0 when K is empty)
    score      = clamp(round(base − Σ w of present penalties), 0, 100)
    confidence = Σ_K w / Σ_P w, to 2 decimals      (0 when P is empty)
    band       = NOT_A_FIT if a deal-breaker is present,
                 else WEAK if K is empty ("not enough information to judge"),
                 else IDEAL if score ≥ ideal, GOOD if ≥ good, WEAK if ≥ weak,
                 else NOT_A_FIT.

A criterion of weight 0 is ignored, except a deal-breaker, which acts whatever
its weight. Text comparisons ignore case and surrounding whitespace. The module
imports the standard library only, so it is tested without a database and can
score a batch of 100,000 contacts in a background task.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple, Self

type FactValue = str | int | float | Sequence[str] | None

MAX_SCORE = 100
CONFIDENCE_DECIMALS = 2
POINTS_DECIMALS = 2
# How many matched words an explanation names.
FOUND_SHOWN = 3
NOT_ENOUGH_INFORMATION = (
    "Not enough information to judge: none of the scored facts is known yet."
)


class Kind(StrEnum):
    MATCHES = "matches"
    IN_RANGE = "in_range"
    CONTAINS = "contains"
    KNOCK_OUT = "knock_out"


class Band(StrEnum):
    IDEAL = "ideal"
    GOOD = "good"
    WEAK = "weak"
    NOT_A_FIT = "not_a_fit"

    @property
    def label(self) -> str:
        return BAND_LABELS[self]


BAND_LABELS: dict[Band, str] = {
    Band.IDEAL: "Ideal",
    Band.GOOD: "Good fit",
    Band.WEAK: "Weak fit",
    Band.NOT_A_FIT: "Not a fit",
}


class Outcome(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"
    IGNORED = "ignored"
    RED_FLAG = "red_flag"
    NO_RED_FLAG = "no_red_flag"
    KNOCKED_OUT = "knocked_out"


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
    _wanted: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Rubrics are often built from database rows holding plain strings,
        # lists and Decimals; coercing keeps `is` tests and float sums reliable.
        # A bare string would otherwise become a tuple of its letters.
        raw = self.expected
        expected = (raw,) if isinstance(raw, str) else tuple(raw)
        _set(
            self,
            kind=Kind(self.kind),
            weight=float(self.weight),
            low=None if self.low is None else float(self.low),
            high=None if self.high is None else float(self.high),
            expected=expected,
            _terms=tuple((t.strip(), _norm(t)) for t in expected if _norm(t)),
            _title=self.fact.replace("_", " ").strip().capitalize(),
        )
        _set(self, _wanted=_wanted(self))  # It reads the fields set just above.
        _check_criterion(self)


def _set(frozen: object, **values: object) -> None:
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


@dataclass(frozen=True, slots=True)
class Thresholds:
    ideal: int = 80
    good: int = 60
    weak: int = 40

    def __post_init__(self) -> None:
        if not MAX_SCORE >= self.ideal > self.good > self.weak >= 0:
            raise ValueError(f"Need {MAX_SCORE} >= ideal > good > weak >= 0: {self}")


@dataclass(frozen=True, slots=True)
class Rubric:
    """A persona's criteria, with the thresholds that turn a score into a band."""

    criteria: tuple[Criterion, ...]
    thresholds: Thresholds = Thresholds()
    # Words for coded values ("60k_100k" -> "60,000 to 100,000"), used only in
    # explanations: matching always compares the codes.
    names: Mapping[str, str] = field(default_factory=dict, compare=False)
    _facts: frozenset[str] = field(init=False, repr=False, compare=False)
    _positive_weight: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        criteria = tuple(self.criteria)
        keys = [c.key for c in criteria]
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        if duplicates:
            raise ValueError(f"Criterion keys must be unique: {duplicates}.")
        positive = sum(
            c.weight
            for c in criteria
            if c.kind is not Kind.KNOCK_OUT and not c.penalty and c.weight > 0
        )
        facts = frozenset(c.fact for c in criteria)
        _set(self, criteria=criteria, _facts=facts, _positive_weight=positive)


@dataclass(frozen=True, slots=True)
class Line:
    """How one criterion was judged and the points it added to the score."""

    key: str
    label: str
    outcome: Outcome
    points: float
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "outcome": self.outcome.value,
            "points": self.points,
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        return cls(**{**data, "outcome": Outcome(data["outcome"])})


@dataclass(frozen=True, slots=True)
class Result:
    """A contact's score, band and confidence, with one line per criterion."""

    score: int
    band: Band
    confidence: float
    knocked_out: bool
    lines: tuple[Line, ...]
    summary: str

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable data, for storing the breakdown."""
        return {
            "score": self.score,
            "band": self.band.value,
            "confidence": self.confidence,
            "knocked_out": self.knocked_out,
            "summary": self.summary,
            "lines": [line.as_dict() for line in self.lines],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Rebuild a result stored with `as_dict`."""
        lines = tuple(Line.from_dict(line) for line in data["lines"])
        return cls(**{**data, "band": Band(data["band"]), "lines": lines})


# A list fact's items are joined into one string so that "contains" is one
# substring test per term; NUL is never typed, so no term can span two items.
_SEPARATOR = "\0"


class _Fact(NamedTuple):
    value: FactValue
    shown: tuple[str, ...]  # Trimmed items as written, for explanations.
    items: tuple[str, ...]  # Normalised items, for comparisons.
    joined: str  # Normalised items joined by _SEPARATOR.


class _Verdict(NamedTuple):
    outcome: Outcome
    text: str


def _norm(text: str) -> str:
    return text.strip().casefold()


def _show_number(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def _read(value: FactValue) -> _Fact | None:
    """The fact ready for comparison, or None when it is unknown."""
    if value is None:
        return None
    if isinstance(value, str):
        shown = value.strip()
        norm = shown.casefold()
        return _Fact(value, (shown,), (norm,), norm) if shown else None
    if isinstance(value, int | float):
        shown = _show_number(value)
        return _Fact(value, (shown,), (shown,), shown) if math.isfinite(value) else None
    # An empty list is a known answer ("we looked, there are none").
    shown = tuple(s for item in value if (s := str(item).strip()))
    items = tuple(s.casefold() for s in shown)
    return _Fact(value, shown, items, _SEPARATOR.join(items))


def _number(fact: _Fact | None) -> float | None:
    """The fact as a finite number; text that is not a number is unknown."""
    value = fact.value if fact else None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _found(c: Criterion, fact: _Fact) -> tuple[str, ...]:
    """The expected terms, as written, that the fact holds."""
    if c.kind is Kind.MATCHES:
        return tuple(shown for shown, term in c._terms if term in fact.items)
    return tuple(shown for shown, term in c._terms if term in fact.joined)


def _wanted(c: Criterion) -> str:
    """What the criterion asks for, in words, for explanations."""
    if c.kind is not Kind.IN_RANGE:
        return ", ".join(shown for shown, _ in c._terms)
    low, high = (None if end is None else _show_number(end) for end in (c.low, c.high))
    if low and high:
        return f"within {low}–{high}"
    if low or high:
        return f"at least {low}" if low else f"at most {high}"
    return "known (no limits set)"


def _unknown(c: Criterion) -> _Verdict:
    text = f"{c._title} unknown: not counted; lowers confidence."
    return _Verdict(Outcome.UNKNOWN, text)


def _judge_range(c: Criterion, number: float | None) -> _Verdict:
    if number is None:
        return _unknown(c)
    shown = f"{c._title} {_show_number(number)}"
    if c.low is not None and number < c.low:
        return _Verdict(Outcome.NOT_MET, f"{shown} is below {_show_number(c.low)}.")
    if c.high is not None and number > c.high:
        return _Verdict(Outcome.NOT_MET, f"{shown} is above {_show_number(c.high)}.")
    return _Verdict(Outcome.MET, f"{shown} is {c._wanted}.")


def _judge_matches(c: Criterion, fact: _Fact, names: Mapping[str, str]) -> _Verdict:
    value = ", ".join(names.get(shown, shown) for shown in fact.shown) or "none"
    wanted = ", ".join(names.get(shown, shown) for shown, _ in c._terms)
    if _found(c, fact):
        return _Verdict(Outcome.MET, f"{c._title} is {value}, one of: {wanted}.")
    return _Verdict(Outcome.NOT_MET, f"{c._title} is {value}, not one of: {wanted}.")


def _judge_contains(c: Criterion, fact: _Fact) -> _Verdict:
    found = _found(c, fact)
    if not found:
        return _Verdict(Outcome.NOT_MET, f"{c._title}: none of {c._wanted}.")
    # A found phrase already says its words: name each thing found once.
    distinct: list[str] = []
    for term in found:
        if not any(_norm(term) in _norm(named) for named in distinct):
            distinct.append(term)
    more = "…" if len(distinct) > FOUND_SHOWN else ""
    text = f"{c._title}: found {', '.join(distinct[:FOUND_SHOWN])}{more}."
    return _Verdict(Outcome.MET, text)


def _judge_flag(c: Criterion, fact: _Fact | None) -> _Verdict:
    """A red flag: a deal-breaker (knock-out) or a warning (penalty)."""
    if fact is None:
        text = f"{c._title} unknown: could not check “{c.label}”; no effect."
        return _Verdict(Outcome.UNKNOWN, text)
    present = bool(_found(c, fact))
    if c.kind is Kind.KNOCK_OUT:
        if present:
            text = f"Deal-breaker present: {c.label}; not a fit, refer elsewhere."
            return _Verdict(Outcome.KNOCKED_OUT, text)
        return _Verdict(Outcome.NO_RED_FLAG, f"Deal-breaker absent: {c.label}.")
    if present:
        text = f"Red flag present: {c.label} (−{_show_number(c.weight)})."
        return _Verdict(Outcome.RED_FLAG, text)
    return _Verdict(Outcome.NO_RED_FLAG, f"Red flag absent: {c.label}.")


def _judge(c: Criterion, fact: _Fact | None, names: Mapping[str, str]) -> _Verdict:
    # A deal-breaker acts whatever its weight: losing one to a weight left at
    # zero would be worse than any mis-scored contact.
    if c.kind is Kind.KNOCK_OUT or (c.penalty and c.weight > 0):
        return _judge_flag(c, fact)
    if c.weight == 0:
        return _Verdict(Outcome.IGNORED, f"{c.label}: ignored (weight 0).")
    if c.kind is Kind.IN_RANGE:
        return _judge_range(c, _number(fact))
    if fact is None:
        return _unknown(c)
    if c.kind is Kind.MATCHES:
        return _judge_matches(c, fact, names)
    return _judge_contains(c, fact)


def _points(c: Criterion, outcome: Outcome, known_weight: float) -> float:
    if outcome is Outcome.MET:
        return round(100 * c.weight / known_weight, POINTS_DECIMALS)
    if outcome is Outcome.RED_FLAG:
        return -c.weight
    return 0.0


def _round_half_up(number: float) -> int:
    # Python's round() goes to even (round(62.5) == 62); people expect 63.
    return math.floor(number + 0.5)


def band_for(score: int, thresholds: Thresholds) -> Band:
    if score >= thresholds.ideal:
        return Band.IDEAL
    if score >= thresholds.good:
        return Band.GOOD
    if score >= thresholds.weak:
        return Band.WEAK
    return Band.NOT_A_FIT


def _band(score: int, knocked_out: bool, known: float, thresholds: Thresholds) -> Band:
    if knocked_out:
        return Band.NOT_A_FIT
    # Unknown facts never count against a contact, so with nothing known the
    # fair answer is "weak: not enough information", not "not a fit".
    if not known:
        return Band.WEAK
    return band_for(score, thresholds)


def _summary(
    band: Band, score: int, confidence: float, known: float, lines: tuple[Line, ...]
) -> str:
    breakers = [line.label for line in lines if line.outcome is Outcome.KNOCKED_OUT]
    if breakers:
        return f"Not a fit, refer elsewhere: deal-breaker ({'; '.join(breakers)})."
    if not known:
        return NOT_ENOUGH_INFORMATION
    return (
        f"{band.label}: {score} out of {MAX_SCORE}, "
        f"with {confidence:.0%} of the weighted facts known."
    )


def _totals(pairs: list[tuple[Criterion, _Verdict]]) -> tuple[float, float, float]:
    """Weights of the met, the known and the present-penalty criteria."""
    met = not_met = penalties = 0.0
    for c, v in pairs:
        if v.outcome is Outcome.MET:
            met += c.weight
        elif v.outcome is Outcome.NOT_MET:
            not_met += c.weight
        elif v.outcome is Outcome.RED_FLAG:
            penalties += c.weight
    return met, met + not_met, penalties


def score_contact(rubric: Rubric, facts: Mapping[str, FactValue]) -> Result:
    """Score one contact's facts against a rubric, explaining every criterion."""
    # Each fact is read once, however many criteria (e.g. red flags) share it.
    read = {name: _read(facts.get(name)) for name in rubric._facts}
    verdicts = [_judge(c, read[c.fact], rubric.names) for c in rubric.criteria]
    pairs = list(zip(rubric.criteria, verdicts, strict=True))
    met, known, penalties = _totals(pairs)
    base = 100 * met / known if known else 0.0
    score = max(0, min(MAX_SCORE, _round_half_up(base - penalties)))
    total = rubric._positive_weight
    confidence = round(known / total, CONFIDENCE_DECIMALS) if total else 0.0
    knocked_out = any(v.outcome is Outcome.KNOCKED_OUT for v in verdicts)
    band = _band(score, knocked_out, known, rubric.thresholds)
    lines = tuple(
        Line(c.key, c.label, v.outcome, _points(c, v.outcome, known), v.text)
        for c, v in pairs
    )
    summary = _summary(band, score, confidence, known, lines)
    return Result(score, band, confidence, knocked_out, lines, summary)
