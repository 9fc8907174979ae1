"""What the player decided, week by week, in words: for the end-of-week dialog's
"Decided this week". No Textual here.

A decision is told in the engine's own words when it left any in the feed (a risk
response says what it cost and changed, a meeting how the stakeholder now stands), and
otherwise by `describe`, which asks the decision's rule (`pmsim.engine.rules`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pmsim.engine import decisions as d
from pmsim.engine.rules import Names, rule_for
from pmsim.engine.turn import DecisionRequest, FeedEvent
from pmsim.scenario import Scenario


@dataclass(frozen=True)
class Decided:
    """One decision or answer the player took, as the end-of-week dialog lists it."""

    week: int
    """The game week it was taken in."""
    lines: tuple[str, ...]
    """What it did, one line per feed event it caused (at least one line)."""


def _names(scenario: Scenario) -> dict[str, str]:
    """Every id of the scenario (tasks, people, candidates, stakeholders, risks, scope)
    and its name."""
    names: dict[str, str] = {}
    for group in (scenario.scope, scenario.tasks, scenario.team, scenario.hire_pool,
                  scenario.stakeholders, scenario.risks):
        for item in group:
            names.setdefault(item.id, item.name)
    return names


def describe(decision: d.Decision, scenario: Scenario) -> str:
    """A decision in a sentence, with the names of what it concerns (told by its rule)."""
    names = Names(_names(scenario), scenario.calendar.days_per_week)
    try:
        rule = rule_for(decision)
    except d.DecisionError:  # a decision kind with no rule: still say something
        return f"{decision.kind.replace('_', ' ').capitalize()}."
    return rule.describe(decision, names)


def decided(week: int, caused: Sequence[FeedEvent], fallback: str) -> Decided:
    """The record of a decision or answer: the feed events it caused, else `fallback`."""
    lines = tuple(e.text for e in caused) or (fallback,)
    return Decided(week, lines)


def answered(request: DecisionRequest, option: str) -> str:
    """'Answered <request>: <option label>.'"""
    chosen = request.option(option)
    label = chosen.label if chosen is not None else option
    return f"Answered '{request.title}': {label}."
