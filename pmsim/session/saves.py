"""Where games are saved, and finding the unfinished ones to continue.

A saved game is its log (`pmsim.gamelog`), one `.jsonl` file a game, under
`<data dir>/games/`. What the log header has no field for — the workshop a game counts
for, the game and week it was rewound from — is kept beside it in `<log>.meta.json`.
The data dir is `platformdirs.user_data_dir("pmsim")`, or the folder named by the
environment variable `PMSIM_DATA_DIR` (tests use a temporary one).

Served to web browsers (`pmsim serve`), every participant's game runs on the server and
shares its data dir. A served game belongs to the browser that started it: the server
gives each browser a secret key in a cookie and each of its games the owner id derived
from it (`pmsim play --browser`), noted beside the log (`claim`). The start screen then
offers only that browser's games (`belongs_to`), never a game found by its team name.

A log that cannot be read (cut off when the computer stopped, or damaged) is not
skipped in silence: `scan_games` lists it as a `DamagedSave`, with what is wrong and
the intact part before the damage, which `pmsim.session.recover` turns into a new game.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pmsim.engine.simulation import Simulation
from pmsim.errors import UserError
from pmsim.files import NotReadable, read_file
from pmsim.gamelog import (
    MAX_LOG_BYTES,
    GameLogWriter,
    LoadedLog,
    LogError,
    parse_lines,
    read_log,
)
from pmsim.paths import data_dir
from pmsim.text import clean_line

SERVED_VARIABLE = "PMSIM_SERVED"
"""Environment variable `pmsim serve` sets to 1 for the games it runs in browsers: many
participants then share one data dir, and each may continue only their own team's game.
Set to 0 to play a served game as on one's own computer (a single player)."""
OWNER_NOTE = "browser"
"""The key, in a served game's notes (`meta_path`), of the id of the browser it belongs to."""
WEB_DRIVER = "web_driver"
"""Part of `TEXTUAL_DRIVER` when Textual draws in a browser (textual-serve sets it)."""


def served() -> bool:
    """Whether this game is served to a web browser, with other players' games beside
    it: `PMSIM_SERVED` says so (1 / 0); unset, Textual's web driver does (any textual-serve
    setup, not only `pmsim serve`, is treated as shared)."""
    value = os.environ.get(SERVED_VARIABLE, "").strip().lower()
    if value:
        return value not in ("0", "false", "no", "off")
    return WEB_DRIVER in os.environ.get("TEXTUAL_DRIVER", "")


def same_team(a: str, b: str) -> bool:
    """Whether two team names are the same team: case and spacing do not matter ("Blue
    team" is "blue  Team"), as people retype a name in a hurry."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def games_dir() -> Path:
    """The folder of game logs."""
    return data_dir() / "games"


def new_log_path(scenario_id: str, seed: int, now: datetime | None = None,
                 suffix: str = "") -> Path:
    """A fresh log file name: `<timestamp>-<scenario>-<seed><suffix>.jsonl`, never an
    existing one (a game rewound to week 8 gets the suffix `-from-week-8`)."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    safe_id = re.sub(r"[^A-Za-z0-9_.-]+", "-", scenario_id) or "scenario"
    base = games_dir() / f"{stamp}-{safe_id}-{seed}{suffix}"
    path, n = base.with_suffix(".jsonl"), 1
    while path.exists():
        n += 1
        path = base.parent / f"{base.name}-{n}.jsonl"
    return path


def meta_path(log_path: Path) -> Path:
    """The notes file beside a game log: `<log name>.meta.json`."""
    return log_path.with_name(f"{log_path.stem}.meta.json")


def write_meta(log_path: Path, meta: dict[str, object]) -> None:
    """Keep notes about a game beside its log (raises `OSError` when it cannot)."""
    meta_path(log_path).write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n",
                                   encoding="utf-8")


def read_meta(log_path: Path) -> dict[str, object]:
    """The notes beside a game log; empty when there are none or they cannot be read
    (they are only notes: the log is the game)."""
    try:
        meta = json.loads(meta_path(log_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


@dataclass(frozen=True)
class SavedGame:
    """An unfinished game found on disk."""

    path: Path
    log: LoadedLog

    def describe(self) -> str:
        """One line for the start screen (from a file somebody may have edited: no
        control characters)."""
        team = f", team {self.log.team}" if self.log.team else ""
        when = self.log.created[:16].replace("T", " ")
        actions = len(self.log.actions)
        return clean_line(f"{self.log.scenario_id}, seed {self.log.seed}{team} — "
                          f"{actions} action{'' if actions == 1 else 's'}, started {when}")


def claim(log_path: Path, owner: str) -> None:
    """Note that the game saved in `log_path` belongs to the browser `owner` (raises
    `OSError` when the note cannot be written: the game is then not offered again)."""
    write_meta(log_path, {**read_meta(log_path), OWNER_NOTE: owner})


def belongs_to(log_path: Path, owner: str | None) -> bool:
    """Whether the game saved in `log_path` was started by the browser `owner` (never
    when either is unknown: a served game without the note is nobody's to continue)."""
    noted = read_meta(log_path).get(OWNER_NOTE)
    return (owner is not None and isinstance(noted, str) and bool(noted)
            and hmac.compare_digest(noted.encode(), owner.encode()))


@dataclass(frozen=True)
class DamagedSave:
    """A saved game whose log cannot be read: what is wrong, and the part before the
    damage that can still be played on (`intact`; None when even the header is gone)."""

    path: Path
    problem: str
    """The reader's message, in full (`pmsim.gamelog.read_log`)."""
    intact: LoadedLog | None
    first_bad_line: int
    """The first line that cannot be used (1: the header; 0: no line, the file is)."""
    cut_off: bool
    """The damage is a last line that stops in the middle: saving was interrupted."""

    def describe(self) -> str:
        """What the game was, as far as the intact part says."""
        if self.intact is None:
            return clean_line(self.path.name)
        return SavedGame(self.path, self.intact).describe()

    def what_is_wrong(self) -> str:
        """A few words: where the log stops being readable."""
        line = self.first_bad_line
        if self.intact is None:
            return clean_line("it " + self.problem.removeprefix(f"the game log {self.path} "))
        if self.cut_off:
            return f"it is cut off in line {line} (the game stopped while saving)"
        if line > 1:
            return f"it is damaged from line {line} on"
        return clean_line("it " + self.problem.removeprefix(f"the game log {self.path} "))

    def offer(self) -> str:
        """What the intact part can become."""
        if self.intact is None:
            return "Nothing before the damage can be recovered."
        n = len(self.intact.actions)
        return (f"The {n} action{'' if n == 1 else 's'} before the damage can be recovered "
                f"as a new game; the damaged file is kept, renamed {self.path.name}.damaged.")


def inspect_damage(path: Path, problem: str) -> DamagedSave:
    """The intact part of the log in `path`, which `read_log` refused with `problem`:
    the header and the lines after it, up to the first one that is cut off, unreadable
    or out of its chain."""
    try:
        data = read_file(path, MAX_LOG_BYTES)
    except (OSError, NotReadable):
        return DamagedSave(path, problem, None, 1, False)
    text = data.decode("utf-8", "replace").removeprefix("\ufeff")
    lines = text.split("\n")
    cut = lines.pop() != ""  # the last line, cut short, or the empty piece after the end
    total = len(lines) + cut
    good = _longest_intact(lines, path)
    if good == 0:
        return DamagedSave(path, problem, None, 1, False)
    intact = parse_lines(lines[:good], path)
    if good == total:  # every line reads: the problem is the file's, not a line's
        return DamagedSave(path, problem, intact, 0, False)
    return DamagedSave(path, problem, intact, good + 1, cut and good + 1 == total)


def _longest_intact(lines: list[str], path: Path) -> int:
    """How many leading lines form a valid log (a valid log's leading lines are one
    too, so the count is searched by halves); 0 when not even the header."""
    def valid(k: int) -> bool:
        try:
            parse_lines(lines[:k], path)
        except UserError:
            return False
        return True

    low, high = 0, len(lines)  # lines[:low] is valid (or low is 0); beyond high is not
    while low < high:
        middle = (low + high + 1) // 2
        if valid(middle):
            low = middle
        else:
            high = middle - 1
    return low


def scan_games(keep: Callable[[Path], bool] | None = None
               ) -> Iterator[SavedGame | DamagedSave]:
    """The saved games that are not over, the most recently changed first: readable
    ones to continue, and damaged ones (`DamagedSave`) that no longer can be; with
    `keep`, only the logs it accepts (checked before a log is read through)."""
    folder = games_dir()
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.jsonl"), key=_mtime, reverse=True):
        if keep is not None and not keep(path):
            continue
        try:
            log = read_log(path)
        except UserError as exc:
            yield inspect_damage(path, str(exc))
            continue
        if log.result is None:
            yield SavedGame(path, log)


def unfinished_games(keep: Callable[[Path], bool] | None = None) -> Iterator[SavedGame]:
    """Unfinished, readable game logs, the most recently changed first (those `keep`
    accepts, if given)."""
    return (g for g in scan_games(keep) if isinstance(g, SavedGame))


def damaged_games(keep: Callable[[Path], bool] | None = None) -> Iterator[DamagedSave]:
    """Game logs that cannot be read, the most recently changed first."""
    return (g for g in scan_games(keep) if isinstance(g, DamagedSave))


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0

def rewrite_log(writer: GameLogWriter, sim: Simulation, scenario_ref: str | Path, team: str,
                created: str) -> GameLogWriter:
    """A writer following `sim`, whose log replaces `writer`'s at the same path (an undone
    decision: the game's shorter history), written and synced beside it first: a failure
    raises `LogError` and leaves the old log and writer as they were; on success the old
    writer is closed."""
    if writer.path is None or not writer.saving:
        raise LogError("the game is not being saved, so there is no log to rewrite.")
    path = writer.path
    spare = path.with_name(path.name + ".new")
    fresh = GameLogWriter()
    try:
        fresh.start(spare, sim, scenario_ref, team, overwrite=True, created=created)
        os.replace(spare, path)
    except (LogError, OSError) as exc:
        fresh.close()
        with contextlib.suppress(OSError):
            spare.unlink()
        why = str(exc) if isinstance(exc, LogError) else exc.strerror
        raise LogError(f"cannot rewrite the game log {path} ({why}); the game is as it "
                       "was.") from None
    fresh.path = path
    writer.close()
    return fresh
