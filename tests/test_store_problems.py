"""The results store says what is wrong with it (`pmsim.results.store_file`): damaged
pages are found when it is opened, a healthy store that cannot be written is
"read-only" (and still readable), a non-numeric schema version is "not a pmsim store",
a FIFO or device is refused without being opened, and --db in a folder that does not
exist is refused by reading commands and created (and said so) by creating ones."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from pmsim.cli import main
from pmsim.errors import UserError
from pmsim.results import create_workshop, format_code
from pmsim.results.store import Dimension, NewGame, ResultsStore

MINIMAL = Path(__file__).parent / "data" / "minimal.toml"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def own_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's results store."""
    monkeypatch.setenv("PMSIM_DATA_DIR", str(tmp_path / "pmsim-data"))


def game(label: str, size: int = 20_000) -> NewGame:
    """A made-up row with a long log, so the file has many pages."""
    return NewGame(team=label, scenario_id="minimal", scenario_hash="0" * 16,
                   scenario_ref="minimal", seed=1, engine="3", workshop_code=None,
                   score=500, outcome="challenged",
                   dimensions=(Dimension("schedule", 200, 200, "On time: 200 / 200"),),
                   result={"score": 500}, played="2026-01-01T00:00:00+00:00",
                   log_sha256=label, log_text=(f"log of {label}\n" * size)[:size])


def store_with_games(path: Path, count: int = 12) -> str:
    """A store with a workshop and `count` games (about 20 kB of log each); the
    workshop's formatted code."""
    with ResultsStore(path) as store:
        workshop = create_workshop(store, MINIMAL, seed=3)
        for i in range(count):
            store.add_game(game(f"team {i}"))
    assert not Path(f"{path}-wal").exists()  # the last close folded the log back in
    return format_code(workshop.code)


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# ---------------------------------------------------------------- damaged pages

def _damage_the_middle(path: Path) -> bytes:
    """Garbage over two pages in the middle of the file (log text, not the schema)."""
    data = bytearray(path.read_bytes())
    middle = (len(data) // 2) // 4096 * 4096
    data[middle:middle + 8192] = bytes((i * 151 + 7) % 256 for i in range(8192))
    path.write_bytes(bytes(data))
    return bytes(data)


def test_damaged_pages_are_found_when_the_store_is_opened(tmp_path: Path) -> None:
    path = tmp_path / "results.sqlite"
    store_with_games(path)
    damaged = _damage_the_middle(path)
    with sqlite3.connect(path) as conn:  # what a plain open would have believed
        assert conn.execute("SELECT count(*) FROM workshops").fetchone()[0] == 1
    conn.close()
    with pytest.raises(UserError) as caught:
        ResultsStore(path)
    message = str(caught.value)
    assert "damaged" in message and str(path) in message
    assert "backup" in message and ".recover" in message and "--db" in message
    assert path.read_bytes() == damaged


@pytest.mark.parametrize("command", [["workshop", "list"], ["leaderboard", "--no-luck"],
                                     ["workshop", "show"], ["report", "--no-luck"]])
def test_a_damaged_store_stops_every_command_with_exit_1(
        command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "results.sqlite"
    code = store_with_games(path)
    damaged = _damage_the_middle(path)
    args = [*command, "--db", str(path)]
    if command[0] in ("leaderboard", "report"):
        args += ["--workshop", code]
    elif command[1] == "show":
        args.insert(2, code)
    status, _, err = cli(capsys, *args)
    assert status == 1 and "damaged" in err and str(path) in err, err
    assert "Traceback" not in err and err.count("\n") == 1
    assert path.read_bytes() == damaged


# ---------------------------------------------------------------- not a pmsim store

@pytest.mark.parametrize("value", ["one", "", "1.5", "-1", "0", "²"])
def test_a_schema_version_that_is_not_a_number_is_not_a_pmsim_store(
        value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "results.sqlite"
    ResultsStore(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (value,))
    conn.close()
    before = path.read_bytes()
    with pytest.raises(UserError) as caught:
        ResultsStore(path)
    assert "not a pmsim store" in str(caught.value) and "damaged" not in str(caught.value)
    status, _, err = cli(capsys, "workshop", "list", "--db", str(path))
    assert status == 1 and "not a pmsim store" in err
    assert path.read_bytes() == before


# ---------------------------------------------------------------- not a file

def test_a_fifo_or_device_as_db_is_refused_without_opening_it(tmp_path: Path) -> None:
    """(Before, a FIFO made the command wait for ever, reading its header; a device
    was handed to SQLite, which writes its journal files beside it.)"""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(UserError, match="FIFO"):
        ResultsStore(fifo)
    try:
        os.mknod(tmp_path / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except OSError:
        pass  # no devices here; the FIFO made the point
    else:
        with pytest.raises(UserError, match="device"):
            ResultsStore(tmp_path / "null")
    assert sorted(p.name for p in tmp_path.iterdir()) in (["null", "pipe"], ["pipe"])


# ---------------------------------------------------------------- --db in a missing folder

@pytest.mark.parametrize("command", [["workshop", "list"], ["workshop", "show", "K7QX-M3RT-AC"],
                                     ["leaderboard", "--workshop", "K7QX-M3RT-AC"],
                                     ["workshop", "drop", "K7QX-M3RT-AC", "1"]])
def test_reading_commands_refuse_a_db_in_a_missing_folder(
        command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "no" / "such" / "results.sqlite"
    status, _, err = cli(capsys, *command, "--db", str(db))
    assert status == 1 and f"the folder {db.parent} does not exist" in err, err
    assert "pmsim workshop new" in err and not (tmp_path / "no").exists()


def test_opening_a_store_in_a_missing_folder_needs_create_folder(tmp_path: Path) -> None:
    db = tmp_path / "no" / "results.sqlite"
    with pytest.raises(UserError, match="does not exist"):
        ResultsStore(db)
    assert not db.parent.exists()
    with ResultsStore(db, create_folder=True) as store:
        assert store.made_folder == db.parent and db.is_file()
    with ResultsStore(db) as store:
        assert store.made_folder is None


def test_workshop_new_creates_the_folder_and_says_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "new" / "room" / "results.sqlite"
    status, out, err = cli(capsys, "workshop", "new", "--scenario", str(MINIMAL),
                           "--no-luck", "--db", str(db))
    assert status == 0, err
    assert db.is_file() and f"The folder {db.parent} did not exist: it was created" in out


def test_record_creates_the_folder_and_says_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pmsim.gamelog import GameLogWriter
    from pmsim.policies import get_policy, play_game
    from pmsim.scenario import load_scenario

    log = tmp_path / "game.jsonl"
    writer = GameLogWriter()
    sim = play_game(load_scenario(MINIMAL), 3, get_policy("passive"),
                    on_start=lambda s: writer.start(log, s, str(MINIMAL), "Blue"))
    writer.finish(sim)
    db = tmp_path / "handed-in" / "results.sqlite"
    status, out, err = cli(capsys, "record", str(log), "--db", str(db))
    assert status == 0, err
    assert "That store is new" in out and f"its folder {db.parent}, which did not exist" in out


def test_a_debrief_does_not_make_a_store_folder_for_its_luck_cache(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`pmsim report LOG --db missing/x` reads (and caches into) a store: the luck part
    is left out with the reason, and no folder appears."""
    from pmsim.gamelog import GameLogWriter
    from pmsim.policies import get_policy, play_game
    from pmsim.scenario import load_scenario

    log = tmp_path / "game.jsonl"
    writer = GameLogWriter()
    sim = play_game(load_scenario(MINIMAL), 3, get_policy("passive"),
                    on_start=lambda s: writer.start(log, s, str(MINIMAL), "Blue"))
    writer.finish(sim)
    db = tmp_path / "nope" / "results.sqlite"
    status, _, err = cli(capsys, "report", str(log), "--db", str(db))
    assert status == 0 and "leaves out the luck-adjusted result" in err
    assert "does not exist" in err and not db.parent.exists()


# ---------------------------------------------------------------- read-only

def test_a_store_that_cannot_be_written_here_is_read_only_not_damaged(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulated: `os.access` says the folder cannot be written (what it says for a
    read-only file system, even to root). What is exercised for real: the store is
    then opened by SQLite read-only (mode=ro), reads work, a write is refused as
    "read-only", and the bot-score cache is skipped instead of failing."""
    path = tmp_path / "results.sqlite"
    code = store_with_games(path, count=2)
    before = path.read_bytes()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if mode == os.W_OK
                        else real_access(p, mode, **kw))
    with ResultsStore(path) as store:
        assert store.read_only and store.count_games() == 2
        assert [w.code for w in store.workshops()] == [code.replace("-", "")]
        store.add_bot_scores("0" * 16, "3", "cautious", "1", {1: 500})  # no cache, no error
        with pytest.raises(UserError) as caught:
            store.add_game(game("late"))
    message = str(caught.value)
    assert "read-only" in message and "not damaged" in message and str(path) in message
    assert "cannot record a game in" in message
    assert path.read_bytes() == before


def test_sqlite_refusing_a_write_is_read_only_not_damaged(tmp_path: Path) -> None:
    """When the file turns out read-only only when SQLite writes (SQLITE_READONLY; here
    a connection opened with mode=ro stands in for a read-only medium), the message
    still says read-only."""
    path = tmp_path / "results.sqlite"
    store_with_games(path, count=1)
    with ResultsStore(path) as store:
        store._conn.close()
        store._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True,
                                      isolation_level=None, check_same_thread=False)
        with pytest.raises(UserError) as caught:
            store.add_game(game("late"))
    assert "read-only" in str(caught.value) and "damaged" not in str(caught.value).replace(
        "not damaged", "")


def _read_only_mount_works() -> bool:
    if sys.platform != "linux" or shutil.which("unshare") is None or os.geteuid() != 0:
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c",
                            "mount --bind -o ro /tmp /tmp && ! touch /tmp/.pmsim-ro-probe"],
                           capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(not _read_only_mount_works(),
                    reason="needs root and mount namespaces for a real read-only mount")
def test_a_store_on_a_read_only_file_system(tmp_path: Path) -> None:
    """For real: the store's folder bind-mounted read-only in a private mount namespace
    (`unshare -m`), pmsim run in it. Reading works; writing says read-only."""
    folder = tmp_path / "store"
    folder.mkdir()
    path = folder / "results.sqlite"
    code = store_with_games(path, count=2)
    before = path.read_bytes()
    env = {**os.environ, "PMSIM_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(REPO)}

    def pmsim(*args: str) -> subprocess.CompletedProcess[str]:
        script = (f"mount --bind -o ro {folder} {folder} && exec {sys.executable} -m pmsim "
                  + " ".join(f"'{a}'" for a in args))
        return subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True,
                              text=True, env=env, cwd=tmp_path)

    listed = pmsim("workshop", "list", "--db", str(path))
    assert listed.returncode == 0 and code in listed.stdout, listed.stderr
    board = pmsim("leaderboard", "--workshop", code, "--no-luck", "--db", str(path))
    assert board.returncode == 0, board.stderr
    refused = pmsim("workshop", "new", "--scenario", str(MINIMAL), "--no-luck", "--db",
                    str(path))
    assert refused.returncode == 1 and "read-only" in refused.stderr
    assert "read-only file system" in refused.stderr and "Traceback" not in refused.stderr
    assert "damaged" not in refused.stderr.replace("not damaged", "")
    assert path.read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through chmod; see the mount test")
def test_a_store_in_a_folder_without_write_permission(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    folder.mkdir()
    path = folder / "results.sqlite"
    store_with_games(path, count=1)
    path.chmod(0o444)
    folder.chmod(0o555)
    try:
        with ResultsStore(path) as store:
            assert store.read_only and store.count_games() == 1
            with pytest.raises(UserError, match="read-only"):
                store.add_game(game("late"))
    finally:
        folder.chmod(0o755)
