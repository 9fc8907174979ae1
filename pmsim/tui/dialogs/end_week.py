"""Before the week runs: what was decided, what is still open, and the attention left.
Returns True to play the week."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from pmsim.engine.view import PlayerView
from pmsim.tui.dialogs.base import Dialog
from pmsim.tui.format import c


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


def decided_this_week(view: PlayerView) -> list[str]:
    """Your decisions recorded in the feed this week."""
    return [e.text for e in view.feed if e.kind == "decision" and e.week == view.week]


class EndWeekDialog(Dialog[bool]):
    """A last look before the week is played."""

    cancel_result = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "cancel", "Back"),
        Binding("enter,e,y", "confirm", "Play the week"),
    ]

    def __init__(self, view: PlayerView, resuming: bool = False) -> None:
        super().__init__()
        self.view = view
        self.resuming = resuming

    def compose(self) -> ComposeResult:
        v = self.view
        title = (f"Play on: week {v.week} is under way" if self.resuming
                 else f"End week {v.week}?")
        body = Text()
        short = v.attention_left < 1
        body.append(f"Attention left: {v.attention_left:g} of {v.attention_budget:g} h",
                    style=f"bold {c('warn') if short else ''}")
        body.append(" — unused attention does not carry over.\n" if v.attention_left >= 1
                    else "\n")
        decided = decided_this_week(v)
        body.append(f"\nDecided this week ({len(decided)}):\n", style="bold")
        for line in decided or ["nothing yet"]:
            body.append(f"  ► {line}\n")
        points = open_points(v)
        body.append(f"\nStill open ({len(points)}):\n", style="bold")
        for line in points or ["nothing obvious — the week can run"]:
            body.append(f"  ! {line}\n" if points else f"  ✓ {line}\n",
                        style=c("warn") if points else c("good"))
        with VerticalScroll(classes="box"):
            yield Static(title, classes="title")
            yield Static(body, classes="text")
            yield Static("enter or e: play the week · esc: back to the dashboard",
                         classes="keys")

    def action_confirm(self) -> None:
        self.dismiss(True)
