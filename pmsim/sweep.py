"""Sensitivity sweeps: which of the model's parameters move the game's results.

`sweep(scenario, params, policy, runs, seed)` plays the scenario with each parameter set
to each of its values in turn (the others as the scenario has them), on the same seeds,
and measures three things at each value:
- the **score** of the bot swept (`policy`, default cautious), its mean over the seeds;
- its **on-time rate** (`Outcome.on_time`);
- the **skill gap**: the cautious bot's mean score over the better of `passive` and
  `reckless` (calibration's skill spread), so a parameter that makes good management
  matter less shows.

Each parameter's row says the lowest and highest each measure reached over its values,
and its swing (highest less lowest); the rows are sorted by the score's swing, largest
first: a tornado diagram (the one-at-a-time sensitivity analysis of decision analysis,
e.g. Clemen & Reilly, *Making Hard Decisions*, ch. 5). Every game depends only on its
scenario, bot and seed, so the results are the same whatever plays them (`pmsim.executors`).

No user-interface imports.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pmsim.batch import BatchResult, run_batch
from pmsim.errors import UserError
from pmsim.executors import Executor, LocalPool
from pmsim.scenario import load_scenario
from pmsim.scenario.overrides import get_value, with_overrides

GAP_BOTS = ("cautious", "passive", "reckless")
"""The bots the skill gap compares (cautious against the better of the other two)."""
MAX_PARAMS = 12
"""The most parameters one sweep may vary."""


@dataclass(frozen=True)
class Point:
    """The results at one value of one parameter."""

    value: float
    score: float
    """Mean score of the bot swept."""
    on_time: float
    """Its on-time rate (0–1)."""
    skill_gap: float
    """Cautious's mean over the better of passive and reckless."""

    def to_json(self) -> dict[str, float]:
        """The point as plain numbers."""
        return {"value": self.value, "score": self.score, "on_time_rate": self.on_time,
                "skill_gap": self.skill_gap}


@dataclass(frozen=True)
class Row:
    """One parameter of the sweep: the scenario's own value and the results at each."""

    path: str
    own: float
    """The value the scenario has."""
    points: tuple[Point, ...]

    def swing(self, measure: str) -> float:
        """Highest less lowest of a measure ('score', 'on_time', 'skill_gap')."""
        values = [getattr(p, measure) for p in self.points]
        return max(values) - min(values)

    def to_json(self) -> dict[str, Any]:
        """The row as plain data."""
        return {"param": self.path, "scenario_value": self.own,
                "swing": {m: round(self.swing(m), 4) for m in ("score", "on_time",
                                                                "skill_gap")},
                "points": [p.to_json() for p in self.points]}


@dataclass(frozen=True)
class Sweep:
    """A whole sweep: its rows, largest score swing first."""

    scenario: str
    policy: str
    seed: int
    runs: int
    rows: tuple[Row, ...]

    def to_json(self) -> dict[str, Any]:
        """The sweep as plain data (stable: the same sweep gives the same JSON)."""
        return {"scenario": self.scenario, "policy": self.policy, "seed": self.seed,
                "runs": self.runs, "rows": [r.to_json() for r in self.rows]}


def scenario_value(scenario_ref: str, path: str) -> float:
    """The value a parameter has in the scenario (a `UserError` if the path names none:
    the message lists what is there)."""
    return get_value(load_scenario(scenario_ref).model_dump(mode="json", by_alias=True), path)


def sweep(scenario_ref: str, params: Sequence[tuple[str, Sequence[float]]],
          policy: str = "cautious", runs: int = 100, seed: int = 0, jobs: int = 1,
          executor: Executor | None = None,
          progress: Callable[[int, int], None] | None = None) -> Sweep:
    """Play the sweep (see the module docstring). Every value is checked before a game
    is played, so a typo or a value the scenario's rules refuse fails at once.
    `progress(done, total)` counts batches."""
    if not params:
        raise UserError("give at least one --param PATH=FROM:TO:COUNT to sweep")
    if len(params) > MAX_PARAMS:
        raise UserError(f"a sweep varies at most {MAX_PARAMS} parameters at once")
    base = load_scenario(scenario_ref)
    own = {path: scenario_value(scenario_ref, path) for path, _ in params}
    for path, values in params:
        for value in values:
            with_overrides(base, [(path, value)])  # refused now, not after an hour
    bots = list(dict.fromkeys([policy, *GAP_BOTS]))
    total = sum(len(values) for _, values in params) * len(bots)
    done = 0
    pool = LocalPool(min(jobs, runs)) if executor is None and min(jobs, runs) > 1 else None
    rows = []
    try:
        for path, values in params:
            points = []
            for value in values:
                played: dict[str, BatchResult] = {}
                for bot in bots:
                    played[bot] = run_batch(scenario_ref, bot, seed, runs, jobs,
                                            overrides=[(path, value)],
                                            executor=executor or pool)
                    done += 1
                    if progress is not None:
                        progress(done, total)
                points.append(_point(value, played[policy], played))
            rows.append(Row(path, own[path], tuple(points)))
    finally:
        if pool is not None:
            pool.close()
    rows.sort(key=lambda r: (-r.swing("score"), r.path))
    return Sweep(base.meta.id, policy, seed, runs, tuple(rows))


def _point(value: float, swept: BatchResult, played: dict[str, BatchResult]) -> Point:
    means = {bot: played[bot].summary.score_mean for bot in GAP_BOTS}
    gap = means["cautious"] - max(means["passive"], means["reckless"])
    return Point(value, swept.summary.score_mean, swept.summary.on_time_rate, round(gap, 2))
