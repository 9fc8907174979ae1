"""The forecasts agree with the game: the deterministic plan is the engine's own baseline
plan on every built-in; on a textbook network they match a critical-path computation
done here by hand; the risk register makes the forecast later; the seed fixes it all."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pmsim.engine.baseline import compute_baseline
from pmsim.engine.distributions import sample_three_point
from pmsim.engine.forecast import forecast_rng, forecast_scenario
from pmsim.engine.outlook import NO_RISKS, WITH_RISKS, in_game_forecast
from pmsim.engine.simulation import Simulation
from pmsim.scenario import builtin_paths, load_scenario
from pmsim.scenario.load import parse_scenario_data, read_scenario_file
from pmsim.scenario.schema import Scenario

TEXTBOOK = Path(__file__).parent / "data" / "textbook_cpm.toml"
BUILTINS = sorted(builtin_paths())

# The exercise (durations in days, finish-to-start predecessors), as a course gives it.
NETWORK = {"a": (3, []), "b": (4, ["a"]), "c": (2, ["a"]), "d": (5, ["b"]),
           "e": (1, ["c"]), "f": (2, ["c"]), "g": (4, ["d", "e"]), "h": (3, ["f", "g"])}


def textbook() -> Scenario:
    return read_scenario_file(TEXTBOOK)


def with_changes(scenario: Scenario, **changes: object) -> Scenario:
    """The scenario with some tables replaced, checked again by the real loader."""
    data = scenario.model_dump(mode="json", exclude_none=True)
    for key, value in changes.items():
        data[key] = value
    return parse_scenario_data(data, "test")


def cpm(durations: dict[str, float]) -> tuple[dict[str, float], dict[str, float], float]:
    """Early starts, total floats and the finish by the textbook forward and backward
    passes (the tasks are listed in an order where predecessors come first)."""
    early_start: dict[str, float] = {}
    early_finish: dict[str, float] = {}
    for tid, (_, preds) in NETWORK.items():
        early_start[tid] = max((early_finish[p] for p in preds), default=0.0)
        early_finish[tid] = early_start[tid] + durations[tid]
    finish = max(early_finish.values())
    late_finish = dict.fromkeys(NETWORK, finish)
    for tid in reversed(list(NETWORK)):
        for succ, (_, preds) in NETWORK.items():
            if tid in preds:
                late_finish[tid] = min(late_finish[tid], late_finish[succ] - durations[succ])
    floats = {tid: late_finish[tid] - early_finish[tid] for tid in NETWORK}
    return early_start, floats, finish


@pytest.mark.parametrize("name", BUILTINS)
def test_deterministic_plan_is_the_engines_baseline(name: str) -> None:
    """`pmsim forecast`'s deterministic plan and the in-game forecast's plan on day 0
    both finish within a day of the engine's baseline (the scenario played with
    expected efforts, no risks, no rework)."""
    scenario = load_scenario(name)
    planned = compute_baseline(scenario).planned_days
    result = forecast_scenario(scenario, iterations=50, seed=1)
    assert result.deterministic_days == pytest.approx(planned, abs=1.0)
    plan = in_game_forecast(Simulation(scenario, 0, plan_mode=True))
    assert plan.plan_day == pytest.approx(planned, abs=1.0)
    assert max(plan.task_finish_days.values()) == pytest.approx(plan.plan_day)
    assert set(result.total_float) == set(result.criticality)
    assert min(result.total_float.values()) == 0.0  # some task is on the critical path


def test_textbook_network_matches_hand_computation() -> None:
    """One person per task and no overheads: the forecast is the textbook CPM."""
    durations = {tid: float(d) for tid, (d, _) in NETWORK.items()}
    early_start, floats, finish = cpm(durations)
    assert finish == 19.0 and floats == {"a": 0.0, "b": 0.0, "c": 6.0, "d": 0.0,
                                         "e": 6.0, "f": 9.0, "g": 0.0, "h": 0.0}
    scenario = textbook()
    result = forecast_scenario(scenario, iterations=200, seed=3)
    assert result.deterministic_days == pytest.approx(finish)
    assert result.mean_days == result.p80_days == pytest.approx(finish)  # fixed efforts
    assert result.total_float == pytest.approx(floats)
    critical = {tid for tid, f in floats.items() if f == 0.0}
    assert {tid for tid, c in result.criticality.items() if c == 1.0} == critical
    assert {tid for tid, c in result.criticality.items() if c == 0.0} == set(NETWORK) - critical
    baseline = compute_baseline(scenario)  # the engine plays the same schedule
    assert baseline.planned_days == pytest.approx(finish)
    assert baseline.task_start_days == pytest.approx(early_start)


def test_textbook_network_with_three_point_estimates() -> None:
    """With spread estimates, each iteration is the textbook CPM on that iteration's
    drawn durations: the percentiles and criticality index match a computation here."""
    tasks = [{**t, "optimistic": t["likely"] * 0.5, "pessimistic": t["likely"] * 2.5}
             for t in textbook().model_dump(mode="json", exclude_none=True)["tasks"]]
    scenario = with_changes(textbook(), tasks=tasks,
                            model={"effort_distribution": "pert",
                                   "communication_overhead": 0.0})
    n = 400
    result = forecast_scenario(scenario, iterations=n, seed=5)
    low = np.array([t["optimistic"] for t in tasks])
    mode = np.array([t["likely"] for t in tasks])
    high = np.array([t["pessimistic"] for t in tasks])
    drawn = sample_three_point(forecast_rng(5, "forecast"), low, mode, high, "pert", size=n)
    finishes, critical_counts = [], dict.fromkeys(NETWORK, 0)
    for row in drawn:
        _, floats, finish = cpm(dict(zip(NETWORK, row.tolist(), strict=True)))
        finishes.append(finish)
        for tid, f in floats.items():
            critical_counts[tid] += f <= 1e-6
    assert result.mean_days == pytest.approx(np.mean(finishes), rel=1e-9)
    assert result.p80_days == pytest.approx(np.percentile(finishes, 80), rel=1e-9)
    assert result.criticality == pytest.approx({t: c / n for t, c in critical_counts.items()})
    expected = {tid: (a + 4 * m + b) / 6 for tid, a, m, b in
                zip(NETWORK, low.tolist(), mode.tolist(), high.tolist(), strict=True)}
    assert result.deterministic_days == pytest.approx(cpm(expected)[2])


def certain_risk(task: str, delay: float) -> dict[str, object]:
    """A threat that fires in week 1 for sure and holds `task` up by `delay` days."""
    return {"id": f"hold-{task}", "name": f"{task} held up", "probability": 1.0,
            "window": [1, 1], "tasks": [task],
            "impact": {"delay_days": [delay, delay, delay]}}


def test_a_certain_risk_on_the_critical_path_moves_the_finish_and_off_it_does_not() -> None:
    base = textbook()
    on_path = with_changes(base, risks=[certain_risk("g", 2.0)])
    result = forecast_scenario(on_path, iterations=100, seed=0, risks=True)
    assert result.risk_adjusted and result.mean_days == pytest.approx(21.0)
    assert forecast_scenario(on_path, iterations=100, seed=0).mean_days == pytest.approx(19.0)
    in_float = with_changes(base, risks=[certain_risk("f", 2.0)])  # F has 9 days of float
    assert forecast_scenario(in_float, iterations=100, seed=0,
                             risks=True).mean_days == pytest.approx(19.0)
    beyond = with_changes(base, risks=[certain_risk("f", 12.0)])  # 3 days past its float
    shifted = forecast_scenario(beyond, iterations=100, seed=0, risks=True)
    assert shifted.mean_days == pytest.approx(22.0)
    assert shifted.criticality["f"] == 1.0 and shifted.criticality["g"] == 0.0


@pytest.mark.parametrize("name", ["portal-launch", "crm-rollout"])
def test_risk_adjusted_forecast_is_later_on_average(name: str) -> None:
    scenario = load_scenario(name)
    plain = forecast_scenario(scenario, iterations=1000, seed=2)
    risky = forecast_scenario(scenario, iterations=1000, seed=2, risks=True)
    assert risky.risk_adjusted and not plain.risk_adjusted
    assert risky.mean_days > plain.mean_days and risky.p80_days > plain.p80_days
    assert risky.p_on_time < plain.p_on_time
    assert risky.deterministic_days == plain.deterministic_days  # the plan is the plan


def test_forecasts_are_determined_by_the_seed() -> None:
    scenario = load_scenario("portal-launch")
    for risks in (False, True):
        first = forecast_scenario(scenario, iterations=300, seed=9, risks=risks)
        assert forecast_scenario(scenario, iterations=300, seed=9, risks=risks) == first
        assert forecast_scenario(scenario, iterations=300, seed=10, risks=risks) != first


def test_in_game_forecast_says_what_it_counts() -> None:
    scenario = load_scenario("portal-launch")
    plain = Simulation(scenario, 4).forecast()
    assert plain.basis == NO_RISKS
    risky_scenario = scenario.model_copy(
        update={"model": scenario.model.model_copy(update={"forecast_risks": True})})
    sim = Simulation(risky_scenario, 4)
    risky = sim.forecast()
    assert risky.basis == WITH_RISKS
    assert risky.mean_day > plain.mean_day and risky.plan_day == plain.plan_day
    assert in_game_forecast(sim) == risky  # looking again changes nothing
    assert plain.total_float and min(plain.total_float.values()) == 0.0


def test_a_task_started_before_its_predecessor_finished_is_scheduled_once() -> None:
    """A fast-tracked task is under way while its predecessor is still open: the schedule
    keeps it running and does not start it a second time when the predecessor ends."""
    from pmsim.engine.schedule import TeamWork, team_schedule
    from pmsim.engine.work import switching_factor

    team = TeamWork(work=(4.0, 4.0), preds=((), (0,)),
                    staff=(((0, 1.0, 0.0),), ((0, 1.0, 0.0),)), hold=(0.0, 0.0),
                    started=(True, True), team_factor=1.0)
    plan = team_schedule(team, 0.0, switching_factor)
    assert plan.begin == (0.0, 0.0)
    # one person on two tasks at once (0.9 / 2 each), then alone on the second
    assert plan.finish[0] == pytest.approx(4.0 / 0.45)
    assert plan.finish[1] == pytest.approx(plan.finish[0])


def test_the_forecast_is_made_again_only_when_its_inputs_change() -> None:
    from pmsim.engine import decisions as d

    sim = Simulation(load_scenario("portal-launch"), 5)
    first = sim.forecast()
    holder = next(h for h in sim.scenario.stakeholders)
    sim.apply(d.MeetStakeholder(holder.id))  # the state's version moves, the work does not
    assert sim.forecast() is first
    view = sim.view()
    task = next(t for t in view.tasks if t.status == "active")
    helper = next(p for p in view.people
                  if p.id not in task.assignees and p.skills.get(task.skill, 0) > 0)
    sim.apply(d.Assign(helper.id, task.id))  # who does the work changed: a new forecast
    second = sim.forecast()
    assert second is not first
    # equal to one made from scratch, as the cache must be
    assert second == in_game_forecast(sim)
