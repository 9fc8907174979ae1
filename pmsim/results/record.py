"""Recording a finished game in the results store.

The game (or `pmsim record LOG`) hands over its log file. The log is read and checked,
replayed on the engine, and stored together with the outcome the replay gives, so a
log that does not replay to its own end line is refused here already; the leaderboard
replays every stored log again, which catches entries edited in the store afterwards.

A game of a portable workshop code that this store has not seen (a team's own laptop,
or the trainer's store receiving a log from one) adds the workshop to the store first.
Team names longer than `TEAM_NAME_LIMIT` are recorded shortened (`short_team`), so a
leaderboard stays readable; the log keeps the full name and verification knows the rule.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pmsim.errors import UserError
from pmsim.results.store import Dimension, NewGame, ResultsStore, open_store
from pmsim.results.workshop_codes import adopt_workshop, format_code, get_workshop
from pmsim.scoring import Outcome

if TYPE_CHECKING:
    from pmsim.gamelog import LoadedLog

TEAM_NAME_LIMIT = 40
"""The longest team name recorded; a longer one is shortened to this many characters."""


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
    shortened_from: str | None = None
    """The team's full name, when it was too long and `team` is shortened."""


def short_team(name: str) -> str:
    """A team name as recorded: at most `TEAM_NAME_LIMIT` characters, a longer one cut
    at a word break where there is one near the end, with "…"."""
    if len(name) <= TEAM_NAME_LIMIT:
        return name
    cut = name[:TEAM_NAME_LIMIT - 1]
    space = cut.rfind(" ")
    if space >= TEAM_NAME_LIMIT * 2 // 3:
        cut = cut[:space]
    return cut.rstrip() + "…"


def find_logs(paths: list[str | Path]) -> list[tuple[Path, str | None]]:
    """The game logs named on a command line: a file as it is, a folder as every
    `*.jsonl` file in it and its subfolders (sorted). Each comes with None, or with why
    it cannot be recorded (a missing path, a folder without game logs)."""
    found: list[tuple[Path, str | None]] = []
    for item in paths:
        path = Path(item).expanduser()
        if path.is_dir():
            logs = sorted(p for p in path.rglob("*.jsonl") if p.is_file())
            if not logs:
                found.append((path, "the folder holds no game logs (*.jsonl files)."))
            found.extend((log, None) for log in logs)
        elif not path.exists():
            found.append((path, "there is no such file or folder."))
        else:
            found.append((path, None))
    return found


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
    from pmsim.gamelog import LogError, read_log

    path = Path(log_path)
    log = read_log(path)
    if log.result is None:
        raise LogError(f"the game in {path} is not over yet, so it has no result to record; "
                       "finish it first (`pmsim play --resume`).")
    with open_store(db, create_folder=True) as store:  # recording creates stores
        return _record(store, path, log, workshop_code)


def _record(store: ResultsStore, path: Path, log: LoadedLog,
            workshop_code: str | None) -> RecordedGame:
    from pmsim.gamelog import replay

    workshop = get_workshop(store, workshop_code) if workshop_code is not None else None
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
    if sim.handed_over is not None:
        raise UserError(f"the game in {path} was handed over to the {sim.handed_over} bot "
                        f"in week {sim.handed_over_week}: a game a bot finished is not a "
                        "team's own play, so it is not recorded on a leaderboard. Its log "
                        "is kept; `pmsim report` still shows it.")
    outcome = sim.outcome()
    text = path.read_bytes().decode("utf-8-sig")
    if workshop is not None:
        workshop = adopt_workshop(store, workshop)
    team = short_team(log.team)
    game = NewGame(
        team=team, scenario_id=log.scenario_id, scenario_hash=log.scenario_hash,
        scenario_ref=workshop.scenario_ref if workshop else log.scenario_path,
        seed=log.seed, engine=log.engine,
        workshop_code=workshop.code if workshop else None, score=outcome.score,
        outcome=outcome.outcome, dimensions=dimensions_of(outcome),
        result=outcome.to_result(), played=log.created,
        log_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), log_text=text)
    game_id, new = store.add_game(game)
    return RecordedGame(id=game_id, new=new, team=team, score=outcome.score,
                        outcome=outcome.outcome,
                        workshop_code=workshop.code if workshop else None, db_path=store.path,
                        shortened_from=log.team if team != log.team else None)
