"""The performance measurement baseline in force: the original plan's tasks still in
scope, plus approved changes. Cutting or deferring scope takes its budget out of the
BAC and the planned-value curve (work already spent on it stays in the actual cost);
restoring it puts it back; an accepted change adds its budget, spread over the weeks
its work should take."""

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
    sim.change_budgets.append(ChangeBudget(scope, budget, sim.week, weeks))
    rebuild(sim)


def rebuild(sim: Simulation) -> None:
    """Recompute BAC and the planned-value curve from what is in scope now."""
    base = sim.baseline
    length = len(base.pv_curve)
    for change in sim.change_budgets:
        length = max(length, change.start_week + change.weeks + 1)
    curve = [0.0] * length
    bac = 0.0
    for tid, budget in base.task_budgets.items():
        if not sim.in_scope(sim.tasks[tid]):
            continue
        bac += budget
        progress = base.task_progress.get(tid, ())
        for k in range(length):
            share = progress[min(k, len(progress) - 1)] if progress else 1.0
            curve[k] += budget * share
    for change in sim.change_budgets:
        if sim.scope_status.get(change.scope) not in ("planned", "delivered"):
            continue
        bac += change.budget
        for k in range(change.start_week, length):
            curve[k] += change.budget * min(1.0, (k - change.start_week + 1) / change.weeks)
    if curve:
        curve[-1] = bac
    sim.pv_curve = curve
    sim.money.bac = bac
    if length > len(base.pv_curve):
        sim.planned_weeks = max(sim.planned_weeks, float(length - 1))
