"""Looking after the team: recognition and team events (each once a week), and
training a person in a skill.

Recognition and team events wear off when they become routine (hedonic adaptation):
each adds `ROUTINE_FILL` to its own routine load, which fades over the gesture's cadence
(`RECOGNITION_CADENCE`, `TEAM_EVENT_CADENCE` weeks); one is worth `1 − load` of a fresh
one, so about monthly keeps each meaningful and every week soon buys nothing. And
recognition is for something: with no task finished since the last, it lifts nothing
(`UNEARNED_SHARE`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from pmsim.engine.parts.mood import Routine
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
"""Lift to morale of a fresh recognition (less when it has become routine)."""
TEAM_EVENT_BOOST = 0.08
"""Lift to morale of a fresh team event (less when it has become routine)."""
RECOGNITION_CADENCE = 4
"""Weeks after a recognition until the next is fresh again (about monthly; sooner it
is worth the share of the load that has faded)."""
TEAM_EVENT_CADENCE = 4
"""Weeks after a team event until the next is fresh again."""
ROUTINE_FILL = 1.2
"""Routine load one recognition or team event adds; it fades by `ROUTINE_FILL / cadence`
a week. From fresh, the same gesture a week later is worth 10 %, two weeks later 40 %,
three weeks later 70 %, a cadence later all of it; weekly, it is worth nothing from the
third week on."""
ROUTINE_CAP = 1.6
"""Most routine load: after a run of weekly gestures it takes 1.6 / 1.2 cadences (about
five weeks at a monthly cadence) for the next to be fresh again."""
UNEARNED_SHARE = 0.0
"""Share of its lift a recognition has when no task has finished since the last one (or
since the start): praise for nothing in particular is heard as ritual and lifts nothing
(it still makes the next one more routine)."""
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


def _routine(sim: Simulation, kind: str) -> tuple[Routine, int]:
    """The routine load of a gesture kind and its cadence."""
    if kind == Recognise.kind:
        return sim.mood.recognition, RECOGNITION_CADENCE
    return sim.mood.team_events, TEAM_EVENT_CADENCE


def freshness(sim: Simulation, kind: str) -> float:
    """Share of its full effect a recognition or team event has this week: 1 when fresh,
    less the more routine it has become (`1 − load`)."""
    routine, cadence = _routine(sim, kind)
    return max(0.0, 1.0 - routine.at(sim.week, ROUTINE_FILL / cadence))


def _wear(sim: Simulation, kind: str) -> None:
    """One more of the gesture this week: it becomes more routine."""
    routine, cadence = _routine(sim, kind)
    routine.add(sim.week, ROUTINE_FILL / cadence, ROUTINE_FILL, ROUTINE_CAP)


def _fresh_words(sim: Simulation, kind: str, what: str) -> str:
    """Why a gesture is worth less than a fresh one now ('' when it is fresh)."""
    share = freshness(sim, kind)
    if share >= 1.0 - 1e-9:
        return ""
    routine, cadence = _routine(sim, kind)
    ago = sim.week - routine.week
    when = "this week" if ago == 0 else f"{ago} week{'s' if ago != 1 else ''} ago"
    return (f" — only {share:.0%} of a fresh one: the last {what} was {when}, and what "
            f"comes too often becomes routine (about every {cadence} weeks keeps it felt)")


def tasks_done(sim: Simulation) -> int:
    """Tasks finished so far (the work recognition can be for)."""
    return sum(1 for t in sim.tasks.values() if t.status == "done")


def earned(sim: Simulation) -> bool:
    """Whether a task has finished since the last recognition (or since the start)."""
    return tasks_done(sim) > sim.mood.recognised_done


def recognition_lift(sim: Simulation) -> float:
    """Morale a recognition adds now: `RECOGNITION_BOOST` when fresh and earned, less
    when routine (`freshness`) or for nothing in particular (`UNEARNED_SHARE`)."""
    share = 1.0 if earned(sim) else UNEARNED_SHARE
    return RECOGNITION_BOOST * share * freshness(sim, Recognise.kind)


def team_event_fatigue(sim: Simulation) -> float:
    """Factor on everyone's fatigue of a team event now (`TEAM_EVENT_FATIGUE` when
    fresh, nearer 1 the more routine events have become)."""
    return 1.0 - (1.0 - TEAM_EVENT_FATIGUE) * freshness(sim, TeamEvent.kind)


class RecogniseRule(DecisionRule[Recognise]):
    """Public recognition of the team's work."""

    decision = Recognise
    key, menu, group = "y", "Recognise the team", "Team"
    order = 90
    once_a_week = True

    def apply(self, sim: Simulation, x: Recognise) -> None:
        sim.mood.morale_boost += recognition_lift(sim)
        _wear(sim, x.kind)
        sim.mood.recognised_done = tasks_done(sim)
        sim.note("decision", "The team's work recognised.")

    def figures(self, sim: Simulation, x: Recognise) -> Figures:
        return {"morale": recognition_lift(sim)}

    def sentence(self, sim: Simulation, x: Recognise, p: Preview) -> str:
        lift = p.morale or 0.0
        unearned = ("" if earned(sim) else "; no task has finished since the last one, so "
                    "it is for nothing in particular and lifts nothing"
                    if UNEARNED_SHARE == 0 else "; no task has finished since the last one "
                    f"({UNEARNED_SHARE:.0%} of the lift)")
        return (f"A public thank-you: morale +{lift * 100:.1f} points"
                f"{_fresh_words(sim, x.kind, 'recognition')}{unearned}")

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
        factor = team_event_fatigue(sim)
        sim.ledger.money.spend(_event_cost(sim), "team_costs")
        sim.mood.morale_boost += TEAM_EVENT_BOOST * freshness(sim, x.kind)
        for p in here:
            p.fatigue *= factor
        _wear(sim, x.kind)
        sim.note("decision", "Team event held.")

    def figures(self, sim: Simulation, x: TeamEvent) -> Figures:
        return {"money_now": _event_cost(sim),
                "morale": TEAM_EVENT_BOOST * freshness(sim, x.kind)}

    def sentence(self, sim: Simulation, x: TeamEvent, p: Preview) -> str:
        lift = p.morale or 0.0
        eases = 1.0 - team_event_fatigue(sim)
        return (f"Costs {money(sim, p.money_now)}; morale +{lift * 100:.1f} points, "
                f"fatigue eased {eases:.0%}{_fresh_words(sim, x.kind, 'team event')}")

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
