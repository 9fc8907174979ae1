"""What the player decided, week by week, in words: for the end-of-week dialog's
"Decided this week". No Textual here.

A decision is told in the engine's own words when it left any in the feed (a risk
response says what it cost and changed, a meeting how the stakeholder now stands), and
otherwise by `describe`, which knows every decision kind of the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pmsim.engine import decisions as d
from pmsim.engine.reports import DecisionRequest, FeedEvent, week_hours
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


DESCRIPTIONS: dict[str, Callable[[Any, Callable[[str], str]], str]] = {
    "overtime": lambda x, n: f"Working hours set to {x.level:g} × a normal week.",
    "assign": lambda x, n: f"{n(x.person)} assigned to '{n(x.task)}'.",
    "unassign": lambda x, n: f"{n(x.person)} taken off '{n(x.task)}'.",
    "hire": lambda x, n: f"Hired {n(x.candidate)}.",
    "release": lambda x, n: f"{n(x.person)} released.",
    "crash": lambda x, n: f"Crashed '{n(x.task)}' by {x.days:g} days.",
    "fast_track": lambda x, n: f"Fast-tracked '{n(x.task)}'.",
    "cut": lambda x, n: f"Cut '{n(x.item)}'.",
    "defer": lambda x, n: f"Deferred '{n(x.item)}'.",
    "restore": lambda x, n: f"Restored '{n(x.item)}'.",
    "risk_response": lambda x, n: f"Risk '{n(x.risk)}': {x.response}.",
    "draw_contingency": lambda x, n: f"Drew {x.amount:,.0f} from contingency.",
    "request_reserve": lambda x, n: f"Asked the sponsor for {x.amount:,.0f} of reserve.",
    "meet": lambda x, n: f"Met {n(x.stakeholder)}.",
    "reporting": lambda x, n: f"Status reports: {x.level}.",
    "steering": lambda x, n: "Steering committee held.",
    "negotiate_deadline": lambda x, n: f"Asked to move the deadline by {x.weeks} "
                                       f"week{'' if x.weeks == 1 else 's'}.",
    "negotiate_scope": lambda x, n: f"Asked the sponsor to make '{n(x.item)}' a "
                                    "should-have.",
    "recognition": lambda x, n: "Recognised the team's work.",
    "team_event": lambda x, n: "Team event held.",
    "training": lambda x, n: f"{n(x.person)} sent to training in '{x.skill}'.",
    "raise_exception": lambda x, n: "Raised an exception to the project board.",
    "recommend_closure": lambda x, n: "Recommended closing the project.",
}
"""Decision kind (as in `pmsim.engine.decisions.DECISION_TYPES`) → its description."""


def describe(decision: d.Decision, scenario: Scenario) -> str:
    """A decision in a sentence, with the names of what it concerns."""
    if isinstance(decision, d.SetOvertime):  # in hours, which depend on the scenario's week
        hours = week_hours(decision.level, scenario.calendar.days_per_week)
        return f"Working hours set to {hours:.0f} h a week."
    names = _names(scenario)
    tell = DESCRIPTIONS.get(decision.kind)
    if tell is None:  # a decision kind newer than this list: still say something
        return f"{decision.kind.replace('_', ' ').capitalize()}."
    return tell(decision, lambda item_id: names.get(item_id, item_id))


def decided(week: int, caused: Sequence[FeedEvent], fallback: str) -> Decided:
    """The record of a decision or answer: the feed events it caused, else `fallback`."""
    lines = tuple(e.text for e in caused) or (fallback,)
    return Decided(week, lines)


def answered(request: DecisionRequest, option: str) -> str:
    """'Answered <request>: <option label>.'"""
    chosen = request.option(option)
    label = chosen.label if chosen is not None else option
    return f"Answered '{request.title}': {label}."
