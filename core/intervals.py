"""How sure a figure is: 95% intervals for the small numbers practices have.

Pure functions of counts, standard library only. A share comes with its Wilson
score interval, which, unlike "share ± 1.96 standard errors", never leaves 0–1
and never shrinks to a point when every answer agrees:

    centre = (p + z²/2n) / (1 + z²/n)
    half   = z / (1 + z²/n) * sqrt(p(1 − p)/n + z²/4n²)

for p = successes / n and z = 1.96.
"""

import math
from dataclasses import dataclass

Z_95 = 1.96
# Below this many answers a group's figure is shown but never compared: the
# design's minimum, the same on every page that compares groups.
MIN_PER_GROUP = 10


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    def overlaps(self, other: "Interval") -> bool:
        return self.low <= other.high and other.low <= self.high

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high

    @property
    def width(self) -> float:
        return self.high - self.low


def wilson(successes: int, n: int, *, z: float = Z_95) -> Interval | None:
    """The 95% interval of the share successes / n; None with no answers."""
    if n <= 0:
        return None
    if not 0 <= successes <= n:
        raise ValueError(f"{successes} successes out of {n}")
    share = successes / n
    denominator = 1 + z * z / n
    centre = (share + z * z / (2 * n)) / denominator
    half = z / denominator * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n))
    # Rounding can put an end a hair past the share itself or past 0–1.
    return Interval(
        max(0.0, min(share, centre - half)), min(1.0, max(share, centre + half))
    )
