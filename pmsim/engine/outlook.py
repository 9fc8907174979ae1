"""The in-game finish forecast: Monte Carlo over the remaining work, as a PM would do it.

It uses only what the player may know: estimates (scaled by the share still to do,
as reported), the current staffing and today's productivity, worked out by the
engine's own rules (`work.person_output`, `work.switching_factor`, morale and
communication overhead). It never sees true efforts or future risk draws, and draws
from its own stream so looking at it changes nothing.

The remaining work is first played forward at expected efforts with people's time
shared as the engine shares it (`schedule.team_schedule`): that is the deterministic
plan, and at the start of a game it is the engine's baseline plan. The Monte Carlo then
scales each task's working days by its drawn effort and runs the critical-path passes
over the task network (`forecast.Network`), which gives the percentiles, the
criticality index and, from the deterministic plan, each task's total float.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from pmsim.engine import work
from pmsim.engine.forecast import Network, effort_ratio_draws
from pmsim.engine.risk_forecast import risk_hits
from pmsim.engine.rng import named_stream
from pmsim.engine.schedule import TeamSchedule, TeamWork, team_schedule

if TYPE_CHECKING:
    from pmsim.engine.simulation import Simulation
    from pmsim.engine.state import PersonState, TaskState

__all__ = ["ForecastMemo", "Outlook", "in_game_forecast", "nominal_rate",
           "to_week"]

NO_RISKS = "estimates only, risks not counted"
"""What a forecast without the risk register counts, as the dashboard labels it."""
WITH_RISKS = "estimates and the risk register"
"""What a risk-adjusted forecast counts, as the dashboard labels it."""


@dataclass
class ForecastMemo:
    """What the in-game forecast works out once and reuses (one per game)."""

    network: tuple[frozenset[str], Network] | None = None
    """The task network (dependencies only) and the started tasks it was built for."""
    ratios: np.ndarray | None = None
    """Each task's forecast efforts as multiples of its expected effort."""
    cache: tuple[tuple[int, float], ForecastInputs | None, Outlook] | None = None
    """The last forecast: (state version and day, its inputs, the forecast)."""


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
    """Open task id → the day it finishes in the deterministic plan: every remaining task
    at its expected effort, people's time shared as the engine shares it (where the Work
    view's bar of a task ends)."""
    total_float: dict[str, float] = field(default_factory=dict)
    """Open task id → its total float in the deterministic plan, in working days."""
    plan_day: float = 0.0
    """The day the deterministic plan finishes."""
    basis: str = NO_RISKS
    """What the forecast counts, in words (`NO_RISKS` or `WITH_RISKS`)."""
    risk_adjusted: bool = False
    """Whether each iteration also drew the known risks of the register."""


def to_week(day: float, days_per_week: int) -> int:
    """The week in which a working day falls (day 0.1 is in week 1)."""
    return max(1, math.ceil(day / days_per_week - 1e-9))


def team_factors(sim: Simulation) -> tuple[float, float]:
    """The team's morale multiplier and communication factor (`work`), which scale what
    everyone delivers."""
    return work.morale_multiplier(sim.mood.morale), work.communication_factor(sim)


def nominal_rate(sim: Simulation, task: TaskState,
                 factors: tuple[float, float] | None = None) -> float:
    """What the current assignees would deliver per day, ignoring catch-up and holds
    (`factors`: `team_factors(sim)`, when the caller has them already)."""
    morale, communication = factors if factors is not None else team_factors(sim)
    total = 0.0
    for pid in task.assignees:
        p = sim.people[pid]
        if p.status == "gone":
            continue
        total += p.skills.get(task.spec.skill, 0.0) * p.experience
    return total * morale * communication


def network(sim: Simulation) -> Network:
    """The task network (every task of the scenario, its finish-to-start dependencies),
    built once per set of started tasks. A started task no longer waits for anything:
    the links into it are dropped, so a fast-tracked task runs beside its open
    predecessor in the Monte Carlo as it does in the plan. People's shared time is not a
    link in it: the schedule gives each task the duration that sharing people gives it
    (`schedule.team_schedule`)."""
    specs = sim.scenario.tasks
    started = frozenset(spec.id for spec in specs if spec.predecessors
                        and sim.tasks[spec.id].status == "active")
    memo = sim.forecast_memo.network
    if memo is None or memo[0] != started:
        preds = [[] if t.id in started else list(t.predecessors) for t in specs]
        memo = (started, Network([t.id for t in specs], preds))
        sim.forecast_memo.network = memo
    return memo[1]


def work_left(task: TaskState) -> float:
    """Person-days of a task still to do, as the team reports it: its estimate plus the
    extra work it is known to have taken on (rework found, a fired risk's effort), less
    the work done, and at least 10 % of that total once work has been done."""
    total = task.estimate + task.known_extra
    if task.done > 0 and total > 0:
        return total * max(1.0 - task.done / total, 0.1)
    return total


def team_work(sim: Simulation) -> tuple[list[int], TeamWork]:
    """The open in-scope tasks (their indices in the scenario's task list) and what the
    schedule needs about them: the estimated work left, the open predecessors, each
    assignee's output today (`work.person_output`, as if it were their only task), the
    hold-ups, and the team's factor (`work.morale_multiplier` × `work.communication_factor`)."""
    specs = sim.scenario.tasks
    now = sim.day()
    open_idx = [j for j, spec in enumerate(specs)
                if sim.tasks[spec.id].status in ("waiting", "active")
                and sim.in_scope(sim.tasks[spec.id])]
    position = {specs[j].id: i for i, j in enumerate(open_idx)}
    people = {pid: n for n, pid in enumerate(sim.people)}
    left, preds, staff, hold, started = [], [], [], [], []
    outputs: dict[tuple[str, str], float] = {}
    for j in open_idx:
        t = sim.tasks[specs[j].id]
        left.append(work_left(t))
        preds.append(tuple(position[p] for p in t.spec.predecessors if p in position))
        staff.append(tuple([_assignee(sim, people[pid], sim.people[pid], t, now, outputs)
                            for pid in t.assignees]))
        active = t.status == "active"
        hold.append(max(0.0, t.blocked_until - now) if active else t.pending_hold)
        started.append(active)
    factor = work.morale_multiplier(sim.mood.morale) * work.communication_factor(sim)
    return open_idx, TeamWork(tuple(left), tuple(preds), tuple(staff), tuple(hold),
                              tuple(started), factor)


def _assignee(sim: Simulation, number: int, person: PersonState, task: TaskState,
              now: float, outputs: dict[tuple[str, str], float]) -> tuple[int, float, float]:
    """One assignee as the schedule needs them: their number, their output on the task
    once settled in (`work.person_output`, as if it were their only task; the same for
    every task of one skill, so kept in `outputs`), and the day they start giving it
    (after training, or joining the task)."""
    joins = max(now, person.training_until, task.joined.get(person.id, 0.0))
    key = (person.id, task.spec.skill)
    output = outputs.get(key)
    if output is None:
        output = outputs[key] = work.person_output(sim, person, task, True, settled=True)
    return number, output, joins


@dataclass(frozen=True)
class Plan:
    """The remaining work played forward at expected efforts (`team_schedule`)."""

    open_ids: tuple[str, ...]
    """The open in-scope tasks, in the scenario's order."""
    held: np.ndarray
    """Each task's hold-up once it may start, in the scenario's task order (0 if not
    open)."""
    working: np.ndarray
    """Each task's working days in the plan, in the scenario's task order."""
    rates: dict[str, float]
    """Open task id → its average rate in the plan (person-days a day)."""
    schedule: TeamSchedule
    """When each open task is ready, begins and finishes."""


def plan_durations(sim: Simulation,
                   work_now: tuple[Sequence[int], TeamWork] | None = None) -> Plan:
    """The deterministic plan of the remaining work (see `Plan`), from `team_work(sim)`
    (or `work_now`, when the caller has it already)."""
    open_idx, team = work_now if work_now is not None else team_work(sim)
    plan = team_schedule(team, sim.day(), work.switching_factor)
    k = len(sim.scenario.tasks)
    held, working = np.zeros(k), np.zeros(k)
    for i, j in enumerate(open_idx):
        held[j] = plan.begin[i] - plan.ready[i]
        working[j] = plan.finish[i] - plan.begin[i]
    ids = tuple(sim.scenario.tasks[j].id for j in open_idx)
    rates = {tid: team.work[i] / max(working[j], 1e-9)
             for i, (tid, j) in enumerate(zip(ids, open_idx, strict=True))}
    return Plan(ids, held, working, rates, plan)


def effort_ratios(sim: Simulation) -> np.ndarray:
    """Each task's forecast effort as a multiple of its expected effort, shape
    (iterations, tasks), drawn once per game from the game's own "forecast" stream.
    Scaling a task's three points by the share left does not change these ratios, so
    every weekly forecast reuses them: forecasts move only when the project does."""
    ratios = sim.forecast_memo.ratios
    if ratios is None:
        ratios = effort_ratio_draws(sim.scenario, named_stream(sim.seed, "forecast"),
                                    sim.scenario.model.forecast_iterations)
        sim.forecast_memo.ratios = ratios
    return ratios


@dataclass(frozen=True)
class Runs:
    """The Monte Carlo of the remaining work: finishes, critical masks and the plan."""

    finish: np.ndarray
    """Project finish of each iteration (working days)."""
    critical: np.ndarray
    """Whether each task is critical in each iteration, shape (iterations, tasks)."""
    plan_day: float
    """The deterministic plan's finish."""
    plan_finish: dict[str, float]
    """Open task id → its finish in the deterministic plan."""
    total_float: dict[str, float]
    """Open task id → its total float in the deterministic plan."""


def simulate(sim: Simulation, ratios: np.ndarray,
             risk_rng: np.random.Generator | None = None, known_only: bool = True,
             work_now: tuple[Sequence[int], TeamWork] | None = None) -> Runs:
    """Run the forecast over the remaining work: the deterministic plan (`plan_durations`),
    then each iteration's working days scaled by its effort `ratios` through the
    critical-path passes; with `risk_rng`, each iteration also draws the risk register
    (`risk_forecast.risk_hits`)."""
    now = sim.day()
    net = network(sim)
    plan = plan_durations(sim, work_now)
    hits = None
    if risk_rng is not None:
        hits = risk_hits(sim, risk_rng, len(ratios), plan.rates, known_only)
    finish, critical = net.finish_times(plan.held + plan.working * ratios, start=now,
                                        hits=hits)
    floats = net.total_float(plan.held + plan.working, start=now).tolist()
    return Runs(
        finish=finish, critical=critical,
        plan_day=max(plan.schedule.finish, default=now),
        plan_finish=dict(zip(plan.open_ids, plan.schedule.finish, strict=True)),
        total_float={tid: floats[net.index[tid]] for tid in plan.open_ids},
    )


def percentiles(values: np.ndarray, shares: tuple[float, ...]) -> list[float]:
    """The values at these shares (0–1), interpolated linearly as NumPy's default
    `percentile` does, from one sort (cheaper than `np.percentile` on small arrays)."""
    ordered = np.sort(values).tolist()
    out = []
    for share in shares:
        at = share * (len(ordered) - 1)
        low = math.floor(at)
        high = min(low + 1, len(ordered) - 1)
        out.append(ordered[low] + (ordered[high] - ordered[low]) * (at - low))
    return out


@dataclass(frozen=True)
class ForecastInputs:
    """Everything `in_game_forecast` depends on that can change during a game (the
    network and the effort draws are the game's own, fixed at its start): equal inputs
    give the same forecast, so a decision that changes none of it (a meeting, a report)
    needs no new one."""

    day: float | None
    """Today, or the finish day once the game is over."""
    deadline_week: int
    work: tuple[tuple[int, ...], TeamWork] | None
    """`team_work`: the open tasks and who does them (None once the game is over)."""


def forecast_inputs(sim: Simulation) -> ForecastInputs | None:
    """The forecast's inputs now; None when the forecast draws the risk register too
    (its inputs are the register's state as well: such a forecast is always made)."""
    from pmsim.engine.tolerances import deadline

    if sim.scenario.model.forecast_risks:
        return None
    if sim.finished:
        return ForecastInputs(sim.finish_day, deadline(sim), None)
    open_idx, team = team_work(sim)
    return ForecastInputs(sim.day(), deadline(sim), (tuple(open_idx), team))


def current_forecast(sim: Simulation) -> Outlook:
    """The game's forecast now, cached until the state version or day changes; then
    made again only if its inputs changed (`forecast_inputs`)."""
    key = (sim.version, float(sim.env.now))
    cached = sim.forecast_memo.cache
    if cached is not None and cached[0] == key:
        return cached[2]
    sim.sync_all()
    inputs = forecast_inputs(sim)
    if cached is not None and inputs is not None and inputs == cached[1]:
        outlook = cached[2]
    else:
        outlook = in_game_forecast(sim, inputs)
    sim.forecast_memo.cache = (key, inputs, outlook)
    return outlook


def in_game_forecast(sim: Simulation, inputs: ForecastInputs | None = None) -> Outlook:
    """Forecast the finish from the current state (`inputs`: `forecast_inputs(sim)`,
    when the caller has them already)."""
    from pmsim.engine.tolerances import deadline

    now = sim.day()
    dpw = sim.days_per_week
    deadline_days = deadline(sim) * dpw
    if sim.finished:
        day = sim.finish_day or now
        week = to_week(day, dpw)
        return Outlook(day, day, day, week, week, float(day <= deadline_days + 1e-9), {}, 0,
                       plan_day=day, basis="the actual finish")
    with_risks = sim.scenario.model.forecast_risks
    risk_rng = named_stream(sim.seed, "forecast-risks") if with_risks else None
    work_now = inputs.work if inputs is not None else None
    runs = simulate(sim, effort_ratios(sim), risk_rng, work_now=work_now)
    finish = np.minimum(runs.finish, 3.0 * sim.hard_stop_day())
    p50, p80 = percentiles(finish, (0.5, 0.8))
    crit = runs.critical.mean(axis=0).tolist()
    index = network(sim).index
    return Outlook(
        p50_day=p50, p80_day=p80, mean_day=float(finish.mean()),
        p50_week=to_week(p50, dpw), p80_week=to_week(p80, dpw),
        p_on_time=float(np.mean(finish <= deadline_days + 1e-9)),
        criticality={tid: crit[index[tid]] for tid in runs.plan_finish},
        iterations=len(finish),
        task_finish_days=runs.plan_finish, total_float=runs.total_float,
        plan_day=runs.plan_day, basis=WITH_RISKS if with_risks else NO_RISKS,
        risk_adjusted=with_risks,
    )
