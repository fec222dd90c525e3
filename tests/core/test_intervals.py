"""Wilson intervals for shares (core/intervals.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.intervals import Interval, wilson


@st.composite
def share_counts(draw) -> tuple[int, int]:
    n = draw(st.integers(1, 5000))
    return draw(st.integers(0, n)), n


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        (0, 10, 0.0, 0.278),
        (10, 10, 0.722, 1.0),
        (5, 10, 0.237, 0.763),
        (50, 100, 0.404, 0.596),
    ],
)
def test_known_intervals(successes, n, low, high):
    interval = wilson(successes, n)
    assert interval.low == pytest.approx(low, abs=0.001)
    assert interval.high == pytest.approx(high, abs=0.001)


def test_no_answers_have_no_interval():
    assert wilson(0, 0) is None


def test_more_successes_than_answers_is_a_programming_error():
    with pytest.raises(ValueError):
        wilson(3, 2)


@given(share_counts())
def test_the_interval_stays_within_0_and_1_and_holds_the_share(counts):
    successes, n = counts
    interval = wilson(successes, n)
    assert 0 <= interval.low <= interval.high <= 1
    assert interval.contains(successes / n)


@given(share_counts(), st.integers(2, 20))
def test_the_same_share_from_fewer_answers_has_a_wider_interval(counts, times):
    successes, n = counts
    assert wilson(successes, n).width > wilson(successes * times, n * times).width


def test_overlap_is_symmetric_and_touching_ends_overlap():
    assert Interval(0, 1).overlaps(Interval(1, 2))
    assert Interval(1, 2).overlaps(Interval(0, 1))
    assert not Interval(0, 1).overlaps(Interval(1.1, 2))
