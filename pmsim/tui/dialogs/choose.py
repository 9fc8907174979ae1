"""Pick one item from a list (a task, a person, a risk…); returns its id or None."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets.option_list import Option

from pmsim.tui.dialogs.base import Dialog
from pmsim.tui.plain import OptionList, Static


class ChooseDialog(Dialog[str | None]):
    """A titled list; enter picks the highlighted item, escape goes back. It starts on
    `initial`, or on the first item; with `initial` None and `pick_first` False, on
    none (no item fits the decision: the player must move to one)."""

    def __init__(self, title: str, text: str, items: Sequence[tuple[str, Text | str]],
                 initial: str | None = None, pick_first: bool = True) -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.items = list(items)
        self.initial = initial
        self.pick_first = pick_first

    def compose(self) -> ComposeResult:
        with Vertical(classes="box"):
            yield Static(self.title_text, classes="title")
            if self.text:
                yield Static(self.text, classes="text")
            if self.items:
                yield OptionList(*[Option(label, id=key) for key, label in self.items])
            else:
                yield Static("Nothing to choose from right now.", classes="refusal")
            yield Static("↑↓ move · enter: choose · esc: back", classes="keys")

    def on_mount(self) -> None:
        lists = self.query(OptionList)
        if not lists:
            return
        options = lists.first()
        ids = [key for key, _ in self.items]
        if self.initial in ids:
            options.highlighted = ids.index(self.initial)
        elif not self.pick_first:
            options.highlighted = None
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)
