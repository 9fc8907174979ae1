"""Stakeholders: the power/interest grid, and each one's engagement and satisfaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text
from textual.reactive import reactive

from pmsim.engine.view import PlayerView, StakeholderView
from pmsim.tui.format import c, level, trend
from pmsim.tui.plain import Static
from pmsim.tui.widgets.table import Cell, ViewTable, flex

QUADRANTS = (("keep satisfied", "manage closely"), ("monitor", "keep informed"))
"""Rows: high power then low power; columns: low interest then high interest."""


def fit_name(name: str, width: int) -> str:
    """The whole name when it fits in `width` columns, else its start and an ellipsis
    ('Riverside Harr…'): a group's name is not a first and a last name, so it is never
    cut to a first word or an initial."""
    if len(name) <= width:
        return name
    return name[:max(width - 1, 0)].rstrip() + "…"


def satisfaction_text(h: StakeholderView) -> Text:
    """'62 ✓ ▲+2': the figure, its judgement and its trend."""
    text = level(h.satisfaction, 40, 60, f"{h.satisfaction:3.0f}")
    text.append(" ")
    text.append_text(trend(h.trend))
    return text


GRID_CELL = 17
"""Narrowest quadrant of the grid, in columns (its titles need 14)."""


def _grid_entry(h: StakeholderView, numbers: bool, cell: int | None = None) -> Text:
    """'★ Helen Okafor 65 ✓' (or without the figure), the name cut to fit `cell`."""
    mark = level(h.satisfaction, 40, 60, f"{h.satisfaction:.0f}" if numbers else "")
    mark = Text(mark.plain.strip(), style=mark.style)
    name = h.name if cell is None else fit_name(h.name, cell - 3 - mark.cell_len)
    return Text(("★ " if h.sponsor else "● ") + name + " ").append_text(mark)


def power_interest_grid(holders: Sequence[StakeholderView], room: int = 2 * GRID_CELL + 1
                        ) -> Text:
    """A 2×2 grid, power up and interest across, with each stakeholder in their quadrant,
    at most `room` columns wide. Names show in full where they fit: the quadrants widen
    for them as far as `room` allows, and drop the satisfaction figures (the mark stays,
    the table beside has the figures) before a name is cut."""
    cell_max = max(GRID_CELL, (room - 1) // 2)
    numbers = all(_grid_entry(h, True).cell_len <= cell_max for h in holders)
    cell = max([GRID_CELL, *(_grid_entry(h, numbers).cell_len for h in holders)])
    cell = min(cell, cell_max)
    by_quadrant: dict[str, list[StakeholderView]] = {}
    for h in holders:
        by_quadrant.setdefault(h.quadrant, []).append(h)
    muted = c("muted")
    lines = [Text("power ▲", style=muted)]
    border = "┼".join(["─" * cell] * 2)
    for row, (left, right) in enumerate(QUADRANTS):
        if row:
            lines.append(Text(border, style=muted))
        cells = [by_quadrant.get(left, []), by_quadrant.get(right, [])]
        height = max(2, 1 + max(len(x) for x in cells))
        for i in range(height):
            line = Text()
            for col, (title, members) in enumerate(zip((left, right), cells, strict=True)):
                if col:
                    line.append("│", style=muted)
                if i == 0:
                    part = Text(title.upper()[:cell], style=f"bold {muted}")
                elif i - 1 < len(members):
                    part = _grid_entry(members[i - 1], numbers, cell)
                else:
                    part = Text("")
                part.truncate(cell, overflow="ellipsis", pad=True)
                line.append_text(part)
            lines.append(line)
    lines.append(Text(" " * (cell - 3) + "interest ▶", style=muted))
    return Text("\n").join(lines)


class PowerInterestGrid(Static):
    """The grid, re-drawn from the view."""

    DEFAULT_CSS = """
    PowerInterestGrid { width: auto; height: auto; padding: 0 1; }
    """

    view: reactive[PlayerView | None] = reactive(None, always_update=True)

    def watch_view(self) -> None:
        if self.view is not None:
            self.update(power_interest_grid(self.view.stakeholders, grid_room(
                self.app.size.width)))

    def on_resize(self) -> None:
        self.watch_view()


def grid_room(width: int) -> int:
    """Columns the grid may take in a `width`-column dashboard: 35 (two quadrants of 17)
    up to 140 columns; beyond, all that leaves the table its 100 columns, up to 61."""
    return max(2 * GRID_CELL + 1, min(61, width - 104))


class StakeholderTable(ViewTable):
    """Engagement, satisfaction and its trend, and what each one cares about."""

    def column_spec(self, width: int) -> Sequence[tuple[str, int | None]]:
        if width >= 70:
            cols: list[tuple[str, int | None]] = [
                ("Stakeholder", 20), ("Engagement", 10), ("Satisfaction", 12),
                ("Cares most about", None)]
            if width >= 100:
                cols.insert(3, ("Lately", 12))
            return flex(cols, width)
        return flex([("Stakeholder", None), ("Engaged", 10), ("Satisf.", 9)], width,
                    cap=24, least=12)

    def row_cells(self, view: PlayerView, width: int) -> Iterable[tuple[str, Sequence[Cell]]]:
        name_w = self.column_spec(width)[0][1] or 12
        for h in view.stakeholders:
            name = Text(fit_name(h.name, name_w))
            cells: list[Cell] = [name, h.engagement, satisfaction_text(h)]
            if width >= 100:
                cells.append(sparkline(h.history[-12:], 0, 100))
            if width >= 70:
                cells.append(cares_text(h))
            yield h.id, cells

    def detail(self, view: PlayerView, key: str) -> Text:
        h = next((h for h in view.stakeholders if h.id == key), None)
        if h is None:
            return Text("")
        text = Text(f"{h.name}, {h.role or 'stakeholder'}", style="bold")
        text.append(f" — power {h.power:.1f}, interest {h.interest:.1f}: {h.quadrant}; "
                    f"{h.engagement}; cares about {cares_text(h)}. ")
        if len(h.history) > 1:
            recent = " → ".join(f"{x:.0f}" for x in h.history[-5:])
            if round(h.satisfaction) != round(h.history[-1]):  # changed since the week ended
                recent += f" → now {h.satisfaction:.0f}"
            text.append(f"Satisfaction lately: {recent}. ")
        text.append("t: meet them.", style=c("accent"))
        return text


def sparkline(values: Sequence[float], low: float, high: float) -> Text:
    """Values as block heights ▁…█ (shape, not colour, carries the trend)."""
    blocks = "▁▂▃▄▅▆▇█"
    span = max(high - low, 1e-9)
    chars = [blocks[min(7, max(0, int((v - low) / span * 8)))] for v in values]
    return Text("".join(chars), style=c("accent"))


def cares_text(h: StakeholderView) -> str:
    """Their weights, biggest first: 'schedule 2, scope 1.5, cost 1'."""
    ordered = sorted(((k, v) for k, v in h.cares.items() if v > 0), key=lambda kv: -kv[1])
    return ", ".join(f"{k} {v:g}" for k, v in ordered)
