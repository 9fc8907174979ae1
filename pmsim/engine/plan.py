"""Baseline control: the performance measurement baseline (PMB) in force and every
change to it, each written in the baseline log with its week, kind, BAC before and
after, and reason (PMBOK 7th ed. §2.4.2 and 2.7; ANSI/EIA-748 guidelines 28-32).

The rules, as a PMO applies them:
- Past PV never changes: the PV of every week already ended is frozen, and a change
  re-phases only the PV of the current and later weeks (a current-period adjustment).
- A scope cut or deferral takes the work's unearned budget out of BAC; the EV already
  earned on it stays (and so does its actual cost), the other tasks keep their budgets.
  Restoring deferred scope brings its budget back, scheduled from now.
- An approved change request adds its tasks' budget to BAC, its PV phased by when the
  engine's own plan of the remaining work (dependencies, staffing, expected effort)
  would do them.
- A planned risk response is bought with contingency moved into the PMB: a work package
  planned and earned the week it is bought, so it is not an overrun. What contingency
  cannot cover is spent without budget (an overrun, and the note says so).
- A board re-baseline makes a new PMB: the reserve the board releases joins BAC on the
  remaining work, whose PV is re-planned from now to a new planned finish (so SV
  starts again from today); the original commitment is kept for scoring and the
  debrief.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pmsim.engine.metrics import planned_value
from pmsim.engine.parts.plan_in_force import BaselineEntry, Funding

if TYPE_CHECKING:
    from pmsim.engine.parts.plan_in_force import PlanInForce
    from pmsim.engine.simulation import Simulation
    from pmsim.engine.state import TaskState

OPEN = ("waiting", "active")
"""Task statuses with work still to plan."""


@dataclass(frozen=True)
class _Before:
    """The PMB just before a change: the frozen past PV, the BAC and the duration."""

    past: tuple[float, ...]
    bac: float
    planned_weeks: float


# ---------------------------------------------------------------- earned value

def task_ev(plan: PlanInForce, task: TaskState) -> float:
    """A task's earned value in the PMB (0 for a task outside it)."""
    budget = plan.task_budgets.get(task.id)
    if budget is None:
        return 0.0
    offset = plan.task_offsets.get(task.id, 0.0)
    return offset + (budget - offset) * task.reported_progress


def earned_value(sim: Simulation) -> float:
    """EV: every PMB task's earned budget, plus the funded risk responses (done when
    bought)."""
    plan = sim.plan
    return plan.response_funding + sum(
        task_ev(plan, sim.tasks[tid]) for tid in plan.task_budgets
    )


def unearned(sim: Simulation, scope_id: str) -> float:
    """Budget of a scope item's work not yet earned (what a cut or deferral removes)."""
    return sum(
        sim.plan.task_budgets.get(t.id, 0.0) - task_ev(sim.plan, t)
        for t in sim.lookups.by_scope.get(scope_id, ()) if t.status in OPEN
    )


def restorable(sim: Simulation, scope_id: str) -> float:
    """Budget a restore of a deferred scope item brings back."""
    return sum(sim.plan.removed.get(t.id, 0.0) for t in sim.lookups.by_scope.get(scope_id, ()))


def response_funding(sim: Simulation, cost: float) -> float:
    """How much of a planned response's cost contingency would fund now."""
    return max(0.0, min(cost, sim.ledger.money.contingency_left))


# ---------------------------------------------------------------- the log

def _open(sim: Simulation) -> _Before:
    plan = sim.plan
    past = tuple(
        planned_value(plan.pv_curve, float(k), plan.planned_weeks) for k in range(sim.week)
    )
    return _Before(past, plan.bac, plan.planned_weeks)


def _close(sim: Simulation, before: _Before, kind: str, reason: str) -> BaselineEntry:
    """Re-phase future PV, set BAC and write the change in the baseline log."""
    plan = sim.plan
    _rephase(sim, before.past)
    sim.ledger.money.bac = plan.bac
    entry = BaselineEntry(sim.week, kind, plan.number, before.bac, plan.bac,
                          before.planned_weeks, plan.planned_weeks, reason)
    plan.log.append(entry)
    return entry


def _rephase(sim: Simulation, past: tuple[float, ...]) -> None:
    """The PV curve in force: the frozen past, then every PMB element's planned value
    from the current week on; the last point is the BAC."""
    plan = sim.plan
    phasing = plan.baseline.task_progress
    length = max(math.ceil(plan.planned_weeks - 1e-9) + 1, len(past) + 1,
                 *(len(p) for p in plan.task_phasing.values()))
    curve = list(past)
    for k in range(len(past), length):
        value = plan.response_funding
        for tid, budget in plan.task_budgets.items():
            share = plan.task_phasing.get(tid) or phasing.get(tid) or (1.0,)
            value += budget * share[min(k, len(share) - 1)]
        curve.append(value)
    curve[-1] = plan.bac
    plan.pv_curve = curve


# ---------------------------------------------------------------- scheduling from now

def schedule_open_work(sim: Simulation) -> dict[str, tuple[float, float]]:
    """The engine's plan of the remaining work from today: each open in-scope task's
    (start, finish) day, at its expected effort left, played by the game's own rules
    (the forecast's deterministic plan, `outlook.plan_durations`), capped at the hard
    stop."""
    from pmsim.engine.outlook import plan_durations

    cap = sim.hard_stop_day()
    planned = plan_durations(sim)
    begin, finish = planned.schedule.begin, planned.schedule.finish
    return {tid: (min(begin[i], cap), min(finish[i], cap))
            for i, tid in enumerate(planned.open_ids)}


def _phase_from_now(sim: Simulation, tid: str, earned: float, span: tuple[float, float]) -> None:
    """A task's PV from today: what it has earned, plus its unearned budget spread evenly
    over its planned start to finish."""
    plan = sim.plan
    budget = plan.task_budgets[tid]
    start, finish = span
    dpw = sim.days_per_week
    last = max(sim.week, math.ceil(finish / dpw - 1e-9))
    shares = []
    for k in range(last + 1):
        done = 1.0 if finish - start < 1e-9 else (k * dpw - start) / (finish - start)
        value = earned + (budget - earned) * min(1.0, max(0.0, done))
        shares.append(value / budget if budget > 1e-12 else 1.0)
    plan.task_phasing[tid] = tuple(shares)


def _replan_task(sim: Simulation, t: TaskState, new_budget: float,
                 span: tuple[float, float]) -> None:
    """Give a task a new budget without moving the EV it has earned: the budget left
    is earned over the progress still to make, and phased from today."""
    plan = sim.plan
    earned = task_ev(plan, t)
    progress = min(t.reported_progress, 0.95)
    slope = max(0.0, new_budget - earned) / (1.0 - progress)
    plan.task_offsets[t.id] = earned - slope * progress
    plan.task_budgets[t.id] = max(earned, new_budget)
    _phase_from_now(sim, t.id, earned, span)


def _extend(sim: Simulation, spans: list[tuple[float, float]]) -> None:
    """Lengthen the planned duration to the planned finish of new work."""
    if spans:
        finish = max(end for _, end in spans) / sim.days_per_week
        sim.plan.planned_weeks = max(sim.plan.planned_weeks, finish)


# ---------------------------------------------------------------- changes to the PMB

def drop_scope(sim: Simulation, scope_id: str, kind: str) -> BaselineEntry:
    """A cut or deferral (`kind`): the item's unearned budget leaves BAC; the EV its work
    has earned stays, and no other task's budget moves."""
    plan = sim.plan
    before = _open(sim)
    for t in sim.lookups.by_scope.get(scope_id, ()):
        if t.id not in plan.task_budgets or t.status == "done":
            continue
        earned = task_ev(plan, t)
        plan.removed[t.id] = plan.removed.get(t.id, 0.0) + plan.task_budgets[t.id] - earned
        plan.task_budgets[t.id] = plan.task_offsets[t.id] = earned
        plan.task_phasing[t.id] = (1.0,)
    gone = before.bac - plan.bac
    what = "cut" if kind == "cut" else "deferred"
    return _close(sim, before, kind, f"'{sim.scope_name(scope_id)}' {what}: its unearned "
                  f"budget of {gone:,.0f} {sim.scenario.budget.currency} leaves the "
                  "baseline (the value it earned stays)")


def restore_scope(sim: Simulation, scope_id: str) -> BaselineEntry:
    """Deferred scope back in: the budget its deferral removed returns, phased from
    today by the engine's plan of the remaining work."""
    plan = sim.plan
    before = _open(sim)
    spans = schedule_open_work(sim)
    now = (sim.day(), sim.day())
    for t in sim.lookups.by_scope.get(scope_id, ()):
        back = plan.removed.pop(t.id, 0.0)
        if t.id in plan.task_budgets and t.status in OPEN:
            _replan_task(sim, t, plan.task_budgets[t.id] + back, spans.get(t.id, now))
    _extend(sim, [spans[t.id] for t in sim.lookups.by_scope.get(scope_id, ()) if t.id in spans])
    return _close(sim, before, "restore", f"'{sim.scope_name(scope_id)}' restored: its "
                  "budget returns, planned from this week")


def add_change(sim: Simulation, scope_id: str, tasks: list[TaskState], budget: float,
               title: str) -> BaselineEntry:
    """An approved change: its tasks join the PMB with the change's budget (shared by
    expected effort) and their PV is phased by the engine's plan from today."""
    plan = sim.plan
    before = _open(sim)
    spans = schedule_open_work(sim)
    total = sum(t.estimate for t in tasks) or 1.0
    now = (sim.day(), sim.day())
    for t in tasks:
        plan.task_budgets[t.id] = budget * t.estimate / total
        plan.task_offsets.pop(t.id, None)
        _phase_from_now(sim, t.id, 0.0, spans.get(t.id, now))
    _extend(sim, [spans[t.id] for t in tasks if t.id in spans])
    funding = (f"{budget:,.0f} {sim.scenario.budget.currency} of budget" if budget > 0
               else "no budget (the sponsor added none)")
    return _close(sim, before, "change", f"change '{title}' approved ({scope_id}): "
                  f"{sum(t.estimate for t in tasks):.0f} person-days of work with {funding}")


def fund_response(sim: Simulation, risk_name: str, cost: float) -> float:
    """Contingency pays for a planned risk response: the amount moves into the PMB as a
    work package planned and earned this week. Returns the amount funded (what
    contingency could not cover is an overrun)."""
    amount = response_funding(sim, cost)
    if amount <= 1e-9:
        return 0.0
    before = _open(sim)
    sim.ledger.money.contingency_left -= amount
    sim.plan.funded.append(Funding(risk_name, amount, sim.week))
    short = cost - amount
    _close(sim, before, "response", f"response to '{risk_name}' funded from contingency"
           + (f"; {short:,.0f} beyond the contingency left is unfunded" if short > 1e-6
              else ""))
    return amount


def rebaseline(sim: Simulation, extra: float, deadline_weeks: int, why: str = "") -> BaselineEntry:
    """A board-approved re-baseline: a new PMB. The management reserve released
    (`extra`) joins BAC on the remaining work, which is re-planned from today to a new
    planned finish; the deadline moves by `deadline_weeks`. The original commitment
    (`sim.plan.original`) stays as it was."""
    plan = sim.plan
    before = _open(sim)
    money = sim.ledger.money
    spans = schedule_open_work(sim)
    open_tasks = [sim.tasks[tid] for tid in spans if tid in plan.task_budgets]
    left = {t.id: plan.task_budgets[t.id] - task_ev(plan, t) for t in open_tasks}
    total_left = sum(left.values())
    extra = extra if total_left > 1e-9 else 0.0
    for t in open_tasks:
        share = left[t.id] / total_left if total_left > 1e-9 else 0.0
        _replan_task(sim, t, plan.task_budgets[t.id] + extra * share, spans[t.id])
    money.reserve_left -= extra
    plan.rebaseline_added += extra
    finish = max((end for _, end in spans.values()), default=sim.day())
    plan.planned_weeks = max(finish, sim.day()) / sim.days_per_week
    plan.number += 1
    sim.board.rebaseline_weeks += max(0, deadline_weeks)
    sim.board.rebaselined = True
    cur = sim.scenario.budget.currency
    return _close(sim, before, "rebaseline",
                  (why + "; " if why else "") + f"baseline {plan.number}: {extra:,.0f} {cur} "
                  "of management reserve joins the budget, the remaining work is re-planned "
                  f"from week {sim.week} to finish in week "
                  f"{math.ceil(plan.planned_weeks - 1e-9)}")
