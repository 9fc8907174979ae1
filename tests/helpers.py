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
        sim.day(), sim.week, sim.week_started, dataclasses.asdict(sim.mood),
        dataclasses.asdict(sim.attention), sim.finished, sim.end_reason,
        dataclasses.asdict(sim.board),
        {sid: dataclasses.asdict(item) for sid, item in sim.scope.items()},
        dataclasses.asdict(sim.ledger.money), len(sim.feed),
        len(sim.actions), sorted(sim.pending),
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


def rich_scenario() -> Scenario:
    """A small scenario with one of everything: scope to cut, defer and negotiate, a
    crashable task and a fast-trackable successor, a test task, hires with and without
    lead time, a sponsor and a second stakeholder, a threat with responses, an
    opportunity, a change request, reserves and fixed costs."""
    team = [person("ann", rate=600), person("bob", rate=500),
            {"id": "qa", "name": "Quinn", "skills": {"test": 1.0, "dev": 0.5},
             "daily_rate": 450}]
    pool = [person("dan", lead_time_weeks=0, hiring_cost=1000),
            {"id": "tess", "name": "Tess", "skills": {"test": 1.1}, "daily_rate": 500,
             "lead_time_weeks": 1}]
    scope = [
        {"id": "core", "name": "Core", "priority": "must", "value": 60000},
        {"id": "nice", "name": "Nice", "priority": "should", "value": 20000},
        {"id": "shiny", "name": "Shiny", "priority": "could", "value": 10000},
        {"id": "extra", "name": "Extra", "priority": "could", "value": 15000,
         "proposed": True},
    ]
    tasks = [
        task("design", 10, ["ann"], scope="core"),
        task("build", 25, ["ann", "bob"], scope="core", predecessors=["design"],
             crash_cost_per_day=900, crash_max_days=4),
        task("check", 6, ["qa"], scope="core", skill="test", kind="test",
             predecessors=["build"]),
        task("nice-1", 8, ["bob"], scope="nice", predecessors=["design"]),
        task("shiny-1", 6, ["qa"], scope="shiny"),
        task("extra-1", 6, ["bob"], scope="extra", predecessors=["design"]),
    ]
    stakeholders = [
        {"id": "boss", "name": "Boss", "power": 0.9, "interest": 0.8, "sponsor": True},
        {"id": "users", "name": "Users", "power": 0.4, "interest": 0.9,
         "engagement": "resistant", "satisfaction": 45},
    ]
    risk_list = [
        {"id": "outage", "name": "Outage", "probability": 0.6, "window": [1, 6],
         "tasks": ["build"], "impact": {"delay_days": [1, 2, 4], "cost": [500, 1000, 3000]},
         "responses": {"mitigate": {"cost": 800, "probability_factor": 0.5,
                                    "impact_factor": 0.5},
                       "transfer": {"cost": 400, "impact_factor": 0.2}},
         "triggers": [{"metric": "morale", "below": 0.6, "multiplier": 2.0}]},
        {"id": "reuse", "name": "Reuse", "kind": "opportunity", "probability": 0.5,
         "window": [2, 5], "tasks": ["build"], "impact": {"effort_days": [1, 2, 3]},
         "responses": {"exploit": {"cost": 300, "probability_factor": 2.0}}},
    ]
    events = [{"id": "cr", "week": 2, "kind": "change_request", "title": "Add extra",
               "requested_by": "users", "adds_scope": "extra", "budget_increase": 3000}]
    return build(scenario_dict(
        tasks, team, scope=scope, deadline=8, hard_stop=14, hire_pool=pool,
        stakeholders=stakeholders, risks=risk_list, events=events,
        budget={"contingency": 5000.0, "management_reserve": 8000.0, "fixed_costs": 2000.0},
    ), "rich")
