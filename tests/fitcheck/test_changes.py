"""Why a contact would change band, and what changed in a rubric: pure, no database."""

from dataclasses import replace

import pytest

from fitcheck.changes import move_reasons, rubric_changes
from fitcheck.criteria import Criterion, Kind
from fitcheck.scoring import Rubric, Thresholds, score_contact

AGE = Criterion("age", "Age 30–50", "age", Kind.IN_RANGE, 10, low=30, high=50)
CITY = Criterion("city", "Lives in Leeds", "location", Kind.CONTAINS, 10, ("Leeds",))
DEPOSITS = Criterion(
    "red_flag:2",
    "Deal-breaker: refuses deposits",
    "red_flags",
    Kind.KNOCK_OUT,
    0,
    ("deposits",),
)
RUBRIC = Rubric((AGE, CITY, DEPOSITS))
FACTS = {"age": 60, "location": "Leeds", "red_flags": []}


def stored(rubric: Rubric, facts: dict) -> dict:
    return score_contact(rubric, facts).as_dict()


def test_an_outcome_that_changed_is_a_reason_and_other_shares_moving_are_not():
    draft = Rubric((replace(AGE, weight=0), CITY, DEPOSITS))
    reasons = move_reasons(stored(RUBRIC, FACTS), score_contact(draft, FACTS))
    assert [r.label for r in reasons] == ["Age 30–50"]
    assert reasons[0].before == "Age 60 is above 50."
    assert reasons[0].after == "Age 30–50: ignored (weight 0)."


@pytest.mark.parametrize(
    ("key", "weight", "after"),
    [
        (
            "city",
            30,
            "Weight 30 (was 10): met for this contact, so it counts for more.",
        ),
        (
            "age",
            5,
            "Weight 5 (was 10): not met for this contact, so it pulls it down less.",
        ),
    ],
)
def test_a_weight_change_is_named_with_what_it_does_for_the_contact(key, weight, after):
    draft = Rubric(
        tuple(replace(c, weight=weight) if c.key == key else c for c in RUBRIC.criteria)
    )
    reasons = move_reasons(
        stored(RUBRIC, FACTS), score_contact(draft, FACTS), before=RUBRIC, after=draft
    )
    assert [(r.before, r.after) for r in reasons] == [(f"Weight {10}", after)]
    assert not any("point" in r.after for r in reasons)


def test_a_lower_minimum_confidence_that_settles_a_band_is_a_reason():
    facts = {"age": 40, "red_flags": []}
    strict = Rubric(RUBRIC.criteria, Thresholds(min_confidence=60))
    lenient = Rubric(RUBRIC.criteria, Thresholds(min_confidence=50))
    reasons = move_reasons(
        stored(strict, facts),
        score_contact(lenient, facts),
        lenient.thresholds,
        before=strict,
        after=lenient,
    )
    assert [(r.label, r.before, r.after) for r in reasons] == [
        ("Minimum confidence", "60%", "50%: 50% of this contact's facts are known")
    ]


def test_a_deal_breaker_always_leads():
    facts = FACTS | {"age": 40, "red_flags": ["Refuses deposits"]}
    draft = Rubric((replace(AGE, weight=30), CITY, DEPOSITS))
    before = stored(Rubric((AGE, CITY)), facts)
    reasons = move_reasons(before, score_contact(draft, facts))
    assert reasons[0].label == "Deal-breaker: refuses deposits"
    assert reasons[0].before == "Not in the applied rubric"


def test_a_removed_criterion_that_counted_is_a_reason():
    facts = FACTS | {"age": 40}
    new = score_contact(Rubric((CITY,)), facts)
    reasons = move_reasons(stored(RUBRIC, facts), new)
    assert (reasons[0].label, reasons[0].after) == (
        "Age 30–50",
        "Removed from the rubric",
    )


def test_thresholds_alone_moving_a_score_say_so():
    draft = Rubric(RUBRIC.criteria, Thresholds(ideal=90, good=70, weak=55))
    old = stored(RUBRIC, FACTS)  # 50: a weak fit.
    reasons = move_reasons(old, score_contact(draft, FACTS), draft.thresholds)
    assert [(r.label, r.before, r.after) for r in reasons] == [
        (
            "The band thresholds changed",
            "A score of 50 was weak fit",
            "A score of 50 is now not a fit",
        )
    ]


def test_a_contact_never_scored_is_explained_by_the_lines_that_count():
    reasons = move_reasons(None, score_contact(RUBRIC, FACTS))
    assert [(r.label, r.before) for r in reasons] == [("Lives in Leeds", "")]


def test_rubric_changes_list_thresholds_weights_terms_ranges_new_and_removed():
    city = replace(CITY, expected=("Leeds", "York"))
    age = replace(AGE, weight=20, low=25)
    extra = Criterion("lang", "Speaks English", "languages", Kind.MATCHES, 5, ("en",))
    after = Rubric((age, city, extra), Thresholds(ideal=85, min_confidence=70))
    assert rubric_changes(RUBRIC, after) == [
        "Ideal from: 80 → 85",
        "Minimum confidence: 60% → 70%",
        "Age 30–50: weight 10 → 20",
        "Age 30–50: range 30–50 → 25–50",
        "Lives in Leeds: looks for Leeds, York (was Leeds)",
        "New: Speaks English",
        "Removed: Deal-breaker: refuses deposits",
    ]


def test_an_unchanged_rubric_has_no_changes():
    assert rubric_changes(RUBRIC, Rubric(RUBRIC.criteria)) == []
