"""The help panel: the keys of the screen it was opened from, and a word on the game."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from pmsim.tui.dialogs.base import Dialog


class HelpDialog(Dialog[None]):
    """Keys and what they do; any of escape, ? or q closes it. How to close and scroll
    it comes first: at 80x24 a long list of keys runs below the box."""

    DEFAULT_CSS = """
    HelpDialog .help-keys { margin-top: 0; margin-bottom: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q,enter", "cancel", "Close"),
    ]

    def __init__(self, title: str, keys: Sequence[tuple[str, str]], text: str = "") -> None:
        super().__init__()
        self.title_text, self.keys, self.text = title, list(keys), text

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for key, what in self.keys:
            table.add_row(key, what)
        with VerticalScroll(classes="box"):
            yield Static(f"Help — {self.title_text}", classes="title")
            yield Static("esc, ? or q: close · ↑ ↓ pgup pgdn: scroll this help · ctrl+t: "
                         "light/dark theme · ctrl+q: quit (the game is saved as you play)",
                         classes="keys help-keys")
            if self.text:
                yield Static(self.text, classes="text")
            yield Static(table)
