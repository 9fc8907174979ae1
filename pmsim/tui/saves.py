"""Where games are saved, and finding the unfinished ones to continue.

A saved game is its log (`pmsim.gamelog`), one `.jsonl` file a game, under
`<data dir>/games/`. What the log header has no field for — the workshop a game counts
for, the game and week it was rewound from — is kept beside it in `<log>.meta.json`.
The data dir is `platformdirs.user_data_dir("pmsim")`, or the folder named by the
environment variable `PMSIM_DATA_DIR` (tests use a temporary one).

Served to web browsers (`pmsim serve`), every participant's game runs on the server and
shares its data dir, so the start screen offers to continue only the game of the team
name typed on it (`served`, `same_team`).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from platformdirs import user_data_dir

from pmsim.errors import UserError
from pmsim.gamelog import LoadedLog, read_log

DATA_DIR_VARIABLE = "PMSIM_DATA_DIR"
"""Environment variable that overrides where pmsim keeps its saved games."""
SERVED_VARIABLE = "PMSIM_SERVED"
"""Environment variable `pmsim serve` sets to 1 for the games it runs in browsers: many
participants then share one data dir, and each may continue only their own team's game.
Set to 0 to play a served game as on one's own computer (a single player)."""
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


def data_dir() -> Path:
    """pmsim's own folder for saved games and exports."""
    override = os.environ.get(DATA_DIR_VARIABLE)
    return Path(override).expanduser() if override else Path(user_data_dir("pmsim"))


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

    @property
    def weeks_played(self) -> int:
        """Weeks begun so far (each week starts with one `advance`, answers may add more)."""
        return sum(1 for a in self.log.actions if a["action"] == "advance")

    def describe(self) -> str:
        """One line for the start screen."""
        team = f", team {self.log.team}" if self.log.team else ""
        when = self.log.created[:16].replace("T", " ")
        actions = len(self.log.actions)
        return (f"{self.log.scenario_id}, seed {self.log.seed}{team} — "
                f"{actions} action{'' if actions == 1 else 's'}, started {when}")


def unfinished_games(team: str | None = None) -> Iterator[SavedGame]:
    """Unfinished, readable game logs, the most recently changed first; with `team`, only
    that team's (`same_team`). Logs that cannot be read are skipped here; opening one by
    name reports its problem."""
    folder = games_dir()
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.jsonl"), key=_mtime, reverse=True):
        if team is not None and not same_team(_header_team(path), team):
            continue  # another team's game: not even read through
        try:
            log = read_log(path)
        except UserError:
            continue
        if log.result is None:
            yield SavedGame(path, log)


def last_unfinished(team: str | None = None) -> SavedGame | None:
    """The unfinished game played most recently (of `team`, if given), if any."""
    return next(unfinished_games(team), None)


def _header_team(path: Path) -> str:
    """The team name in a log's first line, read alone (a whole log is read and checked
    only when it is that team's); empty when it cannot be read."""
    try:
        with path.open(encoding="utf-8") as lines:
            header = json.loads(lines.readline())
    except (OSError, ValueError):
        return ""
    team = header.get("team") if isinstance(header, dict) else None
    return team if isinstance(team, str) else ""


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
