"""The tip box: the tutorial hints that just arrived, over the dashboard until read."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll

from pmsim.session.news import Tip
from pmsim.tui.dialogs.base import Dialog
from pmsim.tui.format import c
from pmsim.tui.plain import Group, Static
from pmsim.tui.widgets.panes import tab_number


class TipsDialog(Dialog[None]):
    """New hints, each headline in bold; enter, escape or space closes it. The keys come
    first: at 80x24 four tips run below the box, which scrolls."""

    DEFAULT_CSS = """
    TipsDialog .tips-keys { margin-top: 0; margin-bottom: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,space", "cancel", "Got it"),
    ]

    def __init__(self, tips: Sequence[Tip]) -> None:
        super().__init__()
        self.tips = list(tips)

    def compose(self) -> ComposeResult:
        weeks = sorted({t.week for t in self.tips})
        count = f"{len(self.tips)} tips" if len(self.tips) > 1 else "Tip"
        when = f"week {weeks[0]}" if len(weeks) == 1 else f"weeks {weeks[0]}–{weeks[-1]}"
        parts: list[Text] = []
        for i, tip in enumerate(self.tips):
            if i:
                parts.append(Text(""))
            if tip.title:
                parts.append(Text(f"i {tip.title}", style=f"bold {c('accent')}"))
            parts.append(Text(tip.text))
        with VerticalScroll(classes="box"):
            yield Static(f"{count} for {when}", classes="title")
            more = " · ↑ ↓: scroll" if len(self.tips) > 1 else ""
            yield Static(f"enter: got it{more} · the tips stay in the Feed ({tab_number('feed')})",
                         classes="keys tips-keys")
            yield Static(Group(*parts), classes="text")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()
