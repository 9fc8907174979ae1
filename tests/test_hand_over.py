"""Handing a game over to the bot: the player's week ends as they left it, the sensible
bot plays on, the log says so (and replays it), a continued log goes on with the bot, and
a game a bot finished is never recorded on a leaderboard."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pmsim.cli import main
from pmsim.engine.decisions import DecisionError
from pmsim.engine.simulation import Simulation
from pmsim.errors import UserError
from pmsim.gamelog import LogError, chain_hash, read_log, replay
from pmsim.results import record_game
from pmsim.scenario import load_scenario
from pmsim.session.game import GameSession

MINIMAL = str(Path(__file__).resolve().parent / "data" / "minimal.toml")


@pytest.fixture(autouse=True)
def own_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's saved games or results store."""
    monkeypatch.setenv("PMSIM_DATA_DIR", str(tmp_path / "pmsim-data"))


def handed_over_game(path: Path, week: int = 2) -> GameSession:
    """A logged game the player plays (ending weeks) to `week`, then hands to the bot,
    played to its end."""
    session = GameSession.new(MINIMAL, 3, team="Red")
    session.start_log(path)
    while session.view().week < week:
        session.advance()
        while session.view().pending:
            request = session.view().pending[0]
            session.answer(request.id, request.default)
    session.hand_over()
    while not session.finished:
        session.autoplay_step()
    session.finish()
    return session


def test_the_bot_plays_on_and_the_log_says_so(tmp_path: Path) -> None:
    session = handed_over_game(tmp_path / "game.jsonl")
    assert session.handed_over and session.policy is not None
    log = read_log(tmp_path / "game.jsonl")
    assert [a for a in log.actions if a["action"] == "handover"] == [
        {"action": "handover", "bot": "cautious"}]
    assert replay(log).outcome().score == session.outcome().score
    with pytest.raises(UserError, match="nothing to hand over"):
        session.hand_over()


def test_a_game_a_bot_finished_is_not_recorded(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    handed_over_game(tmp_path / "game.jsonl", week=2)
    with pytest.raises(UserError, match="handed over to the cautious bot in week 2"):
        record_game(tmp_path / "db.sqlite", tmp_path / "game.jsonl")
    assert main(["record", str(tmp_path / "game.jsonl"), "--db", str(tmp_path / "db.sqlite")]) != 0
    err = capsys.readouterr().err
    assert "not recorded on a leaderboard" in err and "Traceback" not in err


def test_a_continued_handed_over_game_is_the_players_and_still_never_recorded(
        tmp_path: Path) -> None:
    """Quit while the bot plays, continue later: the player has the keys (as after a
    rewind), may hand over again, and the log still says a bot played."""
    session = GameSession.new(MINIMAL, 3, team="Red")
    path = session.start_log(tmp_path / "cut.jsonl")
    session.advance()
    session.hand_over()
    session.close()
    again = GameSession.resume(path)
    assert again.handed_over and again.policy is None
    again.hand_over()  # no second mark in the log
    while not again.finished:
        again.autoplay_step()
    again.finish()
    assert [a["action"] for a in read_log(path).actions].count("handover") == 1
    with pytest.raises(UserError, match="handed over to the cautious bot in week 2"):
        record_game(tmp_path / "db.sqlite", path)


def test_the_engine_takes_one_hand_over_by_a_short_name() -> None:
    sim = Simulation(load_scenario(MINIMAL), 3)
    with pytest.raises(DecisionError, match="short name"):
        sim.hand_over("[red]x[/red]")
    sim.hand_over("cautious")
    with pytest.raises(DecisionError, match="already handed over"):
        sim.hand_over("cautious")


def test_a_hand_over_line_with_a_bot_that_is_not_a_name_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "game.jsonl"
    handed_over_game(path)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    next(r for r in records if r.get("action") == "handover")["bot"] = 5
    previous = ""
    for record in records:  # a forger's chain: only the field check can refuse it
        record.pop("h")
        record["h"] = previous = chain_hash(previous, record)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    with pytest.raises(LogError, match="malformed action"):
        read_log(path)


def test_an_autoplayed_game_is_the_bots_from_the_start_and_never_a_teams_entry(
        tmp_path: Path) -> None:
    """The adversary's shortcut: `pmsim play --autoplay cautious` under a team name."""
    session = GameSession.new(MINIMAL, 3, team="Red", autoplay="cautious")
    path = session.start_log(tmp_path / "bot.jsonl")
    while not session.finished:
        session.autoplay_step()
    session.finish()
    assert session.bot_from_start
    assert read_log(path).actions[0] == {"action": "handover", "bot": "cautious"}
    with pytest.raises(UserError, match="handed over to the cautious bot in week 1"):
        record_game(tmp_path / "db.sqlite", path)
    assert main(["play", "--workshop", "K7M-Q4P", "--team", "Red", "--autoplay",
                 "cautious"]) != 0
