"""Looking after the team: recognition and team events (each once a week), and
training a person in a skill."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from pmsim.engine.rules.base import (
    Decision,
    DecisionError,
    DecisionRule,
    Figures,
    Names,
    Preview,
    money,
    person_of,
)
from pmsim.engine.state import PersonState

if TYPE_CHECKING:
    from pmsim.engine.simulation import Simulation


@dataclass(frozen=True)
class Recognise(Decision):
    """Recognise the team's work in public: a small, quick lift to morale."""

    kind: ClassVar[str] = "recognition"
    attention: ClassVar[float] = 1.0


@dataclass(frozen=True)
class TeamEvent(Decision):
    """A team event: costs half a day's pay of everyone, lifts morale, eases fatigue."""

    kind: ClassVar[str] = "team_event"
    attention: ClassVar[float] = 3.0


@dataclass(frozen=True)
class Train(Decision):
    """Send a person on a 3-day course that raises one skill by 0.1 (to at most 1.3)."""

    kind: ClassVar[str] = "training"
    attention: ClassVar[float] = 1.0
    person: str
    skill: str


RECOGNITION_BOOST = 0.04
TEAM_EVENT_BOOST = 0.08
TEAM_EVENT_PAY_DAYS = 0.5
"""A team event costs this many days' pay of everyone on the project."""
TEAM_EVENT_FATIGUE = 0.85
"""Factor on everyone's fatigue after a team event."""
SKILL_CAP = 1.3
SKILL_STEP = 0.1
TRAINING_DAYS = 3.0
TRAINING_FEE_DAYS = 2.0
"""A course's fee, in days of the person's pay."""


def _present(sim: Simulation) -> list[PersonState]:
    """Everyone on the project now (serving notice included)."""
    return [p for p in sim.people.values() if p.status in ("active", "leaving")]


def _event_cost(sim: Simulation) -> float:
    return TEAM_EVENT_PAY_DAYS * sum(p.daily_rate for p in _present(sim))


class RecogniseRule(DecisionRule[Recognise]):
    """Public recognition of the team's work."""

    decision = Recognise
    key, menu, group = "y", "Recognise the team", "Team"
    order = 90
    once_a_week = True

    def apply(self, sim: Simulation, x: Recognise) -> None:
        sim.mood.morale_boost += RECOGNITION_BOOST
        sim.note("decision", "You recognised the team's work.")

    def figures(self, sim: Simulation, x: Recognise) -> Figures:
        return {"morale": RECOGNITION_BOOST}

    def sentence(self, sim: Simulation, x: Recognise, p: Preview) -> str:
        return "A public thank-you: a small lift to morale"

    def describe(self, x: Recognise, names: Names) -> str:
        return "Recognised the team's work."


class TeamEventRule(DecisionRule[TeamEvent]):
    """A team event: costs, lifts morale, eases fatigue."""

    decision = TeamEvent
    key, menu, group = "v", "Hold a team event", "Team"
    order = 100
    once_a_week = True

    def apply(self, sim: Simulation, x: TeamEvent) -> None:
        here = _present(sim)
        sim.ledger.money.spend(_event_cost(sim), "team_costs")
        sim.mood.morale_boost += TEAM_EVENT_BOOST
        for p in here:
            p.fatigue *= TEAM_EVENT_FATIGUE
        sim.note("decision", "Team event held.")

    def figures(self, sim: Simulation, x: TeamEvent) -> Figures:
        return {"money_now": _event_cost(sim), "morale": TEAM_EVENT_BOOST}

    def sentence(self, sim: Simulation, x: TeamEvent, p: Preview) -> str:
        return f"Costs {money(sim, p.money_now)}; lifts morale and eases fatigue"

    def describe(self, x: TeamEvent, names: Names) -> str:
        return "Team event held."


class TrainRule(DecisionRule[Train]):
    """Send a person on a course in one skill."""

    decision = Train
    key, menu, group = "i", "Train a person", "Team"
    order = 80

    def check(self, sim: Simulation, x: Train) -> None:
        p = person_of(sim, x.person)
        if p.status != "active":
            raise DecisionError(f"{p.spec.name} is not available for training")
        if p.skills.get(x.skill, 0.0) >= SKILL_CAP:
            raise DecisionError(f"{p.spec.name} is already at {SKILL_CAP} in '{x.skill}'")
        known = {t.spec.skill for t in sim.tasks.values()} | set(p.skills)
        if x.skill not in known:
            raise DecisionError(f"no task needs a skill called '{x.skill}'")

    def apply(self, sim: Simulation, x: Train) -> None:
        p = sim.people[x.person]
        p.skills[x.skill] = trained(p, x.skill)
        p.training_until = max(p.training_until, sim.day()) + TRAINING_DAYS
        sim.ledger.money.spend(TRAINING_FEE_DAYS * p.daily_rate, "team_costs")
        sim.note("decision", f"{p.spec.name} is training in '{x.skill}' for "
                 f"{TRAINING_DAYS:g} days.")

    def figures(self, sim: Simulation, x: Train) -> Figures:
        p = person_of(sim, x.person)
        return {"money_now": TRAINING_FEE_DAYS * p.daily_rate, "skill_after": trained(p, x.skill)}

    def sentence(self, sim: Simulation, x: Train, p: Preview) -> str:
        person = person_of(sim, x.person)
        now = person.skills.get(x.skill, 0.0)
        return (f"{person.spec.name} is away {TRAINING_DAYS:g} days; '{x.skill}' {now:.1f} → "
                f"{p.skill_after:.1f}; course fee {money(sim, p.money_now)}")

    def describe(self, x: Train, names: Names) -> str:
        return f"{names(x.person)} sent to training in '{x.skill}'."


def trained(p: PersonState, skill: str) -> float:
    """A person's level in a skill after one course."""
    return min(SKILL_CAP, p.skills.get(skill, 0.0) + SKILL_STEP)


RULES = (RecogniseRule(), TeamEventRule(), TrainRule())
"""The rules of this module (the registry finds them here)."""
