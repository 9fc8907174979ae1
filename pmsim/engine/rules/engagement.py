"""Keeping stakeholders informed: one-to-ones, standing status reports, steering
committees."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Literal

from pmsim.engine import stakeholders
from pmsim.engine.rules.base import (
    Decision,
    DecisionError,
    DecisionRule,
    Figures,
    Names,
    Preview,
    has_stakeholders,
)

if TYPE_CHECKING:
    from pmsim.engine.simulation import Simulation
    from pmsim.engine.state import StakeholderState


@dataclass(frozen=True)
class MeetStakeholder(Decision):
    """A one-to-one meeting: they learn the true state and feel heard."""

    kind: ClassVar[str] = "meet"
    attention: ClassVar[float] = 2.0
    stakeholder: str


@dataclass(frozen=True)
class SetReporting(Decision):
    """Status reports from now on: none, summary (1 h a week) or detailed (3 h a week)."""

    kind: ClassVar[str] = "reporting"
    level: ReportingLevel


@dataclass(frozen=True)
class SteeringCommittee(Decision):
    """Hold a steering committee: every high-power stakeholder sees the true state."""

    kind: ClassVar[str] = "steering"
    attention: ClassVar[float] = 5.0


ReportingLevel = Literal["none", "summary", "detailed"]
REPORTING_HOURS: dict[str, float] = {"none": 0.0, "summary": 1.0, "detailed": 3.0}
"""Standing PM hours a week that each level of status reports takes."""
REPORTING_LABELS = {"none": "No", "summary": "Summary", "detailed": "Detailed"}
REPORTING_EFFECT = {"none": "slowly and drifts toward rumour", "summary": "steadily",
                    "detailed": "closely"}
"""How closely stakeholders' picture follows the truth at each level."""


def reporting_hours(level: str) -> float:
    """Standing PM hours a week of a reporting level."""
    return REPORTING_HOURS[level]


class MeetRule(DecisionRule[MeetStakeholder]):
    """A one-to-one meeting with a stakeholder."""

    decision = MeetStakeholder
    key, menu, group = "t", "Meet a stakeholder", "Stakeholders"
    order = 170

    def check(self, sim: Simulation, x: MeetStakeholder) -> None:
        if x.stakeholder not in sim.stakeholders:
            raise DecisionError(f"there is no stakeholder '{x.stakeholder}'")

    def apply(self, sim: Simulation, x: MeetStakeholder) -> None:
        stakeholders.meet(sim, sim.stakeholders[x.stakeholder])

    def figures(self, sim: Simulation, x: MeetStakeholder) -> Figures:
        self.check(sim, x)
        return {"heard_points": stakeholders.meeting_points(sim.stakeholders[x.stakeholder])}

    def sentence(self, sim: Simulation, x: MeetStakeholder, p: Preview) -> str:
        self.check(sim, x)
        h = sim.stakeholders[x.stakeholder]
        points = p.heard_points or 0.0
        return (f"{h.spec.name} learns the true state (bad news they had not heard costs "
                f"satisfaction), {_heard_words(h, points)}{_engage_words(h)}")

    def describe(self, x: MeetStakeholder, names: Names) -> str:
        return f"Met {names(x.stakeholder)}."


def _heard_words(h: StakeholderState, points: float) -> str:
    """How much being heard is worth now, and why it is less than a full meeting."""
    cadence = stakeholders.MEETING_CADENCE[stakeholders.quadrant(h.spec)]
    if points < 0:
        return (f"and is annoyed ({points:+.1f}): {stakeholders.quadrant(h.spec)} wants a "
                f"one-to-one about every {cadence} weeks, not more")
    if points >= stakeholders.MEET_POINTS - 1e-9:
        return f"feels heard (+{points:.1f})"
    gain = "gains nothing from it" if points < 0.05 else f"feels heard only +{points:.1f}"
    return (f"{gain} (+{stakeholders.MEET_POINTS:g} when due): met recently "
            f"({stakeholders.quadrant(h.spec)}: a one-to-one about every {cadence} weeks)")


def _engage_words(h: StakeholderState) -> str:
    """What the meeting does to engagement."""
    if h.contact_load >= stakeholders.ENGAGE_BELOW_LOAD:
        return f"; engagement stays {h.engagement}"
    after = stakeholders.next_engagement(h)
    if after == h.engagement:
        gap = "the level needed" if stakeholders.engagement_gap(h) == 0 else f"not {h.desired}"
        return f"; engagement stays {h.engagement} ({gap})"
    return f"; engagement {h.engagement} → {after} (needed: {h.desired})"


class ReportingRule(DecisionRule[SetReporting]):
    """Set the level of status reports from now on."""

    decision = SetReporting
    key, menu, group = "p", "Set status reporting", "Stakeholders"
    order = 180
    attention_varies = True

    def check(self, sim: Simulation, x: SetReporting) -> None:
        if x.level not in REPORTING_HOURS:
            raise DecisionError("reporting level must be none, summary or detailed")
        extra = reporting_hours(x.level) - reporting_hours(sim.attention.reporting)
        if extra > sim.attention.left() + 1e-9:
            raise DecisionError(f"{x.level} reports need {extra:g} more hours a week than you "
                                "have left this week")

    def apply(self, sim: Simulation, x: SetReporting) -> None:
        sim.attention.reporting = x.level
        sim.note("decision", f"Status reports: {x.level}.")

    def figures(self, sim: Simulation, x: SetReporting) -> Figures:
        if x.level not in REPORTING_HOURS:
            raise DecisionError("reporting level must be none, summary or detailed")
        return {"hours_per_week": reporting_hours(x.level)}

    def sentence(self, sim: Simulation, x: SetReporting, p: Preview) -> str:
        return (f"{REPORTING_LABELS[x.level]} status reports: {p.hours_per_week:g} h a week; "
                f"stakeholders' picture follows the truth {REPORTING_EFFECT[x.level]}")

    def describe(self, x: SetReporting, names: Names) -> str:
        return f"Status reports: {x.level}."


class SteeringRule(DecisionRule[SteeringCommittee]):
    """Hold a steering committee (once a week)."""

    decision = SteeringCommittee
    key, menu, group = "b", "Hold a steering committee", "Stakeholders"
    order = 190
    once_a_week = True

    def check(self, sim: Simulation, x: SteeringCommittee) -> None:
        has_stakeholders(sim)

    def apply(self, sim: Simulation, x: SteeringCommittee) -> None:
        stakeholders.steering(sim)

    def figures(self, sim: Simulation, x: SteeringCommittee) -> Figures:
        board = [h for h in sim.stakeholders.values()
                 if h.spec.power >= stakeholders.STEERING_POWER]
        points = stakeholders.steering_points(sim, board[0]) if board else 0.0
        return {"heard_points": points}

    def sentence(self, sim: Simulation, x: SteeringCommittee, p: Preview) -> str:
        points = p.heard_points or 0.0
        recent = ("" if points >= stakeholders.STEERING_POINTS - 1e-9 else
                  f"; the last was recent, the board expects one about every "
                  f"{stakeholders.STEERING_CADENCE} weeks and its time is not free")
        return (f"Every high-power stakeholder sees the true state ({points:+.1f} "
                f"each{recent})")

    def describe(self, x: SteeringCommittee, names: Names) -> str:
        return "Steering committee held."


RULES = (MeetRule(), ReportingRule(), SteeringRule())
"""The rules of this module (the registry finds them here)."""
