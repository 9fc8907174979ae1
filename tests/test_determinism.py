"""Determinism: the same scenario, seed and decisions give the identical game, in this
process, in a fresh interpreter (whatever its hash seed), and when the decisions are
replayed without a bot looking at the game."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import minimal

from pmsim import load_scenario
from pmsim.engine.decisions import DecisionError
from pmsim.engine.simulation import Simulation
from pmsim.policies import answer_pending, get_policy, play_game

ROOT = Path(__file__).resolve().parent.parent
GAMES = [("portal-launch", "cautious", 3), ("portal-launch", "random", 5),
         ("portal-launch", "reckless", 8), ("portal-launch", "passive", 13)]


def fingerprint(sim: Simulation) -> dict[str, Any]:
    """What must be identical between two plays of the same game."""
    return {
        "result": sim.outcome().to_result(),
        "summary": sim.outcome().summary,
        "feed": [[e.week, e.day, e.kind, e.text, e.cause] for e in sim.feed],
        "history": [[m.week, m.pv, m.ev, m.ac, m.spi_t] for m in sim.history],
        "weeks": [dataclasses.asdict(w) if dataclasses.is_dataclass(w) else dict(w)
                  for w in sim.weekly_log],
        "actions": sim.actions,
    }


def play(scenario_id: str, policy: str, seed: int) -> dict[str, Any]:
    return fingerprint(play_game(load_scenario(scenario_id), seed, get_policy(policy)))


SUBPROCESS_SCRIPT = """
import json, sys
sys.path.insert(0, {root!r})
sys.path.insert(0, {tests!r})
from test_determinism import play, GAMES
print(json.dumps([play(*game) for game in GAMES]))
"""


def test_same_game_twice_in_one_process() -> None:
    for game in GAMES:
        first, second = play(*game), play(*game)
        assert first == second, game


def test_games_do_not_leak_into_each_other() -> None:
    """Playing other games in between (caches, module state) changes nothing."""
    alone = play(*GAMES[0])
    for game in GAMES[1:]:
        play(*game)
    assert play(*GAMES[0]) == alone


@pytest.mark.parametrize("hash_seed", ["0", "4242"])
def test_same_game_in_a_fresh_interpreter(hash_seed: str) -> None:
    script = SUBPROCESS_SCRIPT.format(root=str(ROOT), tests=str(ROOT / "tests"))
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    there = json.loads(done.stdout)
    here = json.loads(json.dumps([play(*game) for game in GAMES]))
    for game, a, b in zip(GAMES, here, there, strict=True):
        assert a["result"] == b["result"], game
        assert a["feed"] == b["feed"], game
        assert a == b, game


def replay_actions(scenario: Any, seed: int, actions: list[dict[str, Any]]) -> Simulation:
    """Replay recorded actions on a fresh game without ever calling view()."""
    sim = Simulation(scenario, seed)
    for action in actions:
        sim.perform(action)
    return sim


def test_same_decisions_replayed_give_the_same_game_on_minimal() -> None:
    for policy in ("random", "reckless", "cautious"):
        for seed in range(5):
            original = play_game(minimal(), seed, get_policy(policy))
            again = replay_actions(minimal(), seed, original.actions)
            assert again.finished
            assert fingerprint(again) == fingerprint(original), (policy, seed)


def test_same_decisions_replayed_give_the_same_game_on_portal_launch() -> None:
    scenario = load_scenario("portal-launch")
    for policy, seeds in (("random", range(48, 56)), ("cautious", range(3))):
        for seed in seeds:
            original = play_game(scenario, seed, get_policy(policy))
            again = replay_actions(scenario, seed, original.actions)
            assert fingerprint(again) == fingerprint(original), (policy, seed)


def play_looking(scenario: Any, seed: int, policy_name: str) -> Simulation:
    """Play like `play_game`, but glance at the view after every answer, as a player
    reading the dashboard mid-week would (the decisions stay the same)."""
    policy = get_policy(policy_name)
    sim = Simulation(scenario, seed)
    while not sim.finished:
        if not sim.week_started:
            for decision in policy.decide(sim.view()):
                try:
                    sim.apply(decision)
                except DecisionError:
                    continue
            answer_pending(sim, policy)
            if sim.finished:
                break
        report = sim.advance()
        if report.pending:
            answer_pending(sim, policy)
            if not sim.finished:
                sim.view()
    return sim


def test_looking_at_the_view_mid_week_changes_nothing() -> None:
    scenario = load_scenario("portal-launch")
    diverged = []
    for seed in range(12):
        plain = play_game(scenario, seed, get_policy("passive"))
        looked = play_looking(scenario, seed, "passive")
        if fingerprint(looked) != fingerprint(plain):
            diverged.append(seed)
    assert not diverged, f"seeds whose game changed when looked at: {diverged}"


@pytest.mark.parametrize("seed", [-1, 2**63, True, 1.0, "7", None])
def test_invalid_seeds_are_refused(seed: Any) -> None:
    with pytest.raises(DecisionError, match="seed"):
        Simulation(minimal(), seed)


def test_extreme_seeds_play() -> None:
    for seed in (0, 2**63 - 1):
        sim = play_game(minimal(), seed, get_policy("random"))
        assert sim.finished and sim.outcome().seed == seed
