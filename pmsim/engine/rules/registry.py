"""The one table of decision rules, in menu order: the engine, the bots, the TUI menu
and the journal all look decisions up here (by decision type, by kind, by key).

The table is not written by hand: every module of this package that has a `RULES` tuple
is a rule module, and its rules join the table when the package is first imported,
ordered by their `order` (then kind). Adding a module adds its rules; nothing else
names them."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pmsim.engine.rules.base import Decision, DecisionError, DecisionRule

Rule = DecisionRule[Any]

NOT_RULE_MODULES = frozenset({"base", "dispatch", "registry"})
"""Modules of this package that hold no rules (the parts every rule shares)."""


def discover() -> list[Rule]:
    """The rules of every rule module of this package (its `RULES`), in menu order.

    Modules are read in the order of their names; a kind or key that two rules share
    raises `ValueError`, as a menu or a log could not tell them apart."""
    package = importlib.import_module(__package__ or "pmsim.engine.rules")
    found: list[Rule] = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name in NOT_RULE_MODULES or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        found += getattr(module, "RULES", ())
    for attr in ("kind", "key"):
        seen: dict[str, Rule] = {}
        for rule in found:
            other = seen.setdefault(getattr(rule, attr), rule)
            if other is not rule:
                raise ValueError(f"rules {type(other).__name__} and {type(rule).__name__} "
                                 f"have the same {attr} {getattr(rule, attr)!r}")
    return sorted(found, key=lambda r: (r.order, r.kind))


def rediscover() -> None:
    """Read the rule modules again (after one was added to the package's path)."""
    RULES[:] = discover()


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


RULES: list[Rule] = discover()
"""Every decision rule, in menu order: the rules of every rule module of this package."""
