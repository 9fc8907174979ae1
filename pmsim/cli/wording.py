"""Small wording helpers the command-line output shares."""

from __future__ import annotations

from pmsim.wording import count, listed

__all__ = ["count", "listed", "team_name", "when"]


def team_name(name: str) -> str:
    """A team's name as shown, also when it has none."""
    return name or "(no team name)"


def when(stamp: str) -> str:
    """An ISO 8601 time stamp to the minute: '2026-11-26 13:09'."""
    return stamp[:16].replace("T", " ")
