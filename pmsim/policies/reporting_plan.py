"""The sensible bot's communications plan: how detailed its status reports are."""

from __future__ import annotations

from pmsim.engine import decisions as d
from pmsim.engine.rules.engagement import ReportingLevel, reporting_hours
from pmsim.engine.stakeholders import (
    MEETING_CADENCE,
    STEERING_CADENCE,
    STEERING_POWER,
    report_bonus,
)
from pmsim.engine.view import PlayerView

REACTIVE_HOURS = 10.0
"""PM hours a week kept for risks, requests, staffing and the team after status reports
and the grid's meetings (detailed reports only when they leave this much)."""


def wants_detail(view: PlayerView) -> bool:
    """Whether detailed status reports are worth more to these stakeholders than a
    summary, weighted by each one's power (an interested audience wants the detail;
    keep-satisfied and monitor stakeholders want the summary)."""
    def worth(level: str) -> float:
        return sum(h.power * report_bonus(level, h.interest) for h in view.stakeholders)
    return worth("detailed") > worth("summary")


def reporting_level(view: PlayerView) -> ReportingLevel:
    """The status reports of the communications plan at the start: detailed when the
    stakeholders want the detail (`wants_detail`) and the PM's week still has
    `REACTIVE_HOURS` after the reports and the grid's meetings; else a summary (and
    detailed later, once a week ends with the hours for it)."""
    meetings = sum(d.MeetStakeholder.attention / MEETING_CADENCE[h.quadrant]
                   for h in view.stakeholders)
    if any(h.power >= STEERING_POWER for h in view.stakeholders):
        meetings += d.SteeringCommittee.attention / STEERING_CADENCE
    spare = view.attention_hours - reporting_hours("detailed") - meetings
    return "detailed" if wants_detail(view) and spare >= REACTIVE_HOURS else "summary"
