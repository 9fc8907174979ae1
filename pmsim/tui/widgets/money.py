"""Scope (MoSCoW items and their progress) and money (budget, reserves, earned value)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text
from textual.reactive import reactive

from pmsim.engine.metrics import EAC_CPI
from pmsim.engine.view import PlayerView
from pmsim.tui.format import PRIORITY, bar, c, money, ratio, short_money, status
from pmsim.tui.plain import Static, Table
from pmsim.tui.widgets.table import Cell, ViewTable, flex


class ScopeTable(ViewTable):
    """The scope items: priority, value, status and progress."""

    DEFAULT_CSS = """
    ScopeTable { height: auto; max-height: 12; }
    """

    def column_spec(self, width: int) -> Sequence[tuple[str, int | None]]:
        if width >= 110:
            return flex([("Prio.", 6), ("Deliverable", 32), ("Value", 6), ("Status", 11),
                         ("Progress", 9), ("Description", None)], width)
        return flex([("Prio.", 6), ("Deliverable", None), ("Value", 6), ("Status", 11),
                     ("Progress", 9)], width, cap=40)

    def row_cells(self, view: PlayerView, width: int) -> Iterable[tuple[str, Sequence[Cell]]]:
        name_w = self.column_spec(width)[1][1] or 16
        for s in view.scope:
            name = Text(s.name)
            name.truncate(name_w, overflow="ellipsis")
            progress = bar(s.progress, 4, "good" if s.status == "delivered" else "accent")
            progress.append(f" {s.progress * 100:3.0f}%")
            prio = Text(PRIORITY.get(s.priority, s.priority),
                        style="bold" if s.priority == "must" else "")
            cells: list[Cell] = [prio, name, short_money(s.value), status(s.status), progress]
            if width >= 110:
                cells.append(s.description)
            yield s.id, cells

    def detail(self, view: PlayerView, key: str) -> Text:
        s = next((s for s in view.scope if s.id == key), None)
        if s is None:
            return Text("")
        text = Text(f"{s.name}: ", style="bold")
        text.append(f"{s.description} Value {money(s.value, view.money.currency)}. ")
        if not s.negotiable:
            text.append("Not negotiable: nothing else can be used without it, so the sponsor "
                        "never makes it a should-have. ")
        text.append("x cut, d defer, r restore, n negotiate a must-have down.",
                    style=c("accent"))
        return text


def money_table(view: PlayerView) -> Table:
    """Budget, reserves and the earned-value figures in two columns of label/value."""
    m, met, cur = view.money, view.metrics, view.money.currency
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style=c("muted"))
    grid.add_column(justify="right")
    grid.add_column(style=c("muted"))
    grid.add_column(justify="right")

    def f(x: float | None) -> str:
        return "–" if x is None else money(x)

    rows: list[tuple[str, str | Text, str, str | Text]] = [
        (f"Budget (BAC, {cur})", f(m.bac), "Planned value PV", f(met.pv if met else None)),
        ("Authorised", f(m.authorised), "Earned value EV", f(met.ev if met else None)),
        ("Actual cost AC", f(m.actual_cost), "Cost variance CV", f(met.cv if met else None)),
        ("Contingency left", f(m.contingency_left), "Schedule var. SV",
         f(met.sv if met else None)),
        ("Contingency drawn", f(m.contingency_drawn), "CPI", ratio(met.cpi if met else None)),
        ("Mgmt reserve left", f(m.reserve_left), "SPI", ratio(met.spi if met else None)),
        ("Reserve granted", f(m.reserve_granted), "SPI(t)",
         ratio(met.spi_t if met else None)),
        ("EAC (forecast)", f(m.eac), "Earned schedule ES",
         f"{met.es:.1f} wk" if met else "–"),
        ("EAC = AC + (BAC−EV)/CPI" if met is None or met.eac_method == EAC_CPI
         else f"EAC = {met.eac_method}", f(met.eac_cpi if met else None), "IEAC(t)",
         f"{met.ieac_t:.1f} wk" if met and met.ieac_t else "–"),
        ("EAC = AC + BAC − EV", f(met.eac_plan if met else None), "TCPI",
         f"{met.tcpi:.2f}" if met and met.tcpi is not None else "–"),
        ("Burn per day", f(m.burn_per_day), "VAC", f(met.vac if met else None)),
    ]
    for row in rows:
        grid.add_row(*row)
    holds = (Text("✓ holds", style=c("good")) if view.business_case_holds
             else Text("✗ no longer holds", style=c("bad")))
    grid.add_row("Business case", holds, "Reporting", view.reporting)
    return grid


class MoneyPanel(Static):
    """The money figures, re-drawn from the view."""

    DEFAULT_CSS = """
    MoneyPanel { height: auto; padding: 1 1 0 1; }
    """

    view: reactive[PlayerView | None] = reactive(None, always_update=True)

    def watch_view(self) -> None:
        if self.view is not None:
            self.update(money_table(self.view))
