"""The in-game finish forecast: Monte Carlo over the remaining work, as a PM would do it.

It uses only what the player may know: estimates (scaled by the share still to do,
as reported), the current staffing and its rate. It never sees true efforts or future
risk draws, and draws from its own stream so looking at it changes nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

import numpy as np

from pmsim.engine import work
from pmsim.engine.distributions import sample_three_point
from pmsim.engine.forecast import Network
from pmsim.engine.rng import named_stream

if TYPE_CHECKING:
    from pmsim.engine.simulation import Simulation
    from pmsim.engine.state import TaskState

MIN_RATE = 0.05
"""Rate assumed for a task nobody works on (person-days per day): effectively never."""


@dataclass
class ForecastMemo:
    """What the in-game forecast works out once and reuses (one per game)."""

    network: tuple[tuple[tuple[str, tuple[str, ...]], ...], Network] | None = None
    """The task network and the staffing it was built for."""
    unit_draws: np.ndarray | None = None
    """Each task's forecast draws between its optimistic and pessimistic estimate."""
    unit_medians: np.ndarray | None = None
    """The median of each task's unit draws."""


@dataclass(frozen=True)
class Outlook:
    """Forecast finish of the project from today."""

    p50_day: float
    p80_day: float
    mean_day: float
    p50_week: int
    p80_week: int
    p_on_time: float
    """Chance of finishing by the deadline in force."""
    criticality: dict[str, float]
    """Task id → share of iterations in which it is on the critical path."""
    iterations: int
    task_finish_days: dict[str, float] = field(default_factory=dict)
    """Open task id → the day it finishes when every remaining task takes its median
    forecast duration, scheduled as the forecast schedules them (dependencies, and each
    person's tasks one after another): where the Work view's bar of a task ends."""


def to_week(day: float, days_per_week: int) -> int:
    """The week in which a working day falls (day 0.1 is in week 1)."""
    return max(1, math.ceil(day / days_per_week - 1e-9))


def nominal_rate(sim: Simulation, task: TaskState) -> float:
    """What the current assignees would deliver per day, ignoring catch-up and holds."""
    total = 0.0
    for pid in task.assignees:
        p = sim.people[pid]
        if p.status == "gone":
            continue
        total += p.skills.get(task.spec.skill, 0.0) * p.experience
    return total * work.morale_multiplier(sim.mood.morale) * work.communication_factor(sim)


def network(sim: Simulation) -> Network:
    """The task network as the team will work it: the dependencies, plus a chain through
    each person's open tasks in plan order (one person cannot do two things at full
    speed at once). Rebuilt whenever the staffing changes."""
    specs = sim.scenario.tasks
    open_ids = {t.id for t in sim.tasks.values() if t.status in ("waiting", "active")}
    staffing = tuple(
        (t.id, tuple(sim.tasks[t.id].assignees)) for t in specs if t.id in open_ids
    )
    cached = sim.forecast_memo.network
    if cached is not None and cached[0] == staffing:
        return cached[1]
    planned = sim.plan.baseline.task_start_days
    order = {t.id: (planned.get(t.id, float("inf")), i) for i, t in enumerate(specs)}
    extra: dict[str, list[str]] = {t.id: [] for t in specs}
    by_person: dict[str, list[str]] = {}
    for tid, people in staffing:
        for pid in people:
            by_person.setdefault(pid, []).append(tid)
    for tasks in by_person.values():
        chain = sorted(tasks, key=lambda tid: order[tid])
        for before, after in pairwise(chain):
            extra[after].append(before)
    net = Network(
        [t.id for t in specs],
        [sorted(set(t.predecessors) | set(extra[t.id])) for t in specs],
    )
    sim.forecast_memo.network = (staffing, net)
    return net


def unit_draws(sim: Simulation) -> np.ndarray:
    """Each task's forecast draws as positions between its optimistic (0) and pessimistic
    (1) estimate, shape (iterations, tasks), drawn once per game. Scaling a task's three
    points by the share left and its rate does not change the distribution's shape, so
    every weekly forecast reuses them: forecasts move only when the project does."""
    draws = sim.forecast_memo.unit_draws
    if draws is None:
        specs = sim.scenario.tasks
        low = np.array([t.optimistic for t in specs])
        mode = np.array([t.likely for t in specs])
        high = np.array([t.pessimistic for t in specs])
        iterations = sim.scenario.model.forecast_iterations
        dist = sim.scenario.model.effort_distribution
        spread = high - low
        if dist == "fixed":
            draws = np.broadcast_to(np.where(spread > 0, (mode - low) / np.where(
                spread > 0, spread, 1.0), 0.0), (iterations, len(specs)))
        else:
            rng = named_stream(sim.seed, "forecast")
            sample = sample_three_point(rng, low, mode, high, dist, size=iterations)
            draws = np.where(spread > 0, (sample - low) / np.where(spread > 0, spread, 1.0), 0.0)
        sim.forecast_memo.unit_draws = draws
    return draws


def unit_medians(sim: Simulation) -> np.ndarray:
    """The median of each task's unit draws (`unit_draws`), worked out once per game."""
    medians = sim.forecast_memo.unit_medians
    if medians is None:
        medians = np.median(unit_draws(sim), axis=0)
        sim.forecast_memo.unit_medians = medians
    return medians


def in_game_forecast(sim: Simulation) -> Outlook:
    """Forecast the finish from the current state."""
    from pmsim.engine.board import deadline

    now = sim.day()
    dpw = sim.days_per_week
    deadline_days = deadline(sim) * dpw
    if sim.finished:
        day = sim.finish_day or now
        week = to_week(day, dpw)
        return Outlook(day, day, day, week, week, float(day <= deadline_days + 1e-9), {}, 0)
    net = network(sim)
    k = len(net.ids)
    low, mode, high = np.zeros(k), np.zeros(k), np.zeros(k)
    release = np.full(k, now)
    for j, tid in enumerate(net.ids):
        t = sim.tasks[tid]
        if t.status not in ("waiting", "active") or not sim.in_scope(t):
            continue
        share = max(1.0 - t.done / t.estimate, 0.1) if t.done > 0 and t.estimate > 0 else 1.0
        live = work.task_rate(sim, t, focused=True)[0] if t.status == "active" else 0.0
        rate = live if live > 0 else nominal_rate(sim, t)
        rate = max(rate, MIN_RATE)
        factor = t.scale * share / rate
        hold = t.pending_hold
        low[j] = t.spec.optimistic * factor + hold
        mode[j] = t.spec.likely * factor + hold
        high[j] = t.spec.pessimistic * factor + hold
        if t.status == "active":
            release[j] = max(now, t.blocked_until)
    iterations = sim.scenario.model.forecast_iterations
    draws = unit_draws(sim)
    durations = low + (high - low) * draws
    finish, critical = net.finish_times(durations, start=now, release=release)
    median = low + (high - low) * unit_medians(sim)
    ends = [0.0] * k  # plain floats: the same arithmetic, without NumPy's per-item cost
    release_at, median_of, preds = release.tolist(), median.tolist(), net.preds
    for j in net.order:  # one forward pass over the median durations
        ends[j] = max([now, release_at[j], *(ends[p] for p in preds[j])]) + median_of[j]
    cap = 3.0 * sim.hard_stop_day()
    finish = np.minimum(finish, cap)
    p50, p80 = (float(v) for v in np.percentile(finish, [50, 80]))
    crit = critical.mean(axis=0)
    return Outlook(
        p50_day=p50, p80_day=p80, mean_day=float(finish.mean()),
        p50_week=to_week(p50, dpw), p80_week=to_week(p80, dpw),
        p_on_time=float(np.mean(finish <= deadline_days + 1e-9)),
        criticality={tid: float(crit[j]) for j, tid in enumerate(net.ids) if high[j] > 0},
        iterations=iterations,
        task_finish_days={tid: float(ends[j]) for j, tid in enumerate(net.ids) if high[j] > 0},
    )
