"""The results store: one SQLite file holding workshops, finished games and bot scores.

It lives at `<data dir>/results.sqlite` (the data dir of `pmsim.tui.saves`:
`platformdirs.user_data_dir("pmsim")` or `$PMSIM_DATA_DIR`); every command takes
`--db PATH` to use another file.

Many players finishing at once on one machine must lose nothing, so:
- the database runs in WAL mode (readers never block the writer) with a busy timeout;
- each write is one short `BEGIN IMMEDIATE … COMMIT` transaction, retried with
  growing, jittered pauses while another process holds the lock;
- `synchronous = FULL`: a committed game survives a crash or power cut, and a process
  killed in the middle of a write leaves the last committed state (SQLite's journal).

A file that is not a pmsim results store (another program's database, a damaged file,
any other file) is refused before anything is written to it.

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
BUSY_TIMEOUT_MS = 5_000
"""How long SQLite itself waits for a lock before reporting `database is locked`."""
WRITE_DEADLINE_S = 60.0
"""After retrying this long, a write gives up with a message."""
SQLITE_HEADER = b"SQLite format 3\x00"

T = TypeVar("T")


def default_db_path() -> Path:
    """The results store of this user: `results.sqlite` in pmsim's data folder."""
    from pmsim.tui.saves import data_dir  # platformdirs only; no Textual

    return data_dir() / DB_FILE_NAME


def _busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class ResultsStore:
    """An open results store. Use as a context manager, or call `close()`.

    One connection, guarded by a lock, so the object may be shared with a worker
    thread; separate processes each open their own."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path).expanduser() if path is not None else default_db_path()
        self._lock = threading.Lock()
        self._jitter = random.Random()  # retry pauses only; never game randomness
        self._conn = self._connect()
        try:
            self._prepare()
        except BaseException:
            self._conn.close()
            raise

    # ------------------------------------------------------------ opening
    def _refuse(self, why: str) -> UserError:
        return UserError(f"{self.path} {why}; it was left untouched. Name another file with "
                         f"--db, or leave --db out to use your own store "
                         f"({default_db_path()}).")

    def _connect(self) -> sqlite3.Connection:
        """Check the file is (or can become) a results store, then connect to it."""
        path = self.path
        if path.is_dir():
            raise self._refuse("is a folder, not a results store file")
        try:
            with path.open("rb") as handle:
                head = handle.read(len(SQLITE_HEADER))
        except FileNotFoundError:
            head = None
        except OSError as exc:
            raise UserError(f"cannot read the results store {path} ({exc.strerror}); "
                            "check its permissions, or name another file with --db.") from None
        if head and head != SQLITE_HEADER:
            raise self._refuse("is not a pmsim results store (not an SQLite database)")
        if head is None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise UserError(f"cannot create the folder for the results store {path} "
                                f"({exc.strerror}); name another file with --db.") from None
        try:
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000,
                                   isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise UserError(f"cannot open the results store {path} ({exc}); name another "
                            "file with --db.") from None
        return conn

    def _prepare(self) -> None:
        """Refuse foreign or damaged files (reading only), then create the tables (or add
        what an older pmsim's store lacks)."""
        def inspect() -> tuple[set[str], int, int | None, set[str]]:
            try:
                tables = {row[0] for row in self._conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'")}
                app_id = self._conn.execute("PRAGMA application_id").fetchone()[0]
                version = None
                if "meta" in tables:
                    row = self._conn.execute(
                        "SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
                    version = int(row[0]) if row else None
                columns = {row[1] for row in self._conn.execute("PRAGMA table_info(games)")}
            except sqlite3.OperationalError as exc:
                if _busy(exc):
                    raise  # retried
                raise self._refuse(f"is damaged or is not a pmsim results store ({exc})"
                                   ) from None
            except (sqlite3.DatabaseError, ValueError) as exc:
                raise self._refuse(f"is damaged or is not a pmsim results store ({exc})"
                                   ) from None
            return tables, app_id, version, columns

        tables, app_id, version, columns = self._retrying(inspect)
        if tables and (app_id != APPLICATION_ID or version is None):
            raise self._refuse("is an SQLite database of another program, not a pmsim "
                               "results store")
        if version is not None and version > SCHEMA_VERSION:
            raise UserError(f"the results store {self.path} was written by a newer pmsim "
                            f"(store version {version}; this pmsim knows up to "
                            f"{SCHEMA_VERSION}). Upgrade pmsim, or name another file with "
                            "--db.")
        self._execute_pragmas()
        if version is None:
            self._write(self._create_tables)
        elif "dropped_from" not in columns:
            self._write(self._migrate)

    def _execute_pragmas(self) -> None:
        def pragmas() -> None:
            self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            mode = self._conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise UserError(f"the results store {self.path} cannot use write-ahead "
                                f"logging (journal mode stays {mode!r}); put it on a local "
                                "disk with --db.")
            self._conn.execute("PRAGMA synchronous = FULL")
            self._conn.execute("PRAGMA foreign_keys = ON")

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
                    raise self._damaged(exc) from None
                if time.monotonic() > deadline:
                    raise UserError(f"the results store {self.path} stayed locked by other "
                                    f"processes for over {WRITE_DEADLINE_S:.0f} s; nothing "
                                    "was written. Try again.") from None
            except sqlite3.DatabaseError as exc:
                raise self._damaged(exc) from None
            time.sleep(pause * (0.5 + self._jitter.random()))
            pause = min(pause * 2, 1.0)

    def _damaged(self, exc: sqlite3.Error) -> UserError:
        return UserError(f"the results store {self.path} cannot be used ({exc}). If it is "
                         "damaged, restore it from a backup, or name a new file with --db.")

    def _write(self, body: Callable[[sqlite3.Connection], T]) -> T:
        """One write transaction (`BEGIN IMMEDIATE`), retried while the database is
        locked; rolled back on any error, so nothing is ever half-written."""
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

        return self._write(insert)

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

        return self._write(update)

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

        return self._write(insert)

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
        """Cache a bot's scores by seed (one transaction)."""
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
def open_store(db: ResultsStore | str | Path | None) -> Iterator[ResultsStore]:
    """The store to use: an open one as is (left open), else the file at `db` (or the
    default store when None), closed again at the end."""
    if isinstance(db, ResultsStore):
        yield db
        return
    store = ResultsStore(db)
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
