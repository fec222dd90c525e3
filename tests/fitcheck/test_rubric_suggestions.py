"""Which criteria separate promoters from detractors, and the nudged weights
(fitcheck/rubric_suggestions.py), with no database."""

from hypothesis import given
from hypothesis import strategies as st

from fitcheck.rubric_suggestions import (
    MIN_GROUP,
    CriterionCount,
    separations,
    suggested_weights,
)


def count(key="pain:1", weight=20.0, promoters_with=0, detractors_with=0, **kind):
    return CriterionCount(key, key, weight, promoters_with, detractors_with, **kind)


def test_a_trait_common_among_promoters_weighs_more():
    rows = separations(
        [count(promoters_with=18, detractors_with=2)], promoters=20, detractors=20
    )
    assert rows[0].clear
    assert suggested_weights(rows) == {"pain:1": 28.0}  # 20 × (1 + ½ × 0.8)


def test_a_red_flag_common_among_detractors_takes_more_off():
    flag = count("red_flag:1", 10, promoters_with=1, detractors_with=15, penalty=True)
    rows = separations([flag], promoters=20, detractors=20)
    assert suggested_weights(rows) == {"red_flag:1": 14.0}


def test_overlapping_shares_and_deal_breakers_keep_their_weight():
    rows = separations(
        [
            count("age", promoters_with=10, detractors_with=9),
            count("red_flag:2", promoters_with=0, detractors_with=20, knock_out=True),
        ],
        promoters=20,
        detractors=20,
    )
    assert suggested_weights(rows) == {}


def test_nothing_is_suggested_below_the_minimum_of_answers():
    rows = separations(
        [count(promoters_with=9, detractors_with=0)], promoters=9, detractors=30
    )
    assert rows == []


def test_the_widest_gap_comes_first():
    rows = separations(
        [
            count("a", promoters_with=12, detractors_with=8),
            count("b", promoters_with=20, detractors_with=1),
        ],
        promoters=20,
        detractors=20,
    )
    assert [row.criterion.key for row in rows] == ["b", "a"]


@st.composite
def criteria_and_groups(draw):
    promoters = draw(st.integers(MIN_GROUP, 400))
    detractors = draw(st.integers(MIN_GROUP, 400))
    counts = draw(
        st.lists(
            st.builds(
                CriterionCount,
                key=st.text(min_size=1, max_size=8),
                label=st.just("x"),
                weight=st.integers(0, 100).map(float),
                promoters_with=st.integers(0, promoters),
                detractors_with=st.integers(0, detractors),
                penalty=st.booleans(),
                knock_out=st.booleans(),
            ),
            max_size=10,
        )
    )
    return counts, promoters, detractors


@given(criteria_and_groups())
def test_suggested_weights_stay_within_0_and_100(case):
    counts, promoters, detractors = case
    for row in separations(counts, promoters=promoters, detractors=detractors):
        assert 0 <= row.suggested_weight <= 100


@given(criteria_and_groups())
def test_weights_move_only_where_the_groups_clearly_differ_and_the_right_way(case):
    counts, promoters, detractors = case
    for row in separations(counts, promoters=promoters, detractors=detractors):
        before, after = row.criterion.weight, row.suggested_weight
        if not row.clear or row.criterion.knock_out:
            assert after == before
        elif (row.gap > 0) != row.criterion.penalty:
            assert after >= before  # Promoters' trait, or detractors' red flag.
        else:
            assert after <= before
