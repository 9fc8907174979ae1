"""The six dimension curves: each turns the final facts into a share of its weight and a
sentence saying why.

Full marks are the scenario's weight for the dimension (`[scoring]`); the numbers of the
curves are the scenario's `[scoring.curves]` (`ScoringCurves`), named here by field:
- schedule: judged against the original commitment (the deadline the game started
  with): every week finished after it counts, and only a share of the weeks the
  deadline moved is forgiven, and only of the weeks the finish used —
  `extension_credit` of the weeks the sponsor or a change request granted,
  `rebaseline_credit` of the weeks a re-baseline added. Full when finished by that
  judged deadline; minus `late_week_penalty` per week after it; nothing when unfinished
  at the hard stop. A closure the business case justified keeps
  `justified_closure_share`.
- cost: full within the BAC; overrun covered by drawn contingency or granted reserve
  costs `authorised_overrun_cost` per unit over, unauthorised overrun
  `unauthorised_overrun_cost`.
- scope: share of the scope baseline's value delivered, the baseline being the original
  items plus every approved change (a change accepted and then dropped counts as
  missing); at most `missing_must_cap` when a must-have is missing.
- quality: 1 − residual defect density / `defect_density_zero`, where the density is
  the flawed work still hidden in delivered work over all delivered work.
- stakeholders: over the whole game, not the last week. `1 − engagement_share` of the
  points for satisfaction: each stakeholder's is `satisfaction_end_weight` their
  satisfaction at the end plus the rest their mean over the weeks played; their
  power-weighted mean scores nothing at `satisfaction_zero`, full at
  `satisfaction_full`. `engagement_share` for engagement: each stakeholder's gap
  between their engagement and the level the project needs (PMBOK's engagement
  assessment matrix), weighed the same way over the weeks, nothing at
  `engagement_gap_zero` columns below it, full at or above it; weighted by the mean of
  power and interest, so the keep-informed count too.
- team: mean morale over the game, nothing at `morale_zero`, full at `morale_full`;
  minus `resignation_penalty` per resignation and `fatigue_penalty` times the fatigue
  at the end.
"""

from __future__ import annotations

from collections.abc import Callable

from pmsim.scenario.parameters import ScoringCurves
from pmsim.scoring.facts import FinalFacts, StakeholderFacts
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


def forgiven_weeks(facts: FinalFacts, curves: ScoringCurves) -> float:
    """The weeks of lateness forgiven: the forgiven share of the deadline moves the
    finish used (`extension_credit` of granted extensions, `rebaseline_credit` of
    re-baselined weeks, each move used in proportion). Weeks moved but not used earn
    nothing, so a bigger move than the project needed buys no points."""
    moved = facts.deadline_extension + facts.rebaseline_weeks
    if moved <= 0:
        return 0.0
    used = min(1.0, max(0.0, facts.finish_week - facts.deadline_week) / moved)
    return used * (curves.extension_credit * facts.deadline_extension
                   + curves.rebaseline_credit * facts.rebaseline_weeks)


def judged_deadline(facts: FinalFacts, curves: ScoringCurves) -> float:
    """The deadline week the schedule is judged against: the original commitment plus
    the weeks forgiven (`forgiven_weeks`)."""
    return facts.deadline_week + forgiven_weeks(facts, curves)


def _share_words(share: float) -> str:
    return SHARE_WORDS.get(share, f"{share:.0%}")


def deadline_moves(facts: FinalFacts, curves: ScoringCurves) -> str:
    """How the deadline moved from the original commitment and how much of it is
    forgiven, in words ('' when it never moved)."""
    moves = []
    if facts.deadline_extension:
        moves.append(f"{count(facts.deadline_extension, 'week')} granted by the sponsor or a "
                     f"change, forgiven {_share_words(curves.extension_credit)}")
    if facts.rebaseline_weeks:
        moves.append(f"{count(facts.rebaseline_weeks, 'week')} by a re-baseline, forgiven "
                     f"{_share_words(curves.rebaseline_credit)}")
    if not moves:
        return ""
    moved = facts.deadline_extension + facts.rebaseline_weeks
    used = min(moved, max(0.0, facts.finish_week - facts.deadline_week))
    if used <= 0:
        moves.append("the finish used none of these weeks")
    elif used < moved:
        moves.append(f"the finish used only {count(used, 'week')} of these")
    return (f"; the deadline moved to week {facts.board_deadline_week} ("
            + "; ".join(moves) + f"), so it is judged against week "
            f"{round(judged_deadline(facts, curves), 1):g}")


def cost_overrun(facts: FinalFacts) -> float:
    """Actual cost over the budget as a fraction of it (negative under it; 0 without a
    budget)."""
    return facts.actual_cost / facts.budget - 1.0 if facts.budget > 0 else 0.0


def schedule(facts: FinalFacts, full: int, curves: ScoringCurves) -> DimensionScore:
    """Finishing by the judged deadline (`judged_deadline`); a justified early closure
    keeps a share."""
    finish_week = facts.finish_week
    if facts.completed:
        late = finish_week - judged_deadline(facts, curves)
        share = 1.0 if late <= 0 else 1.0 - curves.late_week_penalty * late
        when = "on time" if late <= 0 else f"{count(round(late, 1), 'week')} late"
        return scored("schedule", full, share, f"Finished in week {finish_week} against the "
                      f"original commitment of week {facts.deadline_week:g}"
                      f"{deadline_moves(facts, curves)} ({when})")
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
    """The value delivered against the value asked for (the baseline and every change
    request that came), capped while a must-have is missing."""
    base_value = facts.planned_value or 1.0
    value = facts.delivered_value
    share = value / base_value
    if facts.missing_musts:
        share = min(share, curves.missing_must_cap)
    musts = ("must-haves missing: " + ", ".join(facts.missing_musts)) if facts.missing_musts \
        else "all must-haves delivered"
    return scored("scope", full, share, f"Delivered {count(facts.delivered_count, 'deliverable')}"
                  f" worth {value:,.0f} {facts.currency}, {value / base_value:.0%} of the "
                  f"value asked for; {musts}")


def quality(facts: FinalFacts, full: int, curves: ScoringCurves) -> DimensionScore:
    """Few defects still hidden in the delivered work."""
    work, hidden = facts.delivered_work, facts.hidden_defects
    if work <= 0:
        return scored("quality", full, 0.0, "Nothing was delivered whose quality could be judged")
    density = hidden / work
    return scored("quality", full, 1.0 - density / curves.defect_density_zero,
                  f"{density:.1%} of the delivered work still hides defects "
                  f"({hidden:.1f} person-days)")


def over_game(weekly: tuple[float, ...], end: float, end_weight: float) -> float:
    """A figure over the whole game: `end_weight` its value at the end, the rest its
    mean over the weeks played (the end alone when no week was played)."""
    if not weekly:
        return end
    return (1.0 - end_weight) * sum(weekly) / len(weekly) + end_weight * end


def engagement_closeness(h: StakeholderFacts, curves: ScoringCurves) -> float:
    """How close a stakeholder's engagement stayed to the level needed, over the game:
    1 at or above it, 0 at `engagement_gap_zero` columns below."""
    def near(gap: float) -> float:
        return _clip(1.0 - gap / curves.engagement_gap_zero)
    weekly = tuple(near(g) for g in h.weekly_engagement_gap)
    return over_game(weekly, near(h.engagement_gap), curves.satisfaction_end_weight)


def stakeholders(facts: FinalFacts, full: int, curves: ScoringCurves) -> DimensionScore:
    """Satisfaction over the whole game (power-weighted) and engagement at the levels
    the project needs."""
    holders = facts.stakeholders
    if not holders:
        return scored("stakeholders", full, 1.0, "No stakeholders to satisfy")
    end_weight = curves.satisfaction_end_weight
    total_power = sum(h.power for h in holders) or 1.0
    sat = sum(over_game(h.weekly_satisfaction, h.satisfaction, end_weight) * h.power
              for h in holders) / total_power
    end_sat = sum(h.satisfaction * h.power for h in holders) / total_power
    sat_share = _clip((sat - curves.satisfaction_zero)
                      / (curves.satisfaction_full - curves.satisfaction_zero))
    weights = [(h.power + h.interest) / 2 for h in holders]
    engaged = sum(w * engagement_closeness(h, curves) for w, h in zip(weights, holders,
                                                                       strict=True))
    engaged /= sum(weights) or 1.0
    share = (1.0 - curves.engagement_share) * sat_share + curves.engagement_share * engaged
    lowest = min(holders, key=lambda h: h.satisfaction)
    short = [h for h in holders if h.engagement_gap > 0]
    gaps = ("all there at the end" if not short else "short at the end: " + ", ".join(
        f"{h.name} {h.engagement}, needed {h.desired}" for h in short))
    return scored("stakeholders", full, share, f"Power-weighted satisfaction over the game "
                  f"{sat:.0f}/100 ({end_sat:.0f} at the end; lowest: {lowest.name}, "
                  f"{lowest.satisfaction:.0f}); engagement {engaged:.0%} of the way to the "
                  f"levels needed ({gaps})")


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
