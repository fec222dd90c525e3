"""Which criteria separate promoters from detractors, and the weights a suggested
rubric would give them (pure; standard library and core.intervals only).

The input, per criterion of the applied rubric: among the recommend answers
(0 to 10) of a persona's clients, how many promoters' answers (9–10) and how
many detractors' answers (0–6) come from clients for whom the criterion is
present by their current score (met; for a red flag, the flag is there).

With p and d those two shares, a criterion *separates* promoters from
detractors when the Wilson 95% intervals of p and d do not overlap. Only then
is its weight nudged, by half the gap:

    criterion that adds points:   w' = w × (1 + NUDGE × (p − d))
    red flag that takes points:   w' = w × (1 − NUDGE × (p − d))

so a trait more common among promoters weighs more, and a red flag more common
among detractors takes more off. w' is rounded to a whole number within 0–100.
Deal-breakers keep their weight (ruling someone out stays the practitioner's
call), and so does every criterion that does not separate. Nothing is
suggested until both groups have MIN_GROUP answers.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from core.intervals import MIN_PER_GROUP, Interval, wilson

NUDGE = 0.5
MIN_GROUP = MIN_PER_GROUP
MAX_WEIGHT = 100


@dataclass(frozen=True)
class CriterionCount:
    key: str
    label: str
    weight: float
    promoters_with: int
    detractors_with: int
    penalty: bool = False
    knock_out: bool = False


@dataclass(frozen=True)
class Separation:
    criterion: CriterionCount
    promoter_share: float
    detractor_share: float
    promoter_interval: Interval
    detractor_interval: Interval

    @property
    def gap(self) -> float:
        """Promoters' share minus detractors' share, −1 to 1."""
        return self.promoter_share - self.detractor_share

    @property
    def clear(self) -> bool:
        return not self.promoter_interval.overlaps(self.detractor_interval)

    @property
    def suggested_weight(self) -> float:
        weight = self.criterion.weight
        if not self.clear or self.criterion.knock_out:
            return weight
        sign = -1 if self.criterion.penalty else 1
        nudged = weight * (1 + sign * NUDGE * self.gap)
        return float(min(MAX_WEIGHT, max(0, round(nudged))))

    @property
    def changed(self) -> bool:
        return self.suggested_weight != self.criterion.weight


def enough_answers(*, promoters: int, detractors: int) -> bool:
    return promoters >= MIN_GROUP and detractors >= MIN_GROUP


def separations(
    counts: Iterable[CriterionCount], *, promoters: int, detractors: int
) -> list[Separation]:
    """Each criterion's shares and intervals, the widest gap first; none until
    both groups have MIN_GROUP answers."""
    if not enough_answers(promoters=promoters, detractors=detractors):
        return []
    rows = [
        Separation(
            criterion=count,
            promoter_share=count.promoters_with / promoters,
            detractor_share=count.detractors_with / detractors,
            promoter_interval=wilson(count.promoters_with, promoters),
            detractor_interval=wilson(count.detractors_with, detractors),
        )
        for count in counts
    ]
    return sorted(rows, key=lambda row: (-abs(row.gap), row.criterion.key))


def suggested_weights(rows: Iterable[Separation]) -> dict[str, float]:
    """{criterion key: new weight} for the criteria whose weight would change."""
    return {row.criterion.key: row.suggested_weight for row in rows if row.changed}
