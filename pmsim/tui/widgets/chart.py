"""A small line chart drawn with characters: each series has its own letter as marker,
so the chart reads without colour; a reference line (a deadline, a budget) is dashed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from rich.text import Text
from textual.widget import Widget

from pmsim.tui.format import c


@dataclass(frozen=True)
class Series:
    """Values by week (index 0 = week 1), drawn with `marker` in colour `role`."""

    label: str
    marker: str
    role: str
    values: Sequence[float]


@dataclass(frozen=True)
class Reference:
    """A horizontal line at `value`, labelled."""

    label: str
    value: float


Cell = tuple[str, str]
"""One character of the plot and its style."""


@dataclass(frozen=True)
class _Area:
    """Where values land on the plot: `lo`..`hi` over `height` rows, `n` weeks over
    `width` columns."""

    lo: float
    hi: float
    width: int
    height: int
    n: int

    def row_of(self, v: float) -> int:
        share = (v - self.lo) / (self.hi - self.lo)
        return min(self.height - 1, max(0, self.height - 1 - round(share * (self.height - 1))))

    def col_of(self, i: int) -> int:
        return 0 if self.n <= 1 else round(i * (self.width - 1) / (self.n - 1))


def draw_chart(series: Sequence[Series], width: int, height: int,
               fmt: Callable[[float], str] = lambda v: f"{v:,.0f}",
               reference: Reference | None = None, low: float | None = None,
               high: float | None = None) -> Text:
    """The chart as text: y axis on the left, weeks along the bottom, legend on top."""
    values = [v for s in series for v in s.values]
    if reference is not None:
        values.append(reference.value)
    if not values or width < 20 or height < 5:
        return Text("(not enough room or data for this chart)", style=c("muted"))
    lo = min(values) if low is None else low
    hi = max(values) if high is None else high
    if hi - lo < 1e-9:
        hi = lo + 1.0
    label_w = max(len(fmt(lo)), len(fmt(hi)), len(fmt((lo + hi) / 2))) + 1
    area = _Area(lo, hi, width - label_w - 1, height - 3,  # legend, x axis, week labels
                 max(len(s.values) for s in series) if series else 1)
    grid = [[(" ", "")] * area.width for _ in range(area.height)]
    if reference is not None:
        grid[area.row_of(reference.value)] = [("╌", c("warn"))] * area.width
    _draw_lines(grid, area, series)
    overlap = _draw_markers(grid, area, series)
    lines = [_legend(series, reference, overlap, width)]
    lines += _plot_rows(grid, axis_labels(lo, hi, area.height, fmt), label_w)
    lines.append(Text(" " * label_w + "└" + "─" * area.width, style=c("muted")))
    lines.append(_week_labels(area, label_w))
    return Text("\n").join(lines)


def _draw_lines(grid: list[list[Cell]], area: _Area, series: Sequence[Series]) -> None:
    """Join each series' points with dots, so each line reads as a line."""
    for s in series:
        points = [(area.col_of(i), area.row_of(v)) for i, v in enumerate(s.values)]
        for (px, py), (x, y) in pairwise(points):
            for xx in range(px + 1, x):
                yy = round(py + (y - py) * (xx - px) / (x - px))
                if grid[yy][xx][0] in " ╌":
                    grid[yy][xx] = ("·", c(s.role))


def _draw_markers(grid: list[list[Cell]], area: _Area, series: Sequence[Series]) -> bool:
    """Put every marker on top of the lines, so no line hides a point; where two series'
    markers meet, draw '*'. True if any did."""
    markers = {s.marker for s in series}
    overlap = False
    for s in series:
        for i, v in enumerate(s.values):
            y, x = area.row_of(v), area.col_of(i)
            here = grid[y][x][0]
            if (here in markers and here != s.marker) or here == "*":
                grid[y][x] = ("*", "bold")
                overlap = True
            else:
                grid[y][x] = (s.marker, f"bold {c(s.role)}")
    return overlap


def _legend(series: Sequence[Series], reference: Reference | None, overlap: bool,
            width: int) -> Text:
    """The top line: each series' marker and label, the reference line's, and '*'."""
    legend = Text()
    for s in series:
        legend.append(f"{s.marker}", style=f"bold {c(s.role)}")
        legend.append(f" {s.label}   ")
    if reference is not None:
        legend.append("╌", style=c("warn"))
        legend.append(f" {reference.label}   ")
    if overlap:
        legend.append("* lines meet")
    legend.truncate(width, overflow="ellipsis")
    return legend


def _plot_rows(grid: list[list[Cell]], ticks: dict[int, str], label_w: int) -> list[Text]:
    """The plot's rows, each after its y-axis label (if it has one) and the axis."""
    rows = []
    for y, row in enumerate(grid):
        line = Text(ticks[y].rjust(label_w) if y in ticks else " " * label_w,
                    style=c("muted"))
        line.append("┤" if y in ticks else "│", style=c("muted"))
        for char, style in row:
            line.append(char, style=style)
        rows.append(line)
    return rows


def _week_labels(area: _Area, label_w: int) -> Text:
    """The bottom line: week numbers under their columns, as many as fit apart; the
    last week always (pulled left to end at the last column when it is wider)."""
    weeks = [" "] * area.width

    def place(x: int, label: str) -> None:
        if x >= 0 and x + len(label) <= area.width and all(
                ch == " " for ch in weeks[max(0, x - 1):x + len(label) + 1]):
            weeks[x:x + len(label)] = list(label)

    if area.n:
        last = str(area.n)
        place(min(area.col_of(area.n - 1), area.width - len(last)), last)
    step = max(1, area.n // max(1, area.width // 6))
    for i in range(0, area.n - 1, step):
        place(area.col_of(i), str(i + 1))
    return Text("wk".rjust(label_w) + " " + "".join(weeks), style=c("muted"))


def axis_labels(lo: float, hi: float, plot_h: int,
                fmt: Callable[[float], str]) -> dict[int, str]:
    """Row → label of the y axis: the top, the bottom and the middle, each only if it
    reads differently from those already labelled (a small range formatted in whole
    weeks would otherwise read 'wk 5, wk 5, wk 4')."""
    mid = (plot_h - 1) // 2
    rows = {0: hi, plot_h - 1: lo, mid: lo + (hi - lo) * (1 - mid / max(plot_h - 1, 1))}
    labels: dict[int, str] = {}
    for y, value in rows.items():
        label = fmt(value)
        if label not in labels.values():
            labels[y] = label
    return labels


class LineChart(Widget):
    """A titled chart that redraws itself to its size."""

    DEFAULT_CSS = """
    LineChart { height: 1fr; min-height: 8; }
    """

    def __init__(self, series: Sequence[Series], fmt: Callable[[float], str] | None = None,
                 reference: Reference | None = None, low: float | None = None,
                 high: float | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.series = list(series)
        self.fmt = fmt or (lambda v: f"{v:,.0f}")
        self.reference = reference
        self.low, self.high = low, high

    def render(self) -> Text:
        return draw_chart(self.series, self.size.width, self.size.height, self.fmt,
                          self.reference, self.low, self.high)
