"""Golden games: committed logs of the default scenario must replay to the outcomes
committed beside them in `tests/golden/expected.json`, exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pmsim.gamelog import LogError, read_log, replay
from pmsim.scenario.builtin import builtin_paths
from tests.golden.regenerate import BOTS, run_output

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
EXPECTED: dict[str, dict] = json.loads((GOLDEN_DIR / "expected.json").read_text("utf-8"))
REGENERATE = (
    "If the engine or the default scenario changed on purpose, regenerate the golden games "
    "with `.venv/bin/python tests/golden/regenerate.py`, review the diff of "
    "tests/golden/expected.json and commit it (and bump ENGINE_VERSION when the same "
    "decisions now make a different game). Otherwise the engine has lost determinism."
)


def test_every_golden_log_has_an_expected_outcome() -> None:
    logs = sorted(p.name for p in GOLDEN_DIR.glob("*.jsonl"))
    assert logs == sorted(EXPECTED), REGENERATE
    assert len(logs) >= 3
    assert len({EXPECTED[name]["seed"] for name in logs}) == len(logs)  # different seeds


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_golden_game_replays_to_its_outcome(name: str) -> None:
    path = GOLDEN_DIR / name
    log = read_log(path)
    assert log.scenario_id == "portal-launch"
    assert any(a["action"] == "apply" for a in log.actions)  # decisions, not just defaults
    try:
        sim = replay(log)
    except LogError as exc:
        pytest.fail(f"golden game {name} no longer replays: {exc}\n\n{REGENERATE}")
    assert sim.finished, f"golden game {name} no longer ends. {REGENERATE}"
    result = sim.outcome().to_result()
    assert result == EXPECTED[name], (
        f"golden game {name} replays to {result}, not to the expected {EXPECTED[name]}. "
        f"{REGENERATE}"
    )


RUNS: dict[str, dict] = json.loads((GOLDEN_DIR / "runs.json").read_text("utf-8"))


def test_every_builtin_and_bot_has_a_run_output() -> None:
    assert sorted(RUNS) == sorted(f"{s}/{b}" for s in builtin_paths() for b in BOTS), REGENERATE


@pytest.mark.parametrize("key", sorted(RUNS))
def test_run_json_is_unchanged(key: str) -> None:
    """`pmsim run --json` for each built-in and bot prints exactly what it printed when the
    file was regenerated: the same games, scores and summary."""
    scenario_id, bot = key.split("/")
    assert run_output(scenario_id, bot) == RUNS[key], (
        f"`pmsim run {scenario_id} --policy {bot} --json` changed. {REGENERATE}")
