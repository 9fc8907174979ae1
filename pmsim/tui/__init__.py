"""The Textual game (the only package, with pmsim.cli, that may import Textual)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pmsim.tui.app import PmsimApp


def make_app(*args: Any, **kwargs: Any) -> PmsimApp:
    """Build the game app; see `pmsim.tui.app.make_app`."""
    from pmsim.tui.app import make_app as _make_app

    return _make_app(*args, **kwargs)
