"""Work on tasks: rates, quality, rework, and the SimPy process of each task.

A task process computes when its task will finish at the current rate and sleeps
until then; anything that changes the rate (staffing, overtime, a risk, the weekly
update of fatigue and experience) interrupts it, and it recomputes (SimPy's
machine-shop pattern). Between events the rate is constant, so work done is exact.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import simpy

from pmsim.engine import flow
from pmsim.engine.state import PersonState, TaskState

if TYPE_CHECKING:
    from collections.abc import Generator

    from pmsim.engine.simulation import Simulation
    from pmsim.scenario.parameters import Model

EPS = 1e-9
FATIGUE_FLOOR = 0.2
"""The least productivity fatigue leaves (a share of normal)."""
MORALE_NORMAL = 0.7
"""Team morale at which productivity is neither raised nor lowered."""
MORALE_PRODUCTIVITY = 0.4
"""Change of the productivity factor per unit of morale away from `MORALE_NORMAL`
(0.4 = ±4 % per 0.1 of morale)."""
MORALE_FACTOR_RANGE = (0.6, 1.15)
"""The least and the most the morale factor can be."""
COMMUNICATION_FLOOR = 0.2
"""The least share of capacity communication overhead leaves."""
SWITCHING_LOSS = 0.1
"""Share of a person's capacity lost per extra task they are spread over."""
SWITCHING_FLOOR = 0.5
"""The least share of capacity task switching leaves."""
SELF_TAUGHT_LOSS = 0.5
"""Share of a new hire's output lost on a task with nobody assimilated to learn from,
on arrival; it shrinks with their training (`training_fade`) to nothing."""
QUALITY_LEARNER = 0.3
"""Share of right-first-time work that depends on experience: quality × (1 − this +
this × experience), so a new hire at half experience makes 15 % more flaws."""
QUALITY_FATIGUE = 0.6
"""Share of right-first-time work lost per unit of fatigue."""


def fatigue_multiplier(sim: Simulation, fatigue: float) -> float:
    """Productivity factor from fatigue: 1 − loss·f (the scenario's `fatigue_loss`)."""
    return fatigue_factor(sim.scenario.model.fatigue_loss, fatigue)


def fatigue_factor(loss: float, fatigue: float) -> float:
    """1 − loss·f, never below `FATIGUE_FLOOR`: the hourly productivity left at
    fatigue f (the extra hours of the last weeks, smoothed, as a share of the normal
    week)."""
    return max(FATIGUE_FLOOR, 1.0 - loss * fatigue)


def hours_factor(hourly_loss: float, level: float) -> float:
    """1 − loss·(h − 1): the hourly productivity left at once in weeks of h × normal
    hours, before any fatigue (longer days are less productive from the first week)."""
    return max(0.0, 1.0 - hourly_loss * max(0.0, level - 1.0))


def hourly_productivity(model: Model, level: float, fatigue: float) -> float:
    """Output per hour, relative to a rested person's normal week, at hours `level`
    and fatigue `fatigue`: the immediate loss of long days times the loss of fatigue."""
    return (hours_factor(model.overtime_hourly_loss, level)
            * fatigue_factor(model.fatigue_loss, fatigue))


def sustained_productivity(model: Model, level: float) -> float:
    """Hourly productivity once weeks at `level` × normal hours have gone on for months
    (fatigue settles at the extra hours, `level` − 1)."""
    return hourly_productivity(model, level, max(0.0, level - 1.0))


def next_fatigue(fatigue: float, excess: float, weeks: float) -> float:
    """Fatigue after a week with `excess` extra hours (a share of the normal week):
    overtime smoothed over `weeks` weeks."""
    return fatigue + (excess - fatigue) / weeks


def overtime_week_output(model: Model, level: float, weeks: int) -> list[float]:
    """Work done in each of the first `weeks` weeks at `level` × normal hours, starting
    rested, as a share of a normal rested week (the engine's formulas: the immediate
    hourly loss, weekly fatigue smoothing and the fatigue loss)."""
    fatigue, out = 0.0, []
    for _ in range(weeks):
        out.append(level * hourly_productivity(model, level, fatigue))
        fatigue = next_fatigue(fatigue, level - 1.0, model.fatigue_weeks)
    return out


def overtime_breakeven_weeks(model: Model, level: float, horizon: int = 104) -> int | None:
    """How many weeks of working at `level` × normal hours (starting rested) it takes
    before the team has produced less, in total, than it would have at normal hours;
    None if that does not happen within `horizon` weeks."""
    extra = 0.0
    for week, output in enumerate(overtime_week_output(model, level, horizon), start=1):
        extra += output
        if extra < week - 1e-9:
            return week
    return None


def morale_multiplier(morale: float) -> float:
    """Productivity factor from team morale: 1.0 at a normal 0.7, ±0.04 per 0.1."""
    low, high = MORALE_FACTOR_RANGE
    return min(high, max(low, 1.0 + MORALE_PRODUCTIVITY * (morale - MORALE_NORMAL)))


def communication_factor(sim: Simulation) -> float:
    """Share of capacity left after communication overhead c·n² (Madachy)."""
    n = sim.lookups.headcount()
    return max(COMMUNICATION_FLOOR, 1.0 - sim.scenario.model.communication_overhead * n * n)


def active_load(sim: Simulation, person: PersonState) -> int:
    """How many workable tasks a person is currently spread over."""
    return sim.lookups.active_load(person.id, sim.env.now)


def person_output(
    sim: Simulation, person: PersonState, task: TaskState, focused: bool = False,
    settled: bool = False,
) -> float:
    """Person-days of work per day this person gives this task right now (`focused`:
    as if it were their only task; `settled`: as once their training and joining the
    task are over; the forecast asks both and shares their time itself)."""
    now = sim.env.now
    ready = math.inf if settled else now
    if person.status not in ("active", "leaving") or person.training_until > ready + EPS:
        return 0.0
    pid = person.spec.id
    if task.joined and task.joined.get(pid, 0.0) > ready + EPS:
        return 0.0
    skill = person.skills.get(task.spec.skill, 0.0)
    if skill <= 0:
        return 0.0
    load = 1 if focused else sim.lookups.active_load(pid, now)
    if load == 0:
        return 0.0
    model = sim.scenario.model  # hourly_productivity, inline: this runs on every event
    level = sim.mood.overtime
    hours = level * (1.0 - model.overtime_hourly_loss * (level - 1.0)) if level > 1.0 else level
    tired = max(FATIGUE_FLOOR, 1.0 - model.fatigue_loss * person.fatigue)
    return skill * person.experience * tired * hours * person.availability * (
        switching_factor(load) / load)


def switching_factor(load: int) -> float:
    """What is left of a person's output when they are spread over `load` tasks at once:
    `SWITCHING_LOSS` lost to task switching per extra task, never below
    `SWITCHING_FLOOR` (each task then gets this divided by `load`). The forecast
    schedules people's time with this same rule."""
    return max(SWITCHING_FLOOR, 1.0 - SWITCHING_LOSS * (load - 1))


def training_fade(sim: Simulation, person: PersonState) -> float:
    """How much a new hire still needs training: 1 on arrival, 0 once assimilated."""
    if not person.hired:
        return 0.0
    start = sim.scenario.model.new_hire_experience
    if person.experience >= 1.0 - EPS or start >= 1.0:
        return 0.0
    return (1.0 - person.experience) / (1.0 - start)


def task_rate(
    sim: Simulation, task: TaskState, focused: bool = False,
) -> tuple[float, float]:
    """(rate in person-days per day, share of it done right) for an active task."""
    now = sim.env.now
    if task.status != "active" or task.blocked_until > now + EPS:
        return 0.0, 1.0
    model = sim.scenario.model
    experienced = 0.0
    learners = 0.0
    drag = 0.0
    alone_fade = 0.0
    quality_sum = 0.0
    for pid in task.assignees:
        person = sim.people[pid]
        out = person_output(sim, person, task, focused)
        fade = training_fade(sim, person)
        if person.status in ("active", "leaving") and fade > 0:
            drag += model.training_drag * fade
        if out <= 0:
            continue
        q = model.right_first_time * (1.0 - QUALITY_LEARNER * (1.0 - person.experience))
        q *= 1.0 - QUALITY_FATIGUE * min(person.fatigue, 1.0)
        quality_sum += out * q
        if fade > 0:
            learners += out
            alone_fade = max(alone_fade, fade)
        else:
            experienced += out
    raw = experienced + learners
    if raw <= 0:
        return 0.0, 1.0
    quality = quality_sum / raw
    if drag > 0:
        if experienced > 0:
            experienced -= min(drag, 0.9 * experienced)
        else:
            # nobody to learn from: they teach themselves, at half speed on arrival
            # and at full speed once assimilated (no cliff when training ends)
            learners *= 1.0 - SELF_TAUGHT_LOSS * alone_fade
    total = experienced + learners
    rate = total * morale_multiplier(sim.mood.morale) * communication_factor(sim)
    if task.fast_tracked:
        quality *= 1.0 - flow.fast_track_flaw_share(sim, task)
    if sim.plan_mode:
        quality = 1.0
    return rate, min(1.0, quality)


def sync(sim: Simulation, task: TaskState) -> None:
    """Bring a task's work done up to now at the rate in force since its last sync."""
    now = sim.env.now
    elapsed = now - task.last_sync
    task.last_sync = now
    if elapsed <= 0 or task.rate <= 0 or task.status != "active":
        return
    work = min(task.rate * elapsed, task.remaining)
    if work <= 0:
        return
    task.done += work
    task.hidden_flaws += (1.0 - task.quality) * work
    if task.spec.kind == "test":
        sim.test_discovers(task, work)


def next_change(sim: Simulation, task: TaskState) -> float:
    """Days from now until this task's rate changes by itself (catch-up or training ends,
    a hold ends, or a fast-tracked successor may start)."""
    now = sim.env.now
    soonest = math.inf  # the least of the times still ahead (> EPS), without lists
    ahead = task.blocked_until - now
    if ahead > EPS:
        soonest = ahead
    joined, people = task.joined, sim.people
    for pid in task.assignees:
        if joined:
            ahead = joined.get(pid, 0.0) - now
            if EPS < ahead < soonest:
                soonest = ahead
        ahead = people[pid].training_until - now
        if EPS < ahead < soonest:
            soonest = ahead
    if task.rate > 0 and flow.fast_track_waiters(sim, task):
        target = sim.scenario.model.fast_track_threshold * task.estimate
        if task.done < target:
            ahead = (target - task.done) / task.rate
            if EPS < ahead < soonest:
                soonest = ahead
    return soonest


def task_process(sim: Simulation, task: TaskState) -> Generator[simpy.Event, object, None]:
    """SimPy process of an active task: sleep until done or interrupted, then recompute."""
    env = sim.env
    while True:
        sync(sim, task)
        if task.remaining <= EPS:
            break
        task.rate, task.quality = task_rate(sim, task)
        wait = next_change(sim, task)
        if task.rate > 0:
            wait = min(wait, task.remaining / task.rate)
        try:
            if math.isinf(wait):
                yield env.event()  # idle until someone interrupts
            else:
                yield env.timeout(wait)
        except simpy.Interrupt:
            pass
        task.wake = None
        flow.check_fast_track(sim, task)
    task.proc = None
    flow.complete_task(sim, task)  # books the last stretch at the task's rate first
    task.rate = 0.0


def touch(sim: Simulation, task: TaskState) -> None:
    """Tell an active task its rate may have changed."""
    proc = task.proc
    if proc is None or task.wake is not None or not proc.is_alive:
        return
    if proc is sim.env.active_process:
        return
    task.wake = True
    proc.interrupt()


def start(sim: Simulation, task: TaskState) -> None:
    """Start a task whose predecessors allow it."""
    now = sim.env.now
    task.status = "active"
    task.start_day = now
    task.last_sync = now
    if task.pending_hold > 0:
        task.blocked_until = now + task.pending_hold
        task.pending_hold = 0.0
    sim.lookups.tasks_changed()
    task.proc = sim.env.process(task_process(sim, task))
