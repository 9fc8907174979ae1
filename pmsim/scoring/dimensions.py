"""The six dimension curves: each turns the final facts into a share of its weight and a
sentence saying why.

Full marks are the scenario's weight for the dimension (`[scoring]`); the numbers of the
curves are the scenario's `[scoring.curves]` (`ScoringCurves`), named here by field:
- schedule: full when finished by the deadline in force (the original deadline plus the
  extensions the sponsor or a change request granted, plus `rebaseline_credit` of the
  weeks a re-baseline added); minus `late_week_penalty` per week late; nothing when
  unfinished at the hard stop. A closure the business case justified keeps
  `justified_closure_share`.
- cost: full within the BAC; overrun covered by drawn contingency or granted reserve
  costs `authorised_overrun_cost` per unit over, unauthorised overrun
  `unauthorised_overrun_cost`.
- scope: share of the baseline value delivered (approved changes count as delivered
  value, capped at full); at most `missing_must_cap` when a must-have is missing.
- quality: 1 − residual defect density / `defect_density_zero`, where the density is
  the flawed work still hidden in delivered work over all delivered work.
- stakeholders: power-weighted mean satisfaction, nothing at `satisfaction_zero`, full
  at `satisfaction_full`.
- team: mean morale over the game, nothing at `morale_zero`, full at `morale_full`;
  minus `resignation_penalty` per resignation and `fatigue_penalty` times the fatigue
  at the end.
"""

from __future__ import annotations

from collections.abc import Callable

from pmsim.scenario.parameters import ScoringCurves
from pmsim.scoring.facts import FinalFacts
from pmsim.scoring.outcome import DimensionScore
from pmsim.wording import count

DimensionRule = Callable[[FinalFacts, int, ScoringCurves], DimensionScore]
"""A dimension's curve: (facts, full points, curves) → its score and sentence."""

SHARE_WORDS = {0.0: "nothing", 0.5: "half", 1.0: "in full"}
"""How a share of re-baselined weeks is said in the schedule sentence."""


def _clip(x: float) -> float:
    return min(1.0, max(0.0, x))


def scored(name: str, full: int, share: float, sentence: str) -> DimensionScore:
    """`share` of `full` points (clipped to 0-1, rounded), the sentence ending in them."""
    points = round(full * _clip(share))
    return DimensionScore(name, points, full, f"{sentence}: {points} / {full}")


def judged_deadline(facts: FinalFacts, curves: ScoringCurves) -> float:
    """The deadline week the schedule is judged against: the original plus granted
    extensions plus the credited share of re-baselined weeks."""
    return (facts.deadline_week + facts.deadline_extension
            + curves.rebaseline_credit * facts.rebaseline_weeks)


def cost_overrun(facts: FinalFacts) -> float:
    """Actual cost over the budget as a fraction of it (negative under it; 0 without a
    budget)."""
    return facts.actual_cost / facts.budget - 1.0 if facts.budget > 0 else 0.0


def schedule(facts: FinalFacts, full: int, curves: ScoringCurves) -> DimensionScore:
    """Finishing by the deadline in force; a justified early closure keeps a share."""
    finish_week = facts.finish_week
    if facts.completed:
        deadline = judged_deadline(facts, curves)
        late = finish_week - deadline
        share = 1.0 if late <= 0 else 1.0 - curves.late_week_penalty * late
        when = "on time" if late <= 0 else f"{count(late, 'week')} late"
        credit = SHARE_WORDS.get(curves.rebaseline_credit, f"{curves.rebaseline_credit:.0%}")
        moved = (
            f"; the re-baseline moved it to week {facts.board_deadline_week}, and "
            f"re-baselined weeks count {credit}" if facts.rebaseline_weeks else ""
        )
        return scored("schedule", full, share, f"Finished in week {finish_week} against a "
                      f"deadline of week {deadline:g} ({when}{moved})")
    if facts.closed_by_board:
        justified = facts.closure_justified
        return scored(
            "schedule", full, curves.justified_closure_share if justified else 0.0,
            f"Closed in week {finish_week}; " + (
                "stopping a failing project early was right" if justified
                else "the business case still held, so closing wasted the work"))
    return scored("schedule", full, 0.0, f"Unfinished at the hard stop (week {finish_week})")


def cost(facts: FinalFacts, full: int, curves: ScoringCurves) -> DimensionScore:
    """Spending within the budget; authorised overrun costs less than unauthorised."""
    ac, bac = facts.actual_cost, facts.budget
    over = cost_overrun(facts)
    authorised = max(0.0, (facts.authorised_budget - bac) / bac) if bac > 0 else 0.0
    auth_over = min(max(over, 0.0), authorised)
    unauth_over = max(0.0, over - authorised)
    share = (1.0 - curves.authorised_overrun_cost * auth_over
             - curves.unauthorised_overrun_cost * unauth_over)
    how = (
        "within budget" if over <= 0 else
        f"{over:.1%} over" + (f"; {unauth_over:.1%} of the budget beyond what was authorised"
                              if unauth_over > 0 else ", covered by authorised reserves")
    )
    return scored("cost", full, share, f"Spent {ac:,.0f} {facts.currency} against a budget "
                  f"of {bac:,.0f} ({how})")


def scope(facts: FinalFacts, full: int, curves: ScoringCurves) -> DimensionScore:
    """The value delivered, capped while a must-have is missing."""
    base_value = facts.planned_value or 1.0
    value = facts.delivered_value
    share = value / base_value
    if facts.missing_musts:
        share = min(share, curves.missing_must_cap)
    musts = ("must-haves missing: " + ", ".join(facts.missing_musts)) if facts.missing_musts \
        else "all must-haves delivered"
    return scored("scope", full, share, f"Delivered {count(facts.delivered_count, 'deliverable')}"
                  f" worth {value:,.0f} {facts.currency}, {value / base_value:.0%} of the "
                  f"planned value; {musts}")


def quality(facts: FinalFacts, full: int, curves: ScoringCurves) -> DimensionScore:
    """Few defects still hidden in the delivered work."""
    work, hidden = facts.delivered_work, facts.hidden_defects
    if work <= 0:
        return scored("quality", full, 0.0, "Nothing was delivered whose quality could be judged")
    density = hidden / work
    return scored("quality", full, 1.0 - density / curves.defect_density_zero,
                  f"{density:.1%} of the delivered work still hides defects "
                  f"({hidden:.1f} person-days)")


def stakeholders(facts: FinalFacts, full: int, curves: ScoringCurves) -> DimensionScore:
    """Power-weighted satisfaction at the end."""
    holders = facts.stakeholders
    if not holders:
        return scored("stakeholders", full, 1.0, "No stakeholders to satisfy")
    total_power = sum(h.power for h in holders) or 1.0
    sat = sum(h.satisfaction * h.power for h in holders) / total_power
    lowest = min(holders, key=lambda h: h.satisfaction)
    share = (sat - curves.satisfaction_zero) / (curves.satisfaction_full
                                                 - curves.satisfaction_zero)
    return scored("stakeholders", full, share, f"Power-weighted satisfaction {sat:.0f}/100 "
                  f"(lowest: {lowest.name}, {lowest.satisfaction:.0f})")


def team(facts: FinalFacts, full: int, curves: ScoringCurves) -> DimensionScore:
    """Morale over the game, less resignations and lasting fatigue."""
    mean_morale = sum(facts.weekly_morale) / len(facts.weekly_morale)
    fatigue = facts.end_fatigue
    share = ((mean_morale - curves.morale_zero) / (curves.morale_full - curves.morale_zero)
             - curves.resignation_penalty * facts.resignations
             - curves.fatigue_penalty * fatigue)
    return scored("team", full, share, f"Mean morale {mean_morale:.0%}, "
                  f"{count(facts.resignations, 'resignation')}, fatigue at the end {fatigue:.0%}")


DIMENSION_RULES: dict[str, DimensionRule] = {
    "schedule": schedule, "cost": cost, "scope": scope, "quality": quality,
    "stakeholders": stakeholders, "team": team,
}
"""Each dimension's curve, in scoring order."""
