"""Sensitivity sweeps: a parameter named by its path is changed and checked like a file,
a typo names what is there, the tornado rows come largest swing first, and the results
are the same in one process, on a process pool and on a Dask LocalCluster (as are
calibration's)."""

from __future__ import annotations

import json

import pytest

from pmsim.batch import run_batch
from pmsim.cli import main
from pmsim.errors import UserError
from pmsim.scenario import load_scenario
from pmsim.scenario.overrides import get_value, parse_param, with_overrides
from pmsim.sweep import sweep

SCENARIO = "tutorial"


def test_params_are_ranges_or_lists() -> None:
    assert parse_param("model.fatigue_loss=0.1:0.5:5") == (
        "model.fatigue_loss", (0.1, 0.2, 0.3, 0.4, 0.5))
    assert parse_param("calendar.deadline_week=4,5,6") == ("calendar.deadline_week",
                                                           (4.0, 5.0, 6.0))
    for bad, words in [("model.fatigue_loss", "PATH=FROM:TO:COUNT"),
                       ("model.fatigue_loss=0.1:0.5", "FROM:TO:COUNT"),
                       ("model.fatigue_loss=0.1:0.5:1", "2 to"),
                       ("model.fatigue_loss=a:0.5:3", "'a' is not a number"),
                       ("model.fatigue_loss=nan,1", "finite"),
                       ("model.fatigue_loss=0.3", "2 to")]:
        with pytest.raises(UserError, match=words):
            parse_param(bad)


def test_a_path_names_a_number_or_says_what_is_there() -> None:
    scenario = load_scenario(SCENARIO)
    changed = with_overrides(scenario, [("model.right_first_time", 0.8),
                                        ("risks.timber-late.probability", 0.5),
                                        ("calendar.deadline_week", 6.0)])
    assert changed.model.right_first_time == 0.8
    assert changed.calendar.deadline_week == 6 and isinstance(changed.calendar.deadline_week,
                                                              int)
    assert next(r for r in changed.risks if r.id == "timber-late").probability == 0.5
    data = scenario.model_dump(mode="json", by_alias=True)
    assert get_value(data, "model.right_first_time") == scenario.model.right_first_time
    for path, words in [("model.overtime_fatigue", "did you mean"),
                        ("risks.timber-lat.probability", "did you mean 'timber-late'"),
                        ("meta.title", "not a number"), ("model", "dotted path"),
                        ("model.right_first_time.x", "not a table")]:
        with pytest.raises(UserError, match=words):
            with_overrides(scenario, [(path, 1.0)])
    with pytest.raises(UserError, match="after hard_stop_week"):  # checked as a file is
        with_overrides(scenario, [("calendar.deadline_week", 9.0)])


def test_a_sweep_sorts_its_rows_by_swing_and_agrees_with_its_batches() -> None:
    params = [("model.fatigue_loss", (0.2, 0.6)), ("model.right_first_time", (0.75, 0.95))]
    result = sweep(SCENARIO, params, runs=3)
    assert [r.path for r in result.rows] == ["model.right_first_time", "model.fatigue_loss"]
    assert result.rows[0].swing("score") >= result.rows[1].swing("score")
    top = result.rows[0].points[0]
    batch = run_batch(SCENARIO, "cautious", 0, 3, overrides=[("model.right_first_time", 0.75)])
    assert top.score == batch.summary.score_mean
    assert result.rows[0].own == load_scenario(SCENARIO).model.right_first_time
    pooled = sweep(SCENARIO, params, runs=3, jobs=2)
    assert pooled.to_json() == result.to_json()


def test_the_sweep_command_prints_a_tornado_or_a_clear_error(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sweep", SCENARIO, "--param", "model.right_first_time=0.8,0.9",
                 "--runs", "2", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["rows"][0]["param"] == "model.right_first_time"
    assert main(["sweep", SCENARIO, "--param", "model.overtime_fatigue=0.1:0.5:5"]) == 1
    err = capsys.readouterr().err
    assert "is not in the scenario" in err and "Traceback" not in err
    assert main(["sweep", SCENARIO]) == 1
    assert "--param" in capsys.readouterr().err
    assert main(["sweep", SCENARIO, "--param", "model.fatigue_loss=0.1,0.2",
                 "--dask-local", "2", "--scheduler", "tcp://127.0.0.1:1"]) == 1
    assert "not both" in capsys.readouterr().err


def test_a_dask_cluster_gives_the_same_results_as_the_process_pool(
        capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("distributed")
    args = ["calibrate", SCENARIO, "--runs", "4", "--no-adversarial", "--json"]
    assert main([*args, "--jobs", "2"]) == 0
    pooled = capsys.readouterr().out
    assert main([*args, "--dask-local", "2"]) == 0
    assert capsys.readouterr().out == pooled
    sweep_args = ["sweep", SCENARIO, "--param", "model.fatigue_loss=0.2,0.6", "--runs", "3",
                  "--json"]
    assert main([*sweep_args, "--jobs", "2"]) == 0
    pooled = capsys.readouterr().out
    assert main([*sweep_args, "--dask-local", "2"]) == 0
    assert capsys.readouterr().out == pooled


def test_an_unreachable_scheduler_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("distributed")
    assert main(["sweep", SCENARIO, "--param", "model.fatigue_loss=0.2,0.6", "--runs", "2",
                 "--scheduler", "tcp://127.0.0.1:9"]) == 1
    err = capsys.readouterr().err
    assert "could not reach the Dask scheduler at tcp://127.0.0.1:9" in err
    assert "Traceback" not in err
