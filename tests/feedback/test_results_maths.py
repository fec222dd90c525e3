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


def test_trend_chart_puts_100_at_the_top_and_minus_100_at_the_bottom():
    chart = results.trend_chart([("Spring", 100), ("Summer", -100), ("Autumn", 0)])
    assert [(dot.y) for dot in chart.dots] == [10, 210, 110]
    assert chart.polyline == "30,10 150,210 270,110"
    assert results.trend_chart([]).dots == ()
