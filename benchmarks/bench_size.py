"""Benchmark: how the cost of one game grows with the size of the scenario.

Run by hand from the project root (never from the tests):

    .venv/bin/python benchmarks/bench_size.py              # 40 and 400 tasks, the maximum
    .venv/bin/python benchmarks/bench_size.py --sizes 40,100,200,400 --no-largest

A synthetic scenario of N tasks (`synthetic_scenario`) is a project of crews: one
team member per chain of eight tasks, each task waiting for the one before it in its
chain and, every third task, for an earlier task of the next chain; a test task now
and then; the same stakeholders, risks (with responses and triggers), change requests
and messages at every size. The team grows with the tasks, so the planned length of
the project stays the same (about nine weeks) and a game at 400 tasks does ten times
the work of one at 40 in as many weeks. `largest_scenario()` fills every list of the
format to its documented limit (`pmsim.scenario.limits`), writes texts at their
longest and puts the hard stop at the latest week allowed.

For each size, one cautious game per seed, each the best CPU time of a few plays,
after the baseline plan (timed on its own: the engine computes it once per scenario);
then the median ratio of the per-game times at 400 and at 40 tasks on the same seeds
(target below 15), and, in the same run, the events per second of a bare SimPy
environment as a reference for the machine. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import simpy

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pmsim.engine.baseline import baseline_for  # noqa: E402
from pmsim.engine.simulation import Simulation  # noqa: E402
from pmsim.policies import get_policy, play_game  # noqa: E402
from pmsim.scenario import Scenario  # noqa: E402
from pmsim.scenario import limits as L  # noqa: E402
from pmsim.scenario import types as T  # noqa: E402
from pmsim.scenario.load import parse_scenario_data  # noqa: E402

POLICY = "cautious"
TASKS_PER_CREW = 8
"""Tasks in one crew's chain: the team is the tasks divided by this."""
TARGET_RATIO = 15.0
"""Per-game time at 400 tasks over the time at 40: below this is linear enough."""
BARE_PROCESSES = 5
"""Processes in the bare SimPy reference, each looping on `env.timeout`."""


def _ids(prefix: str, count: int) -> list[str]:
    return [f"{prefix}{i:04d}" for i in range(count)]


def _text(length: int, seed: int) -> str:
    """Plain text of exactly `length` characters (0 gives the empty string)."""
    words = f"Text {seed} of the synthetic project, written out to its full length. "
    return (words * (length // len(words) + 1))[:length]


def synthetic_data(tasks: int, *, team: int | None = None, hire_pool: int = 4,
                   stakeholders: int = 6, risks: int = 12, events: int = 6,
                   scope: int | None = None, deadline_week: int = 14,
                   hard_stop_week: int = 20, predecessors: int = 2, effort: float = 1.0,
                   text: int = 0, extra: dict[str, dict[str, Any]] | None = None,
                   ) -> dict[str, Any]:
    """The TOML data (as Python dicts) of a synthetic scenario of `tasks` tasks (see the
    module docstring). `team` defaults to one person per `TASKS_PER_CREW` tasks;
    `predecessors` is the most each task waits for; `effort` scales every estimate;
    `text` > 0 writes descriptions, texts and objectives of that many characters;
    `extra` merges keys into top-level tables (e.g. `{"model": {...}}`)."""
    team = team if team is not None else max(3, round(tasks / TASKS_PER_CREW))
    requests = events // 2
    scope = scope if scope is not None else max(2 + requests, tasks // 8)
    base_scope = max(1, scope - requests)
    people = _ids("p", team)
    task_ids = _ids("t", tasks)
    holders = _ids("s", stakeholders)
    scope_ids = _ids("scope", scope)
    proposed = scope_ids[base_scope:]
    first_proposed_task = tasks - len(proposed)

    def task(j: int) -> dict[str, Any]:
        before = j - team
        preds = [task_ids[before]] if before >= 0 else []
        if before >= team and j % 3 == 0 and (before + 1) % team != 0:
            preds.append(task_ids[before - team + 1])  # the next crew's task, two back
        if predecessors > 2 and before >= 0 and j % 7 == 0:
            preds += [task_ids[k] for k in range(before - 1, -1, -1)
                      if task_ids[k] not in preds][: predecessors - len(preds)]
        item = scope_ids[j % base_scope]
        if j >= first_proposed_task:  # one task per proposed item, waiting for nothing
            item, preds = proposed[j - first_proposed_task], []
        # every fifth crew works like the first: the same chains at every size
        crew, depth = j % team % 5, j // team
        kind = "test" if depth % 4 == 3 and crew in (0, 2) else "work"
        likely = (3.0 + (crew + 2 * depth) % 5) * effort
        return {"id": task_ids[j], "name": f"Task {j}", "scope": item,
                "skill": "qa" if kind == "test" else "dev", "kind": kind,
                "optimistic": likely * 0.7, "likely": likely, "pessimistic": likely * 1.8,
                "predecessors": preds, "staff": [people[j % team]], "max_staff": 4,
                "crash_cost_per_day": 900.0, "crash_max_days": 2.0}

    def risk(i: int) -> dict[str, Any]:
        threat = i % 5 != 0
        return {
            "id": f"r{i:04d}", "name": f"Risk {i}", "description": _text(text, i),
            "probability": 0.2, "kind": "threat" if threat else "opportunity",
            "window": [1 + i % max(1, deadline_week - 1), deadline_week],
            "tasks": [task_ids[(i * 13 + k) % first_proposed_task] for k in range(1 + i % 3)],
            "impact": {"delay_days": [1.0, 2.0, 4.0], "cost": [500.0, 1_000.0, 3_000.0],
                       "morale": -0.02 if threat else 0.0},
            "triggers": [{"metric": "spi_t", "below": 0.9}] if i % 4 == 0 else [],
            "responses": ({"mitigate": {"cost": 800.0, "probability_factor": 0.5}}
                          if threat else {"exploit": {"cost": 300.0}}),
            "known": i % 7 != 0}

    data: dict[str, Any] = {
        "meta": {"id": f"synthetic-{tasks}", "title": f"Synthetic project of {tasks} tasks",
                 "briefing": "A synthetic project for the size benchmark.",
                 "learning_objectives": [_text(text, k) for k in range(3)] if text else []},
        "calendar": {"deadline_week": deadline_week, "hard_stop_week": hard_stop_week},
        "budget": {"contingency": 2_000.0 * team, "management_reserve": 5_000.0 * team,
                   "fixed_costs": 1_000.0 * tasks},
        # independent crews: no communication overhead between them
        "model": {"communication_overhead": 0.0},
        "scope": [{"id": sid, "name": f"Deliverable {i}", "description": _text(text, i),
                   "priority": "could" if sid in proposed else ("must", "should", "could")[i % 3],
                   "value": 20_000.0, "proposed": sid in proposed}
                  for i, sid in enumerate(scope_ids)],
        "tasks": [task(j) for j in range(tasks)],
        "team": [{"id": pid, "name": f"Person {i}", "skills": {"dev": 1.0, "qa": 0.8},
                  "daily_rate": 400.0 + 10 * (i % 7)} for i, pid in enumerate(people)],
        "hire_pool": [{"id": f"h{i:04d}", "name": f"Candidate {i}",
                       "skills": {"dev": 1.1, "qa": 0.9}, "daily_rate": 600.0,
                       "lead_time_weeks": 1 + i % 3, "hiring_cost": 2_000.0}
                      for i in range(hire_pool)],
        "stakeholders": [{"id": sid, "name": f"Stakeholder {i}", "power": (i % 10) / 10,
                          "interest": ((i * 3) % 10) / 10, "sponsor": i == 0}
                         for i, sid in enumerate(holders)],
        "risks": [risk(i) for i in range(risks)],
        "events": [],
    }
    for i in range(events):
        event: dict[str, Any] = {"id": f"e{i:04d}", "week": 1 + (i * 3) % max(1, deadline_week),
                                 "title": f"Event {i}", "text": _text(text, i)}
        if i < requests:
            event |= {"kind": "change_request", "requested_by": holders[i % stakeholders],
                      "adds_scope": proposed[i], "budget_increase": 10_000.0}
        else:
            event["kind"] = "message"
        data["events"].append(event)
    for key, value in (extra or {}).items():
        data[key] = {**data.get(key, {}), **value}
    return data


def largest_data(*, long: bool = False) -> dict[str, Any]:
    """A synthetic scenario with every list of the format at its documented limit
    (`pmsim.scenario.limits`), texts at their longest, the hard stop at the latest week
    and the forecast at its most iterations. `long`: the work is too big to finish, so
    the game runs to the hard stop."""
    data = synthetic_data(
        L.MAX_TASKS, team=L.MAX_TEAM, hire_pool=L.MAX_HIRE_POOL,
        stakeholders=L.MAX_STAKEHOLDERS, risks=L.MAX_RISKS, events=L.MAX_EVENTS,
        scope=L.MAX_SCOPE_ITEMS, predecessors=L.MAX_PREDECESSORS,
        deadline_week=L.MAX_WEEKS - 16 if long else 12, hard_stop_week=L.MAX_WEEKS,
        effort=40.0 if long else 1.0, text=T.MAX_TEXT,
        extra={"model": {"forecast_iterations": L.MAX_FORECAST_ITERATIONS}},
    )
    data["meta"]["id"] = "largest-long" if long else "largest"
    data["meta"]["title"] = _text(T.MAX_TITLE, 0)
    data["meta"]["briefing"] = _text(T.MAX_BRIEFING, 0)
    data["meta"]["learning_objectives"] = [_text(T.MAX_TEXT, k)
                                           for k in range(L.MAX_OBJECTIVES)]
    skills = {f"skill-{k}": 0.5 for k in range(L.MAX_SKILLS - 2)}
    for person in data["team"][:5] + data["hire_pool"][:5]:
        person["skills"] |= skills
        person["role"] = _text(T.MAX_ROLE, 1)
        person["name"] = _text(T.MAX_NAME, 2)
    crowded = data["tasks"][0]  # the whole of the largest crew on one task
    crowded["staff"] = [p["id"] for p in data["team"][: L.MAX_STAFF]]
    crowded["max_staff"] = L.MAX_STAFF
    for k, r in enumerate(data["risks"][:10]):
        r["tasks"] = [t["id"] for t in data["tasks"][k: k + L.MAX_RISK_TASKS]
                      if t["scope"].startswith("scope")][: L.MAX_RISK_TASKS]
        r["triggers"] = [{"metric": "morale", "below": 0.1 * (n + 1)}
                         for n in range(L.MAX_TRIGGERS)]
    return data


def synthetic_scenario(tasks: int, **counts: Any) -> Scenario:
    """A checked synthetic scenario of `tasks` tasks (see `synthetic_data`)."""
    return parse_scenario_data(synthetic_data(tasks, **counts), f"synthetic-{tasks}")


def largest_scenario(*, long: bool = False) -> Scenario:
    """The checked scenario of `largest_data`."""
    return parse_scenario_data(largest_data(long=long), "largest")


# ---------------------------------------------------------------- timing
def time_game(scenario: Scenario, seeds: int, repeats: int = 1) -> dict[str, Any]:
    """The baseline plan's time (computed once, as the engine caches it), then one
    cautious game on each of `seeds` seeds, each the best CPU time of `repeats` plays
    (the least disturbed by other work), with its SimPy events and weeks."""
    c0, t0 = time.process_time(), time.perf_counter()
    baseline_for(scenario)
    plan_s, plan_cpu = time.perf_counter() - t0, time.process_time() - c0
    games = []
    for seed in range(seeds):
        counter = [0]

        def on_start(sim: Simulation, counter: list[int] = counter) -> None:
            step = sim.env.step

            def counting_step() -> None:
                counter[0] += 1
                step()

            sim.env.step = counting_step  # type: ignore[method-assign]

        sim = play_game(scenario, seed, get_policy(POLICY), on_start=on_start)
        game = {"wall": math.inf, "cpu": math.inf, "events": counter[0],
                "weeks": sim.finish_week(), "complete": sim.end_reason == "complete"}
        for _ in range(repeats):
            c0, t0 = time.process_time(), time.perf_counter()
            play_game(scenario, seed, get_policy(POLICY))
            game["wall"] = min(game["wall"], time.perf_counter() - t0)
            game["cpu"] = min(game["cpu"], time.process_time() - c0)
        games.append(game)
    middle = sorted(games, key=lambda g: g["cpu"])[len(games) // 2]
    return {**middle, "games": games, "plan_s": plan_s, "plan_cpu": plan_cpu}


def bare_simpy_rate(events: int = 200_000) -> float:
    """Events per CPU second of a bare SimPy environment (a few processes looping on
    timeouts), best of three: what the machine does with no model at all."""

    def ticker(env: simpy.Environment, period: float):  # type: ignore[no-untyped-def]
        while True:
            yield env.timeout(period)

    best = 0.0
    for _ in range(3):
        env = simpy.Environment()
        for i in range(BARE_PROCESSES):
            env.process(ticker(env, 1.0 + 0.1 * i))
        step = env.step
        c0 = time.process_time()
        for _ in range(events):
            step()
        best = max(best, events / max(time.process_time() - c0, 1e-9))
    return best


def _row(label: str, r: dict[str, float]) -> str:
    end = "complete" if r["complete"] else "hard stop"
    return (f"  {label:<34} game {r['wall']:7.2f} s wall, {r['cpu']:7.2f} s CPU; "
            f"{int(r['events']):>7,} events, {int(r['weeks'])} weeks ({end}); "
            f"plan {r['plan_cpu']:.2f} s CPU")


def main(argv: list[str] | None = None) -> int:
    """Time the sizes, the largest scenario and bare SimPy; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="40,400",
                        help="task counts of the synthetic scenarios (default 40,400)")
    parser.add_argument("--games", type=int, default=5,
                        help="seeds per size (default 5)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="plays of each game at 400 tasks, the best kept; smaller "
                        "sizes play more (default 3)")
    parser.add_argument("--no-largest", action="store_true",
                        help="skip the scenarios at the documented maximum size")
    args = parser.parse_args(argv)
    sizes = [int(n) for n in args.sizes.split(",") if n.strip()]

    print(f"python {platform.python_version()}, simpy {simpy.__version__}, "
          f"{os.cpu_count()} CPU(s); load average {os.getloadavg()[0]:.2f}"
          if hasattr(os, "getloadavg") else "")
    rate = bare_simpy_rate()
    print(f"bare SimPy: {rate:,.0f} events per CPU second ({BARE_PROCESSES} processes "
          "looping on timeouts), measured now")
    print(f"\none cautious game: the median of {args.games} seeds, each the best of a few "
          "plays (the plan is computed once per scenario, before)")
    results = {}
    for n in sizes:
        plays = min(20, max(args.repeats, args.repeats * 400 // n))  # small ones: more
        results[n] = time_game(synthetic_scenario(n), args.games, plays)
        print(_row(f"{n} tasks, {max(3, round(n / TASKS_PER_CREW))} people", results[n]))
    ok = True
    if 40 in results and 400 in results:
        ratios = sorted(big["cpu"] / small["cpu"] for small, big
                        in zip(results[40]["games"], results[400]["games"], strict=True))
        ratio = statistics.median(ratios)
        ok = ratio < TARGET_RATIO
        print(f"\nper-game CPU time at 400 tasks / at 40, same seed, median of "
              f"{len(ratios)} seeds: {ratio:.1f} (range {ratios[0]:.1f}-{ratios[-1]:.1f}; "
              f"target below {TARGET_RATIO:.0f}: {'met' if ok else 'MISSED'})")
        weeks = results[400]["weeks"] / results[40]["weeks"]
        print(f"per week: {ratio / weeks:.1f}; SimPy events "
              f"{results[400]['events'] / results[40]['events']:.0f}x (every task finishing "
              "wakes every task under way, so events grow with tasks x crews)")
        per_event = results[400]["cpu"] / results[400]["events"] * rate
        print(f"400 tasks: {per_event:.0f}x the CPU time of bare SimPy per event")
    if not args.no_largest:
        print("\nat the documented maximum size (pmsim.scenario.limits):")
        for long in (False, True):
            label = "largest, runs to the hard stop" if long else "largest"
            r = time_game(largest_scenario(long=long), 1, 1)
            print(_row(label, r))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
