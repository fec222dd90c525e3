"""Does the persona predict good clients? The Evidence page's maths (pure).

The input, per band a persona's clients had when they became clients, is how
many gave each answer: ratings (1 to 5) and recommend scores (0 to 10). The
figures, per band:

- **answers**: how many ratings (or recommend scores) the band's clients gave;
- **median rating**, as the page shows ratings (they are ranks, not amounts);
- **mean rating with its 95% interval**, mean ± 1.96·s/√n, where the spread s
  is worked out with one pseudo-answer added at each end of the scale (1 and
  5), so that a handful of identical answers never claims a spread of zero;
- **NPS with its 95% interval**, NPS ± 1.96·SE, SE = 100·sqrt((P + D − (P −
  D)²)/n) for promoter share P and detractor share D (feedback/results.py), P
  and D taken after adding three pseudo-answers (¾ promoter, 1½ passive, ¾
  detractor; Rocks' adjusted Wald), for the same reason; kept within ±100.

The verdict compares clients who were Ideal fits with each other band, for each
measure. Both bands need MIN_ANSWERS answers; below that the page says how many
more it needs (the Ideal band's shortfall plus the smallest shortfall among the
others). A difference is called out only when the two 95% intervals do not
overlap; otherwise the page says it sees no clear difference yet.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from core.intervals import MIN_PER_GROUP, Z_95, Interval
from feedback import results
from fitcheck.scoring import Band

MIN_ANSWERS = MIN_PER_GROUP
RATING_SCALE = (1, 5)
NPS_SCALE = (-100, 100)
# Rocks' adjustment: pseudo-answers added before the shares of the NPS's error.
PSEUDO_PROMOTERS = PSEUDO_DETRACTORS = 0.75
PSEUDO_TOTAL = 3.0
REFERENCE = Band.IDEAL.value


class Measure(StrEnum):
    SATISFACTION = "satisfaction"
    NPS = "nps"


class Outcome(StrEnum):
    DIFFERENCE = "difference"
    NO_CLEAR_DIFFERENCE = "no_clear_difference"
    NOT_ENOUGH = "not_enough"


@dataclass(frozen=True)
class BandFigures:
    band: str
    label: str
    clients: int = 0
    ratings: Mapping[int, int] = field(default_factory=dict)
    recommends: Mapping[int, int] = field(default_factory=dict)

    @property
    def rating_answers(self) -> int:
        return sum(self.ratings.values())

    @property
    def recommend_answers(self) -> int:
        return sum(self.recommends.values())

    @property
    def median_rating(self) -> float | None:
        return median(self.ratings)

    @property
    def mean_rating(self) -> float | None:
        return mean(self.ratings)

    @property
    def rating_interval(self) -> Interval | None:
        return mean_interval(self.ratings)

    @property
    def nps(self) -> results.Nps:
        return results.nps(self.recommends)

    @property
    def nps_interval(self) -> Interval | None:
        return nps_interval(self.nps)

    def answers(self, measure: Measure) -> int:
        if measure == Measure.SATISFACTION:
            return self.rating_answers
        return self.recommend_answers

    def estimate(self, measure: Measure) -> float | None:
        if measure == Measure.SATISFACTION:
            return self.mean_rating
        return self.nps.score

    def interval(self, measure: Measure) -> Interval | None:
        if measure == Measure.SATISFACTION:
            return self.rating_interval
        return self.nps_interval


@dataclass(frozen=True)
class Comparison:
    """The reference band (Ideal) against one other band, on one measure."""

    measure: Measure
    reference: BandFigures
    other: BandFigures

    @property
    def difference(self) -> float:
        return self.reference.estimate(self.measure) - self.other.estimate(self.measure)

    @property
    def clear(self) -> bool:
        ours = self.reference.interval(self.measure)
        theirs = self.other.interval(self.measure)
        return not ours.overlaps(theirs)

    def sentence(self) -> str:
        """ "Clients who were Ideal fits rate you 1.4 points higher on average
        than clients who were Weak fits: 4.6 against 3.2, from 23 and 15
        answers." """
        gap = self.difference
        direction = "higher" if gap > 0 else "lower"
        ours, theirs = (
            self.reference.estimate(self.measure),
            self.other.estimate(self.measure),
        )
        counts = (
            f"from {self.reference.answers(self.measure)} and "
            f"{self.other.answers(self.measure)} answers"
        )
        who = _clients_who(self.reference.label)
        who = who[0].upper() + who[1:]
        whom = _clients_who(self.other.label)
        if self.measure == Measure.SATISFACTION:
            return (
                f"{who} rate you {abs(gap):.1f} points {direction} on average "
                f"than {whom}: {ours:.1f} against {theirs:.1f}, {counts}."
            )
        return (
            f"{who} give an NPS {abs(gap):.0f} points {direction} than {whom}: "
            f"{ours:+.0f} against {theirs:+.0f}, {counts}."
        )


@dataclass(frozen=True)
class Verdict:
    measure: Measure
    outcome: Outcome
    comparisons: tuple[Comparison, ...] = ()
    more_needed: int = 0

    @property
    def sentences(self) -> list[str]:
        return [c.sentence() for c in self.comparisons if c.clear]


def verdict(bands: Iterable[BandFigures], measure: Measure) -> Verdict:
    """What the answers say about `measure`, Ideal against each other band."""
    by_band = {figures.band: figures for figures in bands}
    reference = by_band.get(REFERENCE, BandFigures(REFERENCE, "Ideal"))
    others = [f for band, f in by_band.items() if band != REFERENCE]
    needed = more_needed(reference, others, measure)
    if needed:
        return Verdict(measure, Outcome.NOT_ENOUGH, more_needed=needed)
    comparisons = tuple(
        Comparison(measure, reference, other)
        for other in others
        if other.answers(measure) >= MIN_ANSWERS
    )
    clear = any(comparison.clear for comparison in comparisons)
    outcome = Outcome.DIFFERENCE if clear else Outcome.NO_CLEAR_DIFFERENCE
    return Verdict(measure, outcome, comparisons)


def more_needed(
    reference: BandFigures, others: list[BandFigures], measure: Measure
) -> int:
    """How many more answers before one comparison can be made: what the Ideal
    band lacks, plus what the band closest to enough lacks."""
    own = max(0, MIN_ANSWERS - reference.answers(measure))
    theirs = min(
        (max(0, MIN_ANSWERS - other.answers(measure)) for other in others),
        default=MIN_ANSWERS,
    )
    return own + theirs


def _clients_who(label: str) -> str:
    """ "Ideal" -> "clients who were Ideal fits", "Weak fit" -> "clients who
    were Weak fits", "Not a fit" -> "clients who were not a fit"."""
    if label == "Not a fit":
        return "clients who were not a fit"
    if label == "Needs information":
        return "clients whose fit still needed information"
    return f"clients who were {label.removesuffix(' fit')} fits"


# The figures --------------------------------------------------------------------------


def median(counts: Mapping[int, int]) -> float | None:
    """The middle answer (the mean of the two middle ones for an even count)."""
    total = sum(counts.values())
    if not total:
        return None
    values = sorted(value for value, n in counts.items() if n > 0)
    return (
        _nth(values, counts, (total - 1) // 2) + _nth(values, counts, total // 2)
    ) / 2


def _nth(values: list[int], counts: Mapping[int, int], index: int) -> int:
    """The answer at 0-based position `index` of the answers in order."""
    seen = 0
    for value in values:
        seen += counts[value]
        if index < seen:
            return value
    raise IndexError(index)


def mean(counts: Mapping[int, int]) -> float | None:
    total = sum(counts.values())
    if not total:
        return None
    return sum(value * n for value, n in counts.items()) / total


def mean_interval(
    counts: Mapping[int, int], scale: tuple[int, int] = RATING_SCALE
) -> Interval | None:
    """The mean's 95% interval, its spread taken with one pseudo-answer at each
    end of the scale (see the module docstring); kept within the scale."""
    total = sum(counts.values())
    if not total:
        return None
    centre = mean(counts)
    padded = {**counts}
    for end in scale:
        padded[end] = padded.get(end, 0) + 1
    padded_mean = mean(padded)
    squares = sum(n * (value - padded_mean) ** 2 for value, n in padded.items())
    spread = math.sqrt(squares / (sum(padded.values()) - 1))
    half = Z_95 * spread / math.sqrt(total)
    return Interval(max(scale[0], centre - half), min(scale[1], centre + half))


def nps_interval(score: results.Nps) -> Interval | None:
    """The NPS's 95% interval (see the module docstring)."""
    if not score.total:
        return None
    n = score.total + PSEUDO_TOTAL
    promoters = (score.promoters + PSEUDO_PROMOTERS) / n
    detractors = (score.detractors + PSEUDO_DETRACTORS) / n
    variance = promoters + detractors - (promoters - detractors) ** 2
    half = Z_95 * 100 * math.sqrt(variance / score.total)
    # Around the NPS as shown (a whole number), so the page's figure is inside.
    centre = score.score
    return Interval(max(NPS_SCALE[0], centre - half), min(NPS_SCALE[1], centre + half))
