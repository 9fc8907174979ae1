"""Files pmsim writes are only ever regular files (`pmsim.files`): a symbolic link, a
FIFO, a folder or a device named by `--out` (or by a file named after it: the charts
and the CSV beside a report) is refused with a message, and left exactly as it was."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest

from pmsim.cli import main
from pmsim.errors import UserError
from pmsim.files import write_file
from pmsim.gamelog import GameLogWriter
from pmsim.policies import get_policy, play_game
from pmsim.report.svg import CHART_NAMES
from pmsim.scenario import builtin_paths, load_scenario

SMALLEST = min(sorted(builtin_paths()),
               key=lambda s: load_scenario(s).calendar.deadline_week)


@pytest.fixture(autouse=True)
def own_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's saved games or results store."""
    monkeypatch.setenv("PMSIM_DATA_DIR", str(tmp_path / "pmsim-data"))


@pytest.fixture(scope="module")
def game_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A finished game's log (passive bot, the smallest built-in), in its own folder."""
    path = tmp_path_factory.mktemp("log") / "game.jsonl"
    writer = GameLogWriter()
    sim = play_game(load_scenario(SMALLEST), 11, get_policy("passive"),
                    on_start=lambda s: writer.start(path, s, SMALLEST, "Blue"))
    writer.finish(sim)
    return path


# ------------------------------------------------------------- the kinds of target

def _symlink(folder: Path, name: str) -> Path:
    """A link to a regular file holding known text (the file a link aims a write at)."""
    victim = folder / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    (folder / name).symlink_to(victim)
    return folder / name


def _dangling(folder: Path, name: str) -> Path:
    (folder / name).symlink_to(folder / "would-be-created.txt")
    return folder / name


def _fifo(folder: Path, name: str) -> Path:
    os.mkfifo(folder / name)
    return folder / name


def _directory(folder: Path, name: str) -> Path:
    (folder / name).mkdir()
    (folder / name / "inside.txt").write_text("kept\n", encoding="utf-8")
    return folder / name


def _device(folder: Path, name: str) -> Path:
    """A character device like /dev/null (1, 3), where the system lets us make one."""
    try:
        os.mknod(folder / name, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device file here ({exc})")
    return folder / name


KINDS: dict[str, tuple[Callable[[Path, str], Path], str]] = {
    "symlink": (_symlink, "symbolic link"),
    "dangling-symlink": (_dangling, "symbolic link"),
    "fifo": (_fifo, "FIFO"),
    "directory": (_directory, "folder"),
    "device": (_device, "device"),
}


def _snapshot(folder: Path) -> dict[str, tuple[int, int, bytes | str | None]]:
    """Every entry under `folder` (not following links): inode, type and content (a
    link's target; a regular file's bytes; nothing for a FIFO or device)."""
    found: dict[str, tuple[int, int, bytes | str | None]] = {}
    for path in sorted(folder.rglob("*")):
        info = os.lstat(path)
        kind = stat.S_IFMT(info.st_mode)
        content: bytes | str | None = None
        if stat.S_ISLNK(info.st_mode):
            content = os.readlink(path)
        elif stat.S_ISREG(info.st_mode):
            content = path.read_bytes()
        found[str(path.relative_to(folder))] = (info.st_ino, kind, content)
    return found


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_write_file_refuses_every_target_that_is_not_a_regular_file(
        kind: str, tmp_path: Path) -> None:
    make, words = KINDS[kind]
    target = make(tmp_path, "out.md")
    before = _snapshot(tmp_path)
    with pytest.raises(UserError) as caught:
        write_file(target, "# report\n", "report")
    assert words in str(caught.value) and str(target) in str(caught.value)
    assert "\n" not in str(caught.value)
    assert _snapshot(tmp_path) == before  # untouched, and no temporary file left behind


def test_write_file_replaces_a_regular_file_in_one_step_and_keeps_its_mode(
        tmp_path: Path) -> None:
    target = tmp_path / "r.md"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o600)
    assert write_file(target, "new\n", "report") == target
    assert target.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.md"]


def test_a_failed_write_leaves_the_old_file(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "r.md"
    target.write_text("old\n", encoding="utf-8")

    def broken(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(UserError, match="No space left"):
        write_file(target, "new\n", "report")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.md"]


def test_write_file_refuses_a_missing_folder_and_a_file_as_folder(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="does not exist"):
        write_file(tmp_path / "no" / "r.md", "x", "report")
    (tmp_path / "plain").write_text("x", encoding="utf-8")
    with pytest.raises(UserError, match="is not a folder"):
        write_file(tmp_path / "plain" / "r.md", "x", "report")
    assert not (tmp_path / "no").exists()


def test_write_file_without_overwrite_refuses_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "s.toml"
    target.write_text("mine\n", encoding="utf-8")
    with pytest.raises(UserError, match="already exists"):
        write_file(target, "theirs\n", "scenario", overwrite=False)
    assert target.read_text(encoding="utf-8") == "mine\n"


# ------------------------------------------------------------- pmsim report --out

def _report(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["report", *args])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_report_out_refuses_a_target_that_is_not_a_regular_file(
        kind: str, fmt: str, game_log: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    make, words = KINDS[kind]
    target = make(tmp_path, "debrief.md")
    before = _snapshot(tmp_path)
    code, err = _report(capsys, str(game_log), "--out", str(target), "--format", fmt,
                        "--no-luck")
    assert code == 1 and words in err and "Traceback" not in err, err
    assert _snapshot(tmp_path) == before  # no report, no charts, target as it was


@pytest.mark.parametrize("kind", ["symlink", "fifo", "directory"])
def test_chart_files_named_after_out_follow_the_same_rule(
        kind: str, game_log: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """debrief.md is fine, but one of its chart files is not a regular file: nothing is
    written, not the debrief and not the other charts."""
    make, words = KINDS[kind]
    make(tmp_path, f"debrief-{CHART_NAMES[-1]}.svg")
    before = _snapshot(tmp_path)
    code, err = _report(capsys, str(game_log), "--out", str(tmp_path / "debrief.md"),
                        "--no-luck")
    assert code == 1 and words in err and "chart" in err, err
    assert _snapshot(tmp_path) == before


def test_a_regular_out_still_gets_the_report_and_its_charts(
        game_log: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _report(capsys, str(game_log), "--out", str(tmp_path / "d.md"), "--no-luck")
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["d.md", *(f"d-{name}.svg" for name in CHART_NAMES)])


@pytest.mark.parametrize("kind", ["symlink", "fifo"])
def test_the_workshop_csv_beside_out_follows_the_same_rule(
        kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Refused before any game is replayed (so no workshop is needed) and before the
    summary is written."""
    make, words = KINDS[kind]
    make(tmp_path, "room.csv")
    before = _snapshot(tmp_path)
    code, err = _report(capsys, "--workshop", "K7QX-M3RT-AC", "--out",
                        str(tmp_path / "room.md"), "--db", str(tmp_path / "store.sqlite"))
    assert code == 1 and words in err and "CSV" in err, err
    assert _snapshot(tmp_path) == before
    code, err = _report(capsys, "--workshop", "K7QX-M3RT-AC", "--csv",
                        str(tmp_path / "room.csv"), "--db", str(tmp_path / "store.sqlite"))
    assert code == 1 and words in err, err
    assert _snapshot(tmp_path) == before


# ------------------------------------------------------------- the other writers

@pytest.mark.parametrize("kind", ["symlink", "dangling-symlink", "fifo", "device"])
def test_pmsim_new_never_writes_through_a_link_or_into_a_device(
        kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make, _ = KINDS[kind]
    target = make(tmp_path, "s.toml")
    before = _snapshot(tmp_path)
    code = main(["new", "library", "--out", str(target)])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err, err
    assert _snapshot(tmp_path) == before
    assert not (tmp_path / "would-be-created.txt").exists()


def test_docs_write_never_writes_through_a_link(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    guide = tmp_path / "victim.txt"
    guide.write_text("<!-- fields:start -->\nold\n<!-- fields:end -->\n", encoding="utf-8")
    (tmp_path / "guide.md").symlink_to(guide)
    before = _snapshot(tmp_path)
    code = main(["docs", "--write", str(tmp_path / "guide.md")])
    err = capsys.readouterr().err
    assert code == 1 and "symbolic link" in err, err
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize("kind", ["symlink", "fifo", "directory"])
def test_the_debrief_picture_is_not_saved_over_a_link_fifo_or_folder(
        kind: str, tmp_path: Path) -> None:
    """The debrief's `s` (DebriefScreen.action_save_svg) with the picture's path taken:
    a notice says why, the target is untouched. (Called on a stand-in for the screen:
    the method needs only its path, the app's screenshot and notify.)"""
    from pmsim.tui.screens.debrief import DebriefScreen

    make, words = KINDS[kind]
    target = make(tmp_path, "game-debrief.svg")
    before = _snapshot(tmp_path)
    notices: list[tuple[str, str]] = []
    screen = SimpleNamespace(
        svg_path=lambda: target,
        app=SimpleNamespace(export_screenshot=lambda: "<svg></svg>"),
        notify=lambda message, **kw: notices.append((message, kw.get("severity", ""))))
    DebriefScreen.action_save_svg(screen)  # type: ignore[arg-type]
    assert len(notices) == 1 and notices[0][1] == "error" and words in notices[0][0]
    assert _snapshot(tmp_path) == before
    if kind != "directory":  # once the path is free, the picture is saved there
        target.unlink()
        DebriefScreen.action_save_svg(screen)  # type: ignore[arg-type]
        assert target.read_text(encoding="utf-8") == "<svg></svg>"
        assert notices[-1][1] != "error"
