"""The results store: one SQLite file holding workshops, finished games and bot scores.

It lives at `<data dir>/results.sqlite` (`pmsim.paths.data_dir`:
`platformdirs.user_data_dir("pmsim")` or `$PMSIM_DATA_DIR`); every command takes
`--db PATH` to use another file.

Many players finishing at once on one machine must lose nothing, so:
- the database runs in WAL mode (readers never block the writer) with a busy timeout;
- each write is one short `BEGIN IMMEDIATE … COMMIT` transaction, retried with
  growing, jittered pauses while another process holds the lock;
- `synchronous = FULL`: a committed game survives a crash or power cut, and a process
  killed in the middle of a write leaves the last committed state (SQLite's journal).

A file that is not a pmsim results store (another program's database, a damaged file,
any other file, a FIFO or device) is refused before anything is written to it; a store
whose pages are damaged is found when it is opened (`PRAGMA quick_check`), not used; a
healthy store that cannot be written here is opened read-only and says "read-only" when
a write is asked of it (`pmsim.results.store_file` checks the file and words each case).

Tables (schema version `SCHEMA_VERSION`, kept in `meta`):
- `workshops`: code, name, scenario id, content hash and reference, seed, engine.
- `games`: one finished game: team, scenario id/hash/reference, seed, engine, workshop
  code (or NULL), score, outcome, dimensions (JSON with the sentences), the result as
  scored (JSON), when it was played and recorded, the whole game log text, and
  `dropped_from`: the workshop a trainer took the game out of (its `workshop_code` is
  then NULL, so it counts for no workshop but stays in the store), else NULL.
- `bot_scores`: a bot's score per (scenario hash, engine, bot, bot version, seed), the
  cache behind the luck-adjusted result.

Additions an older pmsim can ignore keep the version: `dropped_from`, a nullable column,
is added to an older store when this pmsim opens it (`_migrate`), and an older pmsim
still reads the store right (it names its columns, and a game taken out of a workshop
has no `workshop_code`). `SCHEMA_VERSION` goes up only for changes it would misread.
"""

from __future__ import annotations

import json
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from pmsim.errors import UserError
from pmsim.paths import data_dir
from pmsim.results import store_file
from pmsim.results.rows import (
    GAME_COLUMNS,
    SCHEMA_SQL,
    WORKSHOP_COLUMNS,
    Dimension,
    NewGame,
    StoredGame,
    Workshop,
    game_from_row,
)

SCHEMA_VERSION = 1
"""Version of the tables (`rows.SCHEMA_SQL`); a store written by a newer pmsim is refused."""
APPLICATION_ID = 0x706D7372
"""SQLite `application_id` of a pmsim results store ("pmsr")."""
DB_FILE_NAME = "results.sqlite"
BUSY_TIMEOUT_MS = store_file.BUSY_TIMEOUT_MS
WRITE_DEADLINE_S = 60.0
"""After retrying this long, a write gives up with a message."""
SQLITE_HEADER = store_file.SQLITE_HEADER

T = TypeVar("T")


def default_db_path() -> Path:
    """The results store of this user: `results.sqlite` in pmsim's data folder."""
    return data_dir() / DB_FILE_NAME


def _busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class ResultsStore:
    """An open results store. Use as a context manager, or call `close()`.

    One connection, guarded by a lock, so the object may be shared with a worker
    thread; separate processes each open their own.

    A store in a folder that does not exist is refused unless `create_folder` (the
    commands that create stores); the default store's folder is always made.
    `made_folder` then names the folder created, `read_only` says the store can only be
    read here."""

    def __init__(self, path: str | Path | None = None, *, create_folder: bool = False
                 ) -> None:
        self.path = Path(path).expanduser() if path is not None else default_db_path()
        self._lock = threading.Lock()
        self._jitter = random.Random()  # retry pauses only; never game randomness
        self._conn, self._file = store_file.open_connection(
            self.path, create_folder=create_folder or path is None)
        try:
            self._prepare()
        except BaseException:
            self._conn.close()
            raise

    # ------------------------------------------------------------ opening
    @property
    def read_only(self) -> bool:
        """The store can be read but not written here (see `store_file`)."""
        return self._file.read_only

    @property
    def made_folder(self) -> Path | None:
        """The folder made for this new store, if one was."""
        return self._file.made_folder

    def require_writable(self, doing: str) -> None:
        """`UserError` ("read-only", with `doing`: what was asked, e.g. "record games
        in") when the store cannot be written here."""
        if self.read_only:
            raise store_file.read_only(self.path, self._file.why_read_only, doing)

    def _refuse(self, why: str) -> UserError:
        return store_file.refused(self.path, why)

    def _prepare(self) -> None:
        """Refuse damaged or foreign files (reading only), then create the tables (or add
        what an older pmsim's store lacks)."""
        tables, app_id, raw_version, columns = self._retrying(
            lambda: store_file.inspect(self._conn, self._file))
        if tables and (app_id != APPLICATION_ID or raw_version is None):
            raise self._refuse("is an SQLite database of another program, not a pmsim "
                               "results store")
        version = None if raw_version is None else store_file.schema_version(raw_version)
        if raw_version is not None and version is None:
            raise store_file.not_a_store(self.path, f"its schema version {raw_version[:40]!r} "
                                         "is not a number")
        if version is not None and version > SCHEMA_VERSION:
            raise UserError(f"the results store {self.path} was written by a newer pmsim "
                            f"(store version {version}; this pmsim knows up to "
                            f"{SCHEMA_VERSION}). Upgrade pmsim, or name another file with "
                            "--db.")
        self._execute_pragmas()
        if version is None:
            self._write(self._create_tables, "set up")
        elif "dropped_from" not in columns:
            self._write(self._migrate, "update for this pmsim")

    def _execute_pragmas(self) -> None:
        def pragmas() -> None:
            self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._conn.execute("PRAGMA foreign_keys = ON")
            if self.read_only:
                return  # a WAL store stays one; the rest concerns writing
            mode = self._conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise UserError(f"the results store {self.path} cannot use write-ahead "
                                f"logging (journal mode stays {mode!r}); put it on a local "
                                "disk with --db.")
            self._conn.execute("PRAGMA synchronous = FULL")

        self._retrying(pragmas)

    def _create_tables(self, conn: sqlite3.Connection) -> None:
        for statement in SCHEMA_SQL.split(";"):
            if statement.strip():
                conn.execute(statement)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)",
                     (str(SCHEMA_VERSION),))
        conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('created', ?)",
                     (_now(),))

    def _migrate(self, conn: sqlite3.Connection) -> None:
        """Add what an older pmsim's store lacks (another process may have meanwhile)."""
        columns = {row[1] for row in conn.execute("PRAGMA table_info(games)")}
        if "dropped_from" not in columns:
            conn.execute("ALTER TABLE games ADD COLUMN dropped_from TEXT "
                         "REFERENCES workshops(code)")

    def close(self) -> None:
        """Close the connection (committed writes are already on disk)."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> ResultsStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ retries
    def _retrying(self, action: Callable[[], T]) -> T:
        """Run `action`, again after a pause while the database is locked by another
        process; a damaged database becomes a `UserError`."""
        pause, deadline = 0.02, time.monotonic() + WRITE_DEADLINE_S
        while True:
            try:
                with self._lock:
                    return action()
            except sqlite3.OperationalError as exc:
                if not _busy(exc):
                    raise self._unusable(exc) from None
                if time.monotonic() > deadline:
                    raise UserError(f"the results store {self.path} stayed locked by other "
                                    f"processes for over {WRITE_DEADLINE_S:.0f} s; nothing "
                                    "was written. Try again.") from None
            except sqlite3.DatabaseError as exc:
                raise self._unusable(exc) from None
            time.sleep(pause * (0.5 + self._jitter.random()))
            pause = min(pause * 2, 1.0)

    def _unusable(self, exc: sqlite3.Error) -> UserError:
        return store_file.unusable(self._file, exc)

    def _write(self, body: Callable[[sqlite3.Connection], T],
               doing: str = "write to") -> T:
        """One write transaction (`BEGIN IMMEDIATE`), retried while the database is
        locked; rolled back on any error, so nothing is ever half-written. A read-only
        store is refused with "read-only" (`doing` says what was asked)."""
        self.require_writable(doing)

        def attempt() -> T:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                value = body(self._conn)
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise
            return value

        return self._retrying(attempt)

    def _read(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        return self._retrying(lambda: self._conn.execute(sql, tuple(params)).fetchall())

    # ------------------------------------------------------------ games
    def add_game(self, game: NewGame) -> tuple[int, bool]:
        """Record a finished game; returns its id and whether it is new (the same log
        recorded again returns the existing entry)."""
        dims = json.dumps([vars(d) for d in game.dimensions], ensure_ascii=False)

        def insert(conn: sqlite3.Connection) -> tuple[int, bool]:
            cursor = conn.execute(
                "INSERT OR IGNORE INTO games (team, scenario_id, scenario_hash, scenario_ref,"
                " seed, engine, workshop_code, score, outcome, dimensions, result, played,"
                " recorded, log_sha256, log_text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (game.team, game.scenario_id, game.scenario_hash, game.scenario_ref,
                 game.seed, game.engine, game.workshop_code, game.score, game.outcome, dims,
                 json.dumps(game.result, sort_keys=True), game.played, _now(),
                 game.log_sha256, game.log_text))
            if cursor.rowcount == 1:
                return int(cursor.lastrowid or 0), True
            row = conn.execute("SELECT id FROM games WHERE log_sha256 = ?",
                               (game.log_sha256,)).fetchone()
            return int(row[0]), False

        return self._write(insert, "record a game in")

    def games(self, *, workshop_code: str | None = None, scenario_id: str | None = None,
              seed: int | None = None, dropped_from: str | None = None) -> list[StoredGame]:
        """Recorded games, oldest first, filtered by workshop, scenario id and seed, or
        by the workshop they were taken out of (`take_out_of_workshop`)."""
        where, params = [], []
        for column, value in (("workshop_code", workshop_code), ("scenario_id", scenario_id),
                              ("seed", seed), ("dropped_from", dropped_from)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        sql = f"SELECT {GAME_COLUMNS} FROM games"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return [game_from_row(row) for row in self._read(sql + " ORDER BY recorded, id", params)]

    def game(self, game_id: int) -> StoredGame | None:
        """One recorded game by id."""
        rows = self._read(f"SELECT {GAME_COLUMNS} FROM games WHERE id = ?", (game_id,))
        return game_from_row(rows[0]) if rows else None

    def dropped_from(self, game_id: int) -> str | None:
        """The workshop game `game_id` was taken out of, if it was."""
        rows = self._read("SELECT dropped_from FROM games WHERE id = ?", (game_id,))
        return rows[0][0] if rows else None

    def take_out_of_workshop(self, code: str, game_ids: Sequence[int], *,
                             undo: bool = False) -> list[int]:
        """Take games out of workshop `code` in one transaction: each keeps its row (and
        its place in its scenario's and seed's leaderboard) but counts for no workshop,
        and remembers `code` in `dropped_from`. `undo` puts games taken out of `code`
        back. Returns the ids not in the workshop (`undo`: not taken out of it); when
        there are any, nothing is changed."""
        ids = list(dict.fromkeys(game_ids))
        where = "dropped_from = ? AND workshop_code IS NULL" if undo else "workshop_code = ?"
        marks = ", ".join("?" * len(ids))

        def update(conn: sqlite3.Connection) -> list[int]:
            found = {row[0] for row in conn.execute(
                f"SELECT id FROM games WHERE {where} AND id IN ({marks})", (code, *ids))}
            missed = [game_id for game_id in ids if game_id not in found]
            if not missed:
                conn.executemany(
                    "UPDATE games SET workshop_code = ?, dropped_from = ? WHERE id = ?",
                    [(code, None, i) if undo else (None, code, i) for i in ids])
            return missed

        return self._write(update, "change which games count for a workshop in")

    def count_games(self) -> int:
        """How many games are recorded."""
        return int(self._read("SELECT count(*) FROM games")[0][0])

    # ------------------------------------------------------------ workshops
    def add_workshop(self, workshop: Workshop) -> bool:
        """Store a new workshop; False when its code is already taken."""
        def insert(conn: sqlite3.Connection) -> bool:
            cursor = conn.execute(
                "INSERT OR IGNORE INTO workshops (code, name, scenario_id, scenario_hash,"
                " scenario_ref, seed, engine, created) VALUES (?,?,?,?,?,?,?,?)",
                (workshop.code, workshop.name, workshop.scenario_id, workshop.scenario_hash,
                 workshop.scenario_ref, workshop.seed, workshop.engine, workshop.created))
            return cursor.rowcount == 1

        return self._write(insert, "add a workshop to")

    def workshop(self, code: str) -> Workshop | None:
        """The workshop with this (normalised) code, if any."""
        rows = self._read(f"SELECT {WORKSHOP_COLUMNS} FROM workshops WHERE code = ?", (code,))
        return Workshop(*rows[0]) if rows else None

    def workshops(self) -> list[Workshop]:
        """Every workshop, the most recent first."""
        rows = self._read(f"SELECT {WORKSHOP_COLUMNS} FROM workshops "
                          "ORDER BY created DESC, code")
        return [Workshop(*row) for row in rows]

    # ------------------------------------------------------------ bot scores
    def bot_scores(self, scenario_hash: str, engine: str, bot: str, bot_version: str,
                   seeds: Iterable[int]) -> dict[int, int]:
        """The cached scores of a bot for those of `seeds` it has played."""
        wanted = set(seeds)
        rows = self._read("SELECT seed, score FROM bot_scores WHERE scenario_hash = ? AND "
                          "engine = ? AND bot = ? AND bot_version = ?",
                          (scenario_hash, engine, bot, bot_version))
        return {int(seed): int(score) for seed, score in rows if seed in wanted}

    def add_bot_scores(self, scenario_hash: str, engine: str, bot: str, bot_version: str,
                       scores: dict[int, int]) -> None:
        """Cache a bot's scores by seed (one transaction); a read-only store keeps no
        cache (the scores are played again next time)."""
        if self.read_only:
            return

        def insert(conn: sqlite3.Connection) -> None:
            conn.executemany(
                "INSERT OR REPLACE INTO bot_scores (scenario_hash, engine, bot, bot_version,"
                " seed, score) VALUES (?,?,?,?,?,?)",
                [(scenario_hash, engine, bot, bot_version, seed, score)
                 for seed, score in sorted(scores.items())])

        self._write(insert)

    # ------------------------------------------------------------ checks
    def integrity_check(self) -> str:
        """SQLite's full `PRAGMA integrity_check`: "ok" for a healthy file."""
        return "; ".join(str(r[0]) for r in self._read("PRAGMA integrity_check"))


def _now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).isoformat(timespec="seconds")


@contextmanager
def open_store(db: ResultsStore | str | Path | None, *, create_folder: bool = False
               ) -> Iterator[ResultsStore]:
    """The store to use: an open one as is (left open), else the file at `db` (or the
    default store when None), closed again at the end. `create_folder`: see
    `ResultsStore`."""
    if isinstance(db, ResultsStore):
        yield db
        return
    store = ResultsStore(db, create_folder=create_folder)
    try:
        yield store
    finally:
        store.close()


__all__ = [
    "Dimension",
    "NewGame",
    "ResultsStore",
    "StoredGame",
    "Workshop",
    "default_db_path",
    "open_store",
]
