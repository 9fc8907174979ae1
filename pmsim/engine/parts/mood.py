"""The team's mood: morale, the pending boosts to it, overtime and who has left."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Routine:
    """How routine a morale gesture (recognition, a team event) has become: each one adds
    to the load, which fades week by week; a gesture is worth `1 − load` of a fresh one
    (hedonic adaptation: what comes every week is expected, not felt)."""

    load: float = 0.0
    """The load just after the last gesture (0 = fresh, 1 = wholly routine)."""
    week: int = 0
    """The week of the last gesture."""

    def at(self, week: int, fade: float) -> float:
        """The load in a week, fading by `fade` a week since the last gesture."""
        return max(0.0, self.load - fade * (week - self.week))

    def add(self, week: int, fade: float, fill: float, cap: float) -> None:
        """One more gesture this week: the load now plus `fill`, at most `cap`."""
        self.load = min(cap, self.at(week, fade) + fill)
        self.week = week


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
    recognition: Routine = field(default_factory=Routine)
    """How routine recognising the team has become."""
    team_events: Routine = field(default_factory=Routine)
    """How routine team events have become."""
    recognised_done: int = 0
    """Tasks finished at the last recognition (the next is earned by new work)."""
