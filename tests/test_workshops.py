"""Workshop codes: easy to read, round trip through the store, and fix scenario and seed."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from pmsim.cli import main
from pmsim.errors import UserError
from pmsim.gamelog import GameLogWriter
from pmsim.policies import get_policy, play_game
from pmsim.results import (
    create_workshop,
    format_code,
    normalise_code,
    record_game,
    resolve_workshop,
    workshop_games,
)
from pmsim.results.workshop import CODE_ALPHABET, CODE_LENGTH, new_code
from pmsim.scenario import load_scenario

MINIMAL = Path(__file__).parent / "data" / "minimal.toml"


def play_logged(path: Path, scenario_ref: str, seed: int, team: str,
                policy: str = "cautious") -> Path:
    """A finished bot game, logged as the game would log it."""
    writer = GameLogWriter()
    sim = play_game(load_scenario(scenario_ref), seed, get_policy(policy),
                    on_start=lambda s: writer.start(path, s, scenario_ref, team))
    writer.finish(sim)
    return path


def test_codes_avoid_look_alike_characters() -> None:
    assert not set("0O1IL") & set(CODE_ALPHABET)
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)
        assert re.fullmatch(r"[2-9A-Z]{3}-[2-9A-Z]{3}", format_code(code))


def test_typed_codes_are_read_leniently() -> None:
    assert normalise_code("k7m-q4p") == "K7MQ4P"
    assert normalise_code(" K7M Q4P ") == "K7MQ4P"
    with pytest.raises(UserError, match="no 0, O, 1, I or L"):
        normalise_code("K7M-Q4O")
    with pytest.raises(UserError, match="6 letters and digits"):
        normalise_code("K7M")


def test_workshop_round_trip(tmp_path: Path) -> None:
    db = tmp_path / "results.sqlite"
    workshop = create_workshop(db, str(MINIMAL), seed=42, name="Monday group")
    ref, seed, name = resolve_workshop(format_code(workshop.code).lower(), db)
    assert (ref, seed, name) == (str(MINIMAL.resolve()), 42, "Monday group")
    assert load_scenario(ref).meta.id == "minimal"
    # the game started from the workshop is recorded for it and listed by `show`
    log = play_logged(tmp_path / "blue.jsonl", ref, seed, "Blue")
    recorded = record_game(db, log, workshop_code=workshop.code)
    assert recorded.workshop_code == workshop.code
    again, games = workshop_games(db, workshop.code)
    assert again == workshop
    assert [(g.team, g.score, g.workshop_code) for g in games] == [
        ("Blue", recorded.score, workshop.code)]


def test_a_drawn_seed_is_short_and_stored(tmp_path: Path) -> None:
    db = tmp_path / "results.sqlite"
    workshop = create_workshop(db, "portal-launch")
    assert 0 <= workshop.seed < 1_000_000
    assert resolve_workshop(workshop.code, db) == ("portal-launch", workshop.seed, "")


def test_unknown_code_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "results.sqlite"
    create_workshop(db, str(MINIMAL), seed=1)
    with pytest.raises(UserError, match="there is no workshop ZZZ-ZZZ"):
        resolve_workshop("ZZZ-ZZZ", db)


def test_a_scenario_changed_since_the_workshop_is_refused(tmp_path: Path) -> None:
    scenario = tmp_path / "minimal.toml"
    shutil.copy(MINIMAL, scenario)
    db = tmp_path / "results.sqlite"
    workshop = create_workshop(db, str(scenario), seed=3)
    scenario.write_text(scenario.read_text().replace("likely = 10", "likely = 11"))
    with pytest.raises(UserError, match="has changed since the workshop was created"):
        resolve_workshop(workshop.code, db)


def test_a_game_of_another_seed_cannot_be_recorded_for_the_workshop(tmp_path: Path) -> None:
    db = tmp_path / "results.sqlite"
    workshop = create_workshop(db, str(MINIMAL), seed=3)
    log = play_logged(tmp_path / "other.jsonl", str(MINIMAL), 4, "Sneaky")
    with pytest.raises(UserError, match="cannot count for workshop"):
        record_game(db, log, workshop_code=workshop.code)


def test_cli_workshop_new_and_show(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "results.sqlite")
    assert main(["workshop", "new", "--scenario", str(MINIMAL), "--seed", "9",
                 "--name", "Day 1", "--db", db]) == 0
    out = capsys.readouterr().out
    code = re.search(r"Workshop code: (\S+)", out).group(1)  # type: ignore[union-attr]
    assert f"pmsim play --workshop {code} --team NAME --db {db}" in out
    assert main(["workshop", "show", code, "--db", db]) == 0
    assert "No games recorded yet" in capsys.readouterr().out
    log = play_logged(tmp_path / "g.jsonl", str(MINIMAL.resolve()), 9, "Green")
    assert main(["record", str(log), "--workshop", code, "--db", db]) == 0
    assert f"for workshop {code}" in capsys.readouterr().out
    assert main(["workshop", "show", code, "--db", db, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["code"], shown["name"], shown["scenario"], shown["seed"]) == (
        code, "Day 1", "minimal", 9)
    assert [g["team"] for g in shown["games"]] == ["Green"]
    assert main(["workshop", "list", "--db", db]) == 0
    assert code in capsys.readouterr().out


def test_cli_unknown_code_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "results.sqlite")
    assert main(["workshop", "new", "--scenario", str(MINIMAL), "--db", db]) == 0
    capsys.readouterr()
    assert main(["workshop", "show", "ABC-DEF", "--db", db]) == 1
    err = capsys.readouterr().err
    assert err.startswith("pmsim: there is no workshop ABC-DEF") and err.count("\n") == 1
    assert main(["workshop", "show", "ABC-DEF", "--db", str(tmp_path / "none.sqlite")]) == 1
    assert "no results store" in capsys.readouterr().err
