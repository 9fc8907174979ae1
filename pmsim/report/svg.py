"""Small hand-written SVG line charts for the debrief: no plotting library needed.

Every line has its own dash pattern and marker shape and carries its label at its
right end, so a chart reads on a black-and-white printout; colour only helps. A
reference line (the budget, the deadline) is drawn dash-dotted in grey, labelled.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from pmsim.report.model import Report
from pmsim.scenario.validate import SCORE_TOTAL

STYLES = (
    # (colour, dash pattern, marker)
    ("#1f5fa8", "", "circle"),
    ("#c0392b", "7 4", "square"),
    ("#2e7d32", "2 3", "triangle"),
    ("#6a3d9a", "10 3 2 3", "diamond"),
)
"""Line styles in order; each differs from the others without colour."""
REFERENCE_COLOUR = "#666666"
HALO = 'stroke="white" stroke-width="3" paint-order="stroke"'
"""A white outline that keeps a label readable where it crosses a line."""
FAMILY = 'font-family="Helvetica, Arial, sans-serif"'
FONT = f'{FAMILY} font-size="11"'


@dataclass(frozen=True)
class Line:
    """A series by week: `values[i]` belongs to `weeks[i]` of the chart."""

    label: str
    values: Sequence[float]


@dataclass(frozen=True)
class ReferenceLine:
    """A horizontal line at `value`, labelled (e.g. 'deadline week 21')."""

    label: str
    value: float


def nice_step(span: float, ticks: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 × 10^k) giving about `ticks` intervals over `span`."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power + 1e-12:
            return factor * power
    return 10 * power


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    r = 3.2
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{colour}"/>'
    if shape == "square":
        return (f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" '
                f'height="{2 * r:.1f}" fill="white" stroke="{colour}" stroke-width="1.5"/>')
    if shape == "triangle":
        return (f'<path d="M{x:.1f} {y - r - 0.8:.1f} L{x + r:.1f} {y + r - 0.8:.1f} '
                f'L{x - r:.1f} {y + r - 0.8:.1f} Z" fill="{colour}"/>')
    return (f'<path d="M{x:.1f} {y - r:.1f} L{x + r:.1f} {y:.1f} L{x:.1f} {y + r:.1f} '
            f'L{x - r:.1f} {y:.1f} Z" fill="white" stroke="{colour}" stroke-width="1.5"/>')


def _spread(positions: list[tuple[float, int]], gap: float, top: float,
            bottom: float) -> dict[int, float]:
    """End-label heights pushed apart so no two overlap, kept inside the plot."""
    placed: dict[int, float] = {}
    last = top - gap
    for y, index in sorted(positions):
        y = max(y, last + gap)
        placed[index] = y
        last = y
    overflow = last - bottom
    if overflow > 0:  # shift the whole stack up
        for index in placed:
            placed[index] -= overflow
    return placed


@dataclass(frozen=True)
class _Frame:
    """Where a chart's plot area sits and how weeks and values map into it."""

    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    x_hi: float
    lo: float
    hi: float
    step: float
    x_lo: float = 0.0

    def sx(self, week: float) -> float:
        """The x of a week."""
        return self.left + (week - self.x_lo) / (self.x_hi - self.x_lo) * (self.right - self.left)

    def sy(self, value: float) -> float:
        """The y of a value."""
        return self.bottom - (value - self.lo) / (self.hi - self.lo) * (self.bottom - self.top)


def line_chart(title: str, weeks: Sequence[float], lines: Sequence[Line], *,
               fmt: Callable[[float], str] = lambda v: f"{v:,.0f}",
               reference: ReferenceLine | None = None, low: float | None = None,
               high: float | None = None, description: str = "",
               width: int = 680, height: int = 280, front: int | None = None) -> str:
    """An inline `<svg>` element: weeks along the bottom, values up the side. The line
    at index `front` is drawn last, over the others (where lines meet, the one the chart
    is about stays visible)."""
    values = [v for line in lines for v in line.values if math.isfinite(v)]
    if reference is not None:
        values.append(reference.value)
    if not weeks or not values:
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="40" '
                f'role="img"><title>{escape(title)}</title><text x="4" y="24" {FONT}>'
                f'{escape(title)}: no data</text></svg>')
    frame = _frame(weeks, lines, values, fmt, low, high, width, height)
    desc = description or f"{title}, by week."
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" role="img" class="chart">',
           f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>",
           f'<text x="{frame.left:.0f}" y="16" {FAMILY} font-size="13" font-weight="bold">'
           f"{escape(title)}</text>"]
    out.extend(_value_axis(frame, fmt))
    out.extend(_week_axis(frame))
    if reference is not None:
        out.extend(_reference_line(frame, reference))
    ends: list[tuple[float, int]] = []
    order = [i for i in range(len(lines)) if i != front]
    if front is not None and 0 <= front < len(lines):
        order.append(front)
    for index in order:
        out.extend(_series(frame, weeks, index, lines[index], ends))
    out.extend(_end_labels(frame, lines, ends))
    out.append("</svg>")
    return "\n".join(out)


def _frame(weeks: Sequence[float], lines: Sequence[Line], values: list[float],
           fmt: Callable[[float], str], low: float | None, high: float | None,
           width: int, height: int) -> _Frame:
    """The value range rounded out to whole steps, room for the value labels on the left
    and the line labels on the right, and the weeks out to the end of the week the last
    value falls in (a game that ends mid-week ends in that week)."""
    lo = min(values) if low is None else min(low, min(values))
    hi = max(values) if high is None else max(high, max(values))
    step = nice_step(hi - lo if hi > lo else abs(hi) or 1.0)
    lo = math.floor(lo / step) * step
    hi = math.ceil(hi / step) * step
    if hi - lo < 1e-12:
        hi = lo + step
    label_w = max(len(fmt(v)) for v in (lo, hi)) * 6.5 + 10
    end_w = max(len(line.label) for line in lines) * 6.2 + 16
    return _Frame(width=width, height=height, left=label_w, right=width - end_w, top=34.0,
                  bottom=height - 34.0, x_hi=max(math.ceil(max(weeks) - 1e-9), 1.0), lo=lo,
                  hi=hi, step=step)


def _value_axis(f: _Frame, fmt: Callable[[float], str]) -> list[str]:
    """The horizontal grid lines with their values."""
    out: list[str] = []
    n_ticks = round((f.hi - f.lo) / f.step)
    for i in range(n_ticks + 1):
        value = f.lo + i * f.step
        y = f.sy(value)
        out.append(f'<line x1="{f.left:.1f}" y1="{y:.1f}" x2="{f.right:.1f}" y2="{y:.1f}" '
                   f'stroke="#dddddd" stroke-width="1"/>')
        out.append(f'<text x="{f.left - 6:.1f}" y="{y + 4:.1f}" {FONT} text-anchor="end">'
                   f"{escape(fmt(value))}</text>")
    return out


def _week_axis(f: _Frame) -> list[str]:
    """The x axis with week ticks (at most about 12) and its caption."""
    week_step = max(1, math.ceil(f.x_hi / 12))
    out = [f'<line x1="{f.left:.1f}" y1="{f.bottom:.1f}" x2="{f.right:.1f}" '
           f'y2="{f.bottom:.1f}" stroke="#333333" stroke-width="1"/>']
    ticks = list(range(0, math.floor(f.x_hi) + 1, week_step))
    if ticks[-1] != math.floor(f.x_hi) and (math.floor(f.x_hi) - ticks[-1]) * 2 >= week_step:
        ticks.append(math.floor(f.x_hi))  # the last week, where the game ended
    for week in ticks:
        x = f.sx(week)
        out.append(f'<line x1="{x:.1f}" y1="{f.bottom:.1f}" x2="{x:.1f}" '
                   f'y2="{f.bottom + 4:.1f}" stroke="#333333"/>')
        out.append(f'<text x="{x:.1f}" y="{f.bottom + 16:.1f}" {FONT} text-anchor="middle">'
                   f"{week}</text>")
    out.append(f'<text x="{(f.left + f.right) / 2:.1f}" y="{f.height - 4:.1f}" {FONT} '
               f'text-anchor="middle">week</text>')
    return out


def _reference_line(f: _Frame, reference: ReferenceLine) -> list[str]:
    """The dash-dotted grey reference line and its label."""
    y = f.sy(reference.value)
    return [f'<line x1="{f.left:.1f}" y1="{y:.1f}" x2="{f.right:.1f}" y2="{y:.1f}" '
            f'stroke="{REFERENCE_COLOUR}" stroke-width="1.5" stroke-dasharray="8 3 1 3"/>',
            f'<text x="{f.left + 4:.1f}" y="{y - 4:.1f}" {FONT} {HALO} '
            f'fill="{REFERENCE_COLOUR}">{escape(reference.label)}</text>']


def _series(f: _Frame, weeks: Sequence[float], index: int, line: Line,
            ends: list[tuple[float, int]]) -> list[str]:
    """One line with its markers (at most about 26); appends its end height to `ends`."""
    colour, dash, shape = STYLES[index % len(STYLES)]
    points = [(f.sx(w), f.sy(v)) for w, v in zip(weeks, line.values, strict=False)
              if math.isfinite(v)]
    if not points:
        return []
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    out = [f'<polyline points="{path}" fill="none" stroke="{colour}" '
           f'stroke-width="2"{dash_attr}><title>{escape(line.label)}</title></polyline>']
    every = max(1, math.ceil(len(points) / 26))
    marks = points[::every]
    if marks[-1] != points[-1]:
        marks.append(points[-1])
    out.extend(_marker(shape, x, y, colour) for x, y in marks)
    ends.append((points[-1][1], index))
    return out


def _end_labels(f: _Frame, lines: Sequence[Line], ends: list[tuple[float, int]]
                ) -> list[str]:
    """Each line's marker and label at its right end, spread apart, with a thin leader
    where a label had to move away from its line's end."""
    out: list[str] = []
    heights = _spread(ends, 13.0, f.top + 4, f.bottom)
    for y_end, index in ends:
        colour, _, shape = STYLES[index % len(STYLES)]
        y = heights[index]
        x = f.right + 8
        out.append(_marker(shape, x + 3, y - 4, colour))
        out.append(f'<text x="{x + 10:.1f}" y="{y:.1f}" {FONT}>'
                   f"{escape(lines[index].label)}</text>")
        if abs(y - y_end) > 2:
            out.append(f'<line x1="{f.right:.1f}" y1="{y_end:.1f}" x2="{x - 1:.1f}" '
                       f'y2="{y - 4:.1f}" stroke="#999999" stroke-width="0.7"/>')
    return out


def short_money(value: float) -> str:
    """12,500 → '12.5k', 1,200,000 → '1.2M'."""
    size = abs(value)
    if size >= 1e6:
        return f"{value / 1e6:.1f}M".replace(".0M", "M")
    if size >= 1e3:
        return f"{value / 1e3:.0f}k"
    return f"{value:.0f}"


CHART_NAMES = ("s-curve", "forecast", "people")
"""The names of `report_charts`, in order (a Markdown debrief's chart files)."""


def report_charts(report: Report) -> dict[str, str]:
    """The debrief's charts by name (`CHART_NAMES`)."""
    weeks = [row.week for row in report.weeks]
    cur = report.currency
    return {
        "s-curve": line_chart(
            f"Cost and schedule (S-curve, {cur})", weeks,
            [Line("PV planned value", [r.pv for r in report.weeks]),
             Line("EV earned value", [r.ev for r in report.weeks]),
             Line("AC actual cost", [r.ac for r in report.weeks])],
            fmt=short_money, low=0, front=1,
            reference=ReferenceLine(f"budget (BAC) {short_money(report.budget)}",
                                    report.budget),
            description="Planned value, earned value and actual cost by week, against "
            "the budget at completion. EV below PV means behind plan; AC above EV means "
            "over cost."),
        "forecast": line_chart(
            "Forecast finish week (P50), as seen at the end of each week", weeks,
            [Line("forecast finish (P50)", [float(r.forecast_week) for r in report.weeks])],
            fmt=lambda v: f"wk {v:.0f}",
            reference=ReferenceLine(_deadline_label(report), report.deadline_week),
            description="The median forecast finish week after each week of the game, "
            "with the deadline. A line above the deadline is a forecast late finish."),
        "people": line_chart(
            "Team morale and stakeholder satisfaction (0-100)", weeks,
            [Line("team morale %", [r.morale * 100 for r in report.weeks]),
             Line("stakeholder satisfaction", [r.satisfaction for r in report.weeks])],
            fmt=lambda v: f"{v:.0f}", low=0, high=100,
            description="Team morale in percent and power-weighted stakeholder "
            "satisfaction out of 100, by week."),
    }


def _deadline_label(report: Report) -> str:
    moved = abs(report.deadline_week - report.original_deadline_week) > 1e-9
    was = f" (originally {report.original_deadline_week})" if moved else ""
    return f"deadline week {report.deadline_week:g}{was}"


def bar_chart(title: str, bars: Sequence[tuple[str, float]], *,
              high: float = float(SCORE_TOTAL),
              reference: float | None = None, reference_label: str = "",
              width: int = 680) -> str:
    """Horizontal bars, one per label, each with its value written at its end; an
    optional vertical reference line (e.g. the baseline bot's score), labelled."""
    row_h, top = 22.0, 34.0
    height = int(top + row_h * len(bars) + 30)
    label_w = min(220.0, max((len(label) for label, _ in bars), default=4) * 6.5 + 12)
    left, right = label_w, width - 50.0
    top_value = max([high, *(v for _, v in bars), reference or 0.0])

    def sx(value: float) -> float:
        return left + max(0.0, value) / top_value * (right - left)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" role="img" class="chart">',
           f"<title>{escape(title)}</title>",
           f'<text x="{left:.0f}" y="16" {FAMILY} font-size="13" font-weight="bold">'
           f"{escape(title)}</text>"]
    for i, (label, value) in enumerate(bars):
        y = top + i * row_h
        shown = label if len(label) <= 32 else label[:31] + "…"
        out.append(f'<text x="{left - 6:.1f}" y="{y + 14:.1f}" {FONT} text-anchor="end">'
                   f"{escape(shown)}</text>")
        out.append(f'<rect x="{left:.1f}" y="{y + 3:.1f}" width="{sx(value) - left:.1f}" '
                   f'height="{row_h - 6:.1f}" fill="#8fb3d9" stroke="#1f5fa8"/>')
        out.append(f'<text x="{sx(value) + 4:.1f}" y="{y + 14:.1f}" {FONT}>{value:,.0f}</text>')
    if reference is not None:
        x = sx(reference)
        bottom = top + row_h * len(bars)
        out.append(f'<line x1="{x:.1f}" y1="{top - 4:.1f}" x2="{x:.1f}" y2="{bottom:.1f}" '
                   f'stroke="{REFERENCE_COLOUR}" stroke-width="1.5" '
                   f'stroke-dasharray="8 3 1 3"/>')
        out.append(f'<text x="{x:.1f}" y="{bottom + 16:.1f}" {FONT} text-anchor="middle" '
                   f'fill="{REFERENCE_COLOUR}">{escape(reference_label)} '
                   f"{reference:,.0f}</text>")
    out.append("</svg>")
    return "\n".join(out)
