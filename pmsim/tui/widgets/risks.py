"""The risk register: probability, window, exposure, response in place, what fired."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text

from pmsim.engine.view import PlayerView, RiskView
from pmsim.tui.format import c, money, short_money
from pmsim.tui.widgets.table import Cell, ViewTable, flex
from pmsim.wording import span


def risk_state(view: PlayerView, r: RiskView) -> Text:
    """Closed, fired, live now (in its window), or still to come."""
    if r.fired_weeks:  # an opportunity that came true is good news, not a failure
        good = r.kind == "opportunity"
        return Text("▲ happened" if good else "✗ fired",
                    style=c("muted") if r.closed else c("good" if good else "bad"))
    if r.closed:
        return Text("✓ closed", style=c("muted"))
    if r.in_window:
        return Text("● live", style=c("warn"))
    if view.week < r.window[0]:
        return Text(f"○ from w{r.window[0]}", style=c("muted"))
    return Text("○ passed", style=c("muted"))


def days_text(days: float) -> str:
    """Days of schedule exposure, short: '3.5 d', '12 d'."""
    return f"{days:.1f} d" if days < 9.95 else f"{days:.0f} d"


def exposure_text(r: RiskView) -> str:
    """The Expos. column: the expected cost of a threat, or, when it costs only time,
    its expected schedule hit in days ('3.5 d'); '–' for none."""
    if r.exposure > 0:
        return short_money(r.exposure)
    if r.exposure_days > 0:
        return days_text(r.exposure_days)
    return "–"


def exposure_sentence(view: PlayerView, r: RiskView) -> str:
    """The exposure in words, for the detail line ('' for none)."""
    parts = []
    if r.exposure > 0:
        parts.append(money(r.exposure, view.money.currency))
    if r.exposure_days > 0:
        parts.append(f"{r.exposure_days:.1f} days")
    if not parts:
        return ""
    return f"Exposure: {' and '.join(parts)} (probability × impact). "


def kind_text(r: RiskView) -> Text:
    """▼ threat or ▲ opportunity."""
    if r.kind == "threat":
        return Text("▼ threat", style=c("bad"))
    return Text("▲ opport.", style=c("good"))


class RiskTable(ViewTable):
    """The known risks, those in their window first."""

    def column_spec(self, width: int) -> Sequence[tuple[str, int | None]]:
        if width >= 110:
            return flex([("Risk", 40), ("Kind", 9), ("Prob.", 5), ("Weeks", 6),
                         ("Expos.", 6), ("Fired", 6), ("Response", 9), ("State", 10),
                         ("Impact (most likely)", None)], width)
        return flex([("Risk", None), ("Kind", 9), ("Prob.", 5), ("Weeks", 6),
                     ("Expos.", 6), ("Response", 9), ("State", 10)], width, cap=40)

    def row_cells(self, view: PlayerView, width: int) -> Iterable[tuple[str, Sequence[Cell]]]:
        wide = width >= 110
        name_w = self.column_spec(width)[0][1] or 14

        def order(r: RiskView) -> tuple[int, int]:
            live = 0 if (r.in_window and not r.closed) else (1 if not r.closed else 2)
            return live, r.window[0]

        for r in sorted(view.risks, key=order):
            name = Text(r.name)
            name.truncate(name_w, overflow="ellipsis")
            response = Text(r.response or "— none",
                            style="" if r.response else c("warn" if r.in_window else "muted"))
            exposure = exposure_text(r)
            cells: list[Cell] = [name, kind_text(r), f"{r.probability * 100:.0f}%",
                                 span(*r.window), exposure, response,
                                 risk_state(view, r)]
            if wide:
                fired = ",".join(str(w) for w in r.fired_weeks) or "–"
                cells.insert(5, fired)
                cells.append(r.impact)
            yield r.id, cells

    def detail(self, view: PlayerView, key: str) -> Text:
        r = next((r for r in view.risks if r.id == key), None)
        if r is None:
            return Text("")
        text = Text(f"{r.name}: ", style="bold")
        text.append(f"{r.description} Impact: {r.impact}. ")
        text.append(exposure_sentence(view, r))
        if r.fired_weeks:
            happened = "Came true" if r.kind == "opportunity" else "Fired"
            text.append(f"{happened} in week {', '.join(map(str, r.fired_weeks))}. ")
        if r.response:
            text.append(f"Response taken: {r.response}. ")
        elif not r.closed:
            offered = ", ".join([*r.responses, "accept"])
            text.append(f"Responses: {offered} — k to respond.", style=c("accent"))
        return text
