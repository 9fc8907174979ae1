"""Workshop results: the SQLite results store, workshop codes, recording finished games,
the verified leaderboard and the luck-adjusted result. No user-interface imports.

The functions a game or a screen calls:
    resolve_workshop(code, db=None) -> (scenario_ref, seed, name)
    record_game(db, log_path, workshop_code=None) -> RecordedGame
    build_leaderboard(db, workshop=CODE | scenario=ID, seed=N, luck=True, jobs=1,
                      progress=None) -> Leaderboard
    luck_report(scenario_ref, seed, db=None, jobs=1, progress=None) -> LuckReport
    cached_luck(scenario_ref, seed, db=None) -> LuckReport | None
`db` is an open `ResultsStore`, a path, or None for the default store.
"""

from pmsim.results.leaderboard import Entry, Leaderboard, build_leaderboard
from pmsim.results.luck_baseline import LuckReport, cached_luck, luck_report
from pmsim.results.record import RecordedGame, record_game
from pmsim.results.store import ResultsStore, StoredGame, Workshop, default_db_path
from pmsim.results.workshop_codes import (
    create_workshop,
    format_code,
    normalise_code,
    resolve_workshop,
    workshop_games,
)

__all__ = [
    "Entry",
    "Leaderboard",
    "LuckReport",
    "RecordedGame",
    "ResultsStore",
    "StoredGame",
    "Workshop",
    "build_leaderboard",
    "cached_luck",
    "create_workshop",
    "default_db_path",
    "format_code",
    "luck_report",
    "normalise_code",
    "record_game",
    "resolve_workshop",
    "workshop_games",
]
