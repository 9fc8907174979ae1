"""The help panel: the keys of the screen it was opened from, and a word on the game;
on the dashboard, first what the open view shows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll

from pmsim.tui.dialogs.base import Dialog
from pmsim.tui.plain import Static, Table


class HelpDialog(Dialog[None]):
    """Keys and what they do; any of escape, ? or q closes it. How to close and scroll
    it comes first: at 80x24 a long list of keys runs below the box."""

    DEFAULT_CSS = """
    HelpDialog .help-keys { margin-top: 0; margin-bottom: 1; }
    HelpDialog .help-heading { text-style: bold; color: $accent; }
    HelpDialog .help-section { margin-bottom: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q,enter", "cancel", "Close"),
    ]

    def __init__(self, title: str, keys: Sequence[tuple[str, str]], text: str = "",
                 section: tuple[str, Sequence[tuple[str, str]]] | None = None) -> None:
        super().__init__()
        self.title_text, self.keys, self.text = title, list(keys), text
        self.section = section
        """(heading, rows of mark and meaning) shown first: what the view open under the
        help shows (its columns and marks)."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="box"):
            yield Static(f"Help — {self.title_text}", classes="title")
            yield Static("esc, ? or q: close · ↑ ↓ pgup pgdn: scroll this help · ctrl+t: "
                         "light/dark theme · ctrl+q: quit (the game is saved as you play)",
                         classes="keys help-keys")
            if self.section is not None:
                heading, rows = self.section
                yield Static(heading, classes="help-heading")
                yield Static(two_columns(rows), classes="help-section")
                yield Static("Keys", classes="help-heading")
            if self.text:
                yield Static(self.text, classes="text")
            yield Static(two_columns(self.keys))


def two_columns(rows: Sequence[tuple[str, str]]) -> Table:
    """A key (or mark) in bold beside what it does (or means)."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for key, what in rows:
        table.add_row(key, what)
    return table
