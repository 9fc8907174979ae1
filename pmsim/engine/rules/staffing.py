"""Assigning people to tasks and taking them off: someone joining a task in progress
first catches up on it."""

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
    person_of,
    task_of,
)
from pmsim.engine.state import PersonState, TaskState
from pmsim.wording import count

if TYPE_CHECKING:
    from pmsim.engine.simulation import Simulation


@dataclass(frozen=True)
class Assign(Decision):
    """Put a person on a task (they split their time between their active tasks)."""

    kind: ClassVar[str] = "assign"
    person: str
    task: str


@dataclass(frozen=True)
class Unassign(Decision):
    """Take a person off a task."""

    kind: ClassVar[str] = "unassign"
    person: str
    task: str


CATCH_UP_SHOWN = 0.5
"""Catch-up shorter than this many days is not worth a word in the preview."""


def catch_up_days(sim: Simulation, person: PersonState, task: TaskState) -> float:
    """Days a person joining a task in progress reads in before producing: up to
    `catch_up_days` for a task nearly done, but never more days than the person-days
    of work done on it so far (reading a small task's work takes less than a big
    one's), and longer for someone still new to the organisation (divided by their
    experience)."""
    done = min(1.0, task.done / task.estimate) if task.estimate > 0 else 0.0
    days = min(sim.scenario.model.catch_up_days * done, task.done)
    return days / max(person.experience, 0.1)


def _joining_delay(sim: Simulation, person: PersonState, task: TaskState) -> float:
    """Catch-up of someone joining this task now (none unless it is in progress)."""
    if task.status == "active" and task.estimate > 0:
        return catch_up_days(sim, person, task)
    return 0.0


class AssignRule(DecisionRule[Assign]):
    """Put a person on a task."""

    decision = Assign
    key, menu, group = "s", "Assign a person to a task", "Work"
    order = 10

    def check(self, sim: Simulation, x: Assign) -> None:
        task, person = task_of(sim, x.task), person_of(sim, x.person)
        if person.status == "leaving":
            raise DecisionError(f"{person.spec.name} is leaving the project")
        if task.status in ("done", "cut", "deferred", "proposed") or not sim.in_scope(task):
            raise DecisionError(f"'{task.spec.name}' is {task.status}; only waiting or active "
                                "tasks take people")
        if x.person in task.assignees:
            raise DecisionError(f"{person.spec.name} is already on '{task.spec.name}'")
        if person.skills.get(task.spec.skill, 0.0) <= 0:
            raise DecisionError(f"{person.spec.name} has no '{task.spec.skill}' skill for "
                                f"'{task.spec.name}'")
        if len(task.assignees) >= task.spec.max_staff:
            raise DecisionError(f"'{task.spec.name}' takes at most {task.spec.max_staff} "
                                "people")

    def apply(self, sim: Simulation, x: Assign) -> None:
        task, person = sim.tasks[x.task], sim.people[x.person]
        task.assignees.append(x.person)
        sim.lookups.staffing_changed()
        if task.status == "active" and task.estimate > 0:
            task.joined[x.person] = sim.day() + _joining_delay(sim, person, task)
        sim.note("decision", f"{person.spec.name} assigned to '{task.spec.name}'.")

    def figures(self, sim: Simulation, x: Assign) -> Figures:
        delay = _joining_delay(sim, person_of(sim, x.person), task_of(sim, x.task))
        return {"catch_up_days": delay}

    def sentence(self, sim: Simulation, x: Assign, p: Preview) -> str:
        task, person = task_of(sim, x.task), person_of(sim, x.person)
        skill = person.skills.get(task.spec.skill, 0.0)
        if skill <= 0.0:  # refused: the sentence says why instead of "at skill 0.0"
            return f"{person.spec.name} has no '{task.spec.skill}' skill for '{task.spec.name}'"
        days = p.catch_up_days or 0.0
        catch = "" if days < CATCH_UP_SHOWN else (
            f"; needs about {count(round(days), 'day')} to catch up on the work in progress")
        load = sum(1 for t in sim.tasks_of(x.person) if t.status == "active")
        split = f"; splits their time over {load + 1} tasks" if load else ""
        return f"{person.spec.name} works on '{task.spec.name}' at skill {skill:.1f}{catch}{split}"

    def describe(self, x: Assign, names: Names) -> str:
        return f"{names(x.person)} assigned to '{names(x.task)}'."


class UnassignRule(DecisionRule[Unassign]):
    """Take a person off a task."""

    decision = Unassign
    key, menu, group = "u", "Unassign a person from a task", "Work"
    order = 20

    def check(self, sim: Simulation, x: Unassign) -> None:
        task, person = task_of(sim, x.task), person_of(sim, x.person)
        if x.person not in task.assignees:
            raise DecisionError(f"{person.spec.name} is not on '{task.spec.name}'")

    def apply(self, sim: Simulation, x: Unassign) -> None:
        task = sim.tasks[x.task]
        task.assignees.remove(x.person)
        task.joined.pop(x.person, None)
        sim.lookups.staffing_changed()
        sim.note("decision", f"{sim.people[x.person].spec.name} taken off '{task.spec.name}'.")

    def sentence(self, sim: Simulation, x: Unassign, p: Preview) -> str:
        name, task = person_of(sim, x.person).spec.name, task_of(sim, x.task).spec.name
        return f"{name} stops working on '{task}'"

    def describe(self, x: Unassign, names: Names) -> str:
        return f"{names(x.person)} taken off '{names(x.task)}'."


RULES = (AssignRule(), UnassignRule())
"""The rules of this module (the registry finds them here)."""
