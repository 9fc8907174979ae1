"""The records of the results store, as plain frozen data, and how a table row becomes
one (`pmsim.results.store` reads and writes them)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pmsim.text import clean_line


@dataclass(frozen=True)
class Dimension:
    """Points on one scoring dimension, as recorded."""

    name: str
    points: int
    max_points: int
    sentence: str


@dataclass(frozen=True)
class NewGame:
    """A finished game about to be recorded."""

    team: str
    scenario_id: str
    scenario_hash: str
    scenario_ref: str
    """Built-in id or absolute path of the scenario file (to replay the log)."""
    seed: int
    engine: str
    workshop_code: str | None
    score: int
    outcome: str
    dimensions: tuple[Dimension, ...]
    result: dict[str, Any]
    """`Outcome.to_result()` of the game, as the log's end line has it."""
    played: str
    """When the game started (the log header's `created`)."""
    log_sha256: str
    log_text: str

    def __post_init__(self) -> None:
        # Team names and paths come from handed-in logs or the store: one plain line.
        for name in ("team", "scenario_ref", "outcome", "played", "engine"):
            object.__setattr__(self, name, clean_line(str(getattr(self, name))))


@dataclass(frozen=True)
class StoredGame(NewGame):
    """A game as read back from the store."""

    id: int = 0
    recorded: str = ""
    """When it was recorded (UTC, ISO 8601)."""

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "recorded", clean_line(str(self.recorded)))


@dataclass(frozen=True)
class Workshop:
    """A workshop: one scenario (id and content hash) and one seed for every team."""

    code: str
    name: str
    scenario_id: str
    scenario_hash: str
    scenario_ref: str
    seed: int
    engine: str
    created: str
    """When it was created (UTC, ISO 8601); empty when decoded from its code."""
    stored: bool = True
    """False for a workshop decoded from its portable code, not (yet) in this store: its
    name is known only to the store that created it."""

    def __post_init__(self) -> None:
        # The name was typed by somebody (or edited in the store): one plain line.
        for name in ("name", "scenario_ref", "created", "engine"):
            object.__setattr__(self, name, clean_line(str(getattr(self, name))))


SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS workshops (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    scenario_id TEXT NOT NULL,
    scenario_hash TEXT NOT NULL,
    scenario_ref TEXT NOT NULL,
    seed INTEGER NOT NULL,
    engine TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS games (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    team TEXT NOT NULL,
    scenario_id TEXT NOT NULL,
    scenario_hash TEXT NOT NULL,
    scenario_ref TEXT NOT NULL,
    seed INTEGER NOT NULL,
    engine TEXT NOT NULL,
    workshop_code TEXT REFERENCES workshops(code),
    score INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    dimensions TEXT NOT NULL,
    result TEXT NOT NULL,
    played TEXT NOT NULL,
    recorded TEXT NOT NULL,
    log_sha256 TEXT NOT NULL UNIQUE,
    log_text TEXT NOT NULL,
    dropped_from TEXT REFERENCES workshops(code)
);
CREATE INDEX IF NOT EXISTS games_by_workshop ON games (workshop_code);
CREATE INDEX IF NOT EXISTS games_by_scenario ON games (scenario_id, seed);
CREATE TABLE IF NOT EXISTS bot_scores (
    scenario_hash TEXT NOT NULL,
    engine TEXT NOT NULL,
    bot TEXT NOT NULL,
    bot_version TEXT NOT NULL,
    seed INTEGER NOT NULL,
    score INTEGER NOT NULL,
    PRIMARY KEY (scenario_hash, engine, bot, bot_version, seed)
);
"""
"""The tables of the results store (`pmsim.results.store` describes them)."""

GAME_COLUMNS = ("team, scenario_id, scenario_hash, scenario_ref, seed, engine, "
                "workshop_code, score, outcome, dimensions, result, played, log_sha256, "
                "log_text, id, recorded")
"""The `games` columns in the order `game_from_row` reads them."""
WORKSHOP_COLUMNS = "code, name, scenario_id, scenario_hash, scenario_ref, seed, engine, created"
"""The `workshops` columns in the order of `Workshop`'s first fields."""


def game_from_row(row: tuple[Any, ...]) -> StoredGame:
    """A `games` row (columns `GAME_COLUMNS`) as a `StoredGame`."""
    (team, scenario_id, scenario_hash, scenario_ref, seed, engine, workshop_code, score,
     outcome, dims, result, played, log_sha256, log_text, game_id, recorded) = row
    return StoredGame(
        team=team, scenario_id=scenario_id, scenario_hash=scenario_hash,
        scenario_ref=scenario_ref, seed=seed, engine=engine, workshop_code=workshop_code,
        score=score, outcome=outcome, dimensions=_dimensions(dims), result=json_dict(result),
        played=played, log_sha256=log_sha256, log_text=log_text, id=game_id,
        recorded=recorded)


def _dimensions(text: str) -> tuple[Dimension, ...]:
    """The recorded dimensions; an edited, unreadable value gives none (then the entry
    fails verification instead of breaking the listing)."""
    try:
        return tuple(Dimension(str(d["name"]), int(d["points"]), int(d["max_points"]),
                               str(d["sentence"])) for d in json.loads(text))
    except (ValueError, TypeError, KeyError):
        return ()


def json_dict(text: str) -> dict[str, Any]:
    """The JSON object in `text`, or {} when it holds anything else (or no JSON)."""
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
