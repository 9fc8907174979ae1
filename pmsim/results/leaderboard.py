"""The leaderboard: recorded games of one workshop (or one scenario and seed), each
verified by replaying its stored log, ranked, with the luck-adjusted margin.

Rules (what a facilitator can explain to the room):
- An entry whose log does not replay to its recorded result is *flagged* with the
  reason and left out of the ranking (see `pmsim.results.verify`).
- Each team counts once: its first verified game (by time of recording). Later games
  of the same team (the name compared without case) are listed as *repeats*: after
  a debrief a team may try again, but knowing the dice it would not be a fair rank.
- Teams that played the same seed are ranked by score; when the seeds differ
  (`scenario` without `seed`) they are ranked by their margin over the baseline on
  their own seed, the fair comparison across different luck. Equal values share a
  rank (1, 2, 2, 4); ties are listed by time of recording.
- The margin is the score minus the `cautious` bot's score on the same seed; the luck
  percentile says how kind that seed's dice were (`pmsim.results.luck_baseline`).
- Games on the same seed that made the same decisions in the same order are marked,
  all of them, with a note (`copies`, see `pmsim.results.copies`): one log may be a
  copy handed in under another team name. They stay ranked: the trainer judges (and
  `pmsim workshop drop` takes one out).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pmsim.errors import UserError
from pmsim.results.copies import SameDecisions, by_game, same_decisions
from pmsim.results.luck_baseline import LuckReport, luck_report
from pmsim.results.store import ResultsStore, StoredGame, Workshop, open_store
from pmsim.results.verify import Expected, verify_games
from pmsim.results.workshop_codes import format_code, get_workshop

StageProgress = Callable[[str, int, int], None]
"""Called with (stage, done, total); stages are "verifying" and "baseline"."""


@dataclass(frozen=True)
class Entry:
    """One recorded game on the leaderboard."""

    game: StoredGame
    status: str
    """"ranked", "repeat" or "flagged"."""
    rank: int | None = None
    reason: str = ""
    """Why it was flagged."""
    luck: LuckReport | None = None
    """The baseline on the game's seed (None when luck is not computed, or flagged)."""

    @property
    def margin(self) -> int | None:
        """Points over the baseline on the same luck."""
        return self.luck.margin(self.game.score) if self.luck else None

    def to_json(self) -> dict[str, Any]:
        """One entry of the JSON leaderboard."""
        game = self.game
        data: dict[str, Any] = {"team": game.team, "game_id": game.id, "seed": game.seed}
        if self.status == "flagged":
            data.update(recorded_score=game.score, reason=self.reason)
        else:
            if self.rank is not None:
                data = {"rank": self.rank, **data}
            data.update(score=game.score, outcome=game.outcome,
                        dimensions={d.name: d.points for d in game.dimensions},
                        margin=self.margin,
                        kinder_than=self.luck.kinder_than if self.luck else None)
        data.update(played=game.played, recorded=game.recorded)
        return data


@dataclass(frozen=True)
class Leaderboard:
    """A verified, ranked leaderboard."""

    title: str
    workshop: Workshop | None
    scenario_id: str
    scenario_hash: str
    seed: int | None
    rank_by: str
    """"score" (one seed) or "margin" (several seeds)."""
    ranked: tuple[Entry, ...]
    repeats: tuple[Entry, ...]
    flagged: tuple[Entry, ...]
    luck: tuple[LuckReport, ...]
    """The baselines used, by seed."""
    dimensions: tuple[tuple[str, int], ...]
    """(name, max points) of each scoring dimension, in the scoring order."""
    copies: tuple[SameDecisions, ...] = ()
    """Groups of games with the same decisions in the same order (one may be a copy)."""

    def same_decisions(self, game_id: int) -> SameDecisions | None:
        """The group of games sharing game `game_id`'s decisions, if any."""
        return by_game(self.copies).get(game_id)

    def to_json(self) -> dict[str, Any]:
        """The object `pmsim leaderboard --json` prints (stable key and entry order)."""
        def entry(e: Entry) -> dict[str, Any]:
            data = e.to_json()
            group = self.same_decisions(e.game.id)
            if group is not None:
                data["same_decisions_as"] = list(group.others(e.game.id))
            return data

        workshop = self.workshop
        return {
            "workshop": None if workshop is None else {
                "code": format_code(workshop.code), "name": workshop.name,
                "created": workshop.created},
            "scenario": {"id": self.scenario_id, "hash": self.scenario_hash},
            "seed": self.seed,
            "rank_by": self.rank_by,
            "dimensions": {name: top for name, top in self.dimensions},
            "luck": [{"seed": r.seed, **r.to_json()} for r in self.luck],
            "ranking": [entry(e) for e in self.ranked],
            "repeats": [entry(e) for e in self.repeats],
            "flagged": [entry(e) for e in self.flagged],
            "same_decisions": [group.to_json() for group in self.copies],
        }


def build_leaderboard(db: ResultsStore | str | Path | None = None, *,
                      workshop: str | None = None, scenario: str | None = None,
                      seed: int | None = None, luck: bool = True, jobs: int = 1,
                      luck_runs: int | None = None,
                      progress: StageProgress | None = None) -> Leaderboard:
    """The leaderboard of a workshop code, or of a scenario (built-in id or `.toml`
    path) and optionally one seed. Every entry is verified (over `jobs` processes when
    there are many); with `luck`, the baselines are computed or read from the cache.
    Raises `UserError` for an unknown code or a missing selection."""
    chosen = _selection(db, workshop, scenario, seed)
    ws, expected, seed = chosen.workshop, chosen.expected, chosen.seed
    with open_store(db) as store:
        games = (store.games(workshop_code=ws.code) if ws is not None
                 else store.games(scenario_id=chosen.scenario_id, seed=seed))

    def stage(name: str) -> Callable[[int, int], None] | None:
        if progress is None:
            return None
        return lambda done, total: progress(name, done, total)

    verdicts = verify_games(games, expected, jobs=jobs, progress=stage("verifying"))
    good = [g for g, v in zip(games, verdicts, strict=True) if v.ok]
    flagged = tuple(Entry(g, "flagged", reason=v.reason)
                    for g, v in zip(games, verdicts, strict=True) if not v.ok)
    baselines: dict[int, LuckReport] = {}
    if luck:
        for s in sorted({g.seed for g in good}):
            baselines[s] = luck_report(expected.scenario_ref, s, db, runs=luck_runs,
                                       jobs=jobs, progress=stage("baseline"))
    first, repeats = _first_per_team(good)
    several_seeds = seed is None and len({g.seed for g in first}) > 1
    rank_by = "margin" if luck and several_seeds else "score"
    ranked = _rank(first, baselines, rank_by)
    return Leaderboard(
        title=chosen.title, workshop=ws, scenario_id=chosen.scenario_id,
        scenario_hash=expected.scenario_hash, seed=seed, rank_by=rank_by,
        ranked=ranked,
        repeats=tuple(Entry(g, "repeat", luck=baselines.get(g.seed)) for g in repeats),
        flagged=flagged, luck=tuple(baselines[s] for s in sorted(baselines)),
        dimensions=_dimension_maxima(expected.scenario_ref), copies=same_decisions(games))


@dataclass(frozen=True)
class _Selection:
    """What a leaderboard ranks: its games' expected scenario and seed, and its title."""

    workshop: Workshop | None
    expected: Expected
    scenario_id: str
    seed: int | None
    title: str


def _selection(db: ResultsStore | str | Path | None, workshop: str | None,
               scenario: str | None, seed: int | None) -> _Selection:
    """The workshop code's, or the scenario's (and seed's), selection; `UserError` for a
    missing or contradictory one, or an unknown code."""
    from pmsim.scenario import load_scenario, scenario_hash

    if workshop is not None and scenario is not None:
        raise UserError("rank either a workshop (--workshop CODE) or a scenario (--scenario "
                        "ID), not both: a workshop fixes its own scenario and seed.")
    if workshop is None and scenario is None:
        raise UserError("name what to rank: --workshop CODE, or --scenario ID with "
                        "--seed N (or without --seed, to rank every seed by margin).")
    if workshop is not None and seed is not None:
        raise UserError("a workshop fixes its seed; use --seed only with --scenario.")
    if workshop is not None:
        ws = get_workshop(db, workshop)
        expected = Expected(ws.scenario_ref, ws.scenario_hash, ws.seed,
                            f"workshop {format_code(ws.code)}")
        title = (f"Workshop {format_code(ws.code)}" + (f" — {ws.name}" if ws.name else "")
                 + f": {ws.scenario_id}, seed {ws.seed}")
        return _Selection(ws, expected, ws.scenario_id, ws.seed, title)
    assert scenario is not None
    from pmsim.gamelog import scenario_reference

    loaded = load_scenario(scenario)
    scenario_id = loaded.meta.id
    expected = Expected(scenario_reference(scenario), scenario_hash(loaded), seed,
                        f"scenario {scenario_id} as it is now")
    title = f"{scenario_id}, " + (f"seed {seed}" if seed is not None else "every seed")
    return _Selection(None, expected, scenario_id, seed, title)


def _first_per_team(games: list[StoredGame]) -> tuple[list[StoredGame], list[StoredGame]]:
    """Each team's first game (games come oldest first), and the later ones. Games
    without a team name are never taken for repeats of each other."""
    seen: set[str] = set()
    first: list[StoredGame] = []
    later: list[StoredGame] = []
    for game in games:
        key = game.team.strip().casefold() or f"#{game.id}"
        (later if key in seen else first).append(game)
        seen.add(key)
    return first, later


def _rank(games: list[StoredGame], baselines: dict[int, LuckReport],
          rank_by: str) -> tuple[Entry, ...]:
    def value(game: StoredGame) -> int:
        if rank_by == "margin":
            return baselines[game.seed].margin(game.score)
        return game.score

    ordered = sorted(games, key=lambda g: (-value(g), g.recorded, g.id))
    entries: list[Entry] = []
    for position, game in enumerate(ordered, start=1):
        tied = entries and value(entries[-1].game) == value(game)
        rank = entries[-1].rank if tied else position
        entries.append(Entry(game, "ranked", rank=rank, luck=baselines.get(game.seed)))
    return tuple(entries)


def _dimension_maxima(scenario_ref: str) -> tuple[tuple[str, int], ...]:
    from pmsim.scenario import ScenarioError, load_scenario
    from pmsim.scoring import DIMENSIONS

    try:
        weights = load_scenario(scenario_ref).scoring
    except ScenarioError:
        return tuple((name, 0) for name in DIMENSIONS)
    return tuple((name, int(getattr(weights, name))) for name in DIMENSIONS)
