"""Rewind from the debrief (w) and `pmsim play --from LOG --week K`: the game goes back
to the start of week K with the same luck and goes on in a new log; the original log is
left as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_tui import notices, play_to_the_end, press, run, wait_for, wait_until

from pmsim.cli import main
from pmsim.gamelog import read_log, replay
from pmsim.rewind import rewind
from pmsim.session.saves import read_meta
from pmsim.tui import make_app
from pmsim.tui.dialogs.ask import AskNumber
from pmsim.tui.screens.dashboard import DashboardScreen
from pmsim.tui.screens.debrief import DebriefScreen

MINIMAL = str(Path(__file__).resolve().parents[1] / "data" / "minimal.toml")


@run
async def test_rewind_from_the_debrief_and_play_on() -> None:
    app = make_app(scenario=MINIMAL, seed=3, team="Red", autoplay="cautious", delay=0)
    async with app.run_test(size=(80, 24)) as pilot:
        first = await wait_for(pilot, DebriefScreen)
        original = first.session.log_path
        before = original.read_bytes()
        last = first.session.view().week
        assert last >= 2
        dialog = await press(pilot, "w")
        assert isinstance(dialog, AskNumber) and (dialog.low, dialog.high) == (1, last)
        await pilot.press("backspace", "backspace", "2")
        screen = await press(pilot, "enter")
        assert isinstance(screen, DashboardScreen)
        session = app.session
        assert session is not first.session and session.policy is None  # a person plays on
        assert session.branched_from == (str(original.resolve()), 2)
        assert (session.view().week, session.view().week_started) == (2, False)
        assert session.team == "Red"
        assert session.view() == rewind(original, 2).view()
        new_log = session.log_path
        assert new_log != original and new_log.name.endswith("-from-week-2.jsonl")
        assert read_meta(new_log) == {"branched_from": str(original.resolve()),
                                      "from_week": 2}
        debrief = await play_to_the_end(pilot)
        await wait_until(pilot, session.record_done.is_set, what="recording")
        # its week 1 was the bot's (the original game was autoplayed): no team's own play
        assert debrief.session is session and session.recorded is None
        assert any("not recorded on a leaderboard" in n for n in notices(app))
    assert original.read_bytes() == before  # the original game is untouched
    log = read_log(new_log)
    assert log.result is not None and replay(log).outcome().score == debrief.outcome.score
    assert log.actions[:len(rewind(original, 2).actions)] == read_log(original).actions[
        :len(rewind(original, 2).actions)]


def finished_log() -> Path:
    """A finished game of the minimal scenario, saved as the game saves it."""
    from pmsim.engine.simulation import Simulation
    from pmsim.gamelog import GameLogWriter
    from pmsim.policies import get_policy, take_turn
    from pmsim.scenario import load_scenario
    from pmsim.session.saves import new_log_path

    sim = Simulation(load_scenario(MINIMAL), 3)
    path = new_log_path("minimal", 3)
    writer = GameLogWriter()
    writer.start(path, sim, MINIMAL, "Blue")
    while not sim.finished:
        take_turn(sim, get_policy("cautious"))
    writer.finish(sim)
    return path


def test_play_from_a_log_and_week_on_the_command_line(monkeypatch: pytest.MonkeyPatch,
                                                      capsys) -> None:
    from pmsim.tui.app import PmsimApp

    log = finished_log()
    last = replay(log).week
    seen = {}

    def fake_run(self: PmsimApp) -> None:
        seen.update(branch=self.branch)

    monkeypatch.setattr(PmsimApp, "run", fake_run)
    assert main(["play", "--from", str(log), "--week", "2"]) == 0
    branch = seen["branch"]
    assert branch.branched_from == (str(log.resolve()), 2) and branch.team == "Blue"
    assert (branch.view().week, branch.view().week_started) == (2, False)
    assert main(["play", "--from", str(log), "--week", str(last + 1)]) == 1
    err = capsys.readouterr().err
    assert f"ended in week {last}" in err and f"from 1 to {last}" in err


@run
async def test_the_command_line_branch_opens_on_the_dashboard() -> None:
    from pmsim.session.game import GameSession

    log = finished_log()
    app = make_app(branch=GameSession.branch(log, 2))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for(pilot, DashboardScreen)
        assert screen.session.view().week == 2 and screen.session.log_path != log
        assert "rewound to week 2" in screen.query_one("#figures").label
