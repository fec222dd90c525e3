"""The NPS-over-time chart as SVG geometry (pure): the template draws what this
works out, so no chart library and no CDN.

NPS runs from −100 (bottom) to 100 (top), one unit per SVG pixel; each check-in
is a dot with its score written above it, a whisker of one standard error
either side, and under the axis its title, date and how many answered (n).
A dot with fewer than MIN_ANSWERS answers is drawn hollow: read it with care.
"""

from dataclasses import dataclass

from feedback.results import Nps, nps_standard_error

MIN_ANSWERS = 10
LEFT, RIGHT, TOP, BOTTOM = 48, 24, 24, 64
STEP = 120
PLOT_HEIGHT = 200
TICKS = (100, 50, 0, -50, -100)
LABEL_CHARS = 18


@dataclass(frozen=True)
class Tick:
    y: int
    label: str


@dataclass(frozen=True)
class Dot:
    x: int
    y: int
    score: int
    title: str
    short_title: str
    date: str
    n: int
    error: float | None
    whisker_top: int
    whisker_bottom: int

    @property
    def few(self) -> bool:
        return self.n < MIN_ANSWERS

    @property
    def label(self) -> str:
        return f"{self.title}, {self.date}: NPS {self.score}, {self.n} answers"


@dataclass(frozen=True)
class TrendChart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    zero_y: int
    axis_y: int
    ticks: tuple[Tick, ...]
    dots: tuple[Dot, ...]

    @property
    def polyline(self) -> str:
        return " ".join(f"{dot.x},{dot.y}" for dot in self.dots)

    @property
    def summary(self) -> str:
        if not self.dots:
            return "No NPS answers yet."
        first, last = self.dots[0], self.dots[-1]
        count = len(self.dots)
        check_ins = f"{count} check-in{'s' * (count != 1)}"
        return (
            f"{check_ins}, from NPS {first.score} ({first.date}) to NPS "
            f"{last.score} ({last.date}). The table below has every figure."
        )


def y_of(score: float) -> int:
    return round(TOP + (100 - max(-100, min(100, score))) * PLOT_HEIGHT / 200)


def trend_chart(points: list[tuple[str, str, Nps]]) -> TrendChart:
    """`points`: (title, date, NPS) of each check-in with answers, oldest first."""
    answered = [point for point in points if point[2].score is not None]
    dots = tuple(
        _dot(LEFT + STEP // 2 + index * STEP, title, date, score)
        for index, (title, date, score) in enumerate(answered)
    )
    width = LEFT + STEP * max(len(dots), 1) + RIGHT
    return TrendChart(
        width=width,
        height=TOP + PLOT_HEIGHT + BOTTOM,
        plot_left=LEFT,
        plot_right=width - RIGHT,
        zero_y=y_of(0),
        axis_y=y_of(-100),
        ticks=tuple(Tick(y_of(t), f"{t:+d}" if t else "0") for t in TICKS),
        dots=dots,
    )


def _dot(x: int, title: str, date: str, score: Nps) -> Dot:
    error = nps_standard_error(score)
    spread = error or 0
    short = title if len(title) <= LABEL_CHARS else title[: LABEL_CHARS - 1] + "…"
    return Dot(
        x=x,
        y=y_of(score.score),
        score=score.score,
        title=title,
        short_title=short,
        date=date,
        n=score.total,
        error=error,
        whisker_top=y_of(score.score + spread),
        whisker_bottom=y_of(score.score - spread),
    )
