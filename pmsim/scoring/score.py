"""`score`: a finished game's final facts, the scenario's weights and curves → Outcome."""

from __future__ import annotations

from pmsim.scenario.parameters import Scoring, ScoringCurves
from pmsim.scoring.dimensions import DIMENSION_RULES, cost_overrun, judged_deadline
from pmsim.scoring.facts import FinalFacts
from pmsim.scoring.outcome import Outcome, outcome_class, outcome_reasons, outcome_words


def score(facts: FinalFacts, weights: Scoring, curves: ScoringCurves) -> Outcome:
    """Score a finished game: each dimension's curve at its weight, the total, the
    outcome class and a summary that says why it is not a success. Pure: the same facts,
    weights and curves always give the same outcome."""
    full = weights.weights()
    parts = tuple(rule(facts, full[name], curves) for name, rule in DIMENSION_RULES.items())
    total = sum(p.points for p in parts)
    deadline = judged_deadline(facts, curves)
    late = facts.finish_week - deadline
    over = cost_overrun(facts)
    reasons = outcome_reasons(facts, total, late, over, curves)
    outcome = outcome_class(facts, total, reasons, curves)
    why = f" ({'; '.join(reasons)})" if reasons and outcome != "successful" else ""
    most = sum(d.max_points for d in parts)
    summary = f"{outcome_words(outcome).capitalize()}: {total} / {most} points{why}."
    return Outcome(
        scenario_id=facts.scenario_id, seed=facts.seed, score=total, outcome=outcome,
        finish_week=facts.finish_week, completed=facts.completed,
        end_reason=facts.end_reason, cost=facts.actual_cost, budget=facts.budget,
        dimensions=parts, summary=summary, deadline_week=deadline,
        on_time=facts.completed and late <= 0,
        on_budget=facts.actual_cost <= facts.approved_budget + 1e-6,
    )
