"""Confirm a decision after reading its preview; returns True to take it (or, with
`confirm=False`, only read it and its futures).

With a what-if (`WhatIfRun`), `w` plays the game's futures with and without the decision
(`pmsim.whatif`) in a thread, the progress shown as it goes; the keys keep working, and
leaving the dialog stops listening to it."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.worker import get_current_worker

from pmsim.errors import UserError
from pmsim.tui.dialogs.base import Dialog
from pmsim.tui.plain import Static

FIRST_FUTURES = 6
"""Futures each way a what-if shows first, while the rest play (and again each time as
many more have ended): a first answer within half a second on two warm processes, which
the later futures then firm up."""
WhatIfRun = Callable[[Callable[[int, int], None], Callable[[list[str]], None]], list[str]]
"""Plays the futures, telling progress (games done, games in all) and showing the lines
of the first futures while the rest play; returns the lines to show at the end
(`pmsim.whatif.WhatIf.lines`). Runs in a worker thread."""


class ConfirmDialog(Dialog[bool]):
    """The decision, its cost and expected effect, and why the engine would refuse it."""

    cancel_result = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "cancel", "Back"),
        Binding("enter,y", "confirm", "Confirm"),
        Binding("w", "what_if", "What if", show=False),
    ]

    def __init__(self, title: str, preview: str, refusal: str | None = None,
                 attention_left: float | None = None, what_if: WhatIfRun | None = None,
                 confirm: bool = True) -> None:
        super().__init__()
        self.title_text, self.preview, self.refusal = title, preview, refusal
        self.attention_left = attention_left
        self.what_if = what_if if refusal is None else None
        self.confirm = confirm
        """False: nothing to confirm (the debrief's what-if of a past week): the futures
        play at once and enter goes back."""
        self.asked = False

    def on_mount(self) -> None:
        if not self.confirm:
            self.action_what_if()

    def compose(self) -> ComposeResult:
        with Vertical(classes="box"):
            yield Static(self.title_text, classes="title")
            yield Static(self.preview, classes="text")
            if self.refusal:
                yield Static(f"✗ Not possible now: {self.refusal}.", classes="refusal")
                yield Static("esc: back", classes="keys")
            else:
                futures_box = Static("", id="futures", classes="text")
                futures_box.display = False  # no blank line until there is something
                yield futures_box
                # the hours lead the line: a wrap never leaves "h" alone on the next one
                left = (f"attention left: {self.attention_left:g} h · "
                        if self.attention_left is not None else "")
                futures = "w: what if · " if self.what_if else ""
                keys = (f"{left}{futures}enter or y: confirm · esc or n: back" if self.confirm
                        else "enter or esc: back")
                yield Static(keys, classes="keys")

    def action_confirm(self) -> None:
        if not self.confirm:
            self.dismiss(False)
        elif not self.refusal:
            self.dismiss(True)

    def action_what_if(self) -> None:
        if self.what_if is None or self.asked:
            return
        self.asked = True
        self._show("Playing the futures…")
        self._play_futures(self.what_if)

    @work(thread=True, exclusive=True, group="what-if")
    def _play_futures(self, run: WhatIfRun) -> None:
        worker = get_current_worker()
        so_far: list[str] = []

        def progress(done: int, total: int) -> None:
            if not worker.is_cancelled:
                self.app.call_from_thread(
                    self._show, "\n".join([*so_far, f"Playing the futures… {done}/{total}"]))

        def partial(lines: list[str]) -> None:
            so_far[:] = lines

        try:
            lines = run(progress, partial)
        except UserError as exc:
            lines = [f"No what-if: {exc}"]
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, "\n".join(lines))

    def _show(self, text: str) -> None:
        # the futures may end while the dialog closes: then there is no box to fill
        for box in self.query("#futures").results(Static):
            box.update(text)
            box.display = True
