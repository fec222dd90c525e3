"""What changes between two versions of a rubric, for the rubric and for one contact.

Pure, like `fitcheck.scoring`: scoring rubrics and results in, sentences out. The rubric
preview uses it to say who would change band and why, naming the change that did it.

A contact's reasons compare its stored breakdown (the `as_dict()` of a `Result`) with
the new result, criterion by criterion (by key), and the applied rubric with the
draft. They come in three tiers, most decisive first, and by weight moved within a
tier:

1. a deal-breaker that appears or goes away;
2. a criterion whose outcome changed (met, not met, unknown, ignored...), a new one
   that counts, one removed that counted, and the band thresholds or the minimum
   confidence when they alone put the contact in another band;
3. a criterion whose weight changed while its fact is known for this contact, so
   that it moved the score up (met) or down (not met).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fitcheck.criteria import Criterion, Outcome
from fitcheck.scoring import (
    BAND_LABELS,
    Band,
    Result,
    Rubric,
    Thresholds,
    band_for,
)

# Outcomes that move the score or the band; the others explain an absence.
COUNTED = frozenset(
    {Outcome.MET.value, Outcome.RED_FLAG.value, Outcome.KNOCKED_OUT.value}
)
# What a weight change does to a contact, by the criterion's outcome for them.
WEIGHED = {
    Outcome.MET.value: "met for this contact, so it counts for {more}",
    Outcome.NOT_MET.value: "not met for this contact, so it pulls it down {more}",
    Outcome.RED_FLAG.value: "present for this contact, so it takes {more} off",
}
# Tiers sort reasons before their weights do (a weight is at most 100).
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


def _band_words(band: str) -> str:
    return BAND_LABELS[Band(band)] if band else "Not scored"


def _outcome_impact(old_line: StoredLine | None, new_line: Any | None) -> float:
    old_outcome = old_line["outcome"] if old_line else None
    new_outcome = new_line.outcome.value if new_line else None
    knocked_out = Outcome.KNOCKED_OUT.value
    if knocked_out in (old_outcome, new_outcome):
        return DEAL_BREAKER_TIER
    return OUTCOME_TIER


def _weight_reason(line: Any, was: Criterion, now: Criterion) -> Reason | None:
    """A weight change, said with what it does for this contact."""
    effect = WEIGHED.get(line.outcome.value)
    if effect is None or was.weight == now.weight:
        return None
    words = effect.format(more="more" if now.weight > was.weight else "less")
    after = f"Weight {now.weight:g} (was {was.weight:g}): {words}."
    return Reason(
        line.label, f"Weight {was.weight:g}", after, abs(now.weight - was.weight)
    )


def _line_reason(
    old_line: StoredLine | None,
    new_line: Any,
    was: Criterion | None,
    now: Criterion | None,
) -> Reason | None:
    if old_line is None:
        if new_line.outcome.value not in COUNTED:
            return None
        before = "Not in the applied rubric"
        impact = _outcome_impact(None, new_line)
        return Reason(new_line.label, before, new_line.text, impact)
    if old_line["outcome"] != new_line.outcome.value:
        impact = _outcome_impact(old_line, new_line)
        return Reason(new_line.label, old_line["text"], new_line.text, impact)
    if was is not None and now is not None:
        return _weight_reason(new_line, was, now)
    return None


def _removed(old_line: StoredLine) -> Reason:
    after = "Removed from the rubric"
    return Reason(old_line["label"], old_line["text"], after, OUTCOME_TIER)


def _threshold_reason(
    old: Mapping[str, Any], new: Result, thresholds: Thresholds | None
) -> Reason | None:
    """The thresholds alone moved the band when the old score, unchanged, would
    land elsewhere (or when nothing else changed at all)."""
    score, band = old.get("score"), old.get("band", "")
    unjudged = Band.NEEDS_INFORMATION.value in (band, new.band.value)
    if score is None or unjudged or old.get("knocked_out") or new.knocked_out:
        return None
    regrouped = band_for(score, thresholds).value if thresholds else new.band.value
    if regrouped == band or (thresholds is None and score != new.score):
        return None
    before = f"A score of {score} was {_band_words(band).lower()}"
    after = f"A score of {score} is now {_band_words(regrouped).lower()}"
    return Reason("The band thresholds changed", before, after, OUTCOME_TIER)


def _confidence_reason(
    old: Mapping[str, Any], new: Result, before: Rubric | None, after: Rubric | None
) -> Reason | None:
    """The minimum confidence changed, and the contact's band now needs, or no
    longer needs, information because of it."""
    if before is None or after is None:
        return None
    was, now = before.thresholds.min_confidence, after.thresholds.min_confidence
    needs = Band.NEEDS_INFORMATION.value
    if was == now or (old.get("band") == needs) == (new.band.value == needs):
        return None
    known = f"{new.confidence:.0%} of this contact's facts are known"
    return Reason("Minimum confidence", f"{was}%", f"{now}%: {known}", OUTCOME_TIER)


def move_reasons(
    old: Mapping[str, Any] | None,
    new: Result,
    thresholds: Thresholds | None = None,
    *,
    before: Rubric | None = None,
    after: Rubric | None = None,
) -> list[Reason]:
    """Why a contact's band differs between a stored breakdown and a new result
    (scored with `thresholds`, from the draft `after`; `before` is the applied
    rubric), most decisive first. With no stored breakdown, the new result's lines
    that count."""
    if old is None:
        counted = [line for line in new.lines if line.outcome.value in COUNTED]
        reasons = [
            Reason(line.label, "", line.text, _outcome_impact(None, line))
            for line in counted
        ]
        return reasons
    old_lines = {line["key"]: line for line in old.get("lines", [])}
    was = {c.key: c for c in before.criteria} if before else {}
    now = {c.key: c for c in after.criteria} if after else {}
    new_keys = {line.key for line in new.lines}
    found = [
        _line_reason(
            old_lines.get(line.key), line, was.get(line.key), now.get(line.key)
        )
        for line in new.lines
    ]
    found += [
        _removed(line)
        for key, line in old_lines.items()
        if key not in new_keys and line["outcome"] in COUNTED
    ]
    found.append(_threshold_reason(old, new, thresholds))
    found.append(_confidence_reason(old, new, before, after))
    reasons = [reason for reason in found if reason is not None]
    return sorted(reasons, key=lambda reason: -reason.impact)


def _range_words(low: float | None, high: float | None) -> str:
    if low is None and high is None:
        return "any value"
    return f"{_end(low)}–{_end(high)}"


def _end(number: float | None) -> str:
    return "any" if number is None else f"{number:g}"


def _threshold_changes(before: Thresholds, after: Thresholds) -> list[str]:
    changes = [
        f"{words}: {getattr(before, name)} → {getattr(after, name)}"
        for name, words in THRESHOLD_NAMES
        if getattr(before, name) != getattr(after, name)
    ]
    if before.min_confidence != after.min_confidence:
        changes.append(
            f"Minimum confidence: {before.min_confidence}% → {after.min_confidence}%"
        )
    return changes


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
