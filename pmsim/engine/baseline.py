"""The baseline plan: the scenario played exactly as estimated, with no luck at all.

The engine itself plays the plan (expected efforts, planned staffing, no risks, no
rework, no changes), so the plan obeys the same rules as the game. It gives the
budget at completion (BAC), each task's budget and the planned-value curve; a game
that happens to go exactly to plan therefore ends with SPI = CPI = 1 and EV = BAC.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pmsim.scenario.load import scenario_hash
from pmsim.scenario.schema import Scenario

_CACHE: dict[str, Baseline] = {}


@dataclass(frozen=True)
class Baseline:
    """The performance measurement baseline."""

    bac: float
    """Budget at completion: labour of the plan plus fixed costs."""
    planned_days: float
    """Working days the plan takes."""
    pv_curve: tuple[float, ...]
    """Planned value at the end of each week; index 0 is the start."""
    task_budgets: dict[str, float] = field(default_factory=dict)
    """Each baseline task's share of the BAC."""
    task_finish_days: dict[str, float] = field(default_factory=dict)
    """Planned finish day of each task."""
    task_start_days: dict[str, float] = field(default_factory=dict)
    """Planned start day of each task."""
    task_progress: dict[str, tuple[float, ...]] = field(default_factory=dict)
    """Each baseline task's planned progress at the end of each week (index 0 = start)."""

    @staticmethod
    def empty() -> Baseline:
        """The placeholder used while the plan itself is being played."""
        return Baseline(bac=0.0, planned_days=0.0, pv_curve=(0.0,))


def baseline_for(scenario: Scenario) -> Baseline:
    """The baseline of a scenario (computed once per scenario content)."""
    key = scenario_hash(scenario)
    cached = _CACHE.get(key)
    if cached is None:
        cached = compute_baseline(scenario)
        if len(_CACHE) > 64:
            _CACHE.clear()
        _CACHE[key] = cached
    return cached


def compute_baseline(scenario: Scenario) -> Baseline:
    """Play the plan and record its progress and cost week by week."""
    from pmsim.engine.simulation import Simulation

    sim = Simulation(scenario, 0, plan_mode=True)
    weekly_progress: list[dict[str, float]] = [dict.fromkeys(sim.tasks, 0.0)]
    while not sim.finished:
        report = sim.advance()
        if report.week_ended or sim.finished:
            weekly_progress.append({tid: t.reported_progress for tid, t in sim.tasks.items()})
    days = sim.finish_day or sim.day()
    labour = sim.ledger.money.actual_cost
    bac = labour + scenario.budget.fixed_costs
    base_tasks = [t for t in sim.tasks.values() if t.status != "proposed"]
    # Each task's budget: the plan's labour cost while it ran (idle time included),
    # plus a share of fixed and unallocated costs in proportion to that.
    allocated = {t.id: sim.ledger.plan_cost.get(t.id, 0.0) for t in base_tasks}
    inherited = scenario.budget.spent
    done_before = {t.id: t.spec.progress * t.planned_effort for t in base_tasks}
    if inherited > 0 and sum(done_before.values()) > 0:
        total_done = sum(done_before.values())
        for tid, work_done in done_before.items():
            allocated[tid] += inherited * work_done / total_done
    total = sum(allocated.values())
    if total <= 0:
        allocated = {t.id: t.planned_effort for t in base_tasks}
        total = sum(allocated.values()) or 1.0
    budgets = {tid: bac * cost / total for tid, cost in allocated.items()}
    curve = [
        sum(budgets[tid] * progress.get(tid, 0.0) for tid in budgets)
        for progress in weekly_progress
    ]
    if sim.end_reason == "complete":
        curve[-1] = bac
    return Baseline(
        bac=bac, planned_days=days, pv_curve=tuple(curve), task_budgets=budgets,
        task_finish_days={t.id: t.finish_day for t in base_tasks if t.finish_day is not None},
        task_start_days={t.id: t.start_day for t in base_tasks if t.start_day is not None},
        task_progress={
            tid: tuple(progress.get(tid, 0.0) for progress in weekly_progress)
            for tid in budgets
        },
    )
