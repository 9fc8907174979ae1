"""Checking, carrying out and previewing any decision through its rule. Every check
runs before any change, so an invalid decision raises `DecisionError` and leaves the
game untouched."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pmsim.engine.rules.base import Decision, DecisionError, Preview
from pmsim.engine.rules.registry import rule_for

if TYPE_CHECKING:
    from pmsim.engine.simulation import Simulation


def check_decision(sim: Simulation, decision: Decision) -> float:
    """Raise `DecisionError` if the decision cannot be taken now; return its attention."""
    rule = rule_for(decision)
    rule.check(sim, decision)
    if rule.once_a_week and (rule.kind, sim.week) in sim.attention.weekly_done:
        raise DecisionError(f"you can do that ({rule.kind}) only once a week")
    need = rule.attention(sim, decision)
    if need > sim.attention.left() + 1e-9:
        raise DecisionError(
            f"that takes {need:g} h of your attention and only {sim.attention.left():g} h are "
            "left this week; end the week or drop something"
        )
    return need


def apply_decision(sim: Simulation, decision: Decision) -> None:
    """Validate a decision against the current state, then carry it out."""
    need = check_decision(sim, decision)
    rule = rule_for(decision)
    sim.attention.used += need
    if rule.once_a_week:
        sim.attention.weekly_done.add((rule.kind, sim.week))
    rule.apply(sim, decision)


def preview_decision(sim: Simulation, decision: Decision) -> Preview:
    """What the decision would cost and do now (the figures its `apply` produces).
    A decision naming something that does not exist raises `DecisionError`."""
    rule = rule_for(decision)
    try:
        return rule.preview(sim, decision)
    except (KeyError, StopIteration, IndexError) as exc:
        raise DecisionError(f"no preview: {decision!r} names something unknown") from exc
