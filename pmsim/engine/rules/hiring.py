"""Changing the team: hiring from the pool and releasing people."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from pmsim.engine.people import set_leaving
from pmsim.engine.rules.base import (
    Decision,
    DecisionError,
    DecisionRule,
    Figures,
    Names,
    Preview,
    money,
    not_frozen,
    person_of,
)
from pmsim.engine.state import PersonState
from pmsim.scenario.schema import Candidate

if TYPE_CHECKING:
    from pmsim.engine.simulation import Simulation


@dataclass(frozen=True)
class Hire(Decision):
    """Hire a candidate from the pool; they arrive after their lead time."""

    kind: ClassVar[str] = "hire"
    attention: ClassVar[float] = 2.0
    candidate: str


@dataclass(frozen=True)
class Release(Decision):
    """Release a person from the project at the end of this week."""

    kind: ClassVar[str] = "release"
    attention: ClassVar[float] = 1.0
    person: str


RELEASE_MORALE = 0.02
"""Morale the team loses when someone is released."""


def _candidate(sim: Simulation, candidate: str) -> Candidate:
    spec = next((c for c in sim.scenario.hire_pool if c.id == candidate), None)
    if spec is None:
        raise DecisionError(f"there is no candidate '{candidate}' in the hire pool")
    return spec


def _newcomer(sim: Simulation, spec: Candidate) -> PersonState:
    """The hired candidate as a member of the team, arriving after their lead time."""
    return PersonState(
        spec=spec, skills=dict(spec.skills), daily_rate=spec.daily_rate,
        experience=sim.scenario.model.new_hire_experience,
        status="active" if spec.lead_time_weeks == 0 else "arriving",
        arrival_week=sim.week + spec.lead_time_weeks, hired=True,
    )


class HireRule(DecisionRule[Hire]):
    """Hire a candidate from the pool."""

    decision = Hire
    key, menu, group = "h", "Hire from the pool", "Team"
    order = 60

    def check(self, sim: Simulation, x: Hire) -> None:
        spec = _candidate(sim, x.candidate)
        if x.candidate in sim.people:
            raise DecisionError(f"{spec.name} has already been hired")
        not_frozen(sim, "hiring")

    def apply(self, sim: Simulation, x: Hire) -> None:
        spec = _candidate(sim, x.candidate)
        person = sim.people[spec.id] = _newcomer(sim, spec)
        sim.lookups.staffing_changed()
        sim.ledger.money.spend(spec.hiring_cost, "hiring")
        when = ("starts now" if person.status == "active"
                else f"starts in week {person.arrival_week}")
        sim.note("decision", f"Hired {spec.name} ({spec.role or 'new hire'}); {when}.",
                 "new hires start at half productivity and need coaching")

    def figures(self, sim: Simulation, x: Hire) -> Figures:
        spec = _candidate(sim, x.candidate)
        person = _newcomer(sim, spec)
        # one who starts now is paid from today (with no task yet, no overtime premium)
        paid = person.daily_rate * person.availability if person.status == "active" else 0.0
        return {"money_now": spec.hiring_cost, "arrival_week": person.arrival_week,
                "daily_rate": person.daily_rate, "cost_per_day": paid}

    def sentence(self, sim: Simulation, x: Hire, p: Preview) -> str:
        c = _candidate(sim, x.candidate)
        return (f"{c.name} starts in week {p.arrival_week} at {money(sim, c.daily_rate)} a "
                f"day (+{money(sim, p.money_now)} once); new hires start at half "
                "productivity, take experienced people's time to coach, and add "
                "communication overhead")

    def describe(self, x: Hire, names: Names) -> str:
        return f"Hired {names(x.candidate)}."


class ReleaseRule(DecisionRule[Release]):
    """Release a person at the end of this week (or cancel a hire not yet arrived)."""

    decision = Release
    key, menu, group = "l", "Release a person", "Team"
    order = 70

    def check(self, sim: Simulation, x: Release) -> None:
        p = person_of(sim, x.person)
        if p.status == "leaving":
            raise DecisionError(f"{p.spec.name} is already leaving")

    def apply(self, sim: Simulation, x: Release) -> None:
        p = sim.people[x.person]
        if p.status == "arriving":
            p.status = "gone"
            for t in sim.tasks.values():
                if p.id in t.assignees:
                    t.assignees.remove(p.id)
                    t.joined.pop(p.id, None)
            sim.lookups.staffing_changed()
            sim.note("decision", f"Hiring of {p.spec.name} cancelled.")
            return
        set_leaving(sim, p, sim.week, RELEASE_MORALE)
        sim.note("decision", f"{p.spec.name} released; leaves at the end of this week.")

    def figures(self, sim: Simulation, x: Release) -> Figures:
        p = person_of(sim, x.person)
        return {"daily_rate": p.daily_rate,
                "morale": 0.0 if p.status == "arriving" else -RELEASE_MORALE}

    def sentence(self, sim: Simulation, x: Release, p: Preview) -> str:
        person = person_of(sim, x.person)
        if person.status == "arriving":
            return (f"Cancels the hiring of {person.spec.name} before they arrive; "
                    "the hiring cost is not refunded")
        return (f"{person.spec.name} leaves at the end of this week, saving "
                f"{money(sim, person.daily_rate)} a day; their tasks lose them; morale dips")

    def describe(self, x: Release, names: Names) -> str:
        return f"{names(x.person)} released."


RULES = (HireRule(), ReleaseRule())
"""The rules of this module (the registry finds them here)."""
