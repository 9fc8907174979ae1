"""Shared look and keys of the dialogs."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A centred box over the current screen; escape cancels (dismisses with `cancel`)."""

    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > .box {
        width: 90%; max-width: 96; height: auto; max-height: 95%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    Dialog .title { text-style: bold; width: 1fr; background: $primary; color: $text;
                    padding: 0 1; margin-bottom: 1; }
    Dialog .text { margin-bottom: 1; }
    Dialog .keys { color: $text-muted; margin-top: 1; }
    Dialog .refusal { color: $error; text-style: bold; }
    Dialog OptionList { height: auto; max-height: 60vh; border: none; padding: 0; }
    Dialog OptionList:focus { border: none; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Back")]

    cancel_result: object = None

    def on_mount(self) -> None:
        """Earlier notices go when a dialog opens: they would sit over its keys line.
        (Textual calls this beside a subclass's own `on_mount`.)"""
        self.app.clear_notifications()

    def action_cancel(self) -> None:
        self.dismiss(self.cancel_result)  # type: ignore[arg-type]
