"""Batch runs: one bot plays many games of a scenario, one seed after another.

`run_batch(scenario_ref, policy, seed, runs, jobs)` plays the games with seeds
``seed, seed + 1, …, seed + runs − 1`` and summarises them. With ``jobs > 1`` (or an
executor: `pmsim.executors`, a process pool or a Dask cluster) the games are spread over
workers; each worker loads the scenario itself once (from the same built-in id or file
path, with the same values changed) and plays chunks of consecutive seeds. Results are put
back into seed order, and every game depends only on (scenario, policy, seed), so the
result is identical for any number of jobs.

Summary definitions (documented for trainers reading the JSON):
- ``score``: population mean and standard deviation and NumPy's default (linear)
  10th, 50th and 90th percentiles of the scores, rounded to 2 decimals.
- ``on_time_rate``: share of games that were completed no later than the deadline the
  schedule score judges against (`Outcome.on_time`: the original deadline plus the
  forgiven share of the deadline moves the finish used).
- ``on_budget_rate``: share of games whose actual cost stayed within the approved
  budget (`Outcome.on_budget`: BAC plus the contingency reserve plus any management
  reserve released), whatever the outcome.

This module never imports Textual or Rich: the CLI draws the progress bar through the
``progress`` callback.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from pmsim.errors import UserError
from pmsim.executors import Executor, LocalPool
from pmsim.policies import play_game
from pmsim.policies.adversarial import policy_by_name
from pmsim.scenario import Scenario, ScenarioError, load_scenario, scenario_hash
from pmsim.scenario.overrides import Override, with_overrides

CHUNKS_PER_JOB = 8
"""Aim for this many chunks per worker, so a slow chunk at the end costs little."""
MAX_CHUNK = 8
"""At most this many seeds per chunk (a game takes tens of milliseconds)."""


@dataclass(frozen=True)
class GameRecord:
    """One game of a batch: its `Outcome.to_result()` and the two on-target flags."""

    result: dict[str, Any]
    """The JSON shape of one entry of ``results``."""
    on_time: bool
    """Completed no later than the deadline the schedule is judged against."""
    on_budget: bool
    """Actual cost within the approved budget (see `Outcome.on_budget`)."""


@dataclass(frozen=True)
class BatchSummary:
    """Statistics over the games of a batch (see the module docstring)."""

    score_mean: float
    score_sd: float
    """Population standard deviation (NumPy's default, ddof = 0)."""
    score_p10: float
    score_p50: float
    score_p90: float
    on_time_rate: float
    on_budget_rate: float

    def to_json(self) -> dict[str, Any]:
        """The ``summary`` object of `pmsim run --json`."""
        return {
            "score": {
                "mean": self.score_mean,
                "sd": self.score_sd,
                "p10": self.score_p10,
                "p50": self.score_p50,
                "p90": self.score_p90,
            },
            "on_time_rate": self.on_time_rate,
            "on_budget_rate": self.on_budget_rate,
        }


@dataclass(frozen=True)
class BatchResult:
    """Every game of a batch in seed order, and their summary."""

    scenario: str
    """The scenario's id (``meta.id``), whatever reference was used to load it."""
    policy: str
    seed: int
    """The first seed; game *i* used ``seed + i``."""
    runs: int
    summary: BatchSummary
    games: tuple[GameRecord, ...]

    @property
    def results(self) -> list[dict[str, Any]]:
        """The per-game result dictionaries, in seed order."""
        return [g.result for g in self.games]

    def outcome_counts(self) -> dict[str, int]:
        """How many games ended successful, challenged and failed."""
        counts = {"successful": 0, "challenged": 0, "failed": 0}
        for g in self.games:
            counts[g.result["outcome"]] = counts.get(g.result["outcome"], 0) + 1
        return counts

    def dimension_means(self) -> dict[str, float]:
        """Mean points per scoring dimension, rounded to 2 decimals."""
        if not self.games:
            return {}
        names = list(self.games[0].result["dimensions"])
        return {
            name: round(float(np.mean([g.result["dimensions"][name] for g in self.games])), 2)
            for name in names
        }

    def to_json(self) -> dict[str, Any]:
        """The object `pmsim run --json` prints."""
        return {
            "scenario": self.scenario,
            "policy": self.policy,
            "seed": self.seed,
            "runs": self.runs,
            "summary": self.summary.to_json(),
            "results": self.results,
        }


def summarise(
    scores: Sequence[float], on_time: Sequence[bool], on_budget: Sequence[bool]
) -> BatchSummary:
    """Summary statistics of a non-empty list of games."""
    if not scores:
        raise ValueError("cannot summarise an empty batch")
    values = np.asarray(scores, dtype=np.float64)
    p10, p50, p90 = np.percentile(values, [10.0, 50.0, 90.0])
    return BatchSummary(
        score_mean=_round2(values.mean()),
        score_sd=_round2(values.std()),
        score_p10=_round2(p10),
        score_p50=_round2(p50),
        score_p90=_round2(p90),
        on_time_rate=round(sum(map(bool, on_time)) / len(on_time), 4),
        on_budget_rate=round(sum(map(bool, on_budget)) / len(on_budget), 4),
    )


def _round2(x: float) -> float:
    # `+ 0.0` turns a -0.0 into 0.0, so the JSON never says "-0.0".
    return round(float(x), 2) + 0.0


def play_one(scenario: Scenario, policy: str, seed: int) -> GameRecord:
    """Play one game with a fresh policy (a player bot or one of the adversarial suite,
    `pmsim.policies.adversarial`) and record its result."""
    sim = play_game(scenario, seed, policy_by_name(policy))
    outcome = sim.outcome()
    return GameRecord(outcome.to_result(), outcome.on_time, outcome.on_budget)


def run_batch(
    scenario_ref: str,
    policy: str,
    seed: int,
    runs: int,
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
    *,
    overrides: Sequence[Override] = (),
    executor: Executor | None = None,
) -> BatchResult:
    """Play ``runs`` games with seeds ``seed`` … ``seed + runs − 1`` and summarise them.

    ``scenario_ref`` is a built-in id or a path to a ``.toml`` file (a `ScenarioError`
    if it cannot be loaded); an unknown ``policy`` is a `UserError`. ``jobs`` is the
    number of worker processes (capped at ``runs``; 1 plays in this process), unless an
    ``executor`` (`pmsim.executors`) is given: then it plays the games, and stays open
    for the caller's next batch. ``overrides`` change values of the scenario first
    (`pmsim.scenario.overrides`).
    ``progress``, if given, is called with the number of games finished so far after
    each game (sequential) or each chunk of games (parallel). On Ctrl-C the pool is
    shut down (games already running finish first) and `KeyboardInterrupt` propagates.
    """
    policy_by_name(policy)  # an unknown name is a UserError that lists the known bots
    if not isinstance(runs, int) or runs < 1:
        raise UserError(f"the number of runs must be at least 1, got {runs!r}")
    if not isinstance(jobs, int) or jobs < 1:
        raise UserError(f"the number of jobs must be at least 1, got {jobs!r}")
    if not isinstance(seed, int) or seed < 0 or seed + runs - 1 >= 2**63:
        raise UserError(f"seeds {seed}..{seed + runs - 1} are outside 0 to 2^63-1")
    source = ScenarioSource(str(scenario_ref), tuple(overrides))
    scenario = source.load()
    seeds = range(seed, seed + runs)
    if executor is not None:
        games = _play_on(executor, source, scenario_hash(scenario), policy, seeds, progress)
    elif min(jobs, runs) == 1:
        games = list(_play_sequential(scenario, policy, seeds, progress))
    else:
        with LocalPool(min(jobs, runs)) as pool:
            games = _play_on(pool, source, scenario_hash(scenario), policy, seeds, progress)
    summary = summarise(
        [g.result["score"] for g in games],
        [g.on_time for g in games],
        [g.on_budget for g in games],
    )
    return BatchResult(
        scenario=scenario.meta.id, policy=policy, seed=seed, runs=runs, summary=summary,
        games=tuple(games),
    )


def _play_sequential(
    scenario: Scenario, policy: str, seeds: range, progress: Callable[[int], None] | None
) -> Iterator[GameRecord]:
    for done, s in enumerate(seeds, start=1):
        yield play_one(scenario, policy, s)
        if progress is not None:
            progress(done)


def chunk_seeds(seeds: range, jobs: int) -> list[range]:
    """Split the seeds into consecutive chunks: about `CHUNKS_PER_JOB` per worker,
    at most `MAX_CHUNK` seeds each."""
    size = max(1, min(MAX_CHUNK, math.ceil(len(seeds) / (jobs * CHUNKS_PER_JOB))))
    return [seeds[i:i + size] for i in range(0, len(seeds), size)]


def _play_on(executor: Executor, source: ScenarioSource, expected_hash: str, policy: str,
             seeds: range, progress: Callable[[int], None] | None) -> list[GameRecord]:
    """Play the seeds in chunks on the executor; the records back in seed order."""
    calls = [(source, expected_hash, policy, chunk.start, chunk.stop)
             for chunk in chunk_seeds(seeds, executor.jobs)]
    by_start: dict[int, list[GameRecord]] = {}
    for start, records in executor.run(play_chunk, calls):
        by_start[start] = records
        if progress is not None:
            progress(sum(len(r) for r in by_start.values()))
    return [record for start in sorted(by_start) for record in by_start[start]]


@dataclass(frozen=True)
class ScenarioSource:
    """Where a worker gets the scenario: a built-in id or a file path, and any values
    changed in it. Small and plain, so it travels to any worker."""

    ref: str
    overrides: tuple[Override, ...] = ()

    def load(self) -> Scenario:
        """The scenario, with the overrides applied (a `UserError` if one is bad)."""
        scenario = load_scenario(self.ref)
        return with_overrides(scenario, self.overrides) if self.overrides else scenario


_loaded: dict[ScenarioSource, Scenario] = {}
"""The scenarios a worker process has loaded, so each chunk does not load it again."""
LOADED_MOST = 64
"""The most scenarios a worker keeps loaded (a long sweep changes many values)."""


def play_chunk(source: ScenarioSource, expected_hash: str, policy: str, start: int,
               stop: int) -> tuple[int, list[GameRecord]]:
    """Play the seeds ``start`` … ``stop − 1`` in a worker, with the scenario it loads
    itself (it must be the one the batch started with)."""
    scenario = _loaded.get(source)
    if scenario is None:
        try:
            scenario = source.load()
        except (UserError, ScenarioError) as exc:
            raise UserError(f"a worker could not load scenario '{source.ref}': {exc}") \
                from None
        if scenario_hash(scenario) != expected_hash:
            raise UserError(f"a worker loaded a different scenario '{source.ref}' (it changed "
                            "while the batch was running, or the worker has another copy or "
                            "another pmsim); run it again")
        if len(_loaded) >= LOADED_MOST:
            _loaded.clear()
        _loaded[source] = scenario
    return start, [play_one(scenario, policy, s) for s in range(start, stop)]
