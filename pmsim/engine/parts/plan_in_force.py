"""The performance measurement baseline in force: the original plan, the task budgets
and planned-value curve now in force, and the approved changes added to it
(`pmsim.engine.plan` rebuilds it when scope changes)."""

from __future__ import annotations

from dataclasses import dataclass, field

from pmsim.engine.baseline import Baseline
from pmsim.engine.plan import ChangeBudget


@dataclass
class PlanInForce:
    """The baseline the project is measured against now."""

    baseline: Baseline
    """The original plan (the scenario played exactly as estimated)."""
    pv_curve: list[float]
    """Planned value at the end of each week in force; index 0 is the start."""
    planned_weeks: float
    """Weeks the plan in force takes."""
    task_budgets: dict[str, float] = field(default_factory=dict)
    """Each in-scope task's budget in force (its share of the BAC)."""
    changes: list[ChangeBudget] = field(default_factory=list)
    """Approved changes' budgets, added to the baseline while their scope is in."""

    @staticmethod
    def of(baseline: Baseline, days_per_week: int) -> PlanInForce:
        """The plan in force at the start: the original baseline, unchanged."""
        return PlanInForce(
            baseline=baseline, pv_curve=list(baseline.pv_curve),
            planned_weeks=baseline.planned_days / days_per_week,
            task_budgets=dict(baseline.task_budgets),
        )
