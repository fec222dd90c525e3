import pytest

from feedback import results


@pytest.mark.parametrize(
    ("counts", "score", "split"),
    [
        ({}, None, (0, 0, 0)),
        ({10: 3}, 100, (3, 0, 0)),
        ({0: 2}, -100, (0, 0, 2)),
        ({7: 4, 8: 1}, 0, (0, 5, 0)),
        ({9: 1, 6: 1}, 0, (1, 0, 1)),
        ({10: 2, 8: 1, 3: 1}, 25, (2, 1, 1)),
        ({9: 1, 7: 1, 0: 1}, 0, (1, 1, 1)),
        ({9: 2, 6: 1}, 33, (2, 0, 1)),
    ],
)
def test_nps_is_promoters_minus_detractors_in_percent(counts, score, split):
    nps = results.nps(counts)
    assert nps.score == score
    assert (nps.promoters, nps.passives, nps.detractors) == split
    assert nps.total == sum(counts.values())


def test_mean_of_no_answers_is_none_not_zero():
    assert results.mean({}) is None
    assert results.mean({1: 1, 5: 1}) == 3
    assert results.mean({4: 2, 5: 1}) == 4.33


def test_distribution_shows_every_label_in_order_even_at_zero():
    bars = results.distribution({"b": 3, "a": 1}, ["a", "b", "c"])
    assert [(b.label, b.count, b.percent) for b in bars] == [
        ("a", 1, 25),
        ("b", 3, 75),
        ("c", 0, 0),
    ]
    assert [b.percent for b in results.distribution({}, ["x"])] == [0]


def test_response_rate():
    assert results.response_rate(invited=0, answered=0) is None
    assert results.response_rate(invited=50, answered=20) == 40


def test_the_standard_error_of_nps_follows_the_formula():
    # P = 0.5, D = 0.2: sqrt((0.7 - 0.09) / 10) = 0.247 -> 24.7 points.
    score = results.nps({10: 5, 8: 3, 2: 2})
    assert results.nps_standard_error(score) == 24.7
    assert results.nps_standard_error(results.nps({})) is None
    assert results.nps_standard_error(results.nps({10: 4})) == 0


def test_several_choice_shares_are_of_respondents():
    bars = results.distribution({"A": 1, "B": 1}, ["A", "B"], respondents=1)
    assert [bar.percent for bar in bars] == [100, 100]
