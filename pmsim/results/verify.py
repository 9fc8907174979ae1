"""Verifying a recorded game: its stored log must replay to the score the store records.

An entry fails verification, with the reason, when
- its stored log is damaged or was edited (the log's check codes break), has no end
  line, or does not replay (an action the engine refuses, an end line that does not
  match the replay);
- the row and the log disagree (team, scenario, seed, engine), or the game is not the
  one the leaderboard is about (another scenario version or seed than the workshop's);
- the replayed score, outcome or points by dimension differ from the row (the database
  was edited), or the log text differs from the one recorded (its fingerprint).

Verification needs the engine only; many entries are spread over worker processes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import signal
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pmsim.parallel import process_pool
from pmsim.results.store import StoredGame

if TYPE_CHECKING:
    from pmsim.engine.simulation import Simulation
    from pmsim.gamelog import LoadedLog, LogError

POOL_FROM = 24
"""Verify more entries than this over a process pool (when jobs > 1): starting the
workers costs about a second, about twenty replays of a typical game."""


@dataclass(frozen=True)
class Expected:
    """What the entries of a leaderboard must have been played on."""

    scenario_ref: str
    """Built-in id or path of the scenario to replay on."""
    scenario_hash: str
    seed: int | None
    """The seed every entry must have (None: any seed)."""
    what: str = "this leaderboard"
    """How messages name the expectation ("workshop K7QX-M3RT-AC")."""


@dataclass(frozen=True)
class Verification:
    """The verdict on one entry."""

    game_id: int
    ok: bool
    reason: str = ""
    """Why the entry was flagged (empty when it is verified)."""


def verify_game(game: StoredGame, expected: Expected) -> Verification:
    """Replay one stored game and compare it with its row (see the module docstring)."""
    reason = _problem(game, expected)
    return Verification(game.id, reason is None, reason or "")


def _problem(game: StoredGame, expected: Expected) -> str | None:
    """Why the game fails verification, or None when it replays to its row."""
    with tempfile.TemporaryDirectory(prefix="pmsim-verify-") as folder:
        path = Path(folder) / f"entry-{game.id}.jsonl"
        path.write_text(game.log_text, encoding="utf-8")
        replayed = _replay(game, expected, path)
    if isinstance(replayed, str):
        return replayed
    return _outcome_problem(game, *replayed)


def _clean(exc: LogError, path: Path) -> str:
    """A log error's message naming "its log" instead of the temporary file."""
    from pmsim.gamelog import UNEDITED

    text = str(exc).replace(f"the game log {path} ", "its log ")
    return text.replace(str(path), "its log").replace(UNEDITED, "").strip()


def _replay(game: StoredGame, expected: Expected, path: Path
            ) -> str | tuple[LoadedLog, Simulation]:
    """The log read from `path` and the game it replays to, or why it cannot be."""
    from pmsim.gamelog import LogError, read_log, replay
    from pmsim.scenario import ScenarioError, load_scenario

    try:
        log = read_log(path)
    except LogError as exc:
        return _clean(exc, path)
    if log.result is None:
        return "its log stops before the end of the game"
    mismatch = _row_problem(game, log, expected)
    if mismatch is not None:
        return mismatch
    try:
        scenario = load_scenario(expected.scenario_ref)
    except ScenarioError as exc:
        return f"it cannot be replayed: scenario {expected.scenario_ref} does not load " \
               f"({exc.problems[0]})"
    try:  # the end line is compared in _outcome_problem, with a message for this case
        return log, replay(dataclasses.replace(log, result=None), scenario)
    except LogError as exc:
        return _clean(exc, path)


def _row_problem(game: StoredGame, log: LoadedLog, expected: Expected) -> str | None:
    """Where the row and its log disagree, or the log is not of the expected game."""
    from pmsim.results.record import short_team

    row = {"team": game.team, "scenario": game.scenario_id, "seed": game.seed,
           "scenario version": game.scenario_hash, "engine": game.engine}
    # a long team name is recorded shortened (`short_team`); older stores kept it whole
    team = log.team if game.team == log.team else short_team(log.team)
    logged = {"team": team, "scenario": log.scenario_id, "seed": log.seed,
              "scenario version": log.scenario_hash, "engine": log.engine}
    for key, value in row.items():
        if logged[key] != value:
            return (f"the store says {key} {value!r} but its log says {logged[key]!r} "
                    "(the database was edited)")
    if log.scenario_hash != expected.scenario_hash:
        return (f"it was played on another version of scenario {log.scenario_id} (content "
                f"hash {log.scenario_hash}) than {expected.what} ({expected.scenario_hash})")
    if expected.seed is not None and log.seed != expected.seed:
        return f"it was played with seed {log.seed}, not the seed of {expected.what} " \
               f"({expected.seed})"
    return None


def _outcome_problem(game: StoredGame, log: LoadedLog, sim: Simulation) -> str | None:
    """Where the replayed game differs from the log's end line or from the row."""
    if not sim.finished:
        return "its log replays to an unfinished game"
    outcome = sim.outcome()
    assert log.result is not None  # _replay returns no log without an end line
    if log.result != outcome.to_result():
        claimed = log.result.get("score")
        return (f"its log's end line claims {claimed!r} points ({log.result.get('outcome')}) "
                f"but replaying its actions gives {outcome.score} ({outcome.outcome}): the "
                "log was edited")
    points = {d.name: d.points for d in outcome.dimensions}
    stored = {d.name: d.points for d in game.dimensions}
    if game.score != outcome.score or game.outcome != outcome.outcome:
        return (f"the store records {game.score} points ({game.outcome}) but its log "
                f"replays to {outcome.score} ({outcome.outcome}): the score was edited")
    if stored != points:
        changed = sorted(k for k in points.keys() | stored.keys()
                         if points.get(k) != stored.get(k))
        return (f"the store's points for {', '.join(changed)} differ from what its log "
                "replays to: the dimensions were edited")
    if game.result != outcome.to_result():
        return "the store's result differs from what its log replays to (the row was edited)"
    digest = hashlib.sha256(game.log_text.encode("utf-8")).hexdigest()
    if digest != game.log_sha256:
        return "its log text was changed after the game was recorded"
    return None


def verify_games(games: list[StoredGame], expected: Expected, jobs: int = 1,
                 progress: Callable[[int, int], None] | None = None) -> list[Verification]:
    """Verify every game, in order; over `jobs` worker processes when there are more
    than `POOL_FROM`. `progress(done, total)` is called as verdicts come in."""
    total = len(games)
    if progress is not None:
        progress(0, total)
    if jobs <= 1 or total <= POOL_FROM:
        verdicts = []
        for game in games:
            verdicts.append(verify_game(game, expected))
            if progress is not None:
                progress(len(verdicts), total)
        return verdicts
    pool = process_pool(min(jobs, total), _ignore_interrupts)
    verdicts = []
    try:
        for verdict in pool.map(verify_game, games, [expected] * total, chunksize=2):
            verdicts.append(verdict)
            if progress is not None:
                progress(len(verdicts), total)
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return verdicts


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which shuts the pool down."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
