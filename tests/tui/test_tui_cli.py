"""`pmsim play` checks its flags before the screen opens: mistakes end in a message and
a non-zero status, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmsim.cli import main


@pytest.mark.parametrize(("argv", "words"), [
    (["play", "--autoplay", "nobody"], ["unknown policy 'nobody'", "cautious"]),
    (["play", "--delay", "0.5"], ["--delay", "--autoplay"]),
    (["play", "--resume"], ["no unfinished game"]),
    (["play", "no-such-scenario"], ["neither a built-in scenario"]),
    (["play", "--workshop", "K7O-Q4P"], ["is not a workshop code"]),
    (["play", "--workshop", "K7M-Q4P", "--team", "Red"], ["there is no workshop K7M-Q4P"]),
    (["play", "--workshop", "K7M-Q4P", "--seed", "3"], ["fixes its scenario and seed"]),
    (["play", "--workshop", "K7M-Q4P", "--resume"], ["--resume alone"]),
    (["play", "--workshop", "K7M-Q4P", "--autoplay", "passive"], ["cannot count for it"]),
    (["play", "--from", "game.jsonl"], ["--from LOG --week K"]),
    (["play", "--week", "3"], ["--from LOG --week K"]),
    (["play", "--from", "no-such.jsonl", "--week", "2"], ["does not exist"]),
    (["play", "--from", "game.jsonl", "--week", "2", "--seed", "4"], ["own scenario"]),
])
def test_mistakes_are_explained(argv: list[str], words: list[str], capsys) -> None:
    assert main(argv) == 1
    err = capsys.readouterr().err
    for word in words:
        assert word in err
    assert "Traceback" not in err


def test_resume_a_file_that_is_not_a_log(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "notes.jsonl"
    bad.write_text("hello\n", encoding="utf-8")
    assert main(["play", "--resume", str(bad)]) == 1
    assert "not a pmsim game log" in capsys.readouterr().err


def test_resume_a_finished_game(capsys) -> None:
    from pmsim.engine.simulation import Simulation
    from pmsim.gamelog import GameLogWriter
    from pmsim.policies import get_policy, take_turn
    from pmsim.scenario import DEFAULT_SCENARIO, load_scenario
    from pmsim.session.saves import new_log_path

    sim = Simulation(load_scenario(DEFAULT_SCENARIO), 1)
    writer = GameLogWriter()
    path = new_log_path(DEFAULT_SCENARIO, 1)
    writer.start(path, sim, DEFAULT_SCENARIO)
    policy = get_policy("passive")
    while not sim.finished:
        take_turn(sim, policy)
    writer.finish(sim)
    assert main(["play", "--resume", str(path)]) == 1
    assert "is over" in capsys.readouterr().err
    assert main(["play", "--resume"]) == 1  # a finished game is not "the last unfinished"


def test_negative_delay_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["play", "--autoplay", "passive", "--delay", "-1"])
    assert exit_info.value.code == 2


def test_the_game_runs_from_the_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """`pmsim play …` builds the app from its flags and runs it (here: quits at once)."""
    from pmsim.tui.app import PmsimApp

    seen = {}

    def fake_run(self: PmsimApp) -> None:
        seen.update(seed=self.seed, team=self.team, autoplay=self.autoplay_policy,
                    delay=self.delay)

    monkeypatch.setattr(PmsimApp, "run", fake_run)
    assert main(["--seed", "42", "--team", "Red"]) == 0
    assert seen == {"seed": 42, "team": "Red", "autoplay": None, "delay": 1.0}
    assert main(["play", "--autoplay", "reckless", "--delay", "0.2", "--seed", "3"]) == 0
    assert seen["autoplay"] == "reckless" and seen["delay"] == 0.2


def test_a_workshop_from_the_command_line(monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    """`pmsim play --workshop CODE` opens the workshop's scenario and seed, recording in
    the store named by --db."""
    from pmsim.results import create_workshop
    from pmsim.tui.app import PmsimApp

    db = tmp_path / "room.sqlite"
    workshop = create_workshop(db, "portal-launch", seed=12, name="Room 4")
    seen = {}

    def fake_run(self: PmsimApp) -> None:
        seen.update(scenario=self.scenario_ref, seed=self.seed, team=self.team,
                    workshop=self.workshop, name=self.workshop_name, db=self.db)

    monkeypatch.setattr(PmsimApp, "run", fake_run)
    code = workshop.code.lower()[:3] + " " + workshop.code.lower()[3:]  # typed loosely
    assert main(["play", "--workshop", code, "--db", str(db)]) == 0
    assert seen == {"scenario": "portal-launch", "seed": 12, "team": "",
                    "workshop": workshop.code, "name": "Room 4", "db": db.resolve()}


def test_week_0_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["play", "--from", "game.jsonl", "--week", "0"])
    assert exit_info.value.code == 2


def test_a_store_in_a_missing_folder_is_refused_before_the_game(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys) -> None:
    """The result is recorded once the game is over: a mistyped --db folder is found
    before the player spends forty minutes on it."""
    from pmsim.tui.app import PmsimApp

    monkeypatch.setattr(PmsimApp, "run", lambda self: pytest.fail("the game started"))
    missing = tmp_path / "no-such-folder" / "room.sqlite"
    assert main(["play", "--db", str(missing)]) == 1
    err = capsys.readouterr().err
    assert "does not exist" in err and "Traceback" not in err
    assert not missing.parent.exists()
