"""Batch runs: sequential == parallel, stable JSON, correct statistics, CLI errors.

Scores change while the engine is tuned, so nothing here pins a score: the tests
compare runs with each other and check the statistics on hand-made numbers.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from pmsim.batch import BatchResult, chunk_seeds, run_batch, summarise
from pmsim.cli import main
from pmsim.errors import UserError

SCENARIO = "portal-launch"


# ---------------------------------------------------------------- statistics
def test_summary_of_a_hand_checked_list() -> None:
    summary = summarise([100, 200, 300, 400], [True, False, True, True],
                        [False, False, False, True])
    assert summary.score_mean == 250.0
    # population sd: sqrt((150² + 50² + 50² + 150²) / 4) = sqrt(12500) = 111.803…
    assert summary.score_sd == 111.8
    # linear percentiles of 4 values: position p·3 between the sorted values
    assert summary.score_p10 == 130.0  # 100 + 0.3 · 100
    assert summary.score_p50 == 250.0  # halfway between 200 and 300
    assert summary.score_p90 == 370.0  # 300 + 0.7 · 100
    assert summary.on_time_rate == 0.75
    assert summary.on_budget_rate == 0.25


def test_summary_rounds_to_two_decimals() -> None:
    summary = summarise([0, 1, 1], [False] * 3, [True] * 3)
    assert summary.score_mean == 0.67  # 2/3
    assert summary.score_sd == 0.47  # sqrt(2/9) = 0.4714…
    assert summary.score_p10 == 0.2  # position 0.2 between 0 and 1
    assert (summary.on_time_rate, summary.on_budget_rate) == (0.0, 1.0)


def test_summary_of_one_game_has_no_spread() -> None:
    summary = summarise([512], [True], [True])
    assert summary.score_sd == 0.0
    assert summary.score_mean == summary.score_p10 == summary.score_p90 == 512.0


def test_summary_refuses_an_empty_batch() -> None:
    with pytest.raises(ValueError):
        summarise([], [], [])


def test_chunks_cover_every_seed_once_in_order() -> None:
    for runs, jobs in ((1, 1), (6, 2), (7, 3), (1000, 2), (33, 8)):
        seeds = range(40, 40 + runs)
        chunks = chunk_seeds(seeds, jobs)
        assert [s for chunk in chunks for s in chunk] == list(seeds)
        assert all(len(chunk) >= 1 for chunk in chunks)


# ---------------------------------------------------------------- batches
@pytest.fixture(scope="module")
def sequential() -> BatchResult:
    return run_batch(SCENARIO, "cautious", seed=5, runs=6, jobs=1)


def test_sequential_equals_parallel(sequential: BatchResult) -> None:
    parallel = run_batch(SCENARIO, "cautious", seed=5, runs=6, jobs=2)
    assert parallel.to_json() == sequential.to_json()
    assert json.dumps(parallel.to_json()) == json.dumps(sequential.to_json())


def test_results_are_in_seed_order_and_shaped_as_documented(sequential: BatchResult) -> None:
    data = sequential.to_json()
    assert list(data) == ["scenario", "policy", "seed", "runs", "summary", "results"]
    assert (data["scenario"], data["policy"], data["seed"], data["runs"]) == (
        SCENARIO, "cautious", 5, 6)
    assert list(data["summary"]) == ["score", "on_time_rate", "on_budget_rate"]
    assert list(data["summary"]["score"]) == ["mean", "sd", "p10", "p50", "p90"]
    assert [r["seed"] for r in data["results"]] == list(range(5, 11))
    for result in data["results"]:
        assert set(result) == {"seed", "score", "outcome", "finish_week", "cost", "dimensions"}
        assert set(result["dimensions"]) == {
            "schedule", "cost", "scope", "quality", "stakeholders", "team"}


def test_summary_agrees_with_the_results(sequential: BatchResult) -> None:
    scores = [r["score"] for r in sequential.results]
    summary = sequential.summary
    assert summary == summarise(scores, [g.on_time for g in sequential.games],
                                [g.on_budget for g in sequential.games])
    assert min(scores) <= summary.score_p10 <= summary.score_p50 <= summary.score_p90
    assert summary.score_p90 <= max(scores)
    assert sum(sequential.outcome_counts().values()) == 6


def test_progress_counts_up_to_the_number_of_runs() -> None:
    seen: list[int] = []
    run_batch(SCENARIO, "passive", seed=0, runs=3, progress=seen.append)
    assert seen == [1, 2, 3]


@pytest.mark.parametrize(("runs", "jobs"), [(0, 1), (-1, 1), (3, 0)])
def test_bad_runs_or_jobs_are_refused(runs: int, jobs: int) -> None:
    with pytest.raises(UserError):
        run_batch(SCENARIO, "cautious", seed=0, runs=runs, jobs=jobs)


def test_unknown_policy_is_a_user_error() -> None:
    with pytest.raises(UserError, match="unknown policy"):
        run_batch(SCENARIO, "clairvoyant", seed=0, runs=1)


def test_batch_module_imports_no_ui() -> None:
    code = ("import sys, pmsim.batch; "
            "bad = [m for m in ('textual', 'rich') if m in sys.modules]; "
            "sys.exit(', '.join(bad) or None)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stderr


# ---------------------------------------------------------------- the command
def test_cli_json_is_byte_identical_across_invocations_and_jobs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    outputs = []
    for jobs in ("1", "1", "2"):
        args = ["run", SCENARIO, "--policy", "cautious", "--runs", "4", "--seed", "11",
                "--jobs", jobs, "--json"]
        assert main(args) == 0
        captured = capsys.readouterr()
        outputs.append(captured.out)
    assert outputs[0] == outputs[1] == outputs[2]
    data = json.loads(outputs[0])  # exactly one JSON object
    assert data["runs"] == 4 and len(data["results"]) == 4


def test_cli_table_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", SCENARIO, "--runs", "2", "--policy", "passive"]) == 0
    out = capsys.readouterr().out
    assert "passive" in out and "on time" in out and "P50" in out


def test_cli_unknown_policy_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["run", SCENARIO, "--policy", "clairvoyant", "--runs", "2"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'clairvoyant'" in err and "cautious" in err
    assert "Traceback" not in err


def test_cli_unknown_scenario_exits_1_with_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "no-such-scenario", "--runs", "2"]) == 1
    err = capsys.readouterr().err
    assert "no-such-scenario" in err and "Traceback" not in err


@pytest.mark.parametrize("flag", ["--runs", "--jobs"])
def test_cli_refuses_zero_runs_or_jobs(flag: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["run", SCENARIO, flag, "0"])
    assert exc.value.code == 2
    assert "at least 1" in capsys.readouterr().err
