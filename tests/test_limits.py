"""Size limits (`pmsim.scenario.limits`): a scenario at every documented maximum
validates and plays a whole cautious game; one past any limit is refused by
`pmsim validate` with a message that names the table and the limit; and the engine's
indexes (`pmsim.engine.lookups`), which keep a game's cost linear, always agree with a
scan of the whole state. No timing is asserted: `benchmarks/bench_size.py` times it."""

from __future__ import annotations

import copy
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from toml_writer import dumps

from pmsim.cli import main
from pmsim.engine import simulation
from pmsim.engine.lookups import EPS, Lookups
from pmsim.policies import get_policy, play_game
from pmsim.scenario import limits as L
from pmsim.scenario import load_scenario, read_scenario_file
from pmsim.scenario.load import MAX_FILE_BYTES, parse_scenario_data
from pmsim.scenario.problems import ScenarioError

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "benchmarks") not in sys.path:  # the benchmarks are scripts, not a package
    sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_size import largest_data, synthetic_data  # noqa: E402


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """Run `pmsim ARGV` in-process; (exit status, stdout + stderr), never a traceback."""
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out + err


# ---------------------------------------------------------------- at the maximum


def test_a_scenario_at_every_maximum_validates_and_plays_to_the_end(tmp_path, capsys):
    path = tmp_path / "largest.toml"
    path.write_text(dumps(largest_data()), encoding="utf-8")
    assert path.stat().st_size <= MAX_FILE_BYTES
    code, out = run(capsys, "validate", str(path))
    assert code == 0, out
    scenario = read_scenario_file(path)
    assert len(scenario.tasks) == L.MAX_TASKS
    assert len(scenario.scope) == L.MAX_SCOPE_ITEMS
    assert len(scenario.team) == L.MAX_TEAM
    assert len(scenario.hire_pool) == L.MAX_HIRE_POOL
    assert len(scenario.stakeholders) == L.MAX_STAKEHOLDERS
    assert len(scenario.risks) == L.MAX_RISKS
    assert len(scenario.events) == L.MAX_EVENTS
    assert len(scenario.meta.learning_objectives) == L.MAX_OBJECTIVES
    assert max(len(t.predecessors) for t in scenario.tasks) == L.MAX_PREDECESSORS
    assert max(len(t.staff) for t in scenario.tasks) == L.MAX_STAFF
    assert max(len(r.tasks) for r in scenario.risks) == L.MAX_RISK_TASKS
    assert max(len(r.triggers) for r in scenario.risks) == L.MAX_TRIGGERS
    assert max(len(p.skills) for p in scenario.team) == L.MAX_SKILLS
    assert scenario.calendar.hard_stop_week == L.MAX_WEEKS
    assert scenario.model.forecast_iterations == L.MAX_FORECAST_ITERATIONS

    sim = play_game(scenario, 0, get_policy("cautious"))
    assert sim.finished
    assert 0 <= sim.outcome().score <= 1000


def test_the_largest_scenario_plays_every_week_up_to_the_latest_hard_stop():
    data = largest_data(long=True)
    for item in data["scope"]:  # worth finishing, or the board closes it on an exception
        item["value"] = 1e9
    scenario = parse_scenario_data(data, "largest-long")
    sim = play_game(scenario, 0, get_policy("cautious"))
    assert sim.finished and sim.end_reason == "hard_stop"
    assert sim.week == L.MAX_WEEKS


# ---------------------------------------------------------------- one past a limit


def _grow(table: str, limit: int) -> Callable[[dict[str, Any]], None]:
    """Copy the last entry of a top-level table, with new ids, to `limit` + 1 entries."""
    def grow(data: dict[str, Any]) -> None:
        items = data[table]
        while len(items) <= limit:
            extra = copy.deepcopy(items[-1])
            extra["id"] = f"extra-{len(items)}"
            items.append(extra)
    return grow


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """Set a value at a dotted path such as `tasks.0.predecessors`."""
    def put(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        node[int(last) if last.isdigit() else last] = value
    return put


_TASK_IDS = [f"t{i:04d}" for i in range(L.MAX_TASKS + 1)]
PAST: dict[str, tuple[Callable[[dict[str, Any]], None], str, str]] = {
    # case: (change, the problem's item and field, words in the message)
    "tasks": (_grow("tasks", L.MAX_TASKS), "tasks", f"at most {L.MAX_TASKS} "),
    "scope": (_grow("scope", L.MAX_SCOPE_ITEMS), "scope", f"at most {L.MAX_SCOPE_ITEMS} "),
    "team": (_grow("team", L.MAX_TEAM), "team", f"at most {L.MAX_TEAM} "),
    "hire_pool": (_grow("hire_pool", L.MAX_HIRE_POOL), "hire_pool",
                  f"at most {L.MAX_HIRE_POOL} "),
    "stakeholders": (_grow("stakeholders", L.MAX_STAKEHOLDERS), "stakeholders",
                     f"at most {L.MAX_STAKEHOLDERS} "),
    "risks": (_grow("risks", L.MAX_RISKS), "risks", f"at most {L.MAX_RISKS} "),
    "events": (_grow("events", L.MAX_EVENTS), "events", f"at most {L.MAX_EVENTS} "),
    "injects": (_set("injects", [{"id": f"i{i}", "kind": "message", "title": "News"}
                                 for i in range(L.MAX_INJECTS + 1)]),
                "injects", f"at most {L.MAX_INJECTS} "),
    "predecessors": (_set("tasks.39.predecessors", _TASK_IDS[: L.MAX_PREDECESSORS + 1]),
                     "tasks 't0039': predecessors", f"at most {L.MAX_PREDECESSORS} "),
    "staff": (_set("tasks.0.staff", [f"p{i:04d}" for i in range(L.MAX_STAFF + 1)]),
              "tasks 't0000': staff", f"at most {L.MAX_STAFF} "),
    "max_staff": (_set("tasks.0.max_staff", L.MAX_STAFF + 1), "tasks 't0000': max_staff",
                  f"at most {L.MAX_STAFF} "),
    "risk tasks": (_set("risks.0.tasks", _TASK_IDS[: L.MAX_RISK_TASKS + 1]),
                   "risks 'r0000': tasks", f"at most {L.MAX_RISK_TASKS} "),
    "triggers": (_set("risks.0.triggers", [{"metric": "morale", "below": 0.3}]
                      * (L.MAX_TRIGGERS + 1)), "risks 'r0000': triggers",
                 f"at most {L.MAX_TRIGGERS} "),
    "skills": (_set("team.0.skills", {f"s{i}": 1.0 for i in range(L.MAX_SKILLS + 1)}),
               "team 'p0000': skills", f"at most {L.MAX_SKILLS} "),
    "objectives": (_set("meta.learning_objectives", ["Learn."] * (L.MAX_OBJECTIVES + 1)),
                   "meta: learning_objectives", f"at most {L.MAX_OBJECTIVES} "),
    "hard stop": (_set("calendar.hard_stop_week", L.MAX_WEEKS + 1),
                  "calendar: hard_stop_week", f"at most {L.MAX_WEEKS} "),
    "deadline": (_set("calendar.deadline_week", L.MAX_WEEKS + 1),
                 "calendar: deadline_week", f"at most {L.MAX_WEEKS} "),
    "risk window": (_set("risks.0.window", [1, L.MAX_WEEKS + 1]), "risks 'r0000': window",
                    f"at most {L.MAX_WEEKS} "),
    "event week": (_set("events.0.week", L.MAX_WEEKS + 1), "events 'e0000': week",
                   f"at most {L.MAX_WEEKS} "),
    "forecast iterations": (_set("model.forecast_iterations", L.MAX_FORECAST_ITERATIONS + 1),
                            "model: forecast_iterations",
                            f"at most {L.MAX_FORECAST_ITERATIONS:g} "),
}


def test_every_limit_is_in_the_guide_and_tested_past_its_maximum():
    names = sorted(name for name in dir(L) if name.startswith("MAX_"))
    assert len(L.LIMITS) == len(names)  # the guide's list (see test_authoring) has them all
    assert {limit.most for limit in L.LIMITS} == {getattr(L, name) for name in names}
    tested = {words for _, _, words in PAST.values()}
    for name in names:
        assert f"at most {getattr(L, name)} " in tested, f"no case goes past {name}"


@pytest.mark.parametrize("case", sorted(PAST))
def test_one_past_a_limit_is_refused_with_a_message_naming_it(case):
    change, where, words = PAST[case]
    data = synthetic_data(40)
    parse_scenario_data(copy.deepcopy(data), "ok.toml")  # valid before the change
    change(data)
    with pytest.raises(ScenarioError) as caught:
        parse_scenario_data(data, "big.toml")
    shown = [str(p) for p in caught.value.problems]
    assert any(f"big.toml: {where}" in s and words in s for s in shown), shown
    if case in ("tasks", "team", "risks", "predecessors"):  # the size limits say so
        assert any("size limit" in s and "docs/authoring.md" in s for s in shown), shown


def test_validate_refuses_a_scenario_one_task_past_the_maximum(tmp_path, capsys):
    path = tmp_path / "too-big.toml"
    path.write_text(dumps(synthetic_data(L.MAX_TASKS + 1)), encoding="utf-8")
    code, out = run(capsys, "validate", str(path))
    assert code != 0
    assert f"tasks: has {L.MAX_TASKS + 1} entries; at most {L.MAX_TASKS} are allowed" in out


# ---------------------------------------------------------------- the engine's indexes


class CheckedLookups(Lookups):
    """`Lookups` that checks every answer against a scan of the whole state."""

    def headcount(self) -> int:
        """As `Lookups.headcount`, checked."""
        got = super().headcount()
        assert got == sum(1 for p in self._people.values() if p.status in ("active", "leaving"))
        return got

    def tasks_of(self, person_id: str):  # type: ignore[no-untyped-def]
        """As `Lookups.tasks_of`, checked."""
        got = list(super().tasks_of(person_id))
        assert got == [t for t in self._tasks.values() if person_id in t.assignees]
        return iter(got)

    def active_load(self, person_id: str, now: float) -> int:
        """As `Lookups.active_load`, checked."""
        got = super().active_load(person_id, now)
        assert got == sum(1 for t in self._tasks.values() if person_id in t.assignees
                          and t.status == "active" and t.blocked_until <= now + EPS)
        return got

    def scope_done(self, scope_id: str) -> bool:
        """As `Lookups.scope_done`, checked."""
        got = super().scope_done(scope_id)
        assert got == all(t.status == "done" for t in self._tasks.values()
                          if t.spec.scope == scope_id)
        return got

    def project_complete(self) -> bool:
        """As `Lookups.project_complete`, checked."""
        got = super().project_complete()
        assert got == all(t.status == "done" for t in self._tasks.values()
                          if self._in_scope(t))
        return got


@pytest.mark.parametrize("policy", ["random", "reckless", "cautious"])
@pytest.mark.parametrize("source", ["portal-launch", "rescue", "synthetic"])
def test_the_engine_indexes_agree_with_a_full_scan(monkeypatch, source, policy):
    monkeypatch.setattr(simulation, "Lookups", CheckedLookups)
    scenario = (parse_scenario_data(synthetic_data(40, hire_pool=6), "synthetic")
                if source == "synthetic" else load_scenario(source))
    for seed in (1, 2):
        sim = play_game(scenario, seed, get_policy(policy))
        assert isinstance(sim.lookups, CheckedLookups) and sim.finished
