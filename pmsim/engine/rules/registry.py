"""The one table of decision rules, in menu order: the engine, the bots, the TUI menu
and the journal all look decisions up here (by decision type, by kind, by key)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pmsim.engine.decisions import Decision, DecisionError
from pmsim.engine.rules.base import DecisionRule
from pmsim.engine.rules.board import (
    ClosureRule,
    DeadlineRule,
    NegotiateScopeRule,
    RaiseExceptionRule,
)
from pmsim.engine.rules.money import DrawContingencyRule, RequestReserveRule
from pmsim.engine.rules.morale import RecogniseRule, TeamEventRule, TrainRule
from pmsim.engine.rules.overtime import OvertimeRule
from pmsim.engine.rules.risk import RiskResponseRule
from pmsim.engine.rules.schedule import CrashRule, FastTrackRule
from pmsim.engine.rules.scope import CutRule, DeferRule, RestoreRule
from pmsim.engine.rules.staffing import AssignRule, UnassignRule
from pmsim.engine.rules.stakeholders import MeetRule, ReportingRule, SteeringRule
from pmsim.engine.rules.team import HireRule, ReleaseRule

Rule = DecisionRule[Any]

RULES: list[Rule] = [
    AssignRule(), UnassignRule(), CrashRule(), FastTrackRule(),
    OvertimeRule(), HireRule(), ReleaseRule(), TrainRule(), RecogniseRule(), TeamEventRule(),
    CutRule(), DeferRule(), RestoreRule(),
    RiskResponseRule(), DrawContingencyRule(), RequestReserveRule(),
    MeetRule(), ReportingRule(), SteeringRule(),
    DeadlineRule(), NegotiateScopeRule(), RaiseExceptionRule(), ClosureRule(),
]
"""Every decision rule, in menu order. Add a rule here (and only here)."""


def all_rules() -> tuple[Rule, ...]:
    """Every registered rule, in menu order."""
    return tuple(RULES)


def rule_for(decision: Decision | type[Decision]) -> Rule:
    """The rule of a decision (or decision type); `DecisionError` when there is none."""
    cls = decision if isinstance(decision, type) else type(decision)
    for rule in RULES:
        if rule.decision is cls:
            return rule
    raise DecisionError(f"unknown decision {decision!r}")


def rule_by_kind(kind: str) -> Rule | None:
    """The rule of a decision kind (as in logs), if any."""
    return next((r for r in RULES if r.kind == kind), None)


def rule_by_key(key: str) -> Rule | None:
    """The rule on a menu key, if any."""
    return next((r for r in RULES if r.key == key), None)


@contextmanager
def registered(rule: Rule) -> Iterator[Rule]:
    """Register a rule for the duration of a `with` block (for tests and experiments)."""
    if rule_by_kind(rule.kind) or rule_by_key(rule.key):
        raise ValueError(f"a rule for kind {rule.kind!r} or key {rule.key!r} exists already")
    RULES.append(rule)
    try:
        yield rule
    finally:
        RULES.remove(rule)
