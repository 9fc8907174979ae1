"""The result of a game: points per dimension, the total, and the outcome class.

A game is successful, challenged, failed, or stopped — good governance (closed early
because its business case had failed: PRINCE2's "close prematurely"). The points that
draw those lines are the scenario's (`[scoring.curves]` `successful_points` and
`failed_points`); this module applies them and says them in words, so no other module
repeats them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pmsim.scenario.parameters import ScoringCurves
from pmsim.scoring.facts import FinalFacts

DIMENSIONS = ("schedule", "cost", "scope", "quality", "stakeholders", "team")
"""The six scoring dimensions, in scoring order (the `[scoring]` weights)."""

OUTCOME_WORDS = {"successful": "successful", "challenged": "challenged",
                 "stopped": "stopped — good governance", "failed": "failed"}
"""Each outcome class, as a sentence names it (a game stopped because its business case
had failed is neither a success nor a failure: it is the board doing its job)."""


def outcome_words(outcome: str) -> str:
    """The outcome class in words ('stopped — good governance')."""
    return OUTCOME_WORDS.get(outcome, outcome)


@dataclass(frozen=True)
class DimensionScore:
    """Points on one dimension and the sentence that explains them."""

    name: str
    points: int
    max_points: int
    sentence: str


@dataclass(frozen=True)
class Outcome:
    """The final result of a game."""

    scenario_id: str
    seed: int
    score: int
    outcome: str
    """successful, challenged, stopped or failed, by the rule `outcome_rule` states with
    the scenario's thresholds; the summary says why when it is not a success."""
    finish_week: int
    completed: bool
    end_reason: str
    cost: float
    budget: float
    dimensions: tuple[DimensionScore, ...]
    summary: str
    deadline_week: float = 0.0
    """The deadline the schedule was judged against."""
    on_time: bool = False
    """Completed by that deadline."""
    on_budget: bool = False
    """Actual cost within the approved budget: BAC plus the contingency reserve plus any
    management reserve the sponsor released (the PMBOK cost baseline and its reserves)."""

    def dimension(self, name: str) -> DimensionScore:
        """The score of one dimension."""
        return next(d for d in self.dimensions if d.name == name)

    def to_result(self) -> dict[str, Any]:
        """The JSON shape used by `pmsim run` and `pmsim replay`."""
        return {
            "seed": self.seed,
            "score": self.score,
            "outcome": self.outcome,
            "finish_week": self.finish_week,
            "cost": round(self.cost, 2),
            "dimensions": {d.name: d.points for d in self.dimensions},
        }


def outcome_rule(curves: ScoringCurves) -> str:
    """How the outcome class is decided, in words, with the scenario's thresholds."""
    return (
        "Successful: finished within the scenario's time and cost tolerances (cost against "
        "the authorised budget, the board's exception rule) with at least "
        f"{curves.successful_points} points. Stopped — good governance: closed early "
        "because the business case had failed. Failed: otherwise unfinished, a must-have "
        f"missing, or under {curves.failed_points} points. Challenged: anything between."
    )


def outcome_reasons(
    facts: FinalFacts, score: int, late: float, over: float, curves: ScoringCurves,
) -> list[str]:
    """Why a game is not a success, in words (PRINCE2: beyond a tolerance is an
    exception, whatever the points). `late` is weeks past the judged deadline, `over`
    the fraction over budget."""
    if stopped(facts):
        return [f"closed in week {facts.finish_week} because the business case had failed: "
                "stopping was right"]
    reasons = []
    if not facts.completed:
        reasons.append("closed early, the business case had failed" if facts.closure_justified
                       else "not finished")
    if facts.missing_musts:
        reasons.append("a must-have is missing")
    time_tolerance, cost_tolerance = facts.time_tolerance_weeks, facts.cost_tolerance
    if facts.completed and late > time_tolerance:
        reasons.append(f"{late:g} weeks late, beyond the {time_tolerance:g}-week tolerance")
    beyond = beyond_cost_tolerance(facts.actual_cost, facts.authorised_budget, cost_tolerance)
    if beyond is not None:
        reasons.append(f"{beyond:.1%} over the authorised budget, beyond the "
                       f"{cost_tolerance:.0%} tolerance")
    if score < curves.failed_points:
        reasons.append(f"under {curves.failed_points} points, a failure whatever else")
    elif score < curves.successful_points:
        reasons.append(f"under {curves.successful_points} points")
    return reasons


def beyond_cost_tolerance(cost: float, authorised: float, tolerance: float) -> float | None:
    """The one cost-tolerance rule, for the exception in play (`cost` the EAC) and the
    outcome at the end (`cost` the actual cost): the fraction `cost` is over the
    authorised budget (the BAC, plus drawn contingency and granted management reserve)
    when that is beyond the tolerance, else None."""
    if authorised <= 0:
        return None
    over = cost / authorised - 1.0
    return over if over > tolerance + 1e-9 else None


def stopped(facts: FinalFacts) -> bool:
    """Whether the game ended in a closure the business case justified."""
    return not facts.completed and facts.closed_by_board and facts.closure_justified


def outcome_class(facts: FinalFacts, score: int, reasons: list[str],
                  curves: ScoringCurves) -> str:
    """stopped (closed early because the business case had failed, whatever the points),
    failed (otherwise unfinished, a must-have missing, or under the failure points),
    successful (no reason against it) or challenged (the rest)."""
    if stopped(facts):
        return "stopped"
    unfinished = not facts.completed and not facts.closure_justified
    if unfinished or facts.missing_musts or score < curves.failed_points:
        return "failed"
    return "challenged" if reasons else "successful"
