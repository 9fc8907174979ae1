"""The performance measurement baseline (PMB) in force, the original commitment, and
the baseline log of every change to the PMB (`pmsim.engine.plan` changes it)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from pmsim.engine.baseline import Baseline

BASELINE_KINDS = ("original", "cut", "deferral", "restore", "change", "response",
                  "rebaseline")
"""Why the PMB changed: the plan as approved, scope cut for good, scope deferred, deferred
scope restored, an approved change request, contingency funding a planned risk
response, a board-approved re-baseline."""


@dataclass(frozen=True)
class BaselineEntry:
    """One line of the baseline log: a change to the PMB and its reason."""

    week: int
    """The week in which the change took effect (0: the plan as approved)."""
    kind: str
    """One of `BASELINE_KINDS`."""
    number: int
    """The baseline it belongs to: 0 for the original, +1 for each re-baseline."""
    bac_before: float
    """Budget at completion before the change."""
    bac_after: float
    """Budget at completion after it."""
    planned_weeks_before: float
    """Planned duration (weeks) before the change."""
    planned_weeks_after: float
    """Planned duration (weeks) after it."""
    reason: str
    """Why, in plain words."""

    @property
    def bac_change(self) -> float:
        """BAC after minus before."""
        return self.bac_after - self.bac_before

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data, with the change of BAC."""
        return {**asdict(self), "bac_change": self.bac_change}


@dataclass(frozen=True)
class Commitment:
    """The original commitment: what the approved plan promised before any change.
    Scoring and the debrief compare against it, whatever the PMB became."""

    bac: float
    """The original budget at completion."""
    planned_weeks: float
    """The original planned duration, in weeks."""
    deadline_week: int
    """The original deadline week."""
    pv_curve: tuple[float, ...]
    """The original planned-value curve (index k: end of week k)."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {**asdict(self), "pv_curve": list(self.pv_curve)}


@dataclass(frozen=True)
class Funding:
    """Contingency moved into the PMB to pay for a planned risk response: a work
    package planned and earned in the week it is bought."""

    label: str
    amount: float
    week: int


@dataclass
class PlanInForce:
    """The baseline the project is measured against now.

    Each task in the PMB has a budget (its share of BAC) and earns
    EV = offset + (budget − offset) × reported progress; the offset is 0 until the task
    is re-planned (a re-baseline or a restore keeps the EV already earned, so EV never
    jumps). A cut task's budget and offset are both what it had earned: its EV stays."""

    baseline: Baseline
    """The original plan (the scenario played exactly as estimated)."""
    pv_curve: list[float]
    """Planned value at the end of each week in force; index 0 is the start."""
    planned_weeks: float
    """Weeks the plan in force takes (the planned duration PD)."""
    task_budgets: dict[str, float] = field(default_factory=dict)
    """Each task's budget in force (its share of the BAC)."""
    task_offsets: dict[str, float] = field(default_factory=dict)
    """Each re-planned task's EV at zero progress (0 when absent)."""
    task_phasing: dict[str, tuple[float, ...]] = field(default_factory=dict)
    """Each task's planned share of its budget at the end of each week (index k; the
    last value holds after it); absent: the original plan's progress."""
    removed: dict[str, float] = field(default_factory=dict)
    """Unearned budget a cut or deferral took out of each task (a restore brings it
    back)."""
    funded: list[Funding] = field(default_factory=list)
    """Planned risk responses paid from contingency, in the PMB."""
    rebaseline_added: float = 0.0
    """Budget the board's re-baselines added to the BAC (management reserve)."""
    number: int = 0
    """The baseline in force: 0 for the original, +1 for each re-baseline."""
    log: list[BaselineEntry] = field(default_factory=list)
    """Every change to the PMB, oldest first (the first line is the original plan)."""
    original: Commitment = field(default_factory=lambda: Commitment(0.0, 0.0, 0, ()))
    """The original commitment, never changed."""

    @staticmethod
    def of(baseline: Baseline, days_per_week: int, deadline_week: int = 0) -> PlanInForce:
        """The plan in force at the start: the original baseline, unchanged."""
        weeks = baseline.planned_days / days_per_week
        return PlanInForce(
            baseline=baseline, pv_curve=list(baseline.pv_curve), planned_weeks=weeks,
            task_budgets=dict(baseline.task_budgets),
            log=[BaselineEntry(0, "original", 0, baseline.bac, baseline.bac, weeks, weeks,
                               "the plan as approved")],
            original=Commitment(baseline.bac, weeks, deadline_week, baseline.pv_curve),
        )

    @property
    def bac(self) -> float:
        """Budget at completion of the PMB: the task budgets plus funded responses."""
        return sum(self.task_budgets.values()) + sum(f.amount for f in self.funded)

    @property
    def response_funding(self) -> float:
        """Contingency moved into the PMB for planned risk responses."""
        return sum(f.amount for f in self.funded)
