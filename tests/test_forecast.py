"""Tests for pmsim.engine.forecast (vectorised Monte Carlo CPM)."""

from __future__ import annotations

import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
for _path in (ROOT, ROOT / "benchmarks"):  # the package may not be installed in the venv
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from forecast_loop import finish_times_loop, forecast_network_loop  # noqa: E402

from pmsim.engine.distributions import sample_three_point  # noqa: E402
from pmsim.engine.forecast import (  # noqa: E402
    ForecastResult,
    Network,
    forecast_network,
    forecast_rng,
    forecast_scenario,
)
from pmsim.engine.schedule import MIN_RATE  # noqa: E402
from pmsim.scenario.schema import Scenario  # noqa: E402


def fixed(network: Network, durations: list[float], n: int = 3, **kw: Any) -> tuple:
    return network.finish_times(np.tile(np.asarray(durations, dtype=float), (n, 1)), **kw)


def random_network(k: int, seed: int) -> tuple[Network, np.ndarray, np.ndarray, np.ndarray]:
    """A random DAG whose ids are shuffled, so task order != topological order."""
    rng = np.random.default_rng(seed)
    perm = rng.permutation(k)  # position of the i-th topological task
    ids = [""] * k
    preds: list[list[str]] = [[] for _ in range(k)]
    for i in range(k):
        ids[perm[i]] = f"t{i}"
    for i in range(1, k):
        chosen = rng.choice(i, size=min(int(rng.integers(0, 4)), i), replace=False)
        preds[perm[i]] = [f"t{int(c)}" for c in chosen]
    low = rng.uniform(0.0, 4.0, k)
    mode = low + rng.uniform(0.0, 4.0, k)
    high = mode + rng.uniform(0.0, 8.0, k)
    return Network(ids, preds), low, mode, high


def test_chain_finish_is_sum_and_all_critical() -> None:
    net = Network(["a", "b", "c"], [[], ["a"], ["b"]])
    finish, crit = fixed(net, [2.0, 3.5, 4.0])
    assert np.array_equal(finish, np.full(3, 9.5))
    assert crit.shape == (3, 3) and crit.dtype == bool and crit.all()
    assert net.deterministic_finish([2.0, 3.5, 4.0], start=10.0) == 19.5


def test_parallel_branches_only_long_one_critical() -> None:
    ids = ["start", "long1", "long2", "short", "end"]
    preds = [[], ["start"], ["long1"], ["start"], ["long2", "short"]]
    net = Network(ids, preds)
    low = np.array([1.0, 5.0, 5.0, 1.0, 1.0])
    high = np.array([2.0, 8.0, 8.0, 4.0, 2.0])
    result = forecast_network(
        net,
        low,
        (low + high) / 2,
        high,
        iterations=2000,
        rng=forecast_rng(1, "t"),
        deadline_days=30.0,
    )
    assert result.criticality == {
        "start": 1.0,
        "long1": 1.0,
        "long2": 1.0,
        "short": 0.0,
        "end": 1.0,
    }
    assert list(result.criticality) == ids
    assert result.p_on_time == 1.0
    assert result.deterministic_days == pytest.approx(1.5 + 6.5 + 6.5 + 1.5)


def test_release_times_and_start() -> None:
    net = Network(["a", "b", "c"], [[], ["a"], []])
    release = np.array([0.0, 10.0, 4.0])
    finish, crit = fixed(net, [2.0, 3.0, 1.0], release=release)
    assert np.all(finish == 13.0)
    assert crit[0].tolist() == [False, True, False]  # a has slack before b's release
    finish, _ = fixed(net, [2.0, 3.0, 20.0], release=release)
    assert np.all(finish == 24.0)
    finish, _ = fixed(net, [2.0, 3.0, 1.0], start=12.0, release=release)
    assert np.all(finish == 17.0)  # start later than every release
    assert net.deterministic_finish([2.0, 3.0, 1.0], release=release) == 13.0
    with pytest.raises(ValueError, match="release"):
        fixed(net, [1.0, 1.0, 1.0], release=np.zeros(2))


def test_network_errors() -> None:
    with pytest.raises(ValueError, match="cycle"):
        Network(["a", "b", "c"], [["c"], ["a"], ["b"]])
    with pytest.raises(ValueError, match="cycle"):
        Network(["a"], [["a"]])
    with pytest.raises(ValueError, match="unknown"):
        Network(["a", "b"], [[], ["x"]])
    with pytest.raises(ValueError, match="duplicate"):
        Network(["a", "a"], [[], []])
    with pytest.raises(ValueError):
        Network(["a", "b"], [[]])
    with pytest.raises(ValueError, match="shape"):
        Network(["a", "b"], [[], []]).finish_times(np.zeros((4, 3)))


def test_vectorised_equals_loop_on_random_30_task_dag() -> None:
    net, low, mode, high = random_network(30, seed=7)
    durations = sample_three_point(np.random.default_rng(0), low, mode, high, "pert", size=3000)
    release = np.where(np.arange(30) % 7 == 0, 6.0, 0.0)
    for kwargs in ({}, {"start": 2.5, "release": release}):
        finish, crit = net.finish_times(durations, **kwargs)
        finish_loop, crit_loop = finish_times_loop(net, durations, **kwargs)
        assert np.array_equal(finish, finish_loop)
        assert np.array_equal(crit, crit_loop)
    common = {"iterations": 2000, "distribution": "triangular", "deadline_days": 30.0}
    vec = forecast_network(net, low, mode, high, rng=forecast_rng(3, "x"), **common)
    loop = forecast_network_loop(net, low, mode, high, rng=forecast_rng(3, "x"), **common)
    assert vec == loop


@cache
def _longest_path(preds: tuple[tuple[int, ...], ...], d: tuple[float, ...], j: int) -> float:
    return d[j] + max((_longest_path(preds, d, p) for p in preds[j]), default=0.0)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), k=st.integers(1, 12), n_iter=st.integers(1, 6))
def test_property_random_dags(data: st.DataObject, k: int, n_iter: int) -> None:
    pred_idx: list[list[int]] = [[]]
    for i in range(1, k):
        pred_idx.append(sorted(data.draw(st.sets(st.integers(0, i - 1), max_size=3))))
    perm = data.draw(st.permutations(range(k)))  # shuffle task order
    ids = [""] * k
    preds: list[list[str]] = [[] for _ in range(k)]
    for i in range(k):
        ids[perm[i]] = f"t{i}"
        preds[perm[i]] = [f"t{p}" for p in pred_idx[i]]
    net = Network(ids, preds)
    dur_st = st.floats(0.0, 100.0, allow_nan=False, allow_infinity=False)
    durations = np.array(
        data.draw(
            st.lists(st.lists(dur_st, min_size=k, max_size=k), min_size=n_iter, max_size=n_iter)
        ),
        dtype=float,
    )
    finish, crit = net.finish_times(durations)
    assert finish.shape == (n_iter,) and crit.shape == (n_iter, k)
    topo_preds = tuple(tuple(p) for p in pred_idx)
    for it in range(n_iter):
        d_topo = tuple(float(durations[it, perm[i]]) for i in range(k))
        paths = [_longest_path(topo_preds, d_topo, i) for i in range(k)]
        assert np.all(finish[it] >= durations[it] - 1e-9)
        assert all(finish[it] >= p - 1e-9 for p in paths)
        assert finish[it] == pytest.approx(max(paths), rel=1e-12, abs=1e-12)
        assert crit[it].any()
    share = crit.mean(axis=0)
    assert np.all((share >= 0.0) & (share <= 1.0))
    finish_loop, crit_loop = finish_times_loop(net, durations)
    assert np.array_equal(finish, finish_loop) and np.array_equal(crit, crit_loop)


def test_forecast_result_json_and_percentiles() -> None:
    net, low, mode, high = random_network(10, seed=2)
    result = forecast_network(
        net, low, mode, high, iterations=500, rng=forecast_rng(0, "a"), deadline_days=15.0
    )
    durations = sample_three_point(forecast_rng(0, "a"), low, mode, high, "pert", size=500)
    finish, _ = net.finish_times(durations)
    assert result.p50_days == np.percentile(finish, 50)
    assert result.p80_days == np.percentile(finish, 80)
    assert result.mean_days == pytest.approx(finish.mean())
    assert result.p_on_time == np.mean(finish <= 15.0 + 1e-9)
    data = result.to_json()
    assert list(data) == [
        "iterations",
        "risk_adjusted",
        "deterministic_days",
        "mean_days",
        "p50_days",
        "p80_days",
        "p_on_time",
        "criticality",
        "total_float",
    ]
    assert list(data["criticality"]) == list(net.ids) == list(data["total_float"])
    assert data["risk_adjusted"] is False
    assert data["iterations"] == 500 and data["p80_days"] == round(result.p80_days, 4)
    assert isinstance(result, ForecastResult) and result.deadline_days == 15.0


def test_on_time_boundary_and_zero_iterations() -> None:
    net = Network(["a", "b"], [[], ["a"]])
    result = forecast_network(
        net,
        [2.0, 3.0],
        [2.0, 3.0],
        [2.0, 3.0],
        iterations=10,
        rng=forecast_rng(0, "b"),
        deadline_days=5.0,
    )
    assert result.p_on_time == 1.0 and result.mean_days == 5.0
    with pytest.raises(ValueError):
        forecast_network(
            net, 1.0, 1.0, 1.0, iterations=0, rng=forecast_rng(0, "b"), deadline_days=5.0
        )


def test_forecast_rng_streams() -> None:
    def draw(seed: int, label: str) -> np.ndarray:
        return forecast_rng(seed, label).random(8)

    assert np.array_equal(draw(5, "forecast"), draw(5, "forecast"))
    assert not np.array_equal(draw(5, "forecast"), draw(5, "risk:vendor-late"))
    assert not np.array_equal(draw(5, "forecast"), draw(6, "forecast"))
    with pytest.raises(ValueError):
        forecast_rng(-1, "forecast")


def make_scenario(distribution: str = "pert") -> Scenario:
    return Scenario.model_validate(
        {
            "meta": {"id": "tiny", "title": "Tiny", "briefing": "A tiny project."},
            "calendar": {"deadline_week": 4, "hard_stop_week": 6},
            "model": {"effort_distribution": distribution},
            "scope": [
                {"id": "core", "name": "Core", "priority": "must", "value": 100.0},
                {
                    "id": "extra",
                    "name": "Extra",
                    "priority": "could",
                    "value": 10.0,
                    "proposed": True,
                },
            ],
            "tasks": [
                {
                    "id": "design",
                    "name": "Design",
                    "scope": "core",
                    "skill": "dev",
                    "optimistic": 4.0,
                    "likely": 6.0,
                    "pessimistic": 12.0,
                    "staff": ["ann", "bob"],
                },
                {
                    "id": "build",
                    "name": "Build",
                    "scope": "core",
                    "skill": "dev",
                    "optimistic": 8.0,
                    "likely": 10.0,
                    "pessimistic": 20.0,
                    "staff": ["ann"],
                    "predecessors": ["design"],
                },
                {
                    "id": "test",
                    "name": "Test",
                    "scope": "core",
                    "skill": "qa",
                    "optimistic": 2.0,
                    "likely": 3.0,
                    "pessimistic": 5.0,
                    "staff": ["ann"],
                    "predecessors": ["build", "addon"],
                },
                {
                    "id": "addon",
                    "name": "Add-on",
                    "scope": "extra",
                    "skill": "dev",
                    "optimistic": 5.0,
                    "likely": 5.0,
                    "pessimistic": 5.0,
                    "staff": ["bob"],
                },
            ],
            "team": [
                {"id": "ann", "name": "Ann", "skills": {"dev": 1.0}, "daily_rate": 500.0},
                {
                    "id": "bob",
                    "name": "Bob",
                    "skills": {"dev": 0.5, "ops": 1.0},
                    "daily_rate": 400.0,
                },
            ],
        }
    )


def test_forecast_scenario_baseline_plan() -> None:
    scenario = make_scenario()
    result = forecast_scenario(scenario, iterations=2000, seed=11)
    assert list(result.criticality) == ["design", "build", "test"]  # proposed scope skipped
    assert result.deadline_days == 20.0 and result.iterations == 2000
    # the engine's rules: expected (PERT mean) efforts at the team's rate, which loses
    # c·n² = 0.0006 × 2² to communication; design: Ann 1.0 + Bob 0.5; build: Ann;
    # test: nobody has qa, so it crawls at MIN_RATE ("effectively never")
    team = 1.0 - 0.0006 * 4
    plan = 40 / 6 / (1.5 * team) + 68 / 6 / team + 19 / 6 / MIN_RATE
    assert result.deterministic_days == pytest.approx(plan)
    # a chain whose durations scale with the drawn efforts: the mean is the plan's
    assert result.mean_days == pytest.approx(plan, rel=0.01)
    assert result.criticality == {"design": 1.0, "build": 1.0, "test": 1.0}
    assert result.total_float == {"design": 0.0, "build": 0.0, "test": 0.0}
    assert result.p_on_time == 0.0  # nobody can test: the plan cannot finish in time
    assert forecast_scenario(scenario, iterations=2000, seed=11) == result
    assert forecast_scenario(scenario, iterations=2000, seed=12) != result
    other = forecast_scenario(make_scenario("triangular"), iterations=2000, seed=11)
    assert other.mean_days != result.mean_days
    # the plan counts on the expected effort, (a + m + b) / 3 for a triangle: later here
    assert other.deterministic_days > result.deterministic_days


def test_forecast_module_does_not_import_ui() -> None:
    code = (
        "import sys; import pmsim.engine.forecast, pmsim.engine.distributions; "
        "bad = [m for m in ('textual', 'rich') if m in sys.modules]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_one_person_with_parallel_tasks_is_shown_overloaded(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]
                                                             ) -> None:
    """Ann has two 20-day tasks at once and 40 days of work before a 25-day deadline: the
    forecast splits her time between them as the game does (late), and `pmsim forecast`
    names her as overloaded."""
    import json

    from helpers import build, person, scenario_dict, task
    from toml_writer import dumps

    from pmsim.cli import main
    from pmsim.engine.forecast import planned_busy_days

    data = scenario_dict([task("a", 20, ["ann"]), task("b", 20, ["ann"]),
                          task("c", 10, ["bob"])],
                         [person("ann"), person("bob", availability=0.5)], deadline=5)
    assert planned_busy_days(build(data)) == {"ann": 40.0, "bob": 20.0}
    path = tmp_path / "overload.toml"
    path.write_text(dumps(data), encoding="utf-8")
    assert main(["forecast", str(path), "--iterations", "500", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["p_on_time"] < 0.05 and shown["busy_days"] == {"ann": 40.0, "bob": 20.0}
    assert shown["deterministic_days"] > 40.0  # 20 days each at 0.9 / 2 of her time
    assert main(["forecast", str(path), "--iterations", "500"]) == 0
    out = capsys.readouterr().out
    assert "Overloaded people" in out and "Ann (ann): 40.0 working days" in out
    assert "Bob (bob)" not in out
