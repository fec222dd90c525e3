"""The NPS-over-time chart's geometry (pure: no database)."""

from hypothesis import given
from hypothesis import strategies as st

from feedback import charts
from feedback.results import Nps, nps


def point(title: str, counts: dict[int, int]) -> tuple[str, str, Nps]:
    return (title, "1 Mar 2026", nps(counts))


def test_100_is_at_the_top_and_minus_100_at_the_bottom_with_labelled_ticks():
    chart = charts.trend_chart(
        [point("Spring", {10: 12}), point("Summer", {0: 12}), point("Autumn", {8: 3})]
    )
    assert [dot.y for dot in chart.dots] == [charts.TOP, charts.TOP + 200, chart.zero_y]
    assert [tick.label for tick in chart.ticks] == ["+100", "+50", "0", "-50", "-100"]
    assert chart.axis_y == charts.TOP + 200
    assert chart.polyline.count(",") == 3


def test_each_dot_carries_its_sample_size_and_error():
    [dot] = charts.trend_chart([point("Spring check-in", {10: 5, 8: 3, 2: 2})]).dots
    assert (dot.score, dot.n, dot.error) == (30, 10, 24.7)
    assert dot.whisker_top < dot.y < dot.whisker_bottom
    assert not dot.few
    assert dot.label == "Spring check-in, 1 Mar 2026: NPS 30, 10 answers"


def test_few_answers_are_marked_and_long_titles_shortened():
    [dot] = charts.trend_chart(
        [point("A very long autumn check-in title", {9: 2})]
    ).dots
    assert dot.few
    assert dot.short_title == "A very long autum…"
    assert len(dot.short_title) == charts.LABEL_CHARS


def test_surveys_without_answers_are_left_out_of_the_chart():
    chart = charts.trend_chart([point("Empty", {})])
    assert chart.dots == ()
    assert chart.summary == "No NPS answers yet."


@given(st.lists(st.dictionaries(st.integers(0, 10), st.integers(1, 50)), max_size=12))
def test_every_dot_and_whisker_stays_inside_the_plot(all_counts):
    chart = charts.trend_chart([point(f"S{i}", c) for i, c in enumerate(all_counts)])
    for dot in chart.dots:
        assert (
            charts.TOP <= dot.whisker_top <= dot.y <= dot.whisker_bottom <= chart.axis_y
        )
        assert chart.plot_left < dot.x < chart.plot_right
