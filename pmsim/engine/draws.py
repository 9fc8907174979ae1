"""The game's luck: every random draw, each from its own named stream.

True efforts are drawn once per task from `effort:<task>`; each risk has a table of
weekly uniforms from `risk:<risk>`; resignations, optional events and other chance
draws use `<label>` tables indexed by week. Because the tables depend only on the
seed and the label, two games with the same seed meet the same luck whatever the
players decide (common random numbers).
"""

from __future__ import annotations

import numpy as np

from pmsim.engine.distributions import sample_three_point, three_point_mean
from pmsim.engine.rng import named_stream
from pmsim.scenario.schema import Risk, Scenario, Task

RISK_DRAWS = 5
"""Uniforms per risk per week: fires?, day in the week, delay, effort, cost."""


class Luck:
    """Pre-drawn random numbers for one game."""

    def __init__(self, scenario: Scenario, seed: int, plan_mode: bool = False) -> None:
        self.scenario = scenario
        self.seed = seed
        self.plan_mode = plan_mode
        self.weeks = scenario.calendar.hard_stop_week + 2
        self._tables: dict[str, np.ndarray] = {}

    def true_effort(self, task: Task) -> float:
        """The task's real effort in person-days (its expected effort in the plan)."""
        dist = self.scenario.model.effort_distribution
        if self.plan_mode or dist == "fixed" or task.pessimistic <= task.optimistic:
            return expected_effort(task, dist)
        rng = named_stream(self.seed, f"effort:{task.id}")
        value = sample_three_point(rng, task.optimistic, task.likely, task.pessimistic, dist)
        return max(float(value), 1e-6)

    def risk_uniforms(self, risk: Risk) -> np.ndarray:
        """Weekly uniforms for a risk, shape (weeks, RISK_DRAWS)."""
        return named_stream(self.seed, f"risk:{risk.id}").random((self.weeks, RISK_DRAWS))

    def uniform(self, label: str, week: int) -> float:
        """The uniform draw of a named source for one week."""
        table = self._tables.get(label)
        if table is None:
            table = named_stream(self.seed, label).random(self.weeks)
            self._tables[label] = table
        return float(table[min(max(week, 0), self.weeks - 1)])


def expected_effort(task: Task, distribution: str) -> float:
    """The effort a plan should count on: the mean of the task's effort distribution
    ((a + 4m + b) / 6 for beta-PERT), or the most likely value for `fixed`."""
    if distribution == "fixed" or task.pessimistic <= task.optimistic:
        return float(task.likely)
    return float(three_point_mean(task.optimistic, task.likely, task.pessimistic,
                                  distribution))


def triangular_at(u: float, low: float, mode: float, high: float) -> float:
    """Inverse CDF of the triangular distribution: the value at quantile `u`."""
    if high <= low:
        return low
    cut = (mode - low) / (high - low)
    if u < cut:
        return low + ((high - low) * (mode - low) * u) ** 0.5
    return high - ((high - low) * (high - mode) * (1.0 - u)) ** 0.5
