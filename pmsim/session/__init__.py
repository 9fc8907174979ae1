"""A game in progress for any front end, with no Textual or Rich in it: the session
(`GameSession`: the simulation, its autosaved log and the player's journal), the saved
games in the data folder (`saves`), recovering a damaged save (`recover`) and what of
the news interrupts play (`news`). The Textual app (`pmsim.tui`) is one client of it.
"""

from __future__ import annotations

from pmsim.session.game import GameSession

__all__ = ["GameSession"]
