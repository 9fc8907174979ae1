"""Monte Carlo schedule forecast over a task network (critical path method).

Durations are sampled for every task and every iteration at once, shape
``(n_iter, k)``; the forward and backward CPM passes then loop over the tasks in
topological order while every step works on all iterations together (a NumPy
row of length ``n_iter``). There is no Python loop over iterations.

Internally the arrays are kept in ``(k, n_iter)`` layout, so each task's row is
contiguous in memory.

`forecast_scenario` (``pmsim forecast``) feeds it the durations the game's own rules
give (`schedule.team_schedule`, through `outlook.simulate`): the deterministic plan is
the engine's baseline plan, each iteration scales every task's working days by its
drawn effort, and risk firings (`risk_forecast`) can lengthen tasks in the forward
pass (`Hits`). Total float comes from the deterministic plan.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike

from pmsim.engine.distributions import sample_three_point, three_point_mean

if TYPE_CHECKING:
    from pmsim.scenario.schema import Scenario

__all__ = ["ForecastResult", "Hits", "Network", "effort_ratio_draws", "forecast_network",
           "forecast_rng", "forecast_scenario", "planned_busy_days", "summarise"]

ON_TIME_EPS = 1e-9
"""Slack allowed when comparing a finish with the deadline."""
Hits = dict[int, list[tuple[np.ndarray, np.ndarray]]]
"""Risk firings per task index: (day it fires, days it adds to the task) per iteration,
each shape ``(n_iter,)``; a firing lands only if it comes before the task finishes."""
CRITICAL_RTOL = 1e-9
"""A task is critical when its total float is at most this times max(1, finish)."""


def forecast_rng(seed: int, label: str) -> np.random.Generator:
    """A generator whose stream depends only on ``seed`` and ``label``.

    The label is hashed with BLAKE2b to a 32-bit integer (stable across runs and
    platforms, unlike ``hash()``) and combined with the seed in a
    ``numpy.random.SeedSequence([seed, label_hash])`` feeding a PCG64.
    """
    if seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed}")
    key = int.from_bytes(hashlib.blake2b(label.encode(), digest_size=4).digest(), "little")
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([int(seed), key])))


class Network:
    """A task network with finish-to-start dependencies.

    Args:
        ids: task identifiers; their order is the task order of every array
            (durations, releases, critical masks).
        predecessors: for each task, the ids of the tasks that must finish
            before it starts.

    Raises:
        ValueError: on duplicate or unknown ids, a length mismatch, or a cycle.
    """

    def __init__(self, ids: Sequence[str], predecessors: Sequence[Sequence[str]]) -> None:
        self.ids: tuple[str, ...] = tuple(ids)
        if len(predecessors) != len(self.ids):
            raise ValueError(f"{len(self.ids)} ids but {len(predecessors)} predecessor lists")
        self.index: dict[str, int] = {}
        for i, task_id in enumerate(self.ids):
            if task_id in self.index:
                raise ValueError(f"duplicate task id {task_id!r}")
            self.index[task_id] = i
        preds: list[list[int]] = []
        for task_id, plist in zip(self.ids, predecessors, strict=True):
            row: list[int] = []
            for p in plist:
                if p not in self.index:
                    raise ValueError(f"task {task_id!r}: unknown predecessor {p!r}")
                if self.index[p] not in row:
                    row.append(self.index[p])
            preds.append(row)
        succs: list[list[int]] = [[] for _ in self.ids]
        for j, row in enumerate(preds):
            for k in row:
                succs[k].append(j)
        self.preds: tuple[tuple[int, ...], ...] = tuple(tuple(r) for r in preds)
        self.succs: tuple[tuple[int, ...], ...] = tuple(tuple(r) for r in succs)
        self.order: tuple[int, ...] = self._topological_order()

    def _topological_order(self) -> tuple[int, ...]:
        """Kahn's algorithm, always taking the lowest ready index (deterministic)."""
        indegree = [len(p) for p in self.preds]
        ready = [j for j, d in enumerate(indegree) if d == 0]
        order: list[int] = []
        while ready:
            ready.sort(reverse=True)
            j = ready.pop()
            order.append(j)
            for s in self.succs[j]:
                indegree[s] -= 1
                if indegree[s] == 0:
                    ready.append(s)
        if len(order) != len(self.ids):
            stuck = sorted(self.ids[j] for j, d in enumerate(indegree) if d > 0)
            raise ValueError(f"dependency cycle among tasks: {', '.join(stuck)}")
        return tuple(order)

    def __len__(self) -> int:
        return len(self.ids)

    def _floors(self, start: float, release: ArrayLike | None) -> list[float]:
        k = len(self.ids)
        if release is None:
            return [float(start)] * k
        rel = np.asarray(release, dtype=np.float64)
        if rel.shape != (k,):
            raise ValueError(f"release must have shape ({k},), got {rel.shape}")
        return np.maximum(rel, float(start)).tolist()

    def finish_times(
        self,
        durations: np.ndarray,
        start: float = 0.0,
        release: np.ndarray | None = None,
        hits: Hits | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Forward and backward CPM passes, vectorised over iterations.

        Args:
            durations: shape ``(n_iter, k)``, task order of ``ids``.
            start: the project start; no task starts before it.
            release: optional earliest start per task, shape ``(k,)``; task ``j``
                starts no earlier than ``max(start, release[j])``.
            hits: optional risk firings per task (see `Hits`); a task's duration
                grows (or shrinks, never finishing before the firing) by each one that
                comes before it finishes, and the backward pass uses those durations.

        Returns:
            ``(finish, critical)``: the project finish per iteration, shape
            ``(n_iter,)``, and a boolean mask of shape ``(n_iter, k)`` marking the
            tasks whose total float is zero in that iteration (within
            ``1e-9 * max(1, |finish|)``).
        """
        dur = np.asarray(durations, dtype=np.float64)
        k = len(self.ids)
        if dur.ndim != 2 or dur.shape[1] != k:
            raise ValueError(f"durations must have shape (n_iter, {k}), got {dur.shape}")
        n = dur.shape[0]
        floors = self._floors(start, release)
        if k == 0:
            return np.full(n, float(start)), np.zeros((n, 0), dtype=bool)
        d = np.ascontiguousarray(dur.T)  # (k, n): one contiguous row per task
        if hits:
            d = np.array(d)  # the hits change durations: never the caller's array
        ef = self._forward(d, floors, hits)
        finish = ef.max(axis=0)
        return finish, self._critical(d, ef, finish)

    def _forward(self, d: np.ndarray, floors: list[float],
                 hits: Hits | None = None) -> np.ndarray:
        """The forward pass: each task's earliest finish, shape ``(k, n_iter)``."""
        ef = np.empty_like(d)
        maximum = np.maximum
        for j in self.order:
            row = ef[j]
            preds = self.preds[j]
            if preds:
                maximum(ef[preds[0]], floors[j], out=row)
                for p in preds[1:]:
                    maximum(row, ef[p], out=row)
                row += d[j]
            else:
                np.add(d[j], floors[j], out=row)
            if hits and j in hits:
                start = row - d[j]
                _land(row, hits[j])
                np.subtract(row, start, out=d[j])
        return ef

    def _critical(self, d: np.ndarray, ef: np.ndarray, finish: np.ndarray) -> np.ndarray:
        """The backward pass: which tasks have no total float, shape ``(n_iter, k)``."""
        k, n = d.shape
        minimum = np.minimum
        tol = CRITICAL_RTOL * np.maximum(1.0, np.abs(finish))
        ls = np.empty_like(d)  # latest start
        crit = np.empty((k, n), dtype=bool)
        lf_buf = np.empty(n)
        float_buf = np.empty(n)
        for j in reversed(self.order):  # backward pass: latest finish, total float
            succs = self.succs[j]
            if not succs:
                lf = finish
            elif len(succs) == 1:
                lf = ls[succs[0]]
            else:
                lf = minimum(ls[succs[0]], ls[succs[1]], out=lf_buf)
                for s in succs[2:]:
                    minimum(lf, ls[s], out=lf)
            np.subtract(lf, ef[j], out=float_buf)
            np.less_equal(float_buf, tol, out=crit[j])
            np.subtract(lf, d[j], out=ls[j])
        return crit.T

    def total_float(
        self,
        durations_1d: ArrayLike,
        start: float = 0.0,
        release: np.ndarray | None = None,
    ) -> np.ndarray:
        """Each task's total float for one set of durations (shape ``(k,)``): how many
        days it can slip without moving the project finish (latest finish − earliest
        finish, from the forward and backward passes; 0 within the tolerance that makes
        a task critical)."""
        d = np.asarray(durations_1d, dtype=np.float64).ravel().tolist()
        if len(d) != len(self.ids):
            raise ValueError(f"durations must have shape ({len(self.ids)},), got {len(d)}")
        floors = self._floors(start, release)
        ef = [0.0] * len(d)
        for j in self.order:  # plain floats: k is small and NumPy's per-call cost is not
            early = floors[j]
            for p in self.preds[j]:
                if ef[p] > early:
                    early = ef[p]
            ef[j] = early + d[j]
        finish = max(ef, default=float(start))
        lf = [0.0] * len(d)
        for j in reversed(self.order):
            late = finish
            for s in self.succs[j]:
                if lf[s] - d[s] < late:
                    late = lf[s] - d[s]
            lf[j] = late
        # rounding noise on a critical task is no float (the same tolerance as critical)
        tol = CRITICAL_RTOL * max(1.0, abs(finish))
        return np.array([0.0 if late - early <= tol else late - early
                         for late, early in zip(lf, ef, strict=True)])

    def deterministic_finish(
        self,
        durations_1d: ArrayLike,
        start: float = 0.0,
        release: np.ndarray | None = None,
    ) -> float:
        """Project finish for one set of durations (shape ``(k,)``), e.g. the plan."""
        row = np.asarray(durations_1d, dtype=np.float64).reshape(1, -1)
        finish, _ = self.finish_times(row, start=start, release=release)
        return float(finish[0])


def _land(finish: np.ndarray, task_hits: list[tuple[np.ndarray, np.ndarray]]) -> None:
    """Move a task's finish (in place) by every firing that comes before it: a hit that
    delays the task can bring later firings in, so repeat until none lands anew."""
    landed = [np.zeros(finish.shape, dtype=bool) for _ in task_hits]
    for _ in task_hits:
        fresh = False
        for done, (day, extra) in zip(landed, task_hits, strict=True):
            now = (day < finish) & ~done
            if now.any():
                fresh = True
                done |= now
                np.copyto(finish, np.maximum(finish + extra, day), where=now)
        if not fresh:
            break


@dataclass(frozen=True)
class ForecastResult:
    """Summary of a Monte Carlo schedule forecast; all times in working days."""

    iterations: int
    """Number of Monte Carlo iterations."""
    deterministic_days: float
    """Finish of the plan with every task at its most likely duration."""
    mean_days: float
    """Mean simulated finish."""
    p50_days: float
    """Median simulated finish."""
    p80_days: float
    """80th percentile of the simulated finish."""
    p_on_time: float
    """Fraction of iterations finishing by the deadline."""
    criticality: dict[str, float]
    """Task id -> fraction of iterations in which the task is critical (task order)."""
    deadline_days: float
    """The deadline the forecast was measured against."""
    total_float: dict[str, float] = field(default_factory=dict)
    """Task id -> its total float in the deterministic plan, in days (task order)."""
    risk_adjusted: bool = False
    """Whether each iteration also drew the risk register."""

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-ready dict (floats rounded to 4 decimals; no deadline)."""
        return {
            "iterations": int(self.iterations),
            "risk_adjusted": self.risk_adjusted,
            "deterministic_days": round(float(self.deterministic_days), 4),
            "mean_days": round(float(self.mean_days), 4),
            "p50_days": round(float(self.p50_days), 4),
            "p80_days": round(float(self.p80_days), 4),
            "p_on_time": round(float(self.p_on_time), 4),
            "criticality": {k: round(float(v), 4) for k, v in self.criticality.items()},
            "total_float": {k: round(float(v), 4) for k, v in self.total_float.items()},
        }


def forecast_network(
    network: Network,
    low: ArrayLike,
    mode: ArrayLike,
    high: ArrayLike,
    *,
    iterations: int,
    rng: np.random.Generator,
    distribution: str = "pert",
    deadline_days: float,
    start: float = 0.0,
    release: np.ndarray | None = None,
) -> ForecastResult:
    """Monte Carlo forecast of the network's finish.

    Samples durations ``(iterations, k)`` from the three-point estimates (task
    order of ``network.ids``), runs the CPM passes and summarises. The
    deterministic finish uses the ``mode`` values.
    """
    if iterations < 1:
        raise ValueError(f"iterations must be at least 1, got {iterations}")
    k = len(network)
    low_a, mode_a, high_a = (
        np.broadcast_to(np.asarray(x, dtype=np.float64), (k,)) for x in (low, mode, high)
    )
    durations = sample_three_point(rng, low_a, mode_a, high_a, distribution, size=iterations)
    finish, critical = network.finish_times(durations, start=start, release=release)
    floats = network.total_float(mode_a, start=start, release=release)
    return summarise(network.ids, finish, critical, deadline_days,
                     network.deterministic_finish(mode_a, start=start, release=release),
                     dict(zip(network.ids, floats.tolist(), strict=True)))


def summarise(ids: Sequence[str], finish: np.ndarray, critical: np.ndarray,
              deadline_days: float, deterministic_days: float,
              total_float: dict[str, float], risk_adjusted: bool = False) -> ForecastResult:
    """The forecast's figures from its iterations' finishes and critical masks (the
    tasks of `ids`, in that order)."""
    p50, p80 = np.percentile(finish, [50.0, 80.0])
    share = critical.mean(axis=0) if len(ids) else np.zeros(0)
    return ForecastResult(
        iterations=len(finish),
        deterministic_days=float(deterministic_days),
        mean_days=float(finish.mean()),
        p50_days=float(p50),
        p80_days=float(p80),
        p_on_time=float(np.mean(finish <= deadline_days + ON_TIME_EPS)),
        criticality={tid: float(c) for tid, c in zip(ids, share, strict=True)},
        deadline_days=float(deadline_days),
        total_float=total_float,
        risk_adjusted=risk_adjusted,
    )


def forecast_scenario(
    scenario: Scenario, *, iterations: int = 10_000, seed: int = 0, risks: bool = False,
) -> ForecastResult:
    """Forecast the baseline plan of a scenario, by the engine's own rules.

    The deterministic plan is the engine's plan (`baseline.compute_baseline`): every
    task at its expected effort, people split over their active tasks with the
    task-switching loss, availability, morale and communication overhead
    (`outlook.simulate` on a plan-mode game at day 0). Tasks of ``proposed`` scope
    items and work done before the start are left out. Each iteration scales every
    task's working days by its drawn effort (from ``forecast_rng(seed, "forecast")``)
    and, with ``risks``, also draws the known risks of the register (from
    ``forecast_rng(seed, "forecast-risks")``; `risk_forecast.risk_hits`). The deadline
    is ``deadline_week * days_per_week`` days from the start.
    """
    from pmsim.engine.outlook import simulate
    from pmsim.engine.simulation import Simulation

    if iterations < 1:
        raise ValueError(f"iterations must be at least 1, got {iterations}")
    sim = Simulation(scenario, 0, plan_mode=True)
    ratios = effort_ratio_draws(scenario, forecast_rng(seed, "forecast"), iterations)
    runs = simulate(sim, ratios, forecast_rng(seed, "forecast-risks") if risks else None,
                    known_only=True)
    index = {t.id: j for j, t in enumerate(scenario.tasks)}
    ids = list(runs.plan_finish)
    critical = runs.critical[:, [index[tid] for tid in ids]]
    cal = scenario.calendar
    return summarise(ids, runs.finish, critical, float(cal.deadline_week * cal.days_per_week),
                     runs.plan_day, runs.total_float, risk_adjusted=risks)


def planned_busy_days(scenario: Scenario) -> dict[str, float]:
    """Working days each team member is busy with the planned tasks they are staffed
    on, one after another: each task's most-likely remaining effort at its planned
    staffing (skills times availability), added up per person. The forecast splits a
    person's time between their tasks as the game does; a person whose busy days exceed
    the days to the deadline is where the plan cannot be kept whatever the order."""
    proposed = {item.id for item in scenario.scope if item.proposed}
    people = {p.id: p for p in scenario.team}
    busy = dict.fromkeys(people, 0.0)
    for t in scenario.tasks:
        if t.scope in proposed:
            continue
        staff = [people[pid] for pid in t.staff if pid in people]
        rate = sum(p.skills.get(t.skill, 0.0) * p.availability for p in staff)
        if rate <= 0:
            continue
        duration = t.likely * (1.0 - t.progress) / rate
        for p in staff:
            if p.skills.get(t.skill, 0.0) > 0:
                busy[p.id] += duration
    return busy


def effort_ratio_draws(scenario: Scenario, rng: np.random.Generator,
                       iterations: int) -> np.ndarray:
    """Each task's effort drawn from its three-point estimate, as a multiple of the
    expected effort the plan counts on (`draws.expected_effort`), shape
    ``(iterations, tasks)`` in the scenario's task order. All ones for `fixed` efforts."""
    specs = scenario.tasks
    dist = scenario.model.effort_distribution
    if dist == "fixed":
        return np.ones((iterations, len(specs)))
    low = np.array([t.optimistic for t in specs], dtype=np.float64)
    mode = np.array([t.likely for t in specs], dtype=np.float64)
    high = np.array([t.pessimistic for t in specs], dtype=np.float64)
    mean = np.asarray(three_point_mean(low, mode, high, dist), dtype=np.float64)
    sample = sample_three_point(rng, low, mode, high, dist, size=iterations)
    return np.where(mean > 0, sample / np.where(mean > 0, mean, 1.0), 1.0)
