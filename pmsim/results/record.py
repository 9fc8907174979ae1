"""Recording a finished game in the results store.

The game (or `pmsim record LOG`) hands over its log file. The log is read and checked,
replayed on the engine, and stored together with the outcome the replay gives, so a
log that does not replay to its own end line is refused here already; the leaderboard
replays every stored log again, which catches entries edited in the store afterwards.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from pmsim.errors import UserError
from pmsim.results.store import Dimension, NewGame, ResultsStore, open_store
from pmsim.results.workshop import format_code, get_workshop
from pmsim.scoring import Outcome


@dataclass(frozen=True)
class RecordedGame:
    """What `record_game` stored."""

    id: int
    """The entry's id in the store."""
    new: bool
    """False when this very log had been recorded before (nothing was added)."""
    team: str
    score: int
    outcome: str
    workshop_code: str | None
    db_path: Path


def dimensions_of(outcome: Outcome) -> tuple[Dimension, ...]:
    """The outcome's dimensions in the store's shape."""
    return tuple(Dimension(d.name, d.points, d.max_points, d.sentence)
                 for d in outcome.dimensions)


def record_game(db: ResultsStore | str | Path | None, log_path: str | Path,
                workshop_code: str | None = None) -> RecordedGame:
    """Record the finished game saved in `log_path` (call it after
    `GameLogWriter.finish`). `db` is the store (an open one, a path, or None for the
    default). With `workshop_code`, the game must have been played on that workshop's
    scenario and seed. Recording the same log twice is harmless (`new` is False).

    Raises `LogError` (a `UserError`) for an unreadable, unfinished or tampered log and
    `UserError` for a game that is not the workshop's."""
    from pmsim.gamelog import LogError, read_log, replay

    path = Path(log_path)
    log = read_log(path)
    if log.result is None:
        raise LogError(f"the game in {path} is not over yet, so it has no result to record; "
                       "finish it first (`pmsim play --resume`).")
    workshop = get_workshop(db, workshop_code) if workshop_code is not None else None
    if workshop is not None:
        shown = format_code(workshop.code)
        if log.scenario_hash != workshop.scenario_hash or log.seed != workshop.seed:
            raise UserError(f"the game in {path} was played on scenario {log.scenario_id} "
                            f"with seed {log.seed}, but workshop {shown} is "
                            f"{workshop.scenario_id} with seed {workshop.seed}"
                            + ("" if log.scenario_hash == workshop.scenario_hash else
                               " (and another version of the scenario file)")
                            + f"; it cannot count for workshop {shown}.")
    scenario = None
    if workshop is not None:
        from pmsim.scenario import load_scenario

        scenario = load_scenario(workshop.scenario_ref)
    sim = replay(log, scenario)
    outcome = sim.outcome()
    text = path.read_bytes().decode("utf-8-sig")
    game = NewGame(
        team=log.team, scenario_id=log.scenario_id, scenario_hash=log.scenario_hash,
        scenario_ref=workshop.scenario_ref if workshop else log.scenario_path,
        seed=log.seed, engine=log.engine,
        workshop_code=workshop.code if workshop else None, score=outcome.score,
        outcome=outcome.outcome, dimensions=dimensions_of(outcome),
        result=outcome.to_result(), played=log.created,
        log_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), log_text=text)
    with open_store(db) as store:
        game_id, new = store.add_game(game)
        db_path = store.path
    return RecordedGame(id=game_id, new=new, team=log.team, score=outcome.score,
                        outcome=outcome.outcome,
                        workshop_code=workshop.code if workshop else None, db_path=db_path)


__all__ = ["RecordedGame", "dimensions_of", "record_game"]
