"""What the hub holds, kept on disk so a hub killed mid-workshop loses nothing: one
file per team with its log lines as they arrived (`<slug>.jsonl`, the slug a hash of
the team name, never the name itself), and `teams.json` with each team's name and the
hash of its token. Restarted over the same folder, the hub knows every team, every
line it had acknowledged, and which games are finished."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pmsim.errors import UserError
from pmsim.hub.protocol import Status
from pmsim.results.leaderboard import build_leaderboard
from pmsim.results.record import record_game
from pmsim.results.rows import json_dict
from pmsim.text import clean_line

INDEX = "teams.json"
TOKENS = "tokens.json"
INJECTS = "injects.json"


def write_file(path: Path, text: str, private: bool = False) -> None:
    """Write a small file whole or not at all (a hub killed mid-write leaves the old
    one); `private`: readable by its owner only."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    if private:
        os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def hub_tokens(folder: Path) -> tuple[str, str]:
    """The hub's join and console tokens, made once and kept in its folder, so a hub
    restarted mid-workshop takes the same links (and its games reconnect)."""
    path = folder / TOKENS
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        return str(kept["join"]), str(kept["console"])
    except FileNotFoundError:
        pass
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UserError(f"the hub's tokens in {path} cannot be read ({exc}); delete the "
                        "file to make new links (games joined with the old one must join "
                        "again).") from None
    folder.mkdir(parents=True, exist_ok=True)
    join, console = secrets.token_urlsafe(18), secrets.token_urlsafe(18)
    write_file(path, json.dumps({"join": join, "console": console}), private=True)
    return join, console


def slug(team: str) -> str:
    """The file name stem of a team's log: a hash of its name."""
    return hashlib.sha256(team.encode("utf-8")).hexdigest()[:20]


def token_hash(token: str) -> str:
    """What the hub keeps of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass
class TeamLive:
    """One team's game as the hub sees it."""

    team: str
    token: str
    """The hash of the team's token (`token_hash`)."""
    have: int = 0
    """Log lines held (line 0 is the header)."""
    week: int = 0
    finished: bool = False
    """The end line arrived."""
    score: int | None = None
    """The verified score, once recorded."""
    recorded: int | None = None
    """The results-store id of the verified game."""
    problem: str | None = None
    """Why the finished game could not be recorded, if it could not."""
    spi_t: float | None = None
    cpi: float | None = None
    p_on_time: float | None = None
    waiting: int = 0
    last_seen: float = 0.0
    """`time.time()` of the last message from the game."""
    connected: int = 0
    """Connections open for this team now."""

    def to_json(self, now: float) -> dict[str, Any]:
        """The team's row of `/api/status`."""
        return {
            "team": self.team, "week": self.week, "finished": self.finished,
            "score": self.score, "recorded": self.recorded, "problem": self.problem,
            "spi_t": self.spi_t, "cpi": self.cpi, "p_on_time": self.p_on_time,
            "waiting": self.waiting, "connected": self.connected > 0,
            "last_seen": self.last_seen,
            "seconds_since_seen": round(now - self.last_seen, 1) if self.last_seen else None,
            "lines": self.have,
        }


class HubState:
    """Every team of one workshop, on disk under `folder`."""

    def __init__(self, code: str, folder: Path, db: Path | None) -> None:
        self.code, self.folder, self.db = code, folder, db
        self.teams: dict[str, TeamLive] = {}
        self.injects: dict[str, int] = {}
        """The injects scheduled so far: id → the week every game meets it."""
        folder.mkdir(parents=True, exist_ok=True)
        self._load_injects()
        self._load()

    # ------------------------------------------------------------------ disk
    def _load(self) -> None:
        index = self.folder / INDEX
        if not index.is_file():
            return
        try:
            rows = json.loads(index.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise UserError(f"the hub's team list {index} cannot be read ({exc}); move the "
                            "folder aside to start the workshop's hub afresh.") from None
        for row in rows if isinstance(rows, list) else []:
            team = TeamLive(team=clean_line(str(row.get("team", ""))),
                            token=str(row.get("token", "")))
            lines = self._read_lines(team.team)
            team.have = len(lines)
            team.finished = bool(lines) and json_dict(lines[-1]).get("end") is True
            self._last_status(team)
            self.teams[team.team] = team
            if team.finished and not self._known_entry(team):  # finished as the hub died
                self.record(team)

    def _load_injects(self) -> None:
        with contextlib.suppress(OSError, ValueError):  # none yet (or unreadable: none)
            kept = json.loads((self.folder / INJECTS).read_text(encoding="utf-8"))
            self.injects = {str(k): int(v) for k, v in kept.items() if isinstance(v, int)}

    def schedule(self, inject_id: str, week: int) -> None:
        """Schedule an inject for `week` in every game, kept on disk."""
        self.injects[inject_id] = week
        write_file(self.folder / INJECTS, json.dumps(self.injects))

    def inject_problem(self, team: TeamLive) -> str | None:
        """Whether a finished game met every inject scheduled for a week it played, in
        that week, and none that was not scheduled: None, or what went wrong (a game
        that lost the hub may meet one late; the facilitator sees it beside the score)."""
        lines = [json_dict(line) for line in self._read_lines(team.team)]
        met = {str(x.get("inject")): x.get("week") for x in lines
               if x.get("action") == "inject"}
        unasked = sorted(set(met) - set(self.injects))
        if unasked:  # a log may say anything: the facilitator never sent this one
            return f"met the inject '{unasked[0]}', which was never scheduled"
        result = lines[-1].get("result") if lines else None
        last = result.get("finish_week", 0) if isinstance(result, dict) else 0
        for inject_id, week in sorted(self.injects.items(), key=lambda kv: kv[1]):
            if week > last:
                continue
            if inject_id not in met:
                return f"never met the inject '{inject_id}' scheduled for week {week}"
            if met[inject_id] != week:
                return (f"met the inject '{inject_id}' in week {met[inject_id]}, scheduled "
                        f"for week {week}")
        return None

    def _save_index(self) -> None:
        rows = [{"team": t.team, "token": t.token} for t in self.teams.values()]
        write_file(self.folder / INDEX, json.dumps(rows, indent=1))

    def log_path(self, team: str) -> Path:
        """Where a team's log is kept."""
        return self.folder / f"{slug(team)}.jsonl"

    def _read_lines(self, team: str) -> list[str]:
        path = self.log_path(team)
        if not path.is_file():
            return []
        text = path.read_text(encoding="utf-8")
        complete = text if text.endswith("\n") else text[: text.rfind("\n") + 1]
        if complete != text:  # a line cut by a crash: the game sends it again
            path.write_text(complete, encoding="utf-8")
        return complete.splitlines()

    # ------------------------------------------------------------------ teams
    def join(self, team: str, token: str | None) -> tuple[TeamLive, str]:
        """Take a game in for `team`: a new name gets a new token; a known one needs
        its token. Returns the team and the token to give back."""
        team = clean_line(team).strip()
        if not team:
            raise UserError("a team needs a name with some letters in it")
        known = self.teams.get(team)
        if known is None:
            token = secrets.token_urlsafe(24)
            known = TeamLive(team=team, token=token_hash(token))
            self.teams[team] = known
            self._save_index()
            return known, token
        if token is None or not hmac.compare_digest(token_hash(token), known.token):
            raise UserError(f"team '{team}' has joined already; a game joins as that team "
                            "again only with its team token (choose another name).")
        return known, token

    def append(self, team: TeamLive, first: int, lines: list[str]) -> bool:
        """Keep the lines from number `first` on that the hub does not hold yet (lines
        sent twice are counted once; a gap keeps nothing). True when the game's end
        line has just arrived."""
        if team.finished or first > team.have:
            return False
        fresh = lines[team.have - first:]
        for line in fresh:
            if "\n" in line or "\r" in line or not json_dict(line):
                raise UserError("a log line is not one JSON object; the game log cannot be "
                                "kept")
        if not fresh:
            return False
        # no fsync: a game resends from what the hub finds on disk when it reconnects
        # (`Welcome.have`), so a line lost with the machine is sent again
        with self.log_path(team.team).open("a", encoding="utf-8") as out:
            out.write("".join(line + "\n" for line in fresh))
        team.have += len(fresh)
        team.finished = '"end"' in fresh[-1] and json_dict(fresh[-1]).get("end") is True
        return team.finished

    def record(self, team: TeamLive) -> None:
        """Record the finished game in the results store, verified by replay (slow: the
        hub runs `record_entry` in a worker process instead)."""
        self.recorded(team, record_entry(self.db, self.log_path(team.team), self.code))

    def recorded(self, team: TeamLive, entry: tuple[int, int] | str) -> None:
        """Note what `record_entry` gave: (id, score), or why it was refused; kept on
        disk, so a restarted hub knows it without replaying the game again."""
        if isinstance(entry, str):
            team.problem = entry
        else:
            (team.recorded, team.score), team.problem = entry, self.inject_problem(team)
        with contextlib.suppress(OSError):
            write_file(self._entry_path(team.team), json.dumps(
                {"recorded": team.recorded, "score": team.score, "problem": team.problem}))

    def _entry_path(self, team: str) -> Path:
        return self.folder / f"{slug(team)}.recorded.json"

    def _known_entry(self, team: TeamLive) -> bool:
        """Restore what was recorded for a finished game; False when nothing was."""
        try:
            kept = json.loads(self._entry_path(team.team).read_text(encoding="utf-8"))
            recorded, score, problem = kept["recorded"], kept["score"], kept["problem"]
        except (OSError, ValueError, KeyError, TypeError):
            return False
        team.recorded = recorded if isinstance(recorded, int) else None
        team.score = score if isinstance(score, int) else None
        team.problem = problem if isinstance(problem, str) else None
        return team.recorded is not None or team.problem is not None

    def note_status(self, team: TeamLive, status: Status) -> None:
        """The game's figures at the end of its turn, kept on disk too (a restarted
        hub shows them until the game reports again)."""
        self._use_status(team, status)
        team.last_seen = time.time()
        with contextlib.suppress(OSError):
            write_file(self.status_path(team.team), status.model_dump_json())

    def status_path(self, team: str) -> Path:
        """Where a team's last figures are kept."""
        return self.folder / f"{slug(team)}.status.json"

    @staticmethod
    def _use_status(team: TeamLive, status: Status) -> None:
        team.week, team.spi_t, team.cpi = status.week, status.spi_t, status.cpi
        team.p_on_time, team.waiting = status.p_on_time, status.waiting

    def _last_status(self, team: TeamLive) -> None:
        # none yet, or unreadable: the game's next report brings it
        with contextlib.suppress(OSError, ValueError):
            self._use_status(team, Status.model_validate_json(
                self.status_path(team.team).read_text(encoding="utf-8")))


def leaderboard_json(db: Path | None, code: str) -> dict[str, Any]:
    """The workshop's verified leaderboard (every stored game replayed; without the luck
    baseline, which the report adds), as `pmsim leaderboard --json` gives it."""
    try:
        return build_leaderboard(db, workshop=code, luck=False).to_json()
    except UserError as exc:
        return {"problem": str(exc), "ranking": [], "flagged": []}


def record_entry(db: Path | None, path: Path, code: str) -> tuple[int, int] | str:
    """Record a finished game's log in the store for workshop `code`, verified by
    replay: (its id, its score), or the reason it was refused (for a worker process:
    plain values only)."""
    try:
        recorded = record_game(db, path, code)
    except UserError as exc:
        return str(exc)
    return recorded.id, recorded.score
