"""The results store: concurrent writers lose nothing, a killed writer leaves a readable
store, files that are not a store are refused untouched, and recording a game."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pmsim.cli import main
from pmsim.errors import UserError
from pmsim.gamelog import GameLogWriter, LogError
from pmsim.policies import get_policy, play_game
from pmsim.results import ResultsStore, record_game
from pmsim.results import store as store_module
from pmsim.results.rows import SCHEMA_SQL
from pmsim.results.store import BUSY_TIMEOUT_MS, Dimension, NewGame
from pmsim.scenario import load_scenario

MINIMAL = Path(__file__).parent / "data" / "minimal.toml"
WRITERS, PER_WRITER = 8, 50


def play_logged(path: Path, policy: str = "cautious", seed: int = 1, team: str = "Blue",
                scenario: str | Path = MINIMAL) -> Path:
    """A finished bot game of `scenario`, logged to `path`."""
    writer = GameLogWriter()
    sim = play_game(load_scenario(scenario), seed, get_policy(policy),
                    on_start=lambda s: writer.start(path, s, str(scenario), team))
    writer.finish(sim)
    return path


def synthetic_game(label: str) -> NewGame:
    """A row with made-up content (the store does not replay; the leaderboard does)."""
    return NewGame(team=label, scenario_id="minimal", scenario_hash="0" * 16,
                   scenario_ref="minimal", seed=1, engine="3", workshop_code=None,
                   score=500, outcome="challenged",
                   dimensions=(Dimension("schedule", 200, 200, "On time: 200 / 200"),),
                   result={"score": 500}, played="2026-01-01T00:00:00+00:00",
                   log_sha256=label, log_text=f"log of {label}\n" * 20)


def _writer(db: str, worker: int, count: int, start: object) -> None:
    """One of the concurrent processes: open the store itself, then insert `count` rows,
    one transaction each."""
    start.wait()  # type: ignore[attr-defined]
    with ResultsStore(db) as store:
        for i in range(count):
            store.add_game(synthetic_game(f"w{worker}-{i}"))


# ---------------------------------------------------------------- concurrency


@pytest.mark.parametrize("busy_timeout_ms", [BUSY_TIMEOUT_MS, 1],
                         ids=["sqlite-waits", "pmsim-retries"])
def test_eight_processes_writing_at_once_lose_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, busy_timeout_ms: int) -> None:
    # with a 1 ms busy timeout SQLite gives up at once and our retries do the waiting
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", busy_timeout_ms)
    db = tmp_path / "results.sqlite"
    # fork starts the writers at once (spawn would spend seconds importing pmsim in
    # each); no connection is open in this process when they fork
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    start = ctx.Event()
    workers = [ctx.Process(target=_writer, args=(str(db), w, PER_WRITER, start))
               for w in range(WRITERS)]
    for p in workers:
        p.start()
    start.set()  # every process opens the (new) store and writes at the same time
    for p in workers:
        p.join(timeout=120)
    assert [p.exitcode for p in workers] == [0] * WRITERS
    with ResultsStore(db) as store:
        games = store.games()
        assert store.integrity_check() == "ok"
    assert len(games) == WRITERS * PER_WRITER
    assert {g.team for g in games} == {f"w{w}-{i}" for w in range(WRITERS)
                                       for i in range(PER_WRITER)}
    assert all(g.log_text == f"log of {g.team}\n" * 20 for g in games)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


KILLED_WRITER = """
import sys
from pmsim.results import ResultsStore
from test_results import synthetic_game
store = ResultsStore(sys.argv[1])
i = 0
while True:
    store.add_game(synthetic_game(f"k{i}"))
    i += 1
"""


def test_a_writer_killed_mid_write_leaves_a_readable_store(tmp_path: Path) -> None:
    db = tmp_path / "results.sqlite"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent)}
    proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(db)], env=env)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            time.sleep(0.1)
            if db.exists():
                with sqlite3.connect(db, timeout=5) as conn:
                    if conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'games'"
                                    ).fetchone()[0] and conn.execute(
                            "SELECT count(*) FROM games").fetchone()[0] >= 30:
                        break
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    with ResultsStore(db) as store:
        assert store.integrity_check() == "ok"
        games = store.games()
        store.add_game(synthetic_game("after the crash"))
        assert store.count_games() == len(games) + 1
    assert len(games) >= 30
    # committed rows are whole and consecutive: nothing half-written
    assert [g.team for g in games] == [f"k{i}" for i in range(len(games))]
    assert all(g.log_text == f"log of {g.team}\n" * 20 for g in games)


# ---------------------------------------------------------------- files that are not a store


def _refused(path: Path) -> str:
    before = path.read_bytes()
    with pytest.raises(UserError) as caught:
        ResultsStore(path)
    assert path.read_bytes() == before, "the refused file was changed"
    return str(caught.value)


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"these are my meeting notes, not a database\n" * 100)
    message = _refused(path)
    assert "not a pmsim results store" in message and "untouched" in message


def test_a_damaged_store_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "results.sqlite"
    with ResultsStore(path) as store:
        store.add_game(synthetic_game("one"))
    data = bytearray(path.read_bytes())
    data[100:400] = b"\xa5" * 300  # the schema page after the file header: garbage
    path.write_bytes(bytes(data))
    assert "damaged" in _refused(path)


def test_another_programs_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.close()
    assert "another program" in _refused(path)


def test_a_store_from_a_newer_pmsim_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "results.sqlite"
    ResultsStore(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    conn.close()
    assert "newer pmsim" in _refused(path)


def test_cli_refuses_a_bad_db_with_one_message(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a database\n")
    assert main(["workshop", "new", "--scenario", str(MINIMAL), "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("pmsim: ") and "Traceback" not in err
    assert path.read_text() == "not a database\n"


def test_the_default_store_is_in_the_data_dir(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PMSIM_DATA_DIR", str(tmp_path / "data"))
    with ResultsStore() as store:
        assert store.path == tmp_path / "data" / "results.sqlite"
    assert store.path.is_file()


# ---------------------------------------------------------------- recording games


def test_record_game_stores_the_replayed_result_and_the_whole_log(tmp_path: Path) -> None:
    log = play_logged(tmp_path / "blue.jsonl", "cautious", seed=4, team="Blue")
    db = tmp_path / "results.sqlite"
    recorded = record_game(db, log)
    assert recorded.new and recorded.team == "Blue"
    again = record_game(db, log)
    assert not again.new and again.id == recorded.id
    with ResultsStore(db) as store:
        (game,) = store.games()
    sim = play_game(load_scenario(MINIMAL), 4, get_policy("cautious"))
    outcome = sim.outcome()
    assert (game.team, game.seed, game.scenario_id) == ("Blue", 4, "minimal")
    assert game.score == outcome.score == recorded.score
    assert game.outcome == outcome.outcome
    assert game.result == outcome.to_result()
    assert [(d.name, d.points, d.sentence) for d in game.dimensions] == [
        (d.name, d.points, d.sentence) for d in outcome.dimensions]
    assert game.log_text == log.read_text()
    assert game.workshop_code is None and game.recorded


def test_an_unfinished_game_cannot_be_recorded(tmp_path: Path) -> None:
    writer = GameLogWriter()
    play_game(load_scenario(MINIMAL), 1, get_policy("passive"),
              on_start=lambda s: writer.start(tmp_path / "half.jsonl", s, str(MINIMAL)))
    writer.close()  # closed without its end line, as a game quit half-way leaves it
    with pytest.raises(LogError, match="not over"):
        record_game(tmp_path / "results.sqlite", tmp_path / "half.jsonl")


def test_cli_record(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = play_logged(tmp_path / "red.jsonl", "reckless", seed=2, team="Red")
    db = str(tmp_path / "results.sqlite")
    assert main(["record", str(log), "--db", db]) == 0
    out = capsys.readouterr().out
    assert f"Recorded {log} as game #1: team Red" in out
    assert f"1 game recorded, in {db}.\nThat store is new" in out
    assert main(["record", str(log), "--db", db]) == 0
    out = capsys.readouterr().out
    assert f"Already recorded {log} as game #1" in out and "store is new" not in out
    log.write_text(log.read_text().replace('"Red"', '"Gold"'))  # a hand-edited header
    assert main(["record", str(log), "--db", db]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"Refused {log}: ") and "edited" in err


def test_cli_records_many_logs_and_folders(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    handed_in = tmp_path / "handed-in"
    (handed_in / "room-b").mkdir(parents=True)
    play_logged(handed_in / "blue.jsonl", "cautious", seed=1, team="Blue")
    play_logged(handed_in / "room-b" / "green.jsonl", "passive", seed=1, team="Green")
    (handed_in / "notes.txt").write_text("not a log")
    (handed_in / "broken.jsonl").write_text("{not json\n")
    red = play_logged(tmp_path / "red.jsonl", "reckless", seed=1, team="Red")
    db = tmp_path / "results.sqlite"
    args = ["record", str(handed_in), str(red), str(tmp_path / "missing.jsonl"), "--db",
            str(db)]
    assert main(args) == 1  # some were refused
    captured = capsys.readouterr()
    assert "3 games recorded and 2 refused, in" in captured.out
    assert f"Refused {tmp_path / 'missing.jsonl'}: there is no such file" in captured.err
    assert f"Refused {handed_in / 'broken.jsonl'}: " in captured.err
    with ResultsStore(db) as store:
        assert sorted(g.team for g in store.games()) == ["Blue", "Green", "Red"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["record", str(empty), str(red), "--db", str(db)]) == 1
    captured = capsys.readouterr()
    assert "0 games recorded, 1 recorded before and 1 refused" in captured.out
    assert "the folder holds no game logs" in captured.err


def test_a_long_team_name_is_recorded_shortened_and_still_verifies(tmp_path: Path) -> None:
    from pmsim.results.leaderboard import build_leaderboard
    from pmsim.results.record import TEAM_NAME_LIMIT, short_team

    name = "The Extraordinarily Well Organised Project Managers of the Fourth Floor"
    assert short_team("Blue") == "Blue"
    short = short_team(name)
    assert len(short) <= TEAM_NAME_LIMIT and short.endswith("…")
    assert short == "The Extraordinarily Well Organised…"
    log = play_logged(tmp_path / "long.jsonl", team=name)
    db = tmp_path / "results.sqlite"
    recorded = record_game(db, log)
    assert (recorded.team, recorded.shortened_from) == (short, name)
    board = build_leaderboard(db, scenario=str(MINIMAL), seed=1, luck=False, jobs=1)
    assert [e.game.team for e in board.ranked] == [short] and not board.flagged


# ---------------------------------------------------------------- games taken out of a workshop

OLDER_SCHEMA = SCHEMA_SQL.replace(
    ",\n    dropped_from TEXT REFERENCES workshops(code)", "")


def older_store(path: Path) -> None:
    """A store as the pmsim before `dropped_from` wrote it, with one workshop's game."""
    assert OLDER_SCHEMA != SCHEMA_SQL
    conn = sqlite3.connect(path)
    conn.executescript(OLDER_SCHEMA)
    conn.execute(f"PRAGMA application_id = {store_module.APPLICATION_ID}")
    conn.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    conn.execute("INSERT INTO workshops VALUES ('K7MQ4P', 'Monday', 'minimal', ?, "
                 "'minimal', 1, '3', '2026-01-01T00:00:00+00:00')", ("0" * 16,))
    conn.execute("INSERT INTO games (team, scenario_id, scenario_hash, scenario_ref, seed, "
                 "engine, workshop_code, score, outcome, dimensions, result, played, "
                 "recorded, log_sha256, log_text) VALUES ('Old', 'minimal', ?, 'minimal', 1, "
                 "'3', 'K7MQ4P', 500, 'challenged', '[]', '{}', 'then', 'then', 'old', 'log')",
                 ("0" * 16,))
    conn.commit()
    conn.close()


def test_an_older_store_gains_the_dropped_mark_and_keeps_its_version(tmp_path: Path) -> None:
    path = tmp_path / "results.sqlite"
    older_store(path)
    with ResultsStore(path) as store:
        (old,) = store.games(workshop_code="K7MQ4P")
        assert old.team == "Old"
        assert store.take_out_of_workshop("K7MQ4P", [old.id]) == []
        assert store.games(workshop_code="K7MQ4P") == []
        assert [g.id for g in store.games(dropped_from="K7MQ4P")] == [old.id]
        assert store.integrity_check() == "ok"
    # the version an older pmsim checks is unchanged, so it still opens the store, and
    # (selecting its columns by name) sees the game in no workshop
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'"
                            ).fetchone() == ("1",)
        assert conn.execute("SELECT count(*) FROM games WHERE workshop_code = 'K7MQ4P'"
                            ).fetchone() == (0,)
    conn.close()


def test_processes_opening_an_older_store_at_once_all_bring_it_up_to_date(
        tmp_path: Path) -> None:
    db = tmp_path / "results.sqlite"
    older_store(db)
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    start = ctx.Event()
    workers = [ctx.Process(target=_writer, args=(str(db), w, 5, start)) for w in range(4)]
    for p in workers:
        p.start()
    start.set()
    for p in workers:
        p.join(timeout=120)
    assert [p.exitcode for p in workers] == [0] * 4
    with ResultsStore(db) as store:
        assert store.count_games() == 1 + 4 * 5
        assert store.integrity_check() == "ok"


def test_taking_games_out_is_all_or_nothing(tmp_path: Path) -> None:
    path = tmp_path / "results.sqlite"
    older_store(path)
    with ResultsStore(path) as store:
        (old,) = store.games(workshop_code="K7MQ4P")
        loose, _ = store.add_game(synthetic_game("loose"))  # in no workshop
        assert store.take_out_of_workshop("K7MQ4P", [old.id, loose, 999]) == [loose, 999]
        assert [g.id for g in store.games(workshop_code="K7MQ4P")] == [old.id]
        assert store.take_out_of_workshop("K7MQ4P", [old.id, old.id]) == []
        assert store.dropped_from(old.id) == "K7MQ4P" and store.dropped_from(loose) is None
        # only a game taken out of that workshop goes back into it
        assert store.take_out_of_workshop("K7MQ4P", [old.id, loose], undo=True) == [loose]
        assert store.take_out_of_workshop("K7MQ4P", [old.id], undo=True) == []
        assert [g.id for g in store.games(workshop_code="K7MQ4P")] == [old.id]
        assert store.dropped_from(old.id) is None
        assert store.take_out_of_workshop("K7MQ4P", [old.id], undo=True) == [old.id]
