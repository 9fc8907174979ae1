"""What a screen asks the app to do: intent messages, handled in one place (`app.py`).

A screen posts one (`self.post_message(NewGame(...))`); it bubbles from the screen to the
app, whose `on_<name>` handler moves between screens and owns the game session. So no
screen imports the app, nor calls its methods.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from pmsim.session import GameSession
    from pmsim.tui.screens.leaderboard import Selection


@dataclass
class NewGame(Message):
    """Start a new game of this scenario: its briefing first."""

    scenario_ref: str
    seed: int
    team: str


@dataclass
class StartPlaying(Message):
    """The briefing is read: begin saving the new game and open the dashboard."""


@dataclass
class ContinueGame(Message):
    """Continue the unfinished game saved in `path`."""

    path: Path
    failure: str = "Cannot continue"
    """The title of the message when it cannot be continued."""


@dataclass
class ShowBriefing(Message):
    """Show the briefing of the game in play again (from the dashboard)."""


@dataclass
class GameOver(Message):
    """The game in play is over: record the result and show the debrief."""


@dataclass
class Rewind(Message):
    """Play on from the start of `week` of the game just played, with the same luck."""

    week: int


@dataclass
class ShowLeaderboard(Message):
    """The verified leaderboard of a workshop, or of a scenario and seed; `session` is
    the game just finished (its recording is waited for and its entry marked)."""

    selection: Selection
    session: GameSession | None = None


@dataclass
class BackToStart(Message):
    """Close the game and go back to the start screen, set for the next game."""
