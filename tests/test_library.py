"""The scenario library: every file in `scenarios/` is a playable, replayable, documented
and roughly balanced scenario.

Files are discovered when the tests are collected, so a new scenario is covered as soon
as it is added. Each check is parametrized per scenario (and per bot where it helps), so
pytest-xdist spreads the library over the workers. The balance check here is a smoke
test over a few seeds; the real one is `pmsim calibrate` over 500 seeds, run by hand
with `benchmarks/calibrate_all.py`, whose table each facilitator guide carries.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest

from pmsim.cli import main
from pmsim.gamelog import GameLogWriter, read_log, replay
from pmsim.policies import POLICIES, get_policy, play_game
from pmsim.scenario import DEFAULT_SCENARIO, read_scenario_file
from pmsim.scenario.schema import Scenario

REPO = Path(__file__).resolve().parents[1]
SCENARIOS_DIR = REPO / "scenarios"
GUIDES_DIR = REPO / "docs" / "scenarios"
SCENARIO_FILES = sorted(SCENARIOS_DIR.glob("*.toml"))
IDS = [p.stem for p in SCENARIO_FILES]
CALIBRATION_START, CALIBRATION_END = "<!-- calibration:start -->", "<!-- calibration:end -->"

PLAY_SEEDS = (0, 1)
"""Seeds every bot plays each scenario on."""
SMOKE_SEEDS = range(20)
"""Seeds of the balance smoke test (the calibration uses 500)."""
GUIDE_TOPICS = {
    "what it teaches": ("teach",),
    "the decisions that matter": ("decision",),
    "typical mistakes": ("mistake",),
    "debrief questions": ("debrief",),
}
"""What a facilitator guide covers, and a word that shows it does (any one of them)."""

by_file = pytest.mark.parametrize("path", SCENARIO_FILES, ids=IDS)


def load(path: Path) -> Scenario:
    return read_scenario_file(path)


def test_there_is_a_library():
    assert DEFAULT_SCENARIO in IDS, f"no {DEFAULT_SCENARIO}.toml in {SCENARIOS_DIR}"


@by_file
def test_balance_smoke(path):
    """Over a few seeds, the sensible bot beats doing nothing and pushing blindly. (First
    in the file: the slowest test per scenario, so xdist starts these early.)"""
    scenario = load(path)
    means = {}
    for policy in ("passive", "cautious", "reckless"):
        scores = [play_game(scenario, seed, get_policy(policy)).outcome().score
                  for seed in SMOKE_SEEDS]
        means[policy] = statistics.fmean(scores)
    if scenario.meta.unwinnable:
        pytest.skip(f"{path.stem} is unwinnable on purpose (means: {means})")
    assert means["cautious"] > means["passive"], means
    assert means["cautious"] > means["reckless"], means


@by_file
def test_scenario_validates_and_is_named_by_its_id(path, capsys):
    scenario = load(path)
    assert scenario.meta.id == path.stem, (
        f"{path.name} holds scenario '{scenario.meta.id}'; a built-in's file is named by "
        "its id, so `pmsim play ID` and replays of its game logs find it")
    assert main(["validate", str(path)]) == 0, capsys.readouterr()
    assert scenario.meta.briefing.strip() and scenario.meta.learning_objectives


@pytest.mark.parametrize("policy", list(POLICIES))
@by_file
def test_scenario_plays_to_the_end_under_every_bot(path, policy):
    scenario = load(path)
    for seed in PLAY_SEEDS:
        sim = play_game(scenario, seed, get_policy(policy))
        assert sim.finished, f"{policy} on seed {seed} did not finish"
        assert sim.week <= scenario.calendar.hard_stop_week
        outcome = sim.outcome()
        assert 0 <= outcome.score <= 1000, outcome.summary
        for dim in outcome.dimensions:
            assert 0 <= dim.points <= dim.max_points, (dim.name, dim.points)


@pytest.mark.parametrize(("policy", "seed"), [("cautious", 11), ("random", 12)])
@by_file
def test_game_log_replays_to_the_same_outcome(path, policy, seed, tmp_path):
    scenario = load(path)
    log_path = tmp_path / f"{path.stem}-{policy}.jsonl"
    writer = GameLogWriter()
    sim = play_game(scenario, seed, get_policy(policy),
                    on_start=lambda s: writer.start(log_path, s, path.stem))
    writer.finish(sim)
    log = read_log(log_path)
    assert log.scenario_id == path.stem and log.result == sim.outcome().to_result()
    again = replay(log_path)  # refuses by itself if the replayed result differs
    assert again.finished and again.actions == sim.actions
    assert again.outcome().to_result() == sim.outcome().to_result()


@by_file
def test_scenario_has_a_facilitator_guide_with_calibration(path):
    scenario = load(path)
    guide = GUIDES_DIR / f"{path.stem}.md"
    assert guide.is_file(), f"no facilitator guide {guide.relative_to(REPO)}"
    text = guide.read_text(encoding="utf-8")
    assert text.count(CALIBRATION_START) == 1 and text.count(CALIBRATION_END) == 1, (
        f"{guide.name} needs one calibration block; write it with "
        f"`.venv/bin/python benchmarks/calibrate_all.py {path.stem} --runs 500`")
    block = text.split(CALIBRATION_START, 1)[1].split(CALIBRATION_END, 1)[0]
    assert f"pmsim calibrate {path.stem}" in block and "Verdict" in block
    assert all(f"| {bot} |" in block for bot in POLICIES), "a bot is missing from the table"
    lower = text.lower()
    missing = [topic for topic, words in GUIDE_TOPICS.items()
               if not any(w in lower for w in words)]
    assert not missing, f"{guide.name} does not cover: {', '.join(missing)}"
    if scenario.meta.unwinnable:
        assert "unwinnable" in lower or "meant to be lost" in lower, (
            f"{path.stem} is unwinnable on purpose; its guide must say so")


def test_list_json_shows_every_scenario_with_one_default(capsys):
    code = main(["list", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    rows = json.loads(out)
    assert sorted(r["id"] for r in rows) == IDS
    for row in rows:
        assert row["difficulty"] in ("tutorial", "beginner", "standard", "advanced"), row
        assert isinstance(row["play_minutes"], int) and row["play_minutes"] > 0, row
    defaults = [r["id"] for r in rows if r["default"] is True]
    assert defaults == [DEFAULT_SCENARIO]
