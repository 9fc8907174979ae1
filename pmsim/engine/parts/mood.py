"""The team's mood: morale, the pending boosts to it, overtime and who has left."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Mood:
    """How the team feels and how hard it is asked to work."""

    morale: float
    """Team morale in [0, 1]; moves part-way each week toward its target."""
    morale_boost: float = 0.0
    """One-off lift (or dent) to morale still to be felt; halves each week."""
    overtime: float = 1.0
    """Hours factor in force (1.0 = a normal week, 1.5 = 60-hour weeks)."""
    resignations: int = 0
    """People who resigned during the game."""
    departures: int = 0
    """People who have left the project (resigned or released)."""
