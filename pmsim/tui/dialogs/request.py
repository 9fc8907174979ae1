"""A decision request from the game: a change request, a fired risk, a resignation, an
escalation or a board decision. Returns the chosen option's id, or None to look at the
dashboard first (the request stays pending)."""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from rich.padding import Padding
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets.option_list import Option

from pmsim.engine.turn import DecisionRequest
from pmsim.engine.view import PlayerView
from pmsim.tui.dialogs.base import Dialog
from pmsim.tui.format import c
from pmsim.tui.plain import Group, OptionList, Static

KIND_LABELS = {
    "change_request": ("±", "Change request"),
    "risk": ("✗", "Risk"),
    "resignation": ("☺", "Resignation"),
    "escalation": ("◎", "Escalation"),
    "board": ("■", "Project board"),
    "reserve": ("■", "Management reserve"),
}
"""Request kind → (symbol, label)."""


def request_title(request: DecisionRequest) -> str:
    """'± Change request: Add live chat' (the kind named once)."""
    symbol, label = KIND_LABELS.get(request.kind, ("?", request.kind))
    if request.title.lower().startswith(label.lower()):
        return f"{symbol} {request.title}"
    return f"{symbol} {label}: {request.title}"


def option_prompt(request: DecisionRequest, index: int, option_id: str,
                  attention_left: float) -> RenderableType:
    """'1 ★ Reject (default)' and the preview under it, wrapped under its own start."""
    option = request.option(option_id)
    assert option is not None
    default = option.id == request.default
    text = Text(f"{index} ", style="bold")
    text.append("★ " if default else "  ", style=c("accent"))
    text.append(option.label, style="bold")
    if default:
        text.append(" (default)", style=c("accent"))
    if option.attention:
        short = option.attention > attention_left + 1e-9
        text.append(f"  [{option.attention:g} h of attention"
                    + (", not enough left]" if short else "]"),
                    style=c("bad") if short else c("muted"))
    return Group(text, Padding(Text(option.preview, style=c("muted")), (0, 0, 0, 4)))


class RequestDialog(Dialog[str | None]):
    """Choose how to answer a request; the default option is marked ★. A number key
    moves to its option and enter answers: the same keys switch the dashboard's views,
    and a player who meant that must not answer a request that opened under their
    fingers."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Look at the dashboard first"),
        *[Binding(str(i), f"pick({i})", show=False) for i in range(1, 10)],
    ]

    def __init__(self, request: DecisionRequest, view: PlayerView) -> None:
        super().__init__()
        self.request = request
        self.view = view

    def compose(self) -> ComposeResult:
        r = self.request
        with VerticalScroll(classes="box"):
            yield Static(request_title(r), classes="title")
            yield Static(r.text, classes="text")
            options = [
                Option(option_prompt(r, i, o.id, self.view.attention_left), id=o.id)
                for i, o in enumerate(r.options, start=1)
            ]
            yield OptionList(*options, id="options")
            yield Static(  # short enough for one line at 80 columns: never cut off
                f"{self.view.attention_left:g} h left · 1–{len(r.options)} or ↑↓, enter: "
                "choose · ★ default · esc: look first (it waits)", classes="keys")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = options.get_option_index(self.request.default)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_pick(self, number: int) -> None:
        """Move to option `number`; enter answers with it. A number never answers:
        the same keys switch the dashboard's views, and a player who pressed one twice
        for a view must not have answered the request that opened under their fingers."""
        if 1 <= number <= len(self.request.options):
            self.query_one(OptionList).highlighted = number - 1
