"""The facilitator paused every game: nothing to do but wait (or quit to save)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical

from pmsim.tui.dialogs.base import Dialog
from pmsim.tui.plain import Static


class PausedDialog(Dialog[None]):
    """Shown while the workshop hub has the games paused; the hub's resume closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "nothing", show=False)]

    def compose(self) -> ComposeResult:
        with Vertical(classes="box"):
            yield Static("Paused by the facilitator", classes="title")
            yield Static("Every team's game is paused. It goes on when the facilitator "
                         "resumes; your game is saved as it is.", classes="text")

    def action_nothing(self) -> None:
        """Escape does not close it: the facilitator's resume does."""
