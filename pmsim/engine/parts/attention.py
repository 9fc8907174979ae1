"""The PM's attention: the hours a week the project manager can spend on decisions."""

from __future__ import annotations

from dataclasses import dataclass, field

from pmsim.engine.rules.engagement import reporting_hours


@dataclass
class Attention:
    """The PM's weekly budget of hours and what has been spent of it."""

    hours: float
    """PM hours a week before standing commitments (the scenario's `attention_hours`)."""
    used: float = 0.0
    """Hours spent on decisions and answers this week."""
    reporting: str = "summary"
    """Reporting level in force; its status reports are a standing weekly commitment."""
    weekly_done: set[tuple[str, int]] = field(default_factory=set)
    """(decision kind, week) of the once-a-week decisions already taken."""

    def budget(self) -> float:
        """PM hours available this week after standing commitments (status reports)."""
        standing = reporting_hours(self.reporting)
        return self.hours - standing

    def left(self) -> float:
        """PM hours left this week."""
        return max(0.0, self.budget() - self.used)
