"""Calibration: does a scenario reward good project management rather than luck?

Every built-in policy plays the same seeds. Two spreads are compared:
- the luck spread: how much one policy's score varies from seed to seed (its sd);
- the skill spread: how far apart the policies' mean scores are.
A balanced scenario (the criteria trainers can check):
1. `cautious` beats `passive` and `reckless` on the mean by more than `SKILL_MARGIN_SD`
   standard deviations of the cautious scores;
2. `cautious` does not win every seed (luck still matters a little);
3. `cautious` leaves at least `HEADROOM` points below the `SCORE_TOTAL` on average, so a
   skilled human can do better than the bot;
4. no scoring dimension is always full, or always empty, for every policy.
A scenario marked `unwinnable` is judged only on 4 (it is meant to be lost).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pmsim.batch import BatchResult, run_batch
from pmsim.policies import POLICIES
from pmsim.scenario import load_scenario
from pmsim.scenario.validate import SCORE_TOTAL
from pmsim.scoring import DIMENSIONS

SKILL_MARGIN_SD = 1.5
"""Criterion 1: how many standard deviations of its scores cautious must win by."""
HEADROOM = 150.0
"""Criterion 3: the points cautious must leave below the total on average."""
CALIBRATION_POLICIES = tuple(POLICIES)


@dataclass(frozen=True)
class Check:
    """One balance criterion and whether it holds, with the figures behind it."""

    name: str
    passed: bool
    detail: str


@dataclass(frozen=True)
class Calibration:
    """Every policy's batch over the same seeds, and the verdict on balance."""

    scenario: str
    unwinnable: bool
    seed: int
    runs: int
    batches: dict[str, BatchResult]
    checks: tuple[Check, ...]

    @property
    def balanced(self) -> bool:
        """Whether every criterion holds."""
        return all(c.passed for c in self.checks)

    @property
    def luck_spread(self) -> float:
        """Standard deviation of the cautious scores across seeds."""
        return self.batches["cautious"].summary.score_sd

    @property
    def skill_spread(self) -> float:
        """Mean of cautious minus the best mean of the passive and reckless bots."""
        others = [self.batches[p].summary.score_mean for p in ("passive", "reckless")]
        return self.batches["cautious"].summary.score_mean - max(others)

    def verdict(self) -> str:
        """The plain-words verdict."""
        failed = [c for c in self.checks if not c.passed]
        if not failed:
            return (f"Balanced: good management is worth {self.skill_spread:.0f} points over "
                    f"the other bots, against a luck spread of {self.luck_spread:.0f}.")
        return "Not balanced: " + "; ".join(c.detail for c in failed) + "."

    def to_json(self) -> dict[str, Any]:
        """Everything, for scripts."""
        return {
            "scenario": self.scenario,
            "unwinnable": self.unwinnable,
            "seed": self.seed,
            "runs": self.runs,
            "policies": {
                name: {
                    **b.summary.to_json(),
                    "outcomes": b.outcome_counts(),
                    "dimensions": b.dimension_means(),
                }
                for name, b in self.batches.items()
            },
            "luck_spread": round(self.luck_spread, 2),
            "skill_spread": round(self.skill_spread, 2),
            "checks": [{"name": c.name, "passed": c.passed, "detail": c.detail}
                       for c in self.checks],
            "balanced": self.balanced,
            "verdict": self.verdict(),
        }


def calibrate(
    scenario_ref: str, runs: int = 500, seed: int = 0, jobs: int = 1,
    progress: Callable[[str, int], None] | None = None,
) -> Calibration:
    """Play every policy on the same seeds and judge the balance."""
    scenario = load_scenario(scenario_ref)
    batches: dict[str, BatchResult] = {}
    for name in CALIBRATION_POLICIES:
        tick = (lambda done, name=name: progress(name, done)) if progress else None
        batches[name] = run_batch(scenario_ref, name, seed, runs, jobs, tick)
    weights = scenario.scoring.weights()
    checks = judge(batches, weights, scenario.meta.unwinnable)
    return Calibration(scenario.meta.id, scenario.meta.unwinnable, seed, runs, batches, checks)


def judge(
    batches: dict[str, BatchResult], weights: dict[str, int], unwinnable: bool,
) -> tuple[Check, ...]:
    """The balance criteria over the batches (see the module docstring)."""
    cautious = batches["cautious"]
    mean = cautious.summary.score_mean
    sd = cautious.summary.score_sd
    checks: list[Check] = []
    if not unwinnable:
        for other in ("passive", "reckless"):
            gap = mean - batches[other].summary.score_mean
            need = SKILL_MARGIN_SD * sd
            checks.append(Check(
                f"cautious beats {other}", gap > need,
                f"cautious beats {other} by {gap:.0f} points on the mean "
                f"(needed more than {SKILL_MARGIN_SD:g} sd = {need:.0f})",
            ))
        scores = [g.result["score"] for g in cautious.games]
        lost = sum(
            1 for i, score in enumerate(scores)
            if any(batches[p].games[i].result["score"] >= score
                   for p in batches if p != "cautious")
        )
        checks.append(Check(
            "luck still matters", lost > 0,
            f"another bot scores at least as well as cautious on {lost} of {len(scores)} "
            "seeds" + ("" if lost else " (cautious wins every seed: the dice never matter)"),
        ))
        checks.append(Check(
            "headroom", SCORE_TOTAL - mean >= HEADROOM,
            f"cautious averages {mean:.0f}, leaving {SCORE_TOTAL - mean:.0f} points of headroom "
            f"(needed at least {HEADROOM:.0f})",
        ))
    for dim in DIMENSIONS:
        full = weights[dim]
        points = [g.result["dimensions"][dim] for b in batches.values() for g in b.games]
        if full <= 0:
            continue
        always_full = all(p >= full for p in points)
        always_empty = all(p <= 0 for p in points)
        state = ("is always full" if always_full else "is always empty" if always_empty
                 else "varies")
        checks.append(Check(
            f"{dim} varies", not (always_full or always_empty),
            f"the {dim} dimension {state} across the bots and seeds",
        ))
    return tuple(checks)
