"""Ask for a number or a line of text; returns it, or None when the player goes back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input

from pmsim.tui.dialogs.base import Dialog
from pmsim.tui.plain import Static


class AskNumber(Dialog[float | None]):
    """A number between `low` and `high` (whole if `integer`)."""

    def __init__(self, title: str, text: str, low: float, high: float, default: float,
                 integer: bool = False) -> None:
        super().__init__()
        self.title_text, self.text = title, text
        self.low, self.high, self.default, self.integer = low, high, default, integer

    def compose(self) -> ComposeResult:
        with Vertical(classes="box"):
            yield Static(self.title_text, classes="title")
            yield Static(self.text, classes="text")
            shown = f"{self.default:.0f}" if self.integer or self.default >= 100 else (
                f"{self.default:g}")
            yield Input(value=shown, type="integer" if self.integer else "number",
                        id="value")
            yield Static("", classes="refusal", id="problem")
            yield Static(f"a number from {self.low:,g} to {self.high:,g} · enter: next · "
                         "esc: back", classes="keys")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            value = float(event.value.replace(",", "").replace("_", ""))
        except ValueError:
            self.query_one("#problem", Static).update("That is not a number.")
            return
        if not self.low <= value <= self.high:
            self.query_one("#problem", Static).update(
                f"Choose from {self.low:,g} to {self.high:,g}.")
            return
        self.dismiss(int(value) if self.integer else value)


class AskText(Dialog[str | None]):
    """A line of text, such as a file path."""

    def __init__(self, title: str, text: str, default: str = "",
                 placeholder: str = "", allow_empty: bool = False,
                 keys: str = "enter: open · esc: back") -> None:
        super().__init__()
        self.title_text, self.text = title, text
        self.default, self.placeholder = default, placeholder
        self.allow_empty, self.keys = allow_empty, keys

    def compose(self) -> ComposeResult:
        with Vertical(classes="box"):
            yield Static(self.title_text, classes="title")
            yield Static(self.text, classes="text")
            yield Input(value=self.default, placeholder=self.placeholder)
            yield Static(self.keys, classes="keys")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip() or self.allow_empty:
            self.dismiss(event.value.strip())
