"""Small scenario builders and game drivers shared by the engine tests.

Scenarios are built as plain dicts and checked by the real loader
(`parse_scenario_data`), so every test scenario is one a trainer could write.
"""

from __future__ import annotations

import copy
import dataclasses
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pmsim.engine.decisions import Decision
from pmsim.engine.simulation import Simulation
from pmsim.scenario.load import parse_scenario_data, read_scenario_file
from pmsim.scenario.schema import Scenario

DATA = Path(__file__).parent / "data"
MINIMAL_TOML = DATA / "minimal.toml"

QUIET_MODEL: dict[str, Any] = {
    "effort_distribution": "fixed",
    "right_first_time": 1.0,
    "resignation_rate": 0.0,
}
"""Model overrides for a game that goes exactly as estimated."""


def minimal() -> Scenario:
    """The one-task, one-person scenario of `tests/data/minimal.toml`."""
    return read_scenario_file(MINIMAL_TOML)


def build(data: dict[str, Any], label: str = "test") -> Scenario:
    """A checked scenario from a dict (raises `ScenarioError` when it is not valid)."""
    return parse_scenario_data(copy.deepcopy(data), label)


def person(pid: str, skill: str = "dev", level: float = 1.0, rate: float = 500.0,
           **extra: Any) -> dict[str, Any]:
    """A team member (or, with `lead_time_weeks`, a candidate) with one skill."""
    return {"id": pid, "name": pid.capitalize(), "skills": {skill: level},
            "daily_rate": rate, **extra}


def task(tid: str, likely: float, staff: Iterable[str], *, scope: str = "thing",
         skill: str = "dev", spread: float = 0.2, **extra: Any) -> dict[str, Any]:
    """A work task with a symmetric-ish three-point estimate around `likely`."""
    return {
        "id": tid, "name": tid.capitalize(), "scope": scope, "skill": skill,
        "optimistic": likely * (1 - spread), "likely": likely,
        "pessimistic": likely * (1 + 2 * spread), "staff": list(staff), **extra,
    }


def scenario_dict(
    tasks: list[dict[str, Any]], team: list[dict[str, Any]], *,
    deadline: int = 10, hard_stop: int = 40, model: dict[str, Any] | None = None,
    scope: list[dict[str, Any]] | None = None, **tables: Any,
) -> dict[str, Any]:
    """A whole scenario as data: one must-have scope item 'thing' unless given."""
    return {
        "meta": {"id": "test", "title": "Test", "briefing": "A test scenario."},
        "calendar": {"deadline_week": deadline, "hard_stop_week": hard_stop},
        "scope": scope or [{"id": "thing", "name": "Thing", "priority": "must",
                            "value": 100000}],
        "tasks": tasks,
        "team": team,
        "model": model or {},
        **tables,
    }


def brooks_scenario() -> Scenario:
    """One long task (300 person-days) for three experienced developers, and three
    developers who can be hired at once; fixed efforts, no risks, no resignations (so
    the seed does not matter), default model otherwise."""
    team = [person(p) for p in ("ann", "bob", "cat")]
    pool = [person(p, lead_time_weeks=0) for p in ("dan", "eve", "fay")]
    return build(scenario_dict(
        [task("long", 300, ["ann", "bob", "cat"], max_staff=6)], team,
        deadline=22, hard_stop=60, hire_pool=pool,
        model={"effort_distribution": "fixed", "resignation_rate": 0.0},
    ), "brooks")


def overtime_scenario(right_first_time: float | None = None) -> Scenario:
    """Far more work than 12 weeks can hold, for four developers on two chains of
    tasks; fixed efforts, no risks, default model (rework cycle on)."""
    team = [person(p) for p in ("ann", "bob", "cat", "dan")]
    tasks = [
        task("a1", 200, ["ann", "bob"], max_staff=2),
        task("a2", 200, ["ann", "bob"], max_staff=2, predecessors=["a1"]),
        task("b1", 200, ["cat", "dan"], max_staff=2),
        task("b2", 200, ["cat", "dan"], max_staff=2, predecessors=["b1"]),
    ]
    model: dict[str, Any] = {"effort_distribution": "fixed"}
    if right_first_time is not None:
        model["right_first_time"] = right_first_time
    return build(scenario_dict(tasks, team, deadline=40, hard_stop=60, model=model),
                 "overtime")


def plan_scenario() -> Scenario:
    """A small network executed exactly as estimated: fixed efforts, no rework, no
    risks, no events, no resignations, no stakeholders; fixed costs included."""
    team = [person("ann", rate=600), person("bob", rate=500),
            person("cat", skill="test", rate=450)]
    tasks = [
        task("design", 20, ["ann"]),
        task("build-a", 30, ["ann"], predecessors=["design"]),
        task("build-b", 25, ["bob"], predecessors=["design"]),
        task("test", 15, ["cat"], skill="test", kind="test",
             predecessors=["build-a", "build-b"]),
    ]
    return build(scenario_dict(
        tasks, team, deadline=12, hard_stop=30, model=dict(QUIET_MODEL),
        budget={"fixed_costs": 5000.0, "contingency": 1000.0},
    ), "plan")


def advance_week(sim: Simulation) -> None:
    """Play to the end of the current week (or the end of the game), answering every
    request with its default."""
    while not sim.finished:
        for rid, request in list(sim.pending.items()):
            sim.answer(rid, request.default)
        report = sim.advance()
        for rid, request in list(sim.pending.items()):
            sim.answer(rid, request.default)
        if report.week_ended:
            return


def play_weeks(sim: Simulation, weeks: int) -> None:
    """Advance `weeks` whole weeks with default answers."""
    for _ in range(weeks):
        if sim.finished:
            return
        advance_week(sim)


def play_out(sim: Simulation, decisions_by_week: dict[int, list[Decision]] | None = None
             ) -> Simulation:
    """Play to the end, applying the given decisions at the start of their week."""
    plan = decisions_by_week or {}
    while not sim.finished:
        if not sim.week_started:
            for decision in plan.get(sim.week, []):
                sim.apply(decision)
        advance_week(sim)
    return sim


def finite(x: float) -> bool:
    """Not NaN and not infinite."""
    return isinstance(x, (int, float)) and math.isfinite(x)


def rel_close(a: float, b: float, rel: float = 1e-6) -> bool:
    """Equal within a relative tolerance (absolute near zero)."""
    return abs(a - b) <= rel * max(1.0, abs(a), abs(b))


def snapshot(sim: Simulation) -> tuple[Any, ...]:
    """Every piece of game state a decision could change, as comparable data (used to
    show that a refused decision changed nothing)."""
    return (
        sim.day(), sim.week, sim.week_started, sim.overtime, sim.reporting, sim.morale,
        sim.morale_boost, sim.attention_used, sim.finished, sim.end_reason, sim.closure,
        sim.deadline_extension, sim.rebaseline_weeks, sim.freeze_until_week,
        sorted(sim.weekly_done), dict(sim.scope_status), dict(sim.scope_priority),
        dict(sim.scope_value), dataclasses.asdict(sim.money), len(sim.feed),
        len(sim.actions), sorted(sim.pending), dict(sim.deferred_changes),
        [(t.id, t.status, t.done, t.work_total, t.hidden_flaws, tuple(t.assignees),
          dict(t.joined), t.fast_tracked, t.crashed_days, t.blocked_until, t.pending_hold,
          t.scale) for t in sim.tasks.values()],
        [(p.id, p.status, dict(p.skills), p.daily_rate, p.experience, p.fatigue,
          p.training_until, p.leave_week, p.arrival_week) for p in sim.people.values()],
        [(r.id, r.response, r.known, r.closed, r.probability_factor, r.impact_factor,
          r.cost_factor, tuple(r.fired_weeks)) for r in sim.risks.values()],
        [(h.id, h.satisfaction, h.engagement, dict(h.perceived), h.last_contact_week)
         for h in sim.stakeholders.values()],
    )
