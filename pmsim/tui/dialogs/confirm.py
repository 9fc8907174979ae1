"""Confirm a decision after reading its preview; returns True to take it."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical

from pmsim.tui.dialogs.base import Dialog
from pmsim.tui.plain import Static


class ConfirmDialog(Dialog[bool]):
    """The decision, its cost and expected effect, and why the engine would refuse it."""

    cancel_result = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "cancel", "Back"),
        Binding("enter,y", "confirm", "Confirm"),
    ]

    def __init__(self, title: str, preview: str, refusal: str | None = None,
                 attention_left: float | None = None) -> None:
        super().__init__()
        self.title_text, self.preview, self.refusal = title, preview, refusal
        self.attention_left = attention_left

    def compose(self) -> ComposeResult:
        with Vertical(classes="box"):
            yield Static(self.title_text, classes="title")
            yield Static(self.preview, classes="text")
            if self.refusal:
                yield Static(f"✗ Not possible now: {self.refusal}.", classes="refusal")
                yield Static("esc: back", classes="keys")
            else:
                # the hours lead the line: a wrap never leaves "h" alone on the next one
                left = (f"attention left: {self.attention_left:g} h · "
                        if self.attention_left is not None else "")
                yield Static(f"{left}enter or y: confirm · esc or n: back", classes="keys")

    def action_confirm(self) -> None:
        if not self.refusal:
            self.dismiss(True)
