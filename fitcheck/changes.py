"""What changes between two versions of a rubric, for the rubric and for one contact.

Pure, like `fitcheck.scoring`: scoring rubrics and results in, sentences out. The rubric
preview uses it to say who would change band and why.

A contact's reasons compare its stored breakdown (the `as_dict()` of a `Result`) with
the new result, criterion by criterion (by key). They come in three tiers, most
decisive first, and by points moved within a tier:

1. a deal-breaker that appears or goes away;
2. a criterion whose outcome changed (met, not met, unknown, ignored...), a new one
   that counts, one removed that counted, and the band thresholds when they alone
   put the old score in another band;
3. a criterion whose points changed only because weights changed its share.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fitcheck.scoring import (
    BAND_LABELS,
    NOT_ENOUGH_INFORMATION,
    Band,
    Outcome,
    Result,
    Rubric,
    Thresholds,
    band_for,
)

# Outcomes that move the score or the band; the others explain an absence.
COUNTED = frozenset(
    {Outcome.MET.value, Outcome.RED_FLAG.value, Outcome.KNOCKED_OUT.value}
)
# Tiers sort reasons before their points do (a line moves at most 100 points).
DEAL_BREAKER_TIER = 10_000.0
OUTCOME_TIER = 1_000.0
THRESHOLD_NAMES = (
    ("ideal", "Ideal from"),
    ("good", "Good fit from"),
    ("weak", "Weak fit from"),
)

type StoredLine = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Reason:
    """One cause of a move: what it said before, what it says now."""

    label: str
    before: str
    after: str
    impact: float = 0.0


def _points(value: float) -> str:
    return f"{value:g} point{'' if value == 1 else 's'}"


def _band_words(band: str) -> str:
    return BAND_LABELS[Band(band)] if band else "Not scored"


def _impact(old_line: StoredLine | None, new_line: Any | None) -> float:
    old_outcome = old_line["outcome"] if old_line else None
    new_outcome = new_line.outcome.value if new_line else None
    moved = abs(
        (new_line.points if new_line else 0.0)
        - (float(old_line["points"]) if old_line else 0.0)
    )
    knocked_out = Outcome.KNOCKED_OUT.value
    if old_outcome != new_outcome and knocked_out in (old_outcome, new_outcome):
        return DEAL_BREAKER_TIER + moved
    if old_outcome != new_outcome:
        return OUTCOME_TIER + moved
    return moved


def _line_reason(old_line: StoredLine | None, new_line: Any) -> Reason | None:
    impact = _impact(old_line, new_line)
    if old_line is None:
        if new_line.outcome.value not in COUNTED:
            return None
        before = "Not in the applied rubric"
        return Reason(new_line.label, before, new_line.text, impact)
    if old_line["outcome"] != new_line.outcome.value:
        return Reason(new_line.label, old_line["text"], new_line.text, impact)
    if float(old_line["points"]) != new_line.points:
        before, after = _points(float(old_line["points"])), _points(new_line.points)
        return Reason(new_line.label, f"Counted {before}", f"Counts {after}", impact)
    return None


def _removed(old_line: StoredLine) -> Reason:
    after = "Removed from the rubric"
    return Reason(old_line["label"], old_line["text"], after, _impact(old_line, None))


def _threshold_reason(
    old: Mapping[str, Any], new: Result, thresholds: Thresholds | None
) -> Reason | None:
    """The thresholds alone moved the band when the old score, unchanged, would
    land elsewhere (or when nothing else changed at all)."""
    score, band = old.get("score"), old.get("band", "")
    unjudged = NOT_ENOUGH_INFORMATION in (old.get("summary"), new.summary)
    if score is None or unjudged or old.get("knocked_out") or new.knocked_out:
        return None
    regrouped = band_for(score, thresholds).value if thresholds else new.band.value
    if regrouped == band or (thresholds is None and score != new.score):
        return None
    before = f"A score of {score} was {_band_words(band).lower()}"
    after = f"A score of {score} is now {_band_words(regrouped).lower()}"
    return Reason("The band thresholds changed", before, after, OUTCOME_TIER)


def move_reasons(
    old: Mapping[str, Any] | None, new: Result, thresholds: Thresholds | None = None
) -> list[Reason]:
    """Why a contact's band differs between a stored breakdown and a new result
    (scored with `thresholds`), most decisive first. With no stored breakdown, the
    new result's lines that count."""
    if old is None:
        counted = [line for line in new.lines if line.outcome.value in COUNTED]
        reasons = [
            Reason(line.label, "", line.text, _impact(None, line)) for line in counted
        ]
        return sorted(reasons, key=lambda reason: -reason.impact)
    old_lines = {line["key"]: line for line in old.get("lines", [])}
    new_keys = {line.key for line in new.lines}
    found = [_line_reason(old_lines.get(line.key), line) for line in new.lines]
    found += [
        _removed(line)
        for key, line in old_lines.items()
        if key not in new_keys and line["outcome"] in COUNTED
    ]
    found.append(_threshold_reason(old, new, thresholds))
    reasons = [reason for reason in found if reason is not None]
    return sorted(reasons, key=lambda reason: -reason.impact)


def _range_words(low: float | None, high: float | None) -> str:
    if low is None and high is None:
        return "any value"
    return f"{_end(low)}–{_end(high)}"


def _end(number: float | None) -> str:
    return "any" if number is None else f"{number:g}"


def _threshold_changes(before: Thresholds, after: Thresholds) -> list[str]:
    return [
        f"{words}: {getattr(before, name)} → {getattr(after, name)}"
        for name, words in THRESHOLD_NAMES
        if getattr(before, name) != getattr(after, name)
    ]


def rubric_changes(before: Rubric, after: Rubric) -> list[str]:
    """The differences from one rubric version to the next, one sentence each."""
    changes = _threshold_changes(before.thresholds, after.thresholds)
    old = {criterion.key: criterion for criterion in before.criteria}
    new_keys = set()
    for criterion in after.criteria:
        new_keys.add(criterion.key)
        was = old.get(criterion.key)
        if was is None:
            changes.append(f"New: {criterion.label}")
            continue
        if was.weight != criterion.weight:
            changes.append(
                f"{criterion.label}: weight {was.weight:g} → {criterion.weight:g}"
            )
        if was.expected != criterion.expected:
            looks_for = ", ".join(criterion.expected) or "nothing"
            changes.append(
                f"{criterion.label}: looks for {looks_for} "
                f"(was {', '.join(was.expected) or 'nothing'})"
            )
        if (was.low, was.high) != (criterion.low, criterion.high):
            changes.append(
                f"{criterion.label}: range {_range_words(was.low, was.high)} → "
                f"{_range_words(criterion.low, criterion.high)}"
            )
    changes += [
        f"Removed: {criterion.label}"
        for criterion in before.criteria
        if criterion.key not in new_keys
    ]
    return changes
