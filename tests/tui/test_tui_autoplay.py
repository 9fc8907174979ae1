"""Autoplay: a bot plays on screen and the debrief shows exactly the score that
`pmsim run SCENARIO --policy P --runs 1 --seed N --json` reports."""

from __future__ import annotations

import json

import pytest
from helpers_tui import run, wait_for

from pmsim.cli import main
from pmsim.policies import get_policy, play_game
from pmsim.scenario import DEFAULT_SCENARIO, load_scenario
from pmsim.tui import make_app
from pmsim.tui.screens.debrief import DebriefScreen


@pytest.mark.parametrize(("policy", "seed"), [("cautious", 11), ("random", 3)])
@run
async def test_autoplay_scores_as_the_headless_bot(policy: str, seed: int, capsys) -> None:
    app = make_app(autoplay=policy, seed=seed, delay=0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for(pilot, DebriefScreen)
        shown = screen.outcome
    expected = play_game(load_scenario(DEFAULT_SCENARIO), seed, get_policy(policy)).outcome()
    assert shown.to_result() == expected.to_result()
    assert main(["run", DEFAULT_SCENARIO, "--policy", policy, "--runs", "1", "--seed",
                 str(seed), "--json"]) == 0
    reported = json.loads(capsys.readouterr().out)["results"][0]
    assert reported["score"] == shown.score
