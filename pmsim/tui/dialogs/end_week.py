"""Before the week runs: what was decided, what is still open, and the attention left.
Returns True to play the week."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll

from pmsim.engine.view import PlayerView
from pmsim.tui.dialogs.base import Dialog
from pmsim.tui.format import c
from pmsim.tui.plain import Group, Static, Table


def open_points(view: PlayerView) -> list[str]:
    """Things a careful PM would look at before ending the week."""
    points = []
    for request in view.pending:
        points.append(f"Request waiting for your answer: {request.title}.")
    for tolerance, sentence in sorted(view.breaches.items()):
        points.append(f"{tolerance.capitalize()} tolerance: {sentence} (z raises an "
                      "exception to the board).")
    for t in view.tasks:
        if t.status in ("waiting", "active") and not t.assignees:
            points.append(f"Nobody is assigned to '{t.name}' ({t.status}).")
    for p in view.people:
        if p.status == "active" and p.arrival_week <= view.week and not p.assignments:
            points.append(f"{p.name} has no task.")
    for r in view.risks:
        if r.in_window and not r.closed and not r.response:
            points.append(f"Risk '{r.name}' is live ({r.probability:.0%}) with no response.")
    if not view.business_case_holds:
        points.append("The business case no longer holds (C recommends closure).")
    return points


def bullets(symbol: str, lines: Sequence[str], style: str = "") -> Table:
    """Lines after a symbol, each wrapped under its own start (not under the symbol)."""
    table = Table.grid(padding=(0, 1))
    table.add_column(width=3, justify="right", no_wrap=True)
    table.add_column()
    for line in lines:
        table.add_row(symbol, line, style=style)
    return table


class EndWeekDialog(Dialog[bool]):
    """A last look before the week is played."""

    cancel_result = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "cancel", "Back"),
        Binding("enter,e,y", "confirm", "Play the week"),
    ]

    def __init__(self, view: PlayerView, decided: Sequence[str] = (),
                 resuming: bool = False) -> None:
        super().__init__()
        self.view = view
        self.decided = list(decided)
        """What the player decided and answered this week (`GameSession.decided_this_week`)."""
        self.resuming = resuming

    def compose(self) -> ComposeResult:
        v = self.view
        title = (f"Play on: week {v.week} is under way" if self.resuming
                 else f"End week {v.week}?")
        short = v.attention_left < 1
        attention = Text(f"Attention left: {v.attention_left:g} of {v.attention_budget:g} h",
                         style=f"bold {c('warn') if short else ''}")
        if not short:
            attention.append(" — unused attention does not carry over.")
        decided = self.decided
        points = open_points(v)
        body = Group(
            attention,
            Text(f"\nDecided this week ({len(decided)}):", style="bold"),
            bullets("►", decided or ["nothing yet"]),
            Text(f"\nStill open ({len(points)}):", style="bold"),
            bullets("!", points, c("warn")) if points else
            bullets("✓", ["nothing obvious — the week can run"], c("good")),
        )
        with VerticalScroll(classes="box"):
            yield Static(title, classes="title")
            yield Static(body, classes="text")
            yield Static("enter or e: play the week · esc: back to the dashboard",
                         classes="keys")

    def action_confirm(self) -> None:
        self.dismiss(True)
