"""Dropping scope (cut for good, or deferred to a later release) and restoring it.

Each is a change to the performance measurement baseline (`pmsim.engine.plan`): a cut
or deferral takes the item's unearned budget out of BAC (the preview's
`budget_added` is negative), a restore brings it back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from pmsim.engine import board, flow, plan
from pmsim.engine.rules.base import (
    Decision,
    DecisionError,
    DecisionRule,
    Figures,
    Names,
    Preview,
    money,
    scope_status,
)

if TYPE_CHECKING:
    from pmsim.engine.simulation import Simulation


@dataclass(frozen=True)
class CutScope(Decision):
    """Drop a scope item for good; its value is lost."""

    kind: ClassVar[str] = "cut"
    attention: ClassVar[float] = 1.0
    item: str


@dataclass(frozen=True)
class DeferScope(Decision):
    """Move a scope item to a later release; it can be restored."""

    kind: ClassVar[str] = "defer"
    attention: ClassVar[float] = 1.0
    item: str


@dataclass(frozen=True)
class RestoreScope(Decision):
    """Bring a deferred scope item back into this project."""

    kind: ClassVar[str] = "restore"
    attention: ClassVar[float] = 1.0
    item: str


CUT_PENALTY = 1.0
"""Share of the scope-lovers' full disappointment a cut causes (`board.defer_scope`
sets a deferral's)."""


def _check_drop(sim: Simulation, item: str) -> None:
    status = scope_status(sim, item)
    if status != "planned":
        raise DecisionError(f"'{sim.scope_name(item)}' is {status}; only planned scope can "
                            "be dropped")
    if sim.scope[item].priority == "must":
        raise DecisionError(f"'{sim.scope_name(item)}' is a must-have; negotiate it down "
                            "with the sponsor "
                            "first")


def _budget_words(sim: Simulation, p: Preview) -> str:
    return f"{money(sim, -(p.budget_added or 0))} of unearned budget leaves the baseline"


def _value(sim: Simulation, item: str) -> float:
    scope_status(sim, item)
    return sim.scope[item].value


class CutRule(DecisionRule[CutScope]):
    """Drop a scope item for good."""

    decision = CutScope
    key, menu, group = "x", "Cut a scope item", "Scope"
    order = 110

    def check(self, sim: Simulation, x: CutScope) -> None:
        _check_drop(sim, x.item)

    def apply(self, sim: Simulation, x: CutScope) -> None:
        board.set_scope(sim, x.item, "cut", CUT_PENALTY)

    def figures(self, sim: Simulation, x: CutScope) -> Figures:
        return {"scope_value": -_value(sim, x.item), "budget_added": -plan.unearned(sim, x.item)}

    def sentence(self, sim: Simulation, x: CutScope, p: Preview) -> str:
        return (f"Drops for good '{sim.scope_name(x.item)}' ({money(sim, -(p.scope_value or 0))} "
                f"of value; {_budget_words(sim, p)}); stakeholders who care about scope are "
                "disappointed")

    def describe(self, x: CutScope, names: Names) -> str:
        return f"Cut '{names(x.item)}'."


class DeferRule(DecisionRule[DeferScope]):
    """Move a scope item to a later release."""

    decision = DeferScope
    key, menu, group = "d", "Defer a scope item", "Scope"
    order = 120

    def check(self, sim: Simulation, x: DeferScope) -> None:
        _check_drop(sim, x.item)

    def apply(self, sim: Simulation, x: DeferScope) -> None:
        board.defer_scope(sim, x.item)

    def figures(self, sim: Simulation, x: DeferScope) -> Figures:
        return {"scope_value": -_value(sim, x.item), "budget_added": -plan.unearned(sim, x.item)}

    def sentence(self, sim: Simulation, x: DeferScope, p: Preview) -> str:
        return (f"Moves to a later release '{sim.scope_name(x.item)}' "
                f"({money(sim, -(p.scope_value or 0))} of value; {_budget_words(sim, p)}); "
                "stakeholders who care about scope are disappointed, less so; it can be "
                "restored")

    def describe(self, x: DeferScope, names: Names) -> str:
        return f"Deferred '{names(x.item)}'."


class RestoreRule(DecisionRule[RestoreScope]):
    """Bring a deferred scope item back."""

    decision = RestoreScope
    key, menu, group = "r", "Restore a deferred item", "Scope"
    order = 130

    def check(self, sim: Simulation, x: RestoreScope) -> None:
        if scope_status(sim, x.item) != "deferred":
            raise DecisionError("only deferred scope can be restored; "
                                f"'{sim.scope_name(x.item)}' is "
                                f"{sim.scope[x.item].status}")

    def apply(self, sim: Simulation, x: RestoreScope) -> None:
        sim.scope[x.item].status = "planned"
        for t in sim.tasks.values():
            if t.spec.scope == x.item and t.status == "deferred":
                t.status = "waiting"
        sim.lookups.tasks_changed()
        plan.restore_scope(sim, x.item)
        for t in sim.tasks.values():
            if t.spec.scope == x.item:
                flow.check_ready(sim, t)
        sim.note("scope", f"Scope item '{sim.scope_name(x.item)}' restored.")

    def figures(self, sim: Simulation, x: RestoreScope) -> Figures:
        return {"scope_value": _value(sim, x.item), "budget_added": plan.restorable(sim, x.item)}

    def sentence(self, sim: Simulation, x: RestoreScope, p: Preview) -> str:
        return (f"Brings '{sim.scope_name(x.item)}' ({money(sim, p.scope_value or 0)} of "
                f"value) back into the plan, with {money(sim, p.budget_added or 0)} of budget "
                "planned from this week")

    def describe(self, x: RestoreScope, names: Names) -> str:
        return f"Restored '{names(x.item)}'."


RULES = (CutRule(), DeferRule(), RestoreRule())
"""The rules of this module (the registry finds them here)."""
