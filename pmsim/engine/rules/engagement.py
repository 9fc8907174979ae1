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
        return {"heard_points": stakeholders.MEET_POINTS}

    def sentence(self, sim: Simulation, x: MeetStakeholder, p: Preview) -> str:
        self.check(sim, x)
        name = sim.stakeholders[x.stakeholder].spec.name
        return (f"{name} learns the true state (bad news they had not heard costs "
                f"satisfaction), feels heard (+{p.heard_points:g}) and engages more")

    def describe(self, x: MeetStakeholder, names: Names) -> str:
        return f"Met {names(x.stakeholder)}."


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
        return {"heard_points": stakeholders.STEERING_POINTS}

    def sentence(self, sim: Simulation, x: SteeringCommittee, p: Preview) -> str:
        return f"Every high-power stakeholder sees the true state (+{p.heard_points:g} each)"

    def describe(self, x: SteeringCommittee, names: Names) -> str:
        return "Steering committee held."


RULES = (MeetRule(), ReportingRule(), SteeringRule())
"""The rules of this module (the registry finds them here)."""
