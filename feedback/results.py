"""Survey maths (pure): distributions, means and the Net Promoter Score.

NPS = % promoters (9-10) − % detractors (0-6), from −100 to 100; passives (7-8)
count in the total only. With no answers there is no score (None), never 0. Its
standard error, for promoter share P and detractor share D of n answers, is
sqrt((P + D − (P − D)²) / n), times 100 to be in NPS points.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass

PROMOTER_FROM = 9
DETRACTOR_UP_TO = 6


@dataclass(frozen=True)
class Nps:
    score: int | None
    promoters: int
    passives: int
    detractors: int

    @property
    def total(self) -> int:
        return self.promoters + self.passives + self.detractors


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    percent: int


def nps(counts: Mapping[int, int]) -> Nps:
    """`counts` maps each answer 0-10 to how many gave it."""
    promoters = sum(n for value, n in counts.items() if value >= PROMOTER_FROM)
    detractors = sum(n for value, n in counts.items() if value <= DETRACTOR_UP_TO)
    passives = sum(counts.values()) - promoters - detractors
    total = promoters + passives + detractors
    score = round(100 * (promoters - detractors) / total) if total else None
    return Nps(score, promoters, passives, detractors)


def nps_standard_error(score: Nps) -> float | None:
    """How far the NPS of these answers may be from the NPS of everyone like
    them, in NPS points (one standard error); None with no answers."""
    if not score.total:
        return None
    promoters, detractors = (
        score.promoters / score.total,
        score.detractors / score.total,
    )
    variance = promoters + detractors - (promoters - detractors) ** 2
    return round(100 * math.sqrt(variance / score.total), 1)


def mean(counts: Mapping[int, int]) -> float | None:
    total = sum(counts.values())
    if not total:
        return None
    return round(sum(value * n for value, n in counts.items()) / total, 2)


def distribution(
    counts: Mapping[str, int], labels: list[str], *, respondents: int | None = None
) -> list[Bar]:
    """Bars in the order of `labels` (every label shown, even at zero). Each
    share is of the people who answered: `respondents` when one person can
    pick several labels (the shares then add up to more than 100), else the
    sum of the counts."""
    if respondents is None:
        respondents = sum(counts.get(label, 0) for label in labels)
    total = respondents
    return [
        Bar(
            label,
            counts.get(label, 0),
            round(100 * counts.get(label, 0) / total) if total else 0,
        )
        for label in labels
    ]


def response_rate(*, invited: int, answered: int) -> int | None:
    return round(100 * answered / invited) if invited else None
