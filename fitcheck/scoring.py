"""Score a contact against an ideal-customer persona's rubric.

A rubric is a list of criteria. Each criterion reads one fact about the contact and
is met, not met, or open because its fact is unknown. An open criterion never counts
against anyone: instead the score is a range, from the lowest to the highest score
the contact could still reach once the open criteria are settled, and the band is
given only when the range allows it.

Nobody names every pain. The criteria that read one list of free texts (a group:
the pains a contact reports, or their dreams) are judged together once the list is
known: the weight of those the contact mentions counts 1 / GROUP_SHARE times over,
up to the group's whole weight, and the rest of the group is not met.

In maths, with P the positive criteria (weight > 0, not red flags), M, N and O
those of P that are met, not met and open (a known group g adds
min(Σg, Σmentioned / GROUP_SHARE) to M and the rest of Σg to N), F the warning red
flags that are present, G those whose fact is unknown, and Σ a sum of weights:

    estimate   = 100 · ΣM / (ΣM + ΣN) − ΣF      (the lowest, when nothing is known)
    lowest     = 100 · ΣM / ΣP − ΣF − ΣG        (every open criterion missed)
    highest    = 100 · (ΣM + ΣO) / ΣP − ΣF      (every open criterion met)
    each rounded (halves up), kept between 0 and 100, the estimate inside the range
    confidence = (ΣM + ΣN) / ΣP, to 2 decimals  (0 when P is empty)
    band       = NOT_A_FIT if a deal-breaker is present; else
                 NEEDS_INFORMATION if nothing is known; else
                 the band of the range, when lowest and highest share one; else
                 the band of the estimate, when confidence ≥ the minimum; else
                 NEEDS_INFORMATION, naming the facts of O with the most weight.

A band of a score: IDEAL from `ideal`, GOOD from `good`, WEAK from `weak`, below
that NOT_A_FIT. Learning a fact can only narrow the range (it settles open criteria)
and only raise the confidence; raising the weight of a met criterion never lowers
the score. A criterion of weight 0 is ignored, except a deal-breaker, which acts
whatever its weight. Sums use math.fsum, which is exact whatever their order.

Text is compared as people write it (`fitcheck.matching`): a "matches" criterion
needs the whole answer to be one of its terms, whatever the case; a "contains" one
looks for its phrases by word stem in each text of the fact. The module needs no
database (the standard library, `fitcheck.criteria` and `fitcheck.matching` only),
and a rubric compiles its phrases once and remembers the verdicts it gave on each
value of a fact (a verdict depends on its fact's value only), so a batch of
100,000 contacts shares that work.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple, Self

from fitcheck import matching
from fitcheck.criteria import (
    Criterion,
    FactValue,
    Kind,
    Outcome,
    Phrases,
    Verdict,
    judge,
    look,
    read_fact,
    set_frozen,
)

MAX_SCORE = 100
DEFAULT_MIN_CONFIDENCE = 60
CONFIDENCE_DECIMALS = 2
POINTS_DECIMALS = 2
# How many open facts "To decide, ask about" names.
ASK_SHOWN = 3
# Nobody names every pain: what a contact mentions of a persona's pains (or
# dreams) counts as if it were this share of them, so naming a third of their
# weight counts as having them all. Set against the fit corpus.
GROUP_SHARE = 1 / 3
# Floats add up with errors of about 1e-13: a score of 62.4999999999999 is 62.5.
ROUNDING_SLACK = 1e-9


class Band(StrEnum):
    IDEAL = "ideal"
    GOOD = "good"
    WEAK = "weak"
    NEEDS_INFORMATION = "needs_information"
    NOT_A_FIT = "not_a_fit"

    @property
    def label(self) -> str:
        return BAND_LABELS[self]


BAND_LABELS: dict[Band, str] = {
    Band.IDEAL: "Ideal",
    Band.GOOD: "Good fit",
    Band.WEAK: "Weak fit",
    Band.NEEDS_INFORMATION: "Needs information",
    Band.NOT_A_FIT: "Not a fit",
}


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Where each band starts, and the share of the weight (a percentage) that must
    be known before an estimate whose range spans two bands is given a band."""

    ideal: int = 80
    good: int = 60
    weak: int = 40
    min_confidence: int = DEFAULT_MIN_CONFIDENCE

    def __post_init__(self) -> None:
        if not MAX_SCORE >= self.ideal > self.good > self.weak >= 0:
            raise ValueError(f"Need {MAX_SCORE} >= ideal > good > weak >= 0: {self}")
        if not 0 <= self.min_confidence <= 100:
            raise ValueError(f"Need 0 <= min_confidence <= 100: {self}")


@dataclass(frozen=True, slots=True)
class Rubric:
    """A persona's criteria, with the thresholds that turn a score into a band."""

    criteria: tuple[Criterion, ...]
    thresholds: Thresholds = Thresholds()
    # Words for coded values ("60k_100k" -> "60,000 to 100,000") and for facts
    # ("reported_pains" -> "their pains"), used only in explanations.
    names: Mapping[str, str] = field(default_factory=dict, compare=False)
    fact_names: Mapping[str, str] = field(default_factory=dict, compare=False)
    _facts: frozenset[str] = field(init=False, repr=False, compare=False)
    _text_facts: frozenset[str] = field(init=False, repr=False, compare=False)
    # Facts read by two or more positive "contains" criteria (pains, dreams).
    _groups: frozenset[str] = field(init=False, repr=False, compare=False)
    _positive_weight: float = field(init=False, repr=False, compare=False)
    _phrases: Phrases = field(init=False, repr=False, compare=False)
    _kept: dict = field(init=False, repr=False, compare=False)
    # Per fact: the criteria that read it and the phrases they look for; per
    # criterion, its fact and its place among that fact's criteria.
    _by_fact: dict = field(init=False, repr=False, compare=False)
    _places: tuple = field(init=False, repr=False, compare=False)
    # The verdicts already given on a fact's value (see `_verdicts`).
    _judged: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        criteria = tuple(self.criteria)
        keys = [c.key for c in criteria]
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        if duplicates:
            raise ValueError(f"Criterion keys must be unique: {duplicates}.")
        positive = math.fsum(c.weight for c in criteria if c.positive)
        texts = [c for c in criteria if c.reads_text]
        listed = [c.fact for c in criteria if c.positive and c.kind is Kind.CONTAINS]
        phrases = _compile_phrases(texts)
        set_frozen(
            self,
            criteria=criteria,
            _facts=frozenset(c.fact for c in criteria),
            _text_facts=frozenset(c.fact for c in texts),
            _groups=frozenset(fact for fact in listed if listed.count(fact) > 1),
            _positive_weight=positive,
            _phrases=phrases,
            _kept={},
            _by_fact=_by_fact(criteria, phrases),
            _places=tuple(
                (c.fact, [k.key for k in criteria if k.fact == c.fact].index(c.key))
                for c in criteria
            ),
            _judged={},
        )


def _by_fact(criteria: tuple[Criterion, ...], phrases: Phrases) -> dict:
    return {
        fact: (
            tuple(c for c in criteria if c.fact == fact),
            tuple((c, found) for c, found in phrases if c.fact == fact),
        )
        for fact in {c.fact for c in criteria}
    }


def _compile_phrases(texts: list[Criterion]) -> Phrases:
    """Each text criterion's phrases, leaving out the words common to most of the
    rubric's texts, or to most of those read from the same fact."""
    everywhere = matching.common_stems(c.expected for c in texts)
    common = {
        fact: everywhere
        | matching.common_stems(c.expected for c in texts if c.fact == fact)
        for fact in {c.fact for c in texts}
    }
    return tuple(
        (c, matching.compile_phrases(c.expected, common[c.fact])) for c in texts
    )


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
    """A contact's score (a range while facts are open), band and confidence, with
    one line per criterion and, when the band needs information, what to ask."""

    score: int
    band: Band
    confidence: float
    knocked_out: bool
    lines: tuple[Line, ...]
    summary: str
    score_low: int = 0
    score_high: int = MAX_SCORE
    ask_about: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable data, for storing the breakdown."""
        return {
            "score": self.score,
            "score_low": self.score_low,
            "score_high": self.score_high,
            "band": self.band.value,
            "confidence": self.confidence,
            "knocked_out": self.knocked_out,
            "ask_about": list(self.ask_about),
            "summary": self.summary,
            "lines": [line.as_dict() for line in self.lines],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Rebuild a result stored with `as_dict`; one stored before scores were
        ranges reads as exact."""
        lines = tuple(Line.from_dict(line) for line in data["lines"])
        score = data["score"]
        return cls(
            **{
                "score_low": score,
                "score_high": score,
                **data,
                "band": Band(data["band"]),
                "ask_about": tuple(data.get("ask_about", ())),
                "lines": lines,
            }
        )


class _Tally(NamedTuple):
    """The weights the outcomes add up to (see the module docstring), and how much
    each met criterion of a group is worth per unit of its weight."""

    met: list[float]
    not_met: list[float]
    open: list[float]
    present: list[float]  # Warning red flags present.
    unchecked: list[float]  # Warning red flags whose fact is unknown.
    scale: dict[str, float]


def _tally(rubric: Rubric, pairs: list[tuple[Criterion, Verdict]]) -> _Tally:
    tally = _Tally([], [], [], [], [], {})
    groups: dict[str, tuple[list[float], list[Criterion]]] = {}
    for c, v in pairs:
        outcome = v.outcome
        if c.positive:
            if c.fact in rubric._groups and outcome is not Outcome.UNKNOWN:
                weights, met = groups.setdefault(c.fact, ([], []))
                weights.append(c.weight)
                if outcome is Outcome.MET:
                    met.append(c)
            elif outcome is Outcome.MET:
                tally.met.append(c.weight)
            elif outcome is Outcome.NOT_MET:
                tally.not_met.append(c.weight)
            else:
                tally.open.append(c.weight)
        elif c.penalty and c.weight > 0:
            if outcome is Outcome.RED_FLAG:
                tally.present.append(c.weight)
            elif outcome is Outcome.UNKNOWN:
                tally.unchecked.append(c.weight)
    for weights, met in groups.values():
        _tally_group(tally, math.fsum(weights), met)
    return tally


def _tally_group(tally: _Tally, whole: float, met: list[Criterion]) -> None:
    """A known group: what was mentioned counts as GROUP_SHARE of the whole."""
    mentioned = math.fsum(c.weight for c in met)
    credit = min(whole, mentioned / GROUP_SHARE)
    tally.met.append(credit)
    tally.not_met.append(whole - credit)
    tally.scale.update({c.key: credit / mentioned for c in met})


def _round(number: float) -> int:
    """Halves up, as people expect (Python's round(62.5) is 62), kept 0 to 100."""
    return max(0, min(MAX_SCORE, math.floor(number + 0.5 + ROUNDING_SLACK)))


class _Figures(NamedTuple):
    score: int
    low: int
    high: int
    confidence: float
    known: float


def _figures(tally: _Tally, total: float) -> _Figures:
    # math.fsum adds exactly, whatever the order: settling an open criterion one
    # way or the other can never move the range outwards by a rounding error.
    met, known = math.fsum(tally.met), math.fsum(tally.met + tally.not_met)
    present = math.fsum(tally.present)
    if total:
        low = _round(100 * met / total - math.fsum(tally.present + tally.unchecked))
        high = _round(100 * math.fsum(tally.met + tally.open) / total - present)
    else:
        low = _round(-math.fsum(tally.present + tally.unchecked))
        high = _round(MAX_SCORE - present)
    estimate = _round(100 * met / known - present) if known else low
    confidence = round(known / total, CONFIDENCE_DECIMALS) if total else 0.0
    return _Figures(min(max(estimate, low), high), low, high, confidence, known)


def band_for(score: int, thresholds: Thresholds) -> Band:
    if score >= thresholds.ideal:
        return Band.IDEAL
    if score >= thresholds.good:
        return Band.GOOD
    if score >= thresholds.weak:
        return Band.WEAK
    return Band.NOT_A_FIT


def _band(figures: _Figures, knocked_out: bool, thresholds: Thresholds) -> Band:
    if knocked_out:
        return Band.NOT_A_FIT
    if not figures.known:
        return Band.NEEDS_INFORMATION
    if band_for(figures.low, thresholds) is band_for(figures.high, thresholds):
        return band_for(figures.low, thresholds)
    # Compared as shown (a whole percentage), so "60% known" meets a minimum of 60.
    if round(100 * figures.confidence) >= thresholds.min_confidence:
        return band_for(figures.score, thresholds)
    return Band.NEEDS_INFORMATION


def _ask_about(rubric: Rubric, pairs: list[tuple[Criterion, Verdict]]) -> tuple:
    """The open facts, the heaviest first (a fact's weight is its criteria's)."""
    weights: dict[str, float] = {}
    for c, v in pairs:
        if c.positive and v.outcome is Outcome.UNKNOWN:
            weights[c.fact] = weights.get(c.fact, 0.0) + c.weight
    heaviest = sorted(weights, key=lambda fact: -weights[fact])[:ASK_SHOWN]
    return tuple(rubric.fact_names.get(f, f.replace("_", " ")) for f in heaviest)


def _summary(band: Band, f: _Figures, lines: tuple[Line, ...], ask: tuple) -> str:
    breakers = [line.label for line in lines if line.outcome is Outcome.KNOCKED_OUT]
    if breakers:
        return f"Not a fit, refer elsewhere: deal-breaker ({'; '.join(breakers)})."
    known = f"with {f.confidence:.0%} of the weighted facts known"
    to_ask = f" To decide, ask about: {', '.join(ask)}." if ask else ""
    if not f.known:
        return f"Needs information: none of the scored facts is known yet.{to_ask}"
    if band is Band.NEEDS_INFORMATION:
        span = f"{f.low} to {f.high} out of {MAX_SCORE}"
        return f"Needs information: {span}, {known}.{to_ask}"
    if f.low == f.high:
        return f"{band.label}: {f.score} out of {MAX_SCORE}, {known}."
    return (
        f"{band.label}: {f.score} out of {MAX_SCORE} from what is known "
        f"({f.low} to {f.high} once the rest is), {known}."
    )


def _points(c: Criterion, outcome: Outcome, known_weight: float, scale: float) -> float:
    if outcome is Outcome.MET:
        return round(100 * c.weight * scale / known_weight, POINTS_DECIMALS)
    if outcome is Outcome.RED_FLAG:
        return -c.weight
    return 0.0


# Verdicts kept per rubric: a workspace's contacts share most of their values
# (a gender, an income band, the pains a form offers), and a verdict depends on
# its fact's value only, so a batch of 100,000 contacts judges each value once.
VERDICTS_KEPT = 50_000


def _verdicts(rubric: Rubric, name: str, value: FactValue) -> tuple[Verdict, ...]:
    """The verdicts of the criteria that read fact `name`, in rubric order."""
    hashable = tuple(value) if isinstance(value, list) else value
    key = (name, type(value), hashable)
    judged = rubric._judged
    # Read once into a local: another thread may clear the memory meanwhile.
    verdicts = judged.get(key)
    if verdicts is None:
        if len(judged) > VERDICTS_KEPT:
            judged.clear()
        criteria, phrases = rubric._by_fact[name]
        fact = read_fact(value, name in rubric._text_facts)
        seen = look(phrases, {name: fact}, rubric.names, rubric._kept)
        verdicts = judged[key] = tuple(judge(c, fact, seen) for c in criteria)
    return verdicts


def score_contact(rubric: Rubric, facts: Mapping[str, FactValue]) -> Result:
    """Score one contact's facts against a rubric, explaining every criterion."""
    judged = {name: _verdicts(rubric, name, facts.get(name)) for name in rubric._facts}
    pairs = [
        (c, judged[fact][place])
        for c, (fact, place) in zip(rubric.criteria, rubric._places, strict=True)
    ]
    tally = _tally(rubric, pairs)
    figures = _figures(tally, rubric._positive_weight)
    knocked_out = any(v.outcome is Outcome.KNOCKED_OUT for _, v in pairs)
    band = _band(figures, knocked_out, rubric.thresholds)
    ask = _ask_about(rubric, pairs) if band is Band.NEEDS_INFORMATION else ()
    lines = tuple(
        Line(
            c.key,
            c.label,
            v.outcome,
            _points(c, v.outcome, figures.known, tally.scale.get(c.key, 1.0)),
            v.text,
        )
        for c, v in pairs
    )
    summary = _summary(band, figures, lines, ask)
    return Result(
        figures.score,
        band,
        figures.confidence,
        knocked_out,
        lines,
        summary,
        figures.low,
        figures.high,
        ask,
    )
