"""Scoring: 1000 points over six dimensions, each with a documented curve and a
sentence of why, and an outcome class.

Curves (full marks = the scenario's weight for the dimension):
- schedule: full when finished by the deadline in force (original deadline plus
  extensions the sponsor or a change request granted; a re-baseline's extension counts
  half); minus 20 % per week late; nothing when unfinished at the hard stop. A closure
  the business case justified keeps 60 %.
- cost: full within the BAC; overrun covered by drawn contingency or granted reserve
  costs 1.5 % per 1 % over, unauthorised overrun 4 % per 1 %.
- scope: share of the baseline value delivered (approved changes count as delivered
  value, capped at full); at most 30 % when a must-have is missing.
- quality: 1 − residual defect density / 8 %, where the density is the flawed work
  still hidden in delivered work over all delivered work.
- stakeholders: power-weighted mean satisfaction, 25 → nothing, 90 → full.
- team: mean morale over the game, 0.30 → nothing, 0.75 → full; −15 % per resignation
  and for lasting fatigue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pmsim.wording import count

if TYPE_CHECKING:
    from pmsim.engine.simulation import Simulation


def board_deadline(sim: Simulation) -> int:
    """The deadline in force on the board's plan (re-baselined weeks counted whole)."""
    from pmsim.engine.board import deadline

    return deadline(sim)

DIMENSIONS = ("schedule", "cost", "scope", "quality", "stakeholders", "team")
DEFECT_DENSITY_ZERO = 0.08
AUTHORISED_OVERRUN_COST = 1.5
"""Share of the cost points lost per unit of overrun covered by drawn reserves."""
UNAUTHORISED_OVERRUN_COST = 4.0
"""Share of the cost points lost per unit of overrun nobody authorised."""


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
    """successful (finished within the time and cost tolerances, all must-haves, at
    least 650 points), failed (unfinished, a must-have missing, or under 400 points)
    or challenged (the rest); the summary says why when it is not a success."""
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


DIMENSION_ADVICE = {
    "schedule": "watch the P50 and P80 finish from week 1; staff the critical path, "
                "crash or fast-track critical tasks early, and defer low-value scope "
                "while it still helps",
    "cost": "keep overtime short (it is paid at a premium), spend contingency on the "
            "risks that matter, and turn down changes that bring no money",
    "scope": "protect the must-haves: defer could-haves first, and restore scope when "
             "time allows",
    "quality": "tired, new and rushed people let more defects through: keep weeks near "
               "normal hours, fast-track sparingly, and let the test tasks run, since "
               "defects found in testing are fixed before delivery",
    "stakeholders": "meet the powerful and the resistant early and often, keep status "
                    "reports going, and answer escalations",
    "team": "long weeks build fatigue that lasts; recognise the team, hold a team event "
            "when morale sags, and counter-offer key people who resign",
}
"""What helps each dimension, in the model's terms (the debrief's "next time")."""


def advice(outcome: Outcome) -> str:
    """'Next time: …' for the dimension that lost the most points, or '' for a full
    score."""
    lost = max(outcome.dimensions, key=lambda d: d.max_points - d.points, default=None)
    if lost is None or lost.points >= lost.max_points:
        return ""
    return (f"Most points lost: {lost.name}, {lost.max_points - lost.points} of "
            f"{lost.max_points}. Next time: {DIMENSION_ADVICE[lost.name]}.")


def _clip(x: float) -> float:
    return min(1.0, max(0.0, x))


def outcome_reasons(
    completed: bool, justified: bool, missing_musts: list[str], score: int, late: float,
    over: float, time_tolerance: float, cost_tolerance: float,
) -> list[str]:
    """Why a game is not a success, in words (PRINCE2: beyond a tolerance is an
    exception, whatever the points)."""
    reasons = []
    if not completed:
        reasons.append("closed early, the business case had failed" if justified
                       else "not finished")
    if missing_musts:
        reasons.append("a must-have is missing")
    if completed and late > time_tolerance:
        reasons.append(f"{late:g} weeks late, beyond the {time_tolerance:g}-week tolerance")
    if over > cost_tolerance:
        reasons.append(f"{over:.1%} over budget, beyond the {cost_tolerance:.0%} tolerance")
    if score < 400:
        reasons.append("under 400 points, a failure whatever else")
    elif score < 650:
        reasons.append("under 650 points")
    return reasons


def score_game(sim: Simulation) -> Outcome:
    """Score a finished game."""
    weights = sim.scenario.scoring
    money = sim.scenario.budget.currency
    completed = sim.end_reason == "complete"
    closure = sim.closure or {}
    justified = bool(closure.get("justified"))
    finish_week = sim.finish_week()
    ref_deadline = sim.deadline_week + sim.deadline_extension + 0.5 * sim.rebaseline_weeks
    late = finish_week - ref_deadline

    parts: list[DimensionScore] = []

    def add(name: str, share: float, sentence: str) -> None:
        full = getattr(weights, name)
        points = round(full * _clip(share))
        parts.append(DimensionScore(name, points, full, f"{sentence}: {points} / {full}"))

    # schedule
    if completed:
        share = 1.0 if late <= 0 else 1.0 - 0.2 * late
        when = "on time" if late <= 0 else f"{count(late, 'week')} late"
        moved = (
            f"; the re-baseline moved it to week {board_deadline(sim)}, and re-baselined "
            "weeks count half" if sim.rebaseline_weeks else ""
        )
        add("schedule", share, f"Finished in week {finish_week} against a deadline of week "
            f"{ref_deadline:g} ({when}{moved})")
    elif closure:
        add("schedule", 0.6 if justified else 0.0,
            f"Closed in week {finish_week}; " + ("stopping a failing project early was right"
                                                 if justified else "the business case still "
                                                 "held, so closing wasted the work"))
    else:
        add("schedule", 0.0, f"Unfinished at the hard stop (week {finish_week})")

    # cost
    ac, bac = sim.money.actual_cost, sim.money.bac
    over = ac / bac - 1.0 if bac > 0 else 0.0
    authorised = max(0.0, (sim.money.authorised - bac) / bac) if bac > 0 else 0.0
    auth_over = min(max(over, 0.0), authorised)
    unauth_over = max(0.0, over - authorised)
    share = 1.0 - AUTHORISED_OVERRUN_COST * auth_over - UNAUTHORISED_OVERRUN_COST * unauth_over
    how = (
        "within budget" if over <= 0 else
        f"{over:.1%} over" + (f"; {unauth_over:.1%} of the budget beyond what was authorised"
                              if unauth_over > 0 else ", covered by authorised reserves")
    )
    add("cost", share, f"Spent {ac:,.0f} {money} against a budget of {bac:,.0f} ({how})")

    # scope
    base_items = [s for s in sim.scenario.scope if not s.proposed]
    base_value = sum(s.value for s in base_items) or 1.0
    delivered = [s for s in sim.scenario.scope if sim.scope_status[s.id] == "delivered"]
    value = sum(sim.scope_value[s.id] for s in delivered)
    missing_musts = [
        s.name for s in base_items
        if sim.scope_priority[s.id] == "must" and sim.scope_status[s.id] != "delivered"
    ]
    share = value / base_value
    if missing_musts:
        share = min(share, 0.3)
    musts = ("must-haves missing: " + ", ".join(missing_musts)) if missing_musts else \
        "all must-haves delivered"
    add("scope", share, f"Delivered {count(len(delivered), 'deliverable')} worth {value:,.0f} "
        f"{money}, {value / base_value:.0%} of the planned value; {musts}")

    # quality
    shipped = [t for t in sim.tasks.values() if t.status == "done"
               and sim.scope_status[t.spec.scope] == "delivered"]
    work = sum(t.done for t in shipped)
    hidden = sum(t.hidden_flaws for t in shipped)
    if work > 0:
        density = hidden / work
        add("quality", 1.0 - density / DEFECT_DENSITY_ZERO,
            f"{density:.1%} of the delivered work still hides defects "
            f"({hidden:.1f} person-days)")
    else:
        add("quality", 0.0, "Nothing was delivered whose quality could be judged")

    # stakeholders
    holders = list(sim.stakeholders.values())
    if holders:
        total_power = sum(h.spec.power for h in holders) or 1.0
        sat = sum(h.satisfaction * h.spec.power for h in holders) / total_power
        lowest = min(holders, key=lambda h: h.satisfaction)
        add("stakeholders", (sat - 25.0) / 65.0,
            f"Power-weighted satisfaction {sat:.0f}/100 (lowest: {lowest.spec.name}, "
            f"{lowest.satisfaction:.0f})")
    else:
        add("stakeholders", 1.0, "No stakeholders to satisfy")

    # team
    morale_series = [row.morale for row in sim.weekly_log] or [sim.morale]
    mean_morale = sum(morale_series) / len(morale_series)
    from pmsim.engine.people import team_fatigue

    fatigue = team_fatigue(sim)
    share = (mean_morale - 0.30) / 0.45 - 0.15 * sim.resignations - 0.5 * fatigue
    add("team", share, f"Mean morale {mean_morale:.0%}, {count(sim.resignations, 'resignation')}, "
        f"fatigue at the end {fatigue:.0%}")

    score = sum(p.points for p in parts)
    tol = sim.scenario.tolerances
    reasons = outcome_reasons(completed, justified, missing_musts, score, late,
                              over, tol.time_weeks, tol.cost_fraction)
    if (not completed and not justified) or missing_musts or score < 400:
        outcome = "failed"
    elif not reasons:
        outcome = "successful"
    else:
        outcome = "challenged"
    why = f" ({'; '.join(reasons)})" if reasons and outcome != "successful" else ""
    summary = (f"{outcome.capitalize()}: {score} / {sum(d.max_points for d in parts)} "
               f"points{why}.")
    return Outcome(
        scenario_id=sim.scenario.meta.id, seed=sim.seed, score=score, outcome=outcome,
        finish_week=finish_week, completed=completed, end_reason=sim.end_reason, cost=ac,
        budget=bac, dimensions=tuple(parts), summary=summary, deadline_week=ref_deadline,
        on_time=completed and late <= 0,
        on_budget=ac <= bac + sim.scenario.budget.contingency + sim.money.reserve_granted + 1e-6,
    )
