"""Scores that say what they do not know: ranges, confidence and Needs information.
Pure: no database. The invariants are checked with hypothesis over generated rubrics
and contacts."""

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fitcheck.criteria import Criterion, Kind, Outcome
from fitcheck.criteria_from_persona import criteria_for
from fitcheck.models.contacts import FACT_NAMES
from fitcheck.scoring import Band, Rubric, Thresholds, score_contact
from personas.demo import AMARA

AGE = Criterion("age", "Age 30–50", "age", Kind.IN_RANGE, 10, low=30, high=50)
CITY = Criterion("city", "Leeds", "location", Kind.CONTAINS, 10, ("Leeds",))
WORK = Criterion("work", "Physio", "occupation", Kind.CONTAINS, 30, ("Physio",))
ADMIN = Criterion(
    "pain:1", "Admin", "reported_pains", Kind.CONTAINS, 12, ("Drowning in admin",)
)
PRICES = Criterion(
    "pain:2", "Prices", "reported_pains", Kind.CONTAINS, 9, ("What to charge",)
)
EMPTY = Criterion("pain:3", "Empty diary", "reported_pains", Kind.CONTAINS, 9, "Empty")
DEPOSITS = Criterion(
    "red_flag:1", "Refuses deposits", "red_flags", Kind.KNOCK_OUT, 0, ("deposits",)
)


def amara() -> Rubric:
    """The demo persona Amara's rubric, as the app generates it."""
    data = {
        **AMARA["fields"],
        "pains": AMARA["pains"],
        "dreams": AMARA["dreams"],
        "red_flags": [{"text": t, "severity": s} for t, s in AMARA["red_flags"]],
    }
    return Rubric(tuple(criteria_for(data)), fact_names=FACT_NAMES)


def test_a_matching_job_title_and_town_alone_are_never_ideal_100():
    result = score_contact(
        amara(), {"occupation": "Physiotherapist", "location": "Bath", "red_flags": []}
    )
    assert result.band is Band.NEEDS_INFORMATION
    assert (result.score_low, result.score_high) == (21, 100)
    assert result.confidence == 0.21
    assert result.ask_about == ("their pains", "what they hope for", "their industry")
    assert result.summary == (
        "Needs information: 21 to 100 out of 100, with 21% of the weighted facts "
        "known. To decide, ask about: their pains, what they hope for, their industry."
    )


def test_a_contact_with_nothing_scorable_needs_information_not_weak_or_not_a_fit():
    result = score_contact(amara(), {"red_flags": []})
    assert result.band is Band.NEEDS_INFORMATION
    assert (result.score_low, result.score_high, result.confidence) == (0, 100, 0.0)
    assert result.ask_about[0] == "their pains"


def test_a_range_inside_one_band_gives_that_band_however_little_is_known():
    # 10 of 10 met, 1 unknown of 11: 91 to 100, all ideal, at 91% known; then a
    # bigger unknown weight puts the low end in another band.
    known = score_contact(Rubric((AGE, replace(CITY, weight=1))), {"age": 40})
    assert (known.score_low, known.score_high, known.band) == (91, 100, Band.IDEAL)
    unsure = score_contact(Rubric((AGE, CITY)), {"age": 40})
    assert (unsure.score_low, unsure.band) == (50, Band.NEEDS_INFORMATION)


@pytest.mark.parametrize(
    ("minimum", "band"), [(50, Band.IDEAL), (51, Band.NEEDS_INFORMATION)]
)
def test_enough_known_weight_gives_the_band_of_the_estimate(minimum, band):
    rubric = Rubric((AGE, CITY), Thresholds(min_confidence=minimum))
    result = score_contact(rubric, {"age": 40})
    assert (result.score, result.confidence) == (100, 0.5)
    assert result.band is band


def test_what_to_ask_about_is_the_heaviest_unknown_facts_first():
    work = replace(WORK, weight=25)
    rubric = Rubric((AGE, CITY, work, ADMIN, PRICES, EMPTY), fact_names=FACT_NAMES)
    result = score_contact(rubric, {"age": 40})
    assert result.ask_about == ("their pains", "their work", "where they are based")


def test_a_present_deal_breaker_wins_even_when_little_is_known():
    result = score_contact(Rubric((AGE, CITY, DEPOSITS)), {"red_flags": ["Deposits"]})
    assert (result.band, result.knocked_out) == (Band.NOT_A_FIT, True)
    assert result.ask_about == ()


def test_pains_a_contact_mentions_count_for_those_they_leave_out():
    rubric = Rubric((ADMIN, PRICES, EMPTY))
    one = score_contact(rubric, {"reported_pains": ["Drowning in admin"]})
    assert [line.outcome for line in one.lines] == [
        Outcome.MET,
        Outcome.NOT_MET,
        Outcome.NOT_MET,
    ]
    # 12 of 30 mentioned counts three times over, up to the whole 30.
    assert (one.score, one.confidence, one.band) == (100, 1.0, Band.IDEAL)
    assert one.lines[1].text == "Reported pains: not among those mentioned."
    light = score_contact(rubric, {"reported_pains": ["An empty diary"]})
    assert light.score == 90
    none = score_contact(rubric, {"reported_pains": ["Back pain"]})
    assert (none.score, none.band) == (0, Band.NOT_A_FIT)


# Invariants -------------------------------------------------------------------

FACTS = {
    "age": st.sampled_from([25, 40, 60]),
    "location": st.sampled_from(["Leeds", "York", "Leeds city centre"]),
    "occupation": st.sampled_from(["Physio", "Chef"]),
    "reported_pains": st.lists(
        st.sampled_from(["Drowning in admin", "What to charge?", "Back pain", "Empty"]),
        max_size=3,
    ),
    "red_flags": st.lists(
        st.sampled_from(["Late payer", "Calls at weekends"]), max_size=2
    ),
}
weights = st.integers(min_value=0, max_value=100)


@st.composite
def rubrics(draw) -> Rubric:
    criteria = [
        replace(c, weight=draw(weights))
        for c in (AGE, CITY, WORK, ADMIN, PRICES, EMPTY)
    ]
    criteria.append(
        Criterion(
            "red_flag:2",
            "Calls at weekends",
            "red_flags",
            Kind.CONTAINS,
            draw(weights),
            ("Calls at weekends",),
            penalty=True,
        )
    )
    minimum = draw(st.integers(min_value=0, max_value=100))
    return Rubric(tuple(criteria), Thresholds(min_confidence=minimum))


@st.composite
def learning(draw) -> tuple[dict, dict]:
    """Facts, and the same facts with some of the unknown ones learned."""
    more = {name: draw(values) for name, values in FACTS.items() if draw(st.booleans())}
    known = {name: value for name, value in more.items() if draw(st.booleans())}
    return known, more


@settings(max_examples=300)
@given(rubrics(), learning())
def test_learning_facts_never_moves_the_score_outside_its_range(rubric, facts):
    known, more = facts
    before, after = score_contact(rubric, known), score_contact(rubric, more)
    assert before.score_low <= after.score_low <= after.score
    assert after.score <= after.score_high <= before.score_high


@settings(max_examples=300)
@given(rubrics(), learning())
def test_confidence_never_falls_as_facts_are_learned(rubric, facts):
    known, more = facts
    assert (
        score_contact(rubric, more).confidence
        >= score_contact(rubric, known).confidence
    )


@settings(max_examples=200)
@given(rubrics(), learning())
def test_a_present_deal_breaker_always_gives_not_a_fit(rubric, facts):
    _, more = facts
    rubric = Rubric((*rubric.criteria, DEPOSITS), rubric.thresholds)
    flags = [*more.get("red_flags", []), "Refuses to pay deposits"]
    assert score_contact(rubric, more | {"red_flags": flags}).band is Band.NOT_A_FIT


@settings(max_examples=300)
@given(rubrics(), learning(), st.integers(min_value=1, max_value=50), st.data())
def test_raising_the_weight_of_a_met_criterion_never_lowers_the_score(
    rubric, facts, more_weight, data
):
    _, facts = facts
    before = score_contact(rubric, facts)
    met = [line.key for line in before.lines if line.outcome is Outcome.MET]
    if not met:
        return
    key = data.draw(st.sampled_from(met))
    raised = tuple(
        replace(c, weight=c.weight + more_weight) if c.key == key else c
        for c in rubric.criteria
    )
    after = score_contact(Rubric(raised, rubric.thresholds), facts)
    assert after.score >= before.score
