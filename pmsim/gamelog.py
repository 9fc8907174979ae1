"""The game log: a saved game is the list of its actions, replayed by the engine.

JSON Lines, UTF-8, one object a line, every line ending in a newline. Line 1 is the
header; `scenario_path` is the built-in id or absolute path the game was started
from, `created` is informational only::

    {"pmsim_log": 1, "engine": "1", "scenario_id": "portal-launch",
     "scenario_hash": "<16 hex>", "scenario_path": "portal-launch", "seed": 42,
     "team": "Blue", "created": "2026-11-26T10:00:00+00:00", "h": "<16 hex>"}

Then one line per action in the order taken (`n` counts from 0, as `Simulation.actions`)::

    {"n": 0, "action": "apply", "decision": {"kind": "overtime", "level": 1.2}, "h": ...}
    {"n": 1, "action": "advance", "h": ...}
    {"n": 2, "action": "answer", "request": "risk:x:w3", "option": "absorb", "h": ...}
    {"n": 3, "action": "handover", "bot": "cautious", "h": ...}
    {"n": 4, "action": "inject", "inject": "budget-cut", "week": 6, "h": ...}

(`handover`: the player let the bot named play the rest of the game; it changes nothing
in the game, and such a game is not recorded on a leaderboard. `inject`: the workshop's
facilitator dropped one of the scenario's injects into the game at the start of that
week; the replay meets it in the same week or fails)

and, once the game is over, optionally an end line with the result as scored::

    {"end": true, "result": {"seed": 42, "score": 731, ...}, "h": ...}

`h` chains the lines: the first 16 hex digits of sha256(previous `h` + canonical JSON
of the line without `h`); the header's previous `h` is "" and canonical JSON is
`json.dumps(obj, sort_keys=True, separators=(",", ":"))`. Editing, deleting, inserting
or reordering lines breaks the chain at the first line concerned. It catches accidents
and casual edits; it is not a signature (there is no secret key).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pmsim.engine.decisions import DecisionError
from pmsim.engine.simulation import ENGINE_VERSION, Simulation
from pmsim.errors import UserError
from pmsim.filelock import hold_exclusive
from pmsim.files import NotReadable, read_file
from pmsim.scenario import Scenario, ScenarioError, builtin_paths, load_scenario, scenario_hash
from pmsim.text import clean_line

LOG_VERSION = 1
"""Version of the log format (the header's `pmsim_log`)."""
MAX_LOG_BYTES = 50_000_000
"""Larger files are refused unread: a real game log is a few tens of kilobytes."""
UNEDITED = "Use an unedited copy of the log; a log cannot be repaired by hand."
_ACTION_FIELDS = {"advance": {"n", "action"}, "apply": {"n", "action", "decision"},
                  "answer": {"n", "action", "request", "option"},
                  "handover": {"n", "action", "bot"},
                  "inject": {"n", "action", "inject", "week"}}
_HEADER_FIELDS = {"engine": str, "scenario_id": str, "scenario_hash": str,
                  "scenario_path": str, "seed": int, "team": str, "created": str}


class LogError(UserError):
    """A game log that cannot be written, read or replayed; the message says what to do."""


def chain_hash(previous: str, record: dict[str, Any]) -> str:
    """The `h` of a log line: sha256 over the previous `h` and the line's canonical JSON."""
    canonical = json.dumps(record, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256((previous + canonical).encode("utf-8")).hexdigest()[:16]


def scenario_reference(scenario_ref: str | Path) -> str:
    """What a header records as `scenario_path`: a built-in id, else an absolute path."""
    text = str(scenario_ref)
    return text if text in builtin_paths() else str(Path(text).resolve())


class GameLogWriter:
    """Appends a game's actions to its log as they are taken, each line flushed and
    fsynced, so a killed terminal loses nothing. If writing ever fails the game goes on,
    the log is closed and `error` holds a `LogError` for the UI to show."""

    def __init__(self) -> None:
        self.path: Path | None = None
        self.error: LogError | None = None
        self._fd: int | None = None
        self._sim: Simulation | None = None
        self._prev = ""
        self._n = 0

    def start(self, path: str | Path, sim: Simulation, scenario_ref: str | Path,
              team: str = "", *, overwrite: bool = False, created: str | None = None) -> None:
        """Create the log (and its folders), write the header and any actions already
        taken, then follow the game. An existing file is refused unless `overwrite`."""
        header = {
            "pmsim_log": LOG_VERSION, "engine": ENGINE_VERSION,
            "scenario_id": sim.scenario.meta.id, "scenario_hash": sim.scenario_hash,
            "scenario_path": scenario_reference(scenario_ref), "seed": sim.seed, "team": team,
            "created": created or datetime.now(UTC).isoformat(timespec="seconds"),
        }
        self._open(Path(path), os.O_TRUNC if overwrite else os.O_EXCL)
        self._append(header)
        for action in sim.actions:
            self._on_action(action)
        if self.error is not None:
            raise self.error
        self._follow(sim)

    @property
    def saving(self) -> bool:
        """Whether the log is open and following the game."""
        return self._fd is not None

    def resume(self, path: str | Path, sim: Simulation) -> None:
        """Go on appending to the unfinished log that `sim` was just replayed from."""
        log = read_log(path)
        if log.result is not None:
            raise LogError(f"the game in {path} is over; there is nothing to add to its log.")
        if list(log.actions) != sim.actions or log.seed != sim.seed:
            raise LogError(f"this game is not the one replayed from {path}; replay it first.")
        self._open(Path(path), 0)
        self._prev, self._n = log.last_hash, len(log.actions)
        self._follow(sim)

    def finish(self, sim: Simulation) -> None:
        """Write the end line with the finished game's result, and close the log."""
        if not sim.finished:
            raise ValueError("the game is not over; use close() to stop logging it")
        if self._fd is not None:
            self._append({"end": True, "result": sim.outcome().to_result()})
        self.close()
        if self.error is not None:
            raise self.error

    def close(self) -> None:
        """Stop following the game and close the file (an unfinished log stays valid)."""
        if self._sim is not None and self._on_action in self._sim.listeners:
            self._sim.listeners.remove(self._on_action)
        self._sim = None
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> GameLogWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _open(self, path: Path, mode_flag: int) -> None:
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | mode_flag | getattr(os, "O_BINARY", 0)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(path, flags, 0o644)
        except FileExistsError:
            raise LogError(f"the game log {path} already exists; choose another file name "
                           "(or allow overwriting it, which loses the game saved there).") from None
        except OSError as exc:
            raise LogError(f"cannot write the game log {path} ({exc.strerror}); choose a "
                           "folder you can write to.") from None
        if not hold_exclusive(self._fd):
            os.close(self._fd)
            self._fd = None
            raise LogError(f"the game in {path} is being played in another window right now "
                           "(a browser tab or a terminal); quit it there first, then continue "
                           "it here.")
        self.path = path
        try:  # make the new directory entry durable too, where the system allows it
            folder = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)
        except OSError:
            pass

    def _follow(self, sim: Simulation) -> None:
        self._sim = sim
        sim.listeners.append(self._on_action)

    def _on_action(self, action: dict[str, Any]) -> None:
        if self._fd is not None:
            self._append({"n": self._n, **action})
        self._n += 1

    def _append(self, record: dict[str, Any]) -> None:
        """Write one line and fsync it. A failure is kept in `error`, never raised here:
        a listener must not break the game in the middle of an action."""
        assert self._fd is not None
        try:
            h = chain_hash(self._prev, record)
            data = (json.dumps({**record, "h": h}, ensure_ascii=False, allow_nan=False)
                    + "\n").encode("utf-8")
            while data:
                data = data[os.write(self._fd, data):]
            os.fsync(self._fd)
            self._prev = h
        except (OSError, ValueError) as exc:
            self.error = LogError(f"saving the game to {self.path} failed ({exc}); the game "
                                  "goes on but is no longer saved. Free some disk space and "
                                  "start a new log.")
            self.close()


@dataclass(frozen=True)
class LoadedLog:
    """A game log read and checked line by line (not yet replayed)."""

    path: Path | None
    version: int
    engine: str
    scenario_id: str
    scenario_hash: str
    scenario_path: str
    seed: int
    team: str
    created: str
    actions: tuple[dict[str, Any], ...]
    """The actions in order, shaped as in `Simulation.actions` (no `n`, no `h`)."""
    action_lines: tuple[int, ...]
    """Line number (from 1) of each action in the file, for messages."""
    result: dict[str, Any] | None
    """The result on the end line, if the game was logged to its end."""
    last_hash: str
    """The `h` of the last line, where an appended line's chain goes on."""


def _bad(label: str, what: str) -> LogError:
    return LogError(f"the game log {label} {what}")


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _json(line: str) -> Any:
    """One parsed line, or None when it is not JSON (NaN and Infinity are not JSON)."""
    try:
        return json.loads(line, parse_constant=_no_constants)
    except (ValueError, RecursionError):
        return None


def _chained(h: Any, previous: str, record: dict[str, Any]) -> bool:
    """Whether a line's check code `h` follows from the previous one and its content."""
    try:
        return h == chain_hash(previous, record)
    except (ValueError, RecursionError):
        return False


def read_log(path: str | Path) -> LoadedLog:
    """Read and check a game log; every problem is a `LogError` saying what to do."""
    path = Path(path)
    label = str(path)
    try:
        if path.is_dir():
            raise _bad(label, "is a folder; give the path of a game log file (.jsonl).")
        data = read_file(path, MAX_LOG_BYTES)  # a regular file, its size checked first
    except NotReadable as exc:
        raise _bad(label, f"{exc.why}.") from None
    except FileNotFoundError:
        raise _bad(label, "does not exist; check the path and the file name.") from None
    except OSError as exc:
        raise _bad(label, f"cannot be read ({exc.strerror}); check its permissions.") from None
    if b"\x00" in data:
        raise _bad(label, "is a binary file, not a pmsim game log (a text .jsonl file).")
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark from an editor is harmless
    except UnicodeDecodeError:
        raise _bad(label, "is not UTF-8 text, so it is not a pmsim game log.") from None
    if not text.strip():
        raise _bad(label, "is empty: nothing was saved in it. Check that you named the right "
                   "file; a game's log gets its first line as soon as the game starts.")
    lines = text.split("\n")
    complete = lines[-1] == ""  # else the last line has no newline: it was cut short
    if complete:
        lines.pop()
    header = _json(lines[0])
    if not isinstance(header, dict) or "pmsim_log" not in header:
        if not complete and len(lines) == 1 and lines[0].startswith('{"pmsim_log"'):
            raise _bad(label, "stops in the middle of line 1 (the header): the game was "
                       "interrupted as its log was created. There is nothing to replay.")
        raise _bad(label, "is not a pmsim game log: its first line is not a log header. "
                   "Check that you named the right file.")
    return _check_lines(header, lines, complete, path, label)


def parse_lines(lines: list[str], path: Path) -> LoadedLog:
    """Check complete log lines (the header first, no newlines) as `read_log` checks a
    file's: `pmsim.session.recover` finds the intact part of a damaged log with it."""
    header = _json(lines[0]) if lines else None
    if not isinstance(header, dict) or "pmsim_log" not in header:
        raise _bad(str(path), "is not a pmsim game log: its first line is not a log header.")
    return _check_lines(header, lines, True, path, str(path))


def _check_lines(header: dict[str, Any], lines: list[str], complete: bool, path: Path,
                 label: str) -> LoadedLog:
    version = header["pmsim_log"]
    if version != LOG_VERSION or isinstance(version, bool):
        shown = version if type(version) is int else "(unreadable)"
        raise _bad(label, f"uses log format version {shown}, and this pmsim reads "
                   f"version {LOG_VERSION} only; replay it with the pmsim that wrote it.")
    for name, kind in _HEADER_FIELDS.items():
        value = header.get(name)
        if (not isinstance(value, kind) or isinstance(value, bool)
                or (name == "seed" and not (isinstance(value, int) and 0 <= value < 2**63))):
            raise _bad(label, f"has a damaged header (line 1): '{name}' is missing or of the "
                       f"wrong type. {UNEDITED}")
    prev = header.pop("h", None)
    if not _chained(prev, "", header):
        raise _bad(label, "has been edited in line 1 (the header: seed, scenario, team): its "
                   f"check code does not match its content, so the game is refused. {UNEDITED}")
    actions: list[dict[str, Any]] = []
    numbers: list[int] = []
    result, end_line = None, 0
    for number, line in enumerate(lines[1:], start=2):
        if number == len(lines) and not complete:
            raise _bad(label, f"is truncated: line {number}, the last, stops in the middle "
                       "(the game was interrupted while saving). The lines before it are "
                       f"intact: delete line {number} to replay the game up to that point.")
        if end_line:
            raise _bad(label, f"has line {number} after the end-of-game line {end_line}: lines "
                       f"were added or moved. {UNEDITED}")
        record = _json(line)
        if not isinstance(record, dict):
            what = "is empty" if not line.strip() else "is not a valid JSON object"
            raise _bad(label, f"is corrupt: line {number} {what} (the file was damaged or "
                       f"edited). {UNEDITED}")
        h = record.pop("h", None)
        if not _chained(h, prev, record):
            raise _bad(label, f"has been tampered with: line {number} does not follow from the "
                       f"lines before it (its check code does not match), so line {number} or "
                       f"the one before it was edited, deleted, inserted or moved. {UNEDITED}")
        prev = h
        if record.get("end") is True:
            if set(record) != {"end", "result"} or not isinstance(record["result"], dict):
                raise _bad(label, f"has a malformed end-of-game line {number}. {UNEDITED}")
            result, end_line = record["result"], number
            continue
        if not _well_formed(record, len(actions)):
            raise _bad(label, f"has a malformed action on line {number}. {UNEDITED}")
        del record["n"]
        actions.append(record)
        numbers.append(number)
    return LoadedLog(
        path=path, version=version, engine=clean_line(header["engine"]),
        scenario_id=header["scenario_id"], scenario_hash=header["scenario_hash"],
        scenario_path=header["scenario_path"], seed=header["seed"],
        team=clean_line(header["team"]), created=clean_line(header["created"]),
        actions=tuple(actions), action_lines=tuple(numbers), result=result, last_hash=prev,
    )


def _well_formed(record: dict[str, Any], n: int) -> bool:
    """Whether an action line has its kind's fields, of their types, and number `n`."""
    fields = _ACTION_FIELDS.get(str(record.get("action")))
    return (fields is not None and set(record) == fields and type(record["n"]) is int
            and record["n"] == n and isinstance(record.get("decision", {}), dict)
            and all(isinstance(record.get(k, ""), str)
                    for k in ("request", "option", "bot", "inject"))
            and type(record.get("week", 0)) is int)


def _is_file(ref: str) -> bool:
    """True for an existing regular file; a name too long or otherwise impossible (a
    handed-in log may say anything) is simply not one."""
    try:
        return Path(ref).is_file()
    except (OSError, ValueError):
        return False


def _find_scenario(log: LoadedLog, label: str) -> Scenario:
    """The scenario the header names, or, when that file is gone, a file of the same
    name next to the log, or the built-in of the same id if its content hash matches."""
    builtins = builtin_paths()
    refs = [log.scenario_path]
    if log.path is not None and log.scenario_path not in builtins:
        refs.append(str(log.path.parent / Path(log.scenario_path).name))
    ref = next((r for r in refs if r in builtins or _is_file(r)), None)
    if ref is None and log.scenario_id in builtins:
        fallback = load_scenario(log.scenario_id)
        if scenario_hash(fallback) == log.scenario_hash:
            return fallback
    if ref is None:
        raise _bad(label, f"was played on scenario '{log.scenario_id}' ({log.scenario_path}), "
                   "which cannot be found: it is not a built-in scenario and no such file "
                   "exists (also looked next to the log). Put the file back, or name it with "
                   "--scenario.")
    try:
        scenario = load_scenario(ref)
    except ScenarioError as exc:
        problems = "; ".join(str(p) for p in exc.problems[:3])
        raise _bad(label, f"was played on scenario {ref}, which no longer loads ({problems}). "
                   "Restore the scenario file as it was when the game was played, or name "
                   "it with --scenario.") from None
    if scenario_hash(scenario) != log.scenario_hash:
        raise _bad(label, "cannot be replayed: the scenario file has changed since this game "
                   f"was played ({ref} no longer has the content hash {log.scenario_hash} "
                   "recorded in the log), so the same decisions would make a different game. "
                   "Restore the scenario as it was (e.g. from version control) or name the "
                   "original with --scenario.")
    return scenario


def replay(source: str | Path | LoadedLog, scenario: Scenario | None = None) -> Simulation:
    """Rebuild a game by taking the log's actions in order on a fresh `Simulation`; an
    unfinished game comes back in progress. The scenario is the one the header names
    unless given, and must have the content hash the log recorded."""
    log = source if isinstance(source, LoadedLog) else read_log(source)
    label = str(log.path) if log.path is not None else "(in memory)"
    if log.engine != ENGINE_VERSION:
        engine = log.engine if len(log.engine) <= 40 else log.engine[:40] + "…"
        raise _bad(label, f"was played with engine version {engine}, and this pmsim runs "
                   f"engine version {ENGINE_VERSION}, which may play the same decisions "
                   f"differently. Replay it with a pmsim release that has engine {engine}.")
    if scenario is None:
        scenario = _find_scenario(log, label)
    elif scenario_hash(scenario) != log.scenario_hash:
        raise _bad(label, "cannot be replayed on the scenario given: the scenario file has "
                   f"changed since this game was played (content hash {scenario_hash(scenario)}"
                   f", recorded {log.scenario_hash}). Use the scenario as it was then.")
    sim = Simulation(scenario, log.seed)
    for action, number in zip(log.actions, log.action_lines, strict=True):
        try:
            sim.perform(action)
        except (DecisionError, OverflowError) as exc:  # a number too large for the model
            raise _bad(label, f"cannot be replayed: the engine refuses the action on line "
                       f"{number} ({exc}). The log does not fit this scenario and engine; "
                       f"it may have been edited. {UNEDITED}") from None
    replayed = sim.outcome().to_result() if sim.finished else None
    if log.result is not None and replayed != log.result:
        now = (f"score {replayed['score']} ({replayed['outcome']})" if replayed
               else f"an unfinished game in week {sim.week}")
        raise _bad(label, f"records a final score of {log.result.get('score')!r} "
                   f"({log.result.get('outcome')!r}), but replaying its actions gives {now}. "
                   "Either the end line was edited, or the engine changed without a new "
                   "engine version; please report it with the log attached.")
    return sim
