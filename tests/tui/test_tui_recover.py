"""A saved game whose log was cut off (the computer stopped while saving) or damaged is
not hidden: the start screen and `pmsim play --resume` say what is wrong and offer the
part before the damage as a new game; the damaged file is kept, never overwritten."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from helpers_tui import notices, press, run, settle

from pmsim.cli import main
from pmsim.gamelog import read_log
from pmsim.session.game import GameSession
from pmsim.session.recover import recover
from pmsim.session.saves import DamagedSave, claim, damaged_games, meta_path, scan_games
from pmsim.tui import make_app
from pmsim.tui.screens.dashboard import DashboardScreen
from pmsim.tui.screens.start import StartScreen


def played(weeks: int = 3, team: str = "Red") -> Path:
    """An unfinished tutorial game's log after `weeks` weeks."""
    session = GameSession.new("tutorial", 11, team)
    path = session.start_log()
    for _ in range(weeks):
        for request in list(session.view().pending):
            session.answer(request.id, request.options[0].id)
        session.advance()
    session.close()
    return path


def cut_off(path: Path, keep_lines: int) -> bytes:
    """Cut the log in the middle of line `keep_lines + 1`, as a crash while saving
    would; the file's new bytes."""
    lines = path.read_bytes().splitlines(keepends=True)
    data = b"".join(lines[:keep_lines]) + lines[keep_lines][:12]
    path.write_bytes(data)
    return data


def test_a_cut_off_log_is_listed_with_its_intact_part() -> None:
    path = played()
    total = len(read_log(path).actions)
    data = cut_off(path, keep_lines=total)  # the last action is cut
    [damaged] = damaged_games()
    assert isinstance(damaged, DamagedSave) and damaged.path == path
    assert damaged.intact is not None and len(damaged.intact.actions) == total - 1
    assert damaged.cut_off and damaged.first_bad_line == total + 1
    assert f"cut off in line {total + 1}" in damaged.what_is_wrong()
    assert f"The {total - 1} actions before the damage" in damaged.offer()
    assert path.read_bytes() == data  # looking changes nothing


def test_damage_in_the_middle_and_a_tail_of_zeros() -> None:
    path = played()
    lines = path.read_bytes().splitlines(keepends=True)
    lines[3] = lines[3].replace(b'"n"', b'"N"')  # an edited line: its chain breaks
    path.write_bytes(b"".join(lines))
    [damaged] = damaged_games()
    assert damaged.intact is not None and len(damaged.intact.actions) == 2
    assert "damaged from line 4" in damaged.what_is_wrong() and not damaged.cut_off
    zeros = played(weeks=2, team="Blue")
    whole = len(read_log(zeros).actions)
    with zeros.open("ab") as log:
        log.write(b"\x00" * 512)  # what some file systems leave after a power cut
    found = {d.path: d for d in damaged_games()}
    intact = found[zeros].intact
    assert intact is not None and len(intact.actions) == whole


def test_a_log_without_a_header_cannot_be_recovered(
        capsys: pytest.CaptureFixture[str]) -> None:
    older = played(team="Blue")
    os.utime(older, (older.stat().st_mtime - 60,) * 2)
    path = played()
    path.write_bytes(b'{"pmsim_log": 1, "engi')
    [damaged] = damaged_games()
    assert damaged.intact is None and "line 1" in damaged.what_is_wrong()
    assert main(["play", "--resume"]) == 1
    err = capsys.readouterr().err
    assert "cannot be continued" in err and "Nothing before the damage can be recovered" in err
    assert "Traceback" not in err and "no unfinished game" not in err
    assert f"`pmsim play --resume {older}` continues it" in err.replace("\n", " ")
    assert path.read_bytes() == b'{"pmsim_log": 1, "engi'


def test_recovering_keeps_the_damaged_file_and_plays_on() -> None:
    path = played()
    claim(path, "a" * 32)
    total = len(read_log(path).actions)
    data = cut_off(path, keep_lines=total - 1)
    [damaged] = damaged_games()
    assert damaged.intact is not None
    recovered = recover(damaged)
    assert not path.exists()
    assert recovered.kept_as == path.with_name(path.name + ".damaged")
    assert recovered.kept_as.read_bytes() == data  # kept as it was, byte for byte
    log = read_log(recovered.path)
    assert log.actions == damaged.intact.actions and log.result is None
    assert log.seed == 11 and log.team == "Red"
    notes = json.loads(meta_path(recovered.path).read_text())
    assert notes["browser"] == "a" * 32  # still that browser's game
    assert notes["recovered_from"] == path.name
    assert [g.path for g in scan_games()] == [recovered.path]  # no longer listed
    # a second damaged file of the same name is set aside beside the first, not onto it
    path.write_bytes(data)
    again = recover(next(damaged_games()))
    assert again.kept_as == path.with_name(path.name + ".damaged-2")
    assert recovered.kept_as.read_bytes() == data


def test_pmsim_play_resume_says_what_is_wrong_and_recover_plays_on(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from pmsim.tui.app import PmsimApp

    path = played()
    total = len(read_log(path).actions)
    data = cut_off(path, keep_lines=total)
    assert main(["play", "--resume"]) == 1
    err = capsys.readouterr().err
    assert "cannot be continued" in err and "truncated" in err
    assert "pmsim play --resume --recover" in err and f"{path.name}.damaged" in err
    assert "no unfinished game" not in err and "Traceback" not in err
    assert main(["play", "--resume", str(path)]) == 1
    assert f"pmsim play --resume {path} --recover" in capsys.readouterr().err
    assert main(["play", "--recover"]) == 1
    assert "--recover goes with --resume" in capsys.readouterr().err
    assert path.read_bytes() == data  # refusing changed nothing

    seen: dict[str, object] = {}
    monkeypatch.setattr(PmsimApp, "run", lambda self: seen.update(resume=self.resume_path))
    assert main(["play", "--resume", "--recover"]) == 0
    out = capsys.readouterr().out
    assert f"Recovered the first {total - 1} actions" in out
    resumed = seen["resume"]
    assert isinstance(resumed, Path) and len(read_log(resumed).actions) == total - 1
    assert path.with_name(path.name + ".damaged").read_bytes() == data
    assert main(["play", "--resume", "--recover"]) == 1  # the last game is now fine
    assert "is not damaged" in capsys.readouterr().err


@run
async def test_the_start_screen_offers_to_recover() -> None:
    path = played()
    total = len(read_log(path).actions)
    data = cut_off(path, keep_lines=total)
    app = make_app(seed=5)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        start = app.screen
        assert isinstance(start, StartScreen) and start.saved is None
        line = str(start.query_one("#continue").render())
        assert "No unfinished game to continue." in line
        assert f"cut off in line {total + 1}" in line and "Recover a damaged save" in line
        await press(pilot, "r")
        assert any(isinstance(s, DashboardScreen) for s in app.screen_stack)
        assert app.session is not None and len(app.session.actions) == total - 1
        assert any("Recovered the first" in n for n in notices(app))
    assert path.with_name(path.name + ".damaged").read_bytes() == data
