"""Why a contact would change band, and what changed in a rubric: pure, no database."""

from dataclasses import replace

from fitcheck.changes import move_reasons, rubric_changes
from fitcheck.scoring import Criterion, Kind, Rubric, Thresholds, score_contact

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


def test_an_outcome_that_changed_comes_before_shares_that_moved():
    draft = Rubric((replace(AGE, weight=0), CITY, DEPOSITS))
    reasons = move_reasons(stored(RUBRIC, FACTS), score_contact(draft, FACTS))
    assert [r.label for r in reasons] == ["Age 30–50", "Lives in Leeds"]
    assert reasons[0].before == "Age 60 is above 50."
    assert reasons[0].after == "Age 30–50: ignored (weight 0)."
    assert (reasons[1].before, reasons[1].after) == (
        "Counted 50 points",
        "Counts 100 points",
    )


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
    after = Rubric((age, city, extra), Thresholds(ideal=85))
    assert rubric_changes(RUBRIC, after) == [
        "Ideal from: 80 → 85",
        "Age 30–50: weight 10 → 20",
        "Age 30–50: range 30–50 → 25–50",
        "Lives in Leeds: looks for Leeds, York (was Leeds)",
        "New: Speaks English",
        "Removed: Deal-breaker: refuses deposits",
    ]


def test_an_unchanged_rubric_has_no_changes():
    assert rubric_changes(RUBRIC, Rubric(RUBRIC.criteria)) == []
