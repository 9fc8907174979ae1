"""Buying time on the schedule: crashing a task with contractors, fast-tracking one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from pmsim.engine import flow
from pmsim.engine.rules.base import (
    Decision,
    DecisionError,
    DecisionRule,
    Figures,
    Names,
    Preview,
    money,
    not_frozen,
    plural,
    task_of,
)
from pmsim.engine.state import TaskState

if TYPE_CHECKING:
    from pmsim.engine.simulation import Simulation


@dataclass(frozen=True)
class Crash(Decision):
    """Buy schedule days on a task with contractors, at the task's crash cost per day."""

    kind: ClassVar[str] = "crash"
    attention: ClassVar[float] = 1.0
    task: str
    days: float


@dataclass(frozen=True)
class FastTrack(Decision):
    """Let a waiting task start before its predecessors finish (risking rework)."""

    kind: ClassVar[str] = "fast_track"
    attention: ClassVar[float] = 1.0
    task: str


def crash_work(sim: Simulation, task: TaskState, days: float) -> float:
    """Person-days of work that `days` of contractors take off a task: a day of the
    task's current rate, or of its planned staff, or at least one person-day."""
    return days * crash_day_work(sim, task)


def planned_day_work(sim: Simulation, task: TaskState) -> float:
    """Person-days of work a day of the task's planned staff does (at least one)."""
    planned = sum(sim.people[p].skills.get(task.spec.skill, 0.0)
                  for p in task.spec.staff if p in sim.people)
    return max(planned, 1.0)


def crash_day_work(sim: Simulation, task: TaskState) -> float:
    """Person-days of work a day of crashing takes off a task."""
    return max(task.rate, planned_day_work(sim, task))


def crash_limit(sim: Simulation, task: TaskState) -> float:
    """Most days crashing may take off a task in all (its crash point): the task's
    `crash_max_days`, and never more than the model's `crash_max_share` of its planned
    duration (its estimate at its planned staff's pace)."""
    if task.spec.crash_cost_per_day is None:
        return 0.0
    planned_days = task.estimate / planned_day_work(sim, task)
    return max(0.0, min(task.spec.crash_max_days,
                        sim.scenario.model.crash_max_share * planned_days))


def crash_days_left(sim: Simulation, task: TaskState, limit: float | None = None) -> float:
    """Days that may still be bought on a task (`limit`: its `crash_limit`, when the
    caller has it already)."""
    limit = crash_limit(sim, task) if limit is None else limit
    return max(0.0, limit - task.crashed_days)


def crash_price(sim: Simulation, task: TaskState, days: float) -> float:
    """Price of buying `days` more on a task, on the convex time–cost curve: the day
    bought after x days already costs `crash_cost_per_day` × (1 + rise × x / limit),
    so the total is the integral of that from the days already bought."""
    c0 = task.spec.crash_cost_per_day or 0.0
    limit = crash_limit(sim, task)
    if days <= 0 or c0 <= 0:
        return 0.0
    rise = sim.scenario.model.crash_cost_rise / limit if limit > 0 else 0.0
    start, end = task.crashed_days, task.crashed_days + days
    return c0 * (days + rise * (end * end - start * start) / 2.0)


def crash_marginal(sim: Simulation, task: TaskState,
                   limit: float | None = None) -> tuple[float, float]:
    """The price of the next day bought on a task and how much each day bought adds to
    it (the slope of the marginal price), for the player's view (`limit`: its
    `crash_limit`, when the caller has it already)."""
    c0 = task.spec.crash_cost_per_day or 0.0
    limit = crash_limit(sim, task) if limit is None else limit
    slope = c0 * sim.scenario.model.crash_cost_rise / limit if limit > 0 else 0.0
    return c0 + slope * task.crashed_days, slope


@dataclass(frozen=True)
class CrashTerms:
    """What crashing a task by some days really buys: the work it takes off (never
    more than is left), the days that work is worth, and their price."""

    work_removed: float
    days_removed: float
    cost: float


def crash_terms(sim: Simulation, task: TaskState, days: float) -> CrashTerms:
    """Crash `days` off a task, paid only for the days of work it actually removes: a
    nearly finished task cannot lose more work than it has left. Each day costs more
    than the one before (`crash_price`)."""
    removed = min(crash_work(sim, task, days), max(0.0, task.work_total - task.done))
    bought = min(days, removed / crash_day_work(sim, task))
    return CrashTerms(removed, bought, crash_price(sim, task, bought))


class CrashRule(DecisionRule[Crash]):
    """Buy schedule days on a task with contractors."""

    decision = Crash
    key, menu, group = "c", "Crash a task (buy days)", "Work"
    order = 30

    def check(self, sim: Simulation, x: Crash) -> None:
        task = task_of(sim, x.task)
        if task.spec.crash_cost_per_day is None:
            raise DecisionError(f"'{task.spec.name}' cannot be crashed (no contractor "
                                "option)")
        if task.status not in ("waiting", "active") or not sim.in_scope(task):
            raise DecisionError(f"'{task.spec.name}' is {task.status}; only open tasks can be "
                                "crashed")
        if not x.days > 0:
            raise DecisionError("crash by a positive number of days")
        left = crash_days_left(sim, task)
        if x.days > left + 1e-9:
            raise DecisionError(f"'{task.spec.name}' can be crashed by at most {left:.3g} "
                                "more days")
        not_frozen(sim, "crashing")

    def apply(self, sim: Simulation, x: Crash) -> None:
        task = sim.tasks[x.task]
        terms = crash_terms(sim, task, x.days)
        sim.ledger.money.spend(terms.cost, "contractors")
        task.work_total -= terms.work_removed
        task.known_extra -= terms.work_removed  # the team's own count knows it too
        task.crashed_days += terms.days_removed
        days = f"{terms.days_removed:.3g}"
        sim.note("decision", f"Crashed '{task.spec.name}' by {days} "
                 f"{'day' if days == '1' else 'days'} for {terms.cost:,.0f}.")

    def figures(self, sim: Simulation, x: Crash) -> Figures:
        terms = crash_terms(sim, task_of(sim, x.task), x.days)
        return {"money_now": terms.cost, "work_removed": terms.work_removed}

    def sentence(self, sim: Simulation, x: Crash, p: Preview) -> str:
        task = task_of(sim, x.task)
        terms = crash_terms(sim, task, x.days)
        left = round(max(crash_days_left(sim, task) - terms.days_removed, 0.0), 1)
        price, slope = crash_marginal(sim, task)
        after = ("no more days can be bought after this" if left <= 0 else
                 f"{plural(left, 'more day')} can be bought after this, the next at "
                 f"{money(sim, price + slope * terms.days_removed)}")
        if terms.days_removed < x.days - 1e-9:
            bought = plural(round(terms.days_removed, 1), 'day')
            return (f"Only {bought} of work is left to take off '{task.spec.name}': "
                    f"contractors do it for {money(sim, p.money_now)} "
                    f"({after})")
        return (f"Contractors take {plural(x.days, 'day')} off '{task.spec.name}' for "
                f"{money(sim, p.money_now)} ({after})")

    def describe(self, x: Crash, names: Names) -> str:
        return f"Crashed '{names(x.task)}' by {x.days:g} days."


class FastTrackRule(DecisionRule[FastTrack]):
    """Let a waiting task start before its predecessors finish."""

    decision = FastTrack
    key, menu, group = "f", "Fast-track a task", "Work"
    order = 40

    def check(self, sim: Simulation, x: FastTrack) -> None:
        task = task_of(sim, x.task)
        if task.status != "waiting" or not sim.in_scope(task):
            raise DecisionError("only a waiting task can be fast-tracked; "
                                f"'{task.spec.name}' is "
                                f"{task.status}")
        if task.fast_tracked:
            raise DecisionError(f"'{task.spec.name}' is already fast-tracked")
        preds = [sim.tasks[p] for p in task.spec.predecessors]
        if not any(p.status == "active" for p in preds):
            raise DecisionError(f"'{task.spec.name}' can be fast-tracked once a predecessor "
                                "is under way")
        if any(p.status == "waiting" for p in preds):
            raise DecisionError(f"all of the predecessors of '{task.spec.name}' must have "
                                "started")

    def apply(self, sim: Simulation, x: FastTrack) -> None:
        task = sim.tasks[x.task]
        task.fast_tracked = True
        sim.note("decision", f"Fast-tracked '{task.spec.name}'.",
                 "overlapping with unfinished predecessors means more rework")
        flow.check_ready(sim, task)

    def figures(self, sim: Simulation, x: FastTrack) -> Figures:
        task = task_of(sim, x.task)
        starts = (task.status == "waiting" and sim.in_scope(task)
                  and flow.predecessors_allow(sim, task, fast_tracked=True))
        return {"start_share": sim.scenario.model.fast_track_threshold, "starts_now": starts}

    def sentence(self, sim: Simulation, x: FastTrack, p: Preview) -> str:
        when = ("Starts now: its predecessors are" if p.starts_now else
                "Starts as soon as its predecessors are")
        return (f"{when} {p.start_share:.0%} done; the overlap means more rework")

    def describe(self, x: FastTrack, names: Names) -> str:
        return f"Fast-tracked '{names(x.task)}'."


RULES = (CrashRule(), FastTrackRule())
"""The rules of this module (the registry finds them here)."""
