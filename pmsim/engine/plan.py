"""The performance measurement baseline in force: the original plan's tasks still in
scope, plus approved changes.

Cutting or deferring scope does not shrink the budget: the team is still paid for
the same weeks unless the PM releases people or finishes sooner, so the budget of the
dropped work is spread over the work still in scope (the BAC stays, each remaining
task's budget and planned value grow in proportion). What was spent on dropped work
stays in the actual cost. Restoring scope undoes the spread; an accepted change adds
its own budget, earned over the weeks its work should take."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmsim.engine.simulation import Simulation


@dataclass(frozen=True)
class ChangeBudget:
    """An approved change's budget and when it was planned to be earned."""

    scope: str
    budget: float
    start_week: int
    weeks: int


def add_change(sim: Simulation, scope: str, budget: float, effort: float) -> None:
    """Add an approved change's budget to the baseline, earned over the weeks its effort
    would take half the current team."""
    if budget <= 0:
        return
    people = max(1, sim.headcount())
    weeks = max(1, round(effort / (people * sim.days_per_week * 0.5)))
    sim.plan.changes.append(ChangeBudget(scope, budget, sim.week, weeks))
    rebuild(sim)


def rebuild(sim: Simulation) -> None:
    """Recompute BAC and the planned-value curve from what is in scope now."""
    base = sim.plan.baseline
    length = len(base.pv_curve)
    for change in sim.plan.changes:
        length = max(length, change.start_week + change.weeks + 1)
    curve = [0.0] * length
    base_total = sum(base.task_budgets.values())
    in_scope = [tid for tid in base.task_budgets if sim.in_scope(sim.tasks[tid])]
    in_total = sum(base.task_budgets[tid] for tid in in_scope)
    scale = base_total / in_total if in_total > 0 else 1.0
    bac = base_total
    for tid in in_scope:
        budget = base.task_budgets[tid] * scale
        sim.plan.task_budgets[tid] = budget
        progress = base.task_progress.get(tid, ())
        for k in range(length):
            share = progress[min(k, len(progress) - 1)] if progress else 1.0
            curve[k] += budget * share
    for change in sim.plan.changes:
        item = sim.scope.get(change.scope)
        if item is None or not item.in_scope:
            continue
        bac += change.budget
        for k in range(change.start_week, length):
            curve[k] += change.budget * min(1.0, (k - change.start_week + 1) / change.weeks)
    if curve:
        curve[-1] = bac
    sim.plan.pv_curve = curve
    sim.ledger.money.bac = bac
    if length > len(base.pv_curve):
        sim.plan.planned_weeks = max(sim.plan.planned_weeks, float(length - 1))
