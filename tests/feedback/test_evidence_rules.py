"""The Evidence page's maths (feedback/evidence.py), with no database."""

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from feedback import evidence, results
from feedback.evidence import MIN_ANSWERS, BandFigures, Measure, Outcome

ratings = st.dictionaries(st.integers(1, 5), st.integers(1, 60), min_size=1)
recommends = st.dictionaries(st.integers(0, 10), st.integers(1, 60), min_size=1)


def figures(band: str, label: str, ratings=None, recommends=None) -> BandFigures:
    return BandFigures(band, label, 0, ratings or {}, recommends or {})


def ideal(**counts) -> BandFigures:
    return figures("ideal", "Ideal", **counts)


def weak(**counts) -> BandFigures:
    return figures("weak", "Weak fit", **counts)


# The figures --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "expected"),
    [([5], 5), ([1, 5], 3), ([1, 2, 5], 2), ([4, 4, 5, 5], 4.5), ([], None)],
)
def test_the_median_is_the_middle_answer(answers, expected):
    assert evidence.median(Counter(answers)) == expected


@given(ratings)
def test_the_median_is_an_answer_or_between_two(counts):
    middle = evidence.median(counts)
    assert min(counts) <= middle <= max(counts)


@given(recommends)
def test_the_nps_and_its_interval_stay_within_minus_100_and_100(counts):
    score = results.nps(counts)
    interval = evidence.nps_interval(score)
    assert -100 <= interval.low <= score.score <= interval.high <= 100


@given(ratings)
def test_the_mean_s_interval_holds_the_mean_within_the_scale(counts):
    interval = evidence.mean_interval(counts)
    assert 1 <= interval.low <= evidence.mean(counts) <= interval.high <= 5


@given(recommends, st.integers(2, 10))
def test_the_nps_interval_widens_as_the_answers_shrink(counts, times):
    few = evidence.nps_interval(results.nps(counts))
    many = evidence.nps_interval(results.nps({v: n * times for v, n in counts.items()}))
    assert few.width >= many.width


@given(ratings, st.integers(2, 10))
def test_the_mean_s_interval_widens_as_the_answers_shrink(counts, times):
    few = evidence.mean_interval(counts)
    many = evidence.mean_interval({v: n * times for v, n in counts.items()})
    assert few.width >= many.width


@given(st.sampled_from([0, 6, 9, 10]), st.integers(1, 5))
def test_a_few_identical_answers_never_claim_certainty(value, n):
    assert evidence.nps_interval(results.nps({value: n})).width > 0
    assert evidence.mean_interval({3: n}).width > 0


def test_no_answers_have_no_figures():
    empty = ideal()
    assert (empty.median_rating, empty.rating_interval, empty.nps_interval) == (
        None,
        None,
        None,
    )


# The verdict --------------------------------------------------------------------------


def test_a_clear_difference_is_said_with_its_numbers():
    verdict = evidence.verdict(
        [ideal(ratings={5: 20, 4: 3}), weak(ratings={2: 8, 3: 7})], Measure.SATISFACTION
    )
    assert verdict.outcome == Outcome.DIFFERENCE
    assert verdict.sentences == [
        "Clients who were Ideal fits rate you 2.4 points higher on average than "
        "clients who were Weak fits: 4.9 against 2.5, from 23 and 15 answers."
    ]


def test_a_clear_nps_difference_is_said_with_its_numbers():
    verdict = evidence.verdict(
        [ideal(recommends={10: 18, 8: 2}), weak(recommends={3: 10, 9: 2})], Measure.NPS
    )
    assert verdict.sentences == [
        "Clients who were Ideal fits give an NPS 157 points higher than clients who "
        "were Weak fits: +90 against -67, from 20 and 12 answers."
    ]


def test_overlapping_intervals_give_no_verdict():
    verdict = evidence.verdict(
        [ideal(ratings={4: 6, 5: 5}), weak(ratings={4: 6, 3: 5})], Measure.SATISFACTION
    )
    assert verdict.outcome == Outcome.NO_CLEAR_DIFFERENCE
    assert verdict.sentences == []


def test_a_lower_ideal_band_is_said_as_lower():
    verdict = evidence.verdict(
        [ideal(ratings={1: 12}), weak(ratings={5: 12})], Measure.SATISFACTION
    )
    assert "4.0 points lower" in verdict.sentences[0]


@pytest.mark.parametrize(
    ("ideal_answers", "weak_answers", "needed"),
    [(0, 0, 2 * MIN_ANSWERS), (4, 0, 16), (4, 7, 9), (12, 7, 3), (3, 15, 7)],
)
def test_too_few_answers_say_how_many_more_are_needed(
    ideal_answers, weak_answers, needed
):
    bands = [ideal(ratings={5: ideal_answers}), weak(ratings={2: weak_answers})]
    verdict = evidence.verdict(bands, Measure.SATISFACTION)
    assert (verdict.outcome, verdict.more_needed) == (Outcome.NOT_ENOUGH, needed)


@given(st.integers(0, 30), st.lists(st.integers(0, 30), max_size=4))
def test_a_verdict_is_given_only_with_enough_answers_in_both_bands(ours, theirs):
    bands = [ideal(recommends={10: ours})] + [
        figures(f"b{i}", "Good fit", recommends={0: n}) for i, n in enumerate(theirs)
    ]
    verdict = evidence.verdict(bands, Measure.NPS)
    enough = ours >= MIN_ANSWERS and any(n >= MIN_ANSWERS for n in theirs)
    assert (verdict.outcome != Outcome.NOT_ENOUGH) == enough
    assert (verdict.more_needed == 0) == enough
