"""The menu of every decision, grouped, with its key and its attention cost; returns
the chosen action's key, or None."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets.option_list import Option

from pmsim.tui.actions import menu_actions
from pmsim.tui.dialogs.base import Dialog
from pmsim.tui.format import c
from pmsim.tui.plain import OptionList, Static


class ActionsMenu(Dialog[str | None]):
    """Every decision the player can take, by group."""

    def __init__(self, attention_left: float, title: str = "") -> None:
        super().__init__()
        self.title_text = title or f"Decisions — attention left this week: {attention_left:g} h"
        self.actions = menu_actions()
        """Every registered decision, read from the rules when the menu opens."""

    def compose(self) -> ComposeResult:
        options: list[Option | None] = []
        group = None
        for action in self.actions:
            if action.group != group:
                group = action.group
                options.append(Option(Text(f"── {group}", style=f"bold {c('muted')}"),
                                      disabled=True))
            hours = action.attention
            cost = "varies" if hours is None else (f"{hours:g} h" if hours else "—")
            text = Text(f" {action.key}  ", style=f"bold {c('accent')}")
            text.append(f"{action.name:<34}")
            text.append(f" {cost}", style=c("muted"))
            options.append(Option(text, id=action.key))
        with Vertical(classes="box"):
            yield Static(self.title_text, classes="title")
            yield OptionList(*options)
            yield Static("a letter, or ↑↓ enter: choose · esc: back · each decision shows "
                         "its cost and effect before you confirm", classes="keys")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 1
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def on_key(self, event: events.Key) -> None:
        key = event.character or ""
        if key in {action.key for action in self.actions}:
            event.stop()
            event.prevent_default()
            self.dismiss(key)
