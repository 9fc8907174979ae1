"""The file under a results store: what it is, whether it can be written, how to
connect to it, and what to tell the user when it cannot be used.

`pmsim.results.store.ResultsStore` opens a store through `open_connection`, which
- refuses a folder, a FIFO, a device or a socket (SQLite would block on a FIFO, or
  write its journal beside `/dev/null`), and a file that is not an SQLite database;
- refuses a store in a folder that does not exist, unless the command creates stores
  (`create_folder`), and then makes the folder and says which (`StoreFile.made_folder`);
- opens a healthy store on a read-only file system, or in a folder or file it may not
  write, read-only (`StoreFile.read_only`): reading commands work, and a write is
  refused with "read-only", never "damaged".

The messages are here too, so each problem is named the same way wherever it is met:
`damaged` (the pages fail `PRAGMA quick_check`), `read_only`, `not_a_store`.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from pmsim.errors import UserError
from pmsim.files import file_kind
from pmsim.text import clean_line

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5_000
"""How long SQLite itself waits for a lock before reporting `database is locked`."""
CREATING_COMMANDS = "`pmsim workshop new` and `pmsim record`"
"""The commands that create a store (and its folder) where --db names one."""


@dataclass
class StoreFile:
    """What `open_connection` found out about the file it connected to."""

    path: Path
    read_only: bool = False
    """The store can be read but not written here (file system, folder or file)."""
    why_read_only: str = ""
    made_folder: Path | None = None
    """The folder created for a new store (None when it was there already)."""


def refused(path: Path, why: str) -> UserError:
    """The file is not a store to use: say what it is and what to do instead."""
    from pmsim.results.store import default_db_path

    return UserError(f"{path} {why}; it was left untouched. Name another file with --db, or "
                     f"leave --db out to use your own store ({default_db_path()}).")


def damaged(path: Path, detail: str) -> UserError:
    """The store's pages fail SQLite's checks."""
    return UserError(
        f"the results store {path} is damaged ({detail}); it was left untouched and nothing "
        "was read from it. Restore it from a backup, or try to save what it holds with "
        f"`sqlite3 {path} .recover | sqlite3 recovered.sqlite` and use the copy with --db; "
        "meanwhile, name a new file with --db to go on.")


def read_only(path: Path, why: str, doing: str = "") -> UserError:
    """A healthy store that cannot be written here; `doing` is what was asked, a verb
    phrase whose object is the store ("record a game in")."""
    said = (f"cannot {doing} the results store {path}: it is read-only here" if doing
            else f"the results store {path} is read-only here")
    return UserError(
        f"{said} ({why}); it is not damaged. "
        "Copy it to a folder you can write to and name the copy with --db, or make the "
        "file and its folder writable.")


def not_a_store(path: Path, why: str) -> UserError:
    """An SQLite file that is not (or no longer) a pmsim results store."""
    return refused(path, f"is not a pmsim store ({why})")


def missing_folder(path: Path) -> UserError:
    """--db names a file in a folder that does not exist, for a command that only reads."""
    return UserError(f"there is no results store at {path}: the folder {path.parent} does "
                     f"not exist. Check the --db path; {CREATING_COMMANDS} create a new store "
                     "and its folder.")


def error_name(exc: sqlite3.Error) -> str:
    """SQLite's name for the error (e.g. `SQLITE_CORRUPT`), or ''."""
    return str(getattr(exc, "sqlite_errorname", "") or "")


def is_read_only_error(exc: sqlite3.Error) -> bool:
    """SQLite refused to write (SQLITE_READONLY and its kin)."""
    return error_name(exc).startswith("SQLITE_READONLY") or "readonly" in str(exc).lower()


def is_damage(exc: sqlite3.Error) -> bool:
    """SQLite found the file's pages broken."""
    name = error_name(exc)
    return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in str(exc)


def _why_not_writable(path: Path, exists: bool) -> str:
    """Why the store cannot be written here, or '' when it can. Also true for root on a
    read-only file system (`access` reports EROFS)."""
    folder = path.parent
    if not os.access(folder, os.W_OK):
        if _read_only_mount(folder):
            return "it is on a read-only file system"
        return f"its folder {folder} cannot be written"
    if exists and not os.access(path, os.W_OK):
        return "the file cannot be written"
    return ""


def _read_only_mount(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


def open_connection(path: Path, *, create_folder: bool) -> tuple[sqlite3.Connection,
                                                                  StoreFile]:
    """Check the file is (or can become) a results store, then connect to it
    (read-only when it cannot be written here); `UserError` when it cannot be used."""
    info = _stat(path)
    found = StoreFile(path)
    if info is not None:
        kind = file_kind(info.st_mode)
        if kind == "a folder":
            raise refused(path, "is a folder, not a results store file")
        if kind is not None:
            raise refused(path, f"is {kind}, not a results store file")
        _check_header(path)
    elif not path.parent.is_dir():
        if path.parent.exists() or not create_folder:
            raise missing_folder(path)
        try:
            path.parent.mkdir(parents=True)
        except OSError as exc:
            raise UserError(f"cannot create the folder {path.parent} for the results store "
                            f"{path} ({exc.strerror or exc}); name another file with --db."
                            ) from None
        found.made_folder = path.parent
    found.why_read_only = _why_not_writable(path, info is not None)
    found.read_only = bool(found.why_read_only)
    if found.read_only and info is None:
        raise read_only(path, found.why_read_only, "create")
    if not found.read_only:
        return _connect(str(path), uri=False), found
    return _connect_read_only(path, found), found


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)  # follows a link: a link to a store is a store
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        raise missing_folder(path) from None
    except OSError as exc:
        raise UserError(f"cannot read the results store {path} ({exc.strerror}); check its "
                        "permissions, or name another file with --db.") from None


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:  # a regular file: never blocks
            head = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise UserError(f"cannot read the results store {path} ({exc.strerror}); check its "
                        "permissions, or name another file with --db.") from None
    if head and head != SQLITE_HEADER:
        raise refused(path, "is not a pmsim results store (not an SQLite database)")


def _connect(target: str, *, uri: bool) -> sqlite3.Connection:
    try:
        return sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000, uri=uri,
                               isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise UserError(f"cannot open the results store {target} ({exc}); name another "
                        "file with --db.") from None


def _connect_read_only(path: Path, found: StoreFile) -> sqlite3.Connection:
    """Read-only: `mode=ro`; where SQLite cannot make its shared-memory file beside a
    WAL store (a read-only folder), `immutable=1` — but only when no write-ahead log
    holds committed games that reading the main file alone would miss."""
    base = "file:" + quote(str(path.resolve()))
    conn = _connect(base + "?mode=ro", uri=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        if error_name(exc) != "SQLITE_CANTOPEN":
            raise damaged(path, str(exc)) from None
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise read_only(path, found.why_read_only + ", and its write-ahead log holds "
                        "changes only a writable copy can read", "read")
    return _connect(base + "?mode=ro&immutable=1", uri=True)


def unusable(found: StoreFile, exc: sqlite3.Error, doing: str = "") -> UserError:
    """SQLite's error in words: read-only, damaged, or (else) what SQLite said."""
    if is_read_only_error(exc):
        return read_only(found.path, found.why_read_only or "SQLite may not write it", doing)
    if is_damage(exc):
        return damaged(found.path, str(exc))
    return UserError(f"the results store {found.path} cannot be used ({exc}). If it is "
                     "damaged, restore it from a backup, or name a new file with --db.")


def inspect(conn: sqlite3.Connection, found: StoreFile
            ) -> tuple[set[str], int, str | None, set[str]]:
    """What an opened file holds: its tables, application id, schema version (as
    written) and the columns of `games`. Every page is checked first (`PRAGMA
    quick_check`): a damaged store is refused before anything in it is believed. A
    locked database raises its `OperationalError` (the caller retries)."""
    try:
        tables = {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables:
            problems = [str(row[0]) for row in conn.execute("PRAGMA quick_check(3)")]
            if problems != ["ok"]:
                raise damaged(found.path, clean_line("; ".join(problems)))
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = None
        if "meta" in tables:
            row = conn.execute(
                "SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            version = None if row is None else str(row[0])
        columns = {row[1] for row in conn.execute("PRAGMA table_info(games)")}
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            raise  # retried
        raise unusable(found, exc) from None
    except sqlite3.DatabaseError as exc:
        raise unusable(found, exc) from None
    return tables, app_id, version, columns


def schema_version(text: str) -> int | None:
    """A store's schema version, or None when it is not a whole number from 1."""
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() and int(text) >= 1 else None
