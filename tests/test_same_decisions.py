"""Copied logs are flagged (`pmsim.results.copies`): a game log handed in a second time
under another team name, its header edited and its chain of hashes recomputed, verifies
like any game, but both entries are marked as having made the same decisions in the same
order — in `workshop show`, the leaderboard (CLI, JSON and TUI), and the workshop report
— and the trainer is told. Two passive teams that decided nothing are not marked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pmsim.cli import main
from pmsim.gamelog import GameLogWriter, chain_hash
from pmsim.policies import get_policy, play_game
from pmsim.results import build_leaderboard, create_workshop, format_code, record_game
from pmsim.results.copies import MARK, decision_sequence, same_decisions
from pmsim.results.store import ResultsStore
from pmsim.scenario import load_scenario

MINIMAL = str((Path(__file__).parent / "data" / "minimal.toml").resolve())
SEED = 3


@pytest.fixture(autouse=True)
def own_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's results store; COLUMNS wide enough for every column."""
    monkeypatch.setenv("PMSIM_DATA_DIR", str(tmp_path / "pmsim-data"))
    monkeypatch.setenv("COLUMNS", "200")


def play_logged(path: Path, team: str, policy: str) -> Path:
    writer = GameLogWriter()
    sim = play_game(load_scenario(MINIMAL), SEED, get_policy(policy),
                    on_start=lambda s: writer.start(path, s, MINIMAL, team))
    writer.finish(sim)
    return path


def copied_under(source: Path, target: Path, team: str) -> Path:
    """The log of `source` as another team would hand it in: a new team name and time
    in the header, every line's chain hash recomputed (so it reads as unedited)."""
    out, prev = [], ""
    for number, line in enumerate(source.read_text(encoding="utf-8").splitlines()):
        record = {k: v for k, v in json.loads(line).items() if k != "h"}
        if number == 0:
            record.update(team=team, created="2026-12-01T09:30:00+00:00")
        prev = chain_hash(prev, record)
        out.append(json.dumps({**record, "h": prev}))
    target.write_text("\n".join(out) + "\n", encoding="utf-8")
    return target


@pytest.fixture
def room(tmp_path: Path) -> tuple[Path, str, dict[str, int]]:
    """A workshop with Blue (cautious), Red (Blue's log copied), Gold (reckless) and two
    passive teams; the store, the code and each team's game id."""
    db = tmp_path / "results.sqlite"
    with ResultsStore(db) as store:
        code = create_workshop(store, MINIMAL, seed=SEED).code
    blue = play_logged(tmp_path / "blue.jsonl", "Blue", "cautious")
    logs = {"Blue": blue, "Red": copied_under(blue, tmp_path / "red.jsonl", "Red"),
            "Gold": play_logged(tmp_path / "gold.jsonl", "Gold", "reckless"),
            "Green": play_logged(tmp_path / "green.jsonl", "Green", "passive"),
            "Grey": play_logged(tmp_path / "grey.jsonl", "Grey", "passive")}
    ids = {team: record_game(db, path, code).id for team, path in logs.items()}
    return db, format_code(code), ids


def test_the_copy_verifies_and_both_games_are_marked(room) -> None:  # type: ignore[no-untyped-def]
    db, code, ids = room
    board = build_leaderboard(db, workshop=code, luck=False)
    assert not board.flagged  # the copy replays: verification alone cannot tell
    assert [g.game_ids for g in board.copies] == [(ids["Blue"], ids["Red"])]
    group = board.copies[0]
    assert group.decisions >= 1 and group.teams == ("Blue", "Red")
    note = group.note()
    assert f"#{ids['Blue']} (team Blue) and #{ids['Red']} (team Red)" in note
    assert "same order" in note and "may be a copy" in note
    for team in ("Blue", "Red"):
        assert board.same_decisions(ids[team]) is group
    for team in ("Gold", "Green", "Grey"):
        assert board.same_decisions(ids[team]) is None
    data = board.to_json()
    by_team = {e["team"]: e for e in data["ranking"]}
    assert by_team["Blue"]["same_decisions_as"] == [ids["Red"]]
    assert by_team["Red"]["same_decisions_as"] == [ids["Blue"]]
    assert "same_decisions_as" not in by_team["Gold"]
    assert data["same_decisions"][0]["game_ids"] == [ids["Blue"], ids["Red"]]


def test_passive_teams_with_identical_logs_are_not_marked(room) -> None:  # type: ignore[no-untyped-def]
    """Green and Grey decided nothing: their actions are identical (ending weeks and
    default answers) but there is no decision of their own to copy."""
    db, _, ids = room
    with ResultsStore(db) as store:
        green, grey = store.game(ids["Green"]), store.game(ids["Grey"])
    assert green is not None and grey is not None
    a, b = decision_sequence(green.log_text), decision_sequence(grey.log_text)
    assert a is not None and b is not None and a[0] == b[0] and a[2] == 0
    assert same_decisions([green, grey]) == ()


def test_workshop_show_marks_both_and_tells_the_trainer(
        room, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    db, code, ids = room
    assert main(["workshop", "show", code, "--db", str(db)]) == 0
    out = capsys.readouterr().out
    lines = {team: next(line for line in out.splitlines() if line.startswith(f"  {team} "))
             for team in ("Blue", "Red", "Gold", "Green")}
    assert f"{MARK} same decisions as #{ids['Red']}" in lines["Blue"]
    assert f"{MARK} same decisions as #{ids['Blue']}" in lines["Red"]
    assert MARK not in lines["Gold"] and MARK not in lines["Green"]
    assert "may be a copy" in out and f"pmsim workshop drop {code} GAME_ID" in out
    assert main(["workshop", "show", code, "--json", "--db", str(db)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["same_decisions"][0]["game_ids"] == [ids["Blue"], ids["Red"]]


def test_the_leaderboard_marks_both_and_tells_the_trainer(
        room, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    db, code, ids = room
    assert main(["leaderboard", "--workshop", code, "--no-luck", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if MARK in line and "points" not in line]
    assert any("Blue" in row for row in rows) and any("Red" in row for row in rows)
    assert not any(team in row for row in rows for team in ("Gold", "Green", "Grey"))
    assert "SAME DECISIONS" in out and "may be a copy" in out
    assert f"#{ids['Blue']} (team Blue) and #{ids['Red']} (team Red)" in " ".join(out.split())


def test_the_workshop_report_marks_both_and_says_why(
        room, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    db, code, _ = room
    out = tmp_path / "room.md"
    assert main(["report", "--workshop", code, "--no-luck", "--out", str(out),
                 "--db", str(db)]) == 0, capsys.readouterr().err
    text = out.read_text(encoding="utf-8")
    assert f"Blue {MARK}" in text and f"Red {MARK}" in text and f"Gold {MARK}" not in text
    assert "may be a copy" in text
    csv_text = (tmp_path / "room.csv").read_text(encoding="utf-8")
    assert sum("same decisions in the same order" in line
               for line in csv_text.splitlines()) == 2
    html = tmp_path / "room.html"
    assert main(["report", "--workshop", code, "--no-luck", "--out", str(html),
                 "--db", str(db)]) == 0
    page = html.read_text(encoding="utf-8")
    assert f"Blue {MARK}" in page and "may be a copy" in page


def test_the_tui_leaderboard_marks_both(room) -> None:  # type: ignore[no-untyped-def]
    """The screen's own renderers (the team cell and the notes under the table), on the
    built board; the screen's Pilot tests cover the wiring."""
    from pmsim.tui.screens.leaderboard import board_notes, table_columns

    db, code, ids = room
    board = build_leaderboard(db, workshop=code, luck=False)
    team = next(col for col in table_columns(board, None) if col.key == "team")
    cells = {e.game.team: team.cell(e).plain for e in board.ranked}
    assert cells["Blue"].startswith(MARK) and cells["Red"].startswith(MARK)
    assert MARK not in cells["Gold"] and MARK not in cells["Green"]
    notes = board_notes(board).plain
    assert "SAME DECISIONS" in notes and f"#{ids['Blue']} (team Blue)" in notes
