"""What happens at the turn of each week: arrivals, events, risks, rework, metrics."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from pmsim.engine import board, changes, people, plan, risks, stakeholders
from pmsim.engine.metrics import compute_metrics
from pmsim.engine.turn import WeekRecord

if TYPE_CHECKING:
    from pmsim.engine.simulation import Simulation
    from pmsim.engine.state import TaskState


def open_week(sim: Simulation) -> None:
    """Open the week before the player plans it: attention resets, hires arrive, and the
    week's scripted messages and change requests appear (so the player sees them, and
    answers the requests, before deciding the week)."""
    sim.attention.used = 0.0
    people.start_week(sim)
    if not sim.plan_mode:
        changes.start_week(sim)
    sim.touch_all()


def begin_work(sim: Simulation) -> None:
    """The week's work begins, after the player's decisions: this week's risk draws."""
    if not sim.plan_mode:
        risks.start_week(sim)
    sim.touch_all()


def end_week(sim: Simulation) -> None:
    """Close the week: rework surfaces, people and morale change, figures are taken,
    stakeholders react and the board looks at the tolerances."""
    sim.sync_all()
    if not sim.plan_mode:
        discover_rework(sim)
    people.end_week(sim)
    snapshot(sim)
    if not sim.plan_mode:
        stakeholders.end_week(sim)
        board.end_week(sim)
    if sim.week >= sim.scenario.calendar.hard_stop_week:
        sim.finish_now("hard_stop")
        return
    sim.week += 1
    sim.week_started = False
    open_week(sim)


def discover_rework(sim: Simulation) -> None:
    """Hidden flaws come to light after a delay and become rework: in a task under way,
    or, for finished work, in the active task built on it."""
    share = 1.0 - math.exp(-1.0 / sim.scenario.model.rework_discovery_weeks)
    found_any = 0.0
    for t in sim.tasks.values():
        if t.hidden_flaws <= 1e-9:
            continue
        fixer: TaskState | None
        if t.status == "active":
            fixer = t
        elif t.status == "done":
            # flaws in finished work surface in the work built on it, and are fixed there
            fixer = next(
                (sim.tasks[s] for s in sim.successors[t.id]
                 if sim.tasks[s].status == "active"), None,
            )
            if fixer is None:
                continue
        else:
            continue
        found = t.hidden_flaws * share
        t.hidden_flaws -= found
        t.found_flaws += found
        fixer.work_total += found
        fixer.known_extra += found
        found_any += found
    if found_any >= 0.5:
        sim.note("info", f"Reviews found {found_any:.1f} person-days of flawed work to redo.",
                 "rework cycle: flaws made earlier surface after a delay")


def test_discovery(sim: Simulation, test: TaskState, work_done: float) -> None:
    """Testing finds hidden flaws in the finished work of its scope item, and in that of
    an accepted change with no test of its own (its work joins the release the project
    tests); fixing them becomes part of the test task's work."""
    if test.estimate <= 0:
        return
    share = 1.0 - (1.0 - sim.scenario.model.test_discovery) ** (work_done / test.estimate)
    for t in (*sim.lookups.by_scope[test.spec.scope], *sim.lookups.untested_changes):
        if (
            t is not test and t.status == "done"
            and t.spec.kind != "test" and t.hidden_flaws > 1e-12
        ):
            found = t.hidden_flaws * share
            t.hidden_flaws -= found
            t.found_flaws += found
            test.work_total += found
            test.known_extra += found


def earned_value(sim: Simulation) -> float:
    """EV of the performance measurement baseline in force (`plan.earned_value`)."""
    return plan.earned_value(sim)


def snapshot(sim: Simulation, at_day: float | None = None) -> None:
    """Record this week's figures for the dashboard, the bots and the debrief."""
    day = sim.day() if at_day is None else at_day
    at_weeks = day / sim.days_per_week
    money, pmb = sim.ledger.money, sim.plan
    metrics = compute_metrics(
        at_weeks, earned_value(sim), money.actual_cost, money.bac, pmb.pv_curve,
        pmb.planned_weeks,
    )
    sim.history.append(metrics)
    holders = list(sim.stakeholders.values())
    sim.weekly_log.append(WeekRecord(
        week=round(at_weeks, 3), pv=metrics.pv, ev=metrics.ev, ac=metrics.ac,
        morale=sim.mood.morale,
        satisfaction=(
            sum(h.satisfaction * h.spec.power for h in holders)
            / max(1e-9, sum(h.spec.power for h in holders)) if holders else 0.0
        ),
        forecast_week=0 if sim.plan_mode else min(sim.forecast().p50_week,
                                                  sim.scenario.calendar.hard_stop_week + 1),
        attention_used=sim.attention.used, overtime=sim.mood.overtime,
    ))


def close_books(sim: Simulation) -> None:
    """Final figures when the game ends (mid-week completion included)."""
    if not sim.history or sim.history[-1].week < sim.day() / sim.days_per_week - 1e-9:
        snapshot(sim)
