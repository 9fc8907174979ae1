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
    plot_w = width - label_w - 1
    plot_h = height - 3  # legend, x axis, week labels
    n = max(len(s.values) for s in series) if series else 1
    grid = [[(" ", "")] * plot_w for _ in range(plot_h)]

    def row_of(v: float) -> int:
        share = (v - lo) / (hi - lo)
        return min(plot_h - 1, max(0, plot_h - 1 - round(share * (plot_h - 1))))

    def col_of(i: int) -> int:
        return 0 if n <= 1 else round(i * (plot_w - 1) / (n - 1))

    if reference is not None:
        r = row_of(reference.value)
        grid[r] = [("╌", c("warn"))] * plot_w
    for s in series:  # join the points so each line reads as a line …
        points = [(col_of(i), row_of(v)) for i, v in enumerate(s.values)]
        for (px, py), (x, y) in pairwise(points):
            for xx in range(px + 1, x):
                yy = round(py + (y - py) * (xx - px) / (x - px))
                if grid[yy][xx][0] in " ╌":
                    grid[yy][xx] = ("·", c(s.role))
    markers = {s.marker for s in series}
    overlap = False
    for s in series:  # … then put every marker on top, so no line hides a point
        for i, v in enumerate(s.values):
            y, x = row_of(v), col_of(i)
            here = grid[y][x][0]
            if (here in markers and here != s.marker) or here == "*":
                grid[y][x] = ("*", "bold")
                overlap = True
            else:
                grid[y][x] = (s.marker, f"bold {c(s.role)}")

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
    lines = [legend]
    ticks = axis_labels(lo, hi, plot_h, fmt)
    for y, row in enumerate(grid):
        line = Text(ticks[y].rjust(label_w) if y in ticks else " " * label_w,
                    style=c("muted"))
        line.append("┤" if y in ticks else "│", style=c("muted"))
        for char, style in row:
            line.append(char, style=style)
        lines.append(line)
    axis = Text(" " * label_w + "└" + "─" * plot_w, style=c("muted"))
    lines.append(axis)
    weeks = [" "] * plot_w
    step = max(1, n // max(1, plot_w // 6))
    for i in range(0, n, step):
        label = str(i + 1)
        x = col_of(i)
        if x + len(label) <= plot_w and all(ch == " " for ch in weeks[x:x + len(label) + 1]):
            weeks[x:x + len(label)] = list(label)
    lines.append(Text("wk".rjust(label_w) + " " + "".join(weeks), style=c("muted")))
    return Text("\n").join(lines)


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
