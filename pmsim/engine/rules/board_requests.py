"""Asking the sponsor and the project board: a later deadline, a must-have made a
should-have, an exception report on a tolerance breach, closing the project."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from pmsim.engine import board, tolerances
from pmsim.engine.rules.base import (
    Decision,
    DecisionError,
    DecisionRule,
    Figures,
    Names,
    Preview,
    has_stakeholders,
    scope_status,
)
from pmsim.engine.stakeholders import nudge, sponsor
from pmsim.wording import count

if TYPE_CHECKING:
    from pmsim.engine.simulation import Simulation


@dataclass(frozen=True)
class NegotiateDeadline(Decision):
    """Ask the sponsor to move the deadline by some weeks."""

    kind: ClassVar[str] = "negotiate_deadline"
    attention: ClassVar[float] = 4.0
    weeks: int


@dataclass(frozen=True)
class NegotiateScope(Decision):
    """Ask the sponsor to downgrade a must-have item to should-have."""

    kind: ClassVar[str] = "negotiate_scope"
    attention: ClassVar[float] = 4.0
    item: str


@dataclass(frozen=True)
class RaiseException(Decision):
    """Report a forecast tolerance breach to the project board, who then decide."""

    kind: ClassVar[str] = "raise_exception"
    attention: ClassVar[float] = 3.0


@dataclass(frozen=True)
class RecommendClosure(Decision):
    """Recommend that the board closes the project now (when the business case fails)."""

    kind: ClassVar[str] = "recommend_closure"
    attention: ClassVar[float] = 3.0


def _agrees(sim: Simulation, threshold: float) -> bool:
    """Whether the sponsor (if any) is satisfied enough to agree now."""
    boss = sponsor(sim)
    return boss is None or boss.satisfaction >= threshold


def _sponsor_change(sim: Simulation, points: float) -> float:
    """How far the sponsor's satisfaction would move by `points` (within 0-100)."""
    boss = sponsor(sim)
    if boss is None:
        return 0.0
    moved = copy.copy(boss)
    nudge(moved, points)
    return moved.satisfaction - boss.satisfaction


class DeadlineRule(DecisionRule[NegotiateDeadline]):
    """Ask the sponsor to move the deadline."""

    decision = NegotiateDeadline
    key, menu, group = "w", "Negotiate the deadline", "Board"
    order = 200

    def check(self, sim: Simulation, x: NegotiateDeadline) -> None:
        has_stakeholders(sim)
        if not isinstance(x.weeks, int) or isinstance(x.weeks, bool):
            raise DecisionError(f"ask for a whole number of weeks, not {x.weeks!r}")
        if not 1 <= x.weeks <= board.MAX_DEADLINE_WEEKS:
            raise DecisionError(f"ask for 1 to {board.MAX_DEADLINE_WEEKS} weeks")
        if tolerances.deadline(sim) + x.weeks > sim.scenario.calendar.hard_stop_week:
            raise DecisionError("the deadline cannot move past the hard stop")

    def apply(self, sim: Simulation, x: NegotiateDeadline) -> None:
        board.negotiate_deadline(sim, x.weeks)

    def figures(self, sim: Simulation, x: NegotiateDeadline) -> Figures:
        granted, _ = board.deadline_grant(sim, x.weeks)
        points = (-board.DEADLINE_POINTS_PER_WEEK * granted if granted
                  else -board.REFUSAL_POINTS)
        return {"deadline_weeks": granted,
                "sponsor_satisfaction": _sponsor_change(sim, points)}

    def sentence(self, sim: Simulation, x: NegotiateDeadline, p: Preview) -> str:
        _, why = board.deadline_grant(sim, x.weeks)
        cost = f"{-(p.sponsor_satisfaction or 0.0):.0f} points of their satisfaction"
        answer = (f"they would grant {count(int(p.deadline_weeks), 'week')} now ({why}), at a "
                  f"cost of {cost}" if p.deadline_weeks else
                  f"they would refuse now ({why}), at a cost of {cost}")
        return (f"Ask to move the deadline {count(x.weeks, 'week')}; the sponsor agrees at "
                f"satisfaction ≥ {board.DEADLINE_SATISFACTION:.0f}, for a slip beyond the time "
                f"tolerance, and grants no more than the forecast needs: {answer}")

    def describe(self, x: NegotiateDeadline, names: Names) -> str:
        return f"Asked to move the deadline by {count(x.weeks, 'week')}."


class NegotiateScopeRule(DecisionRule[NegotiateScope]):
    """Ask the sponsor to make a must-have a should-have."""

    decision = NegotiateScope
    key, menu, group = "n", "Negotiate a must-have down", "Board"
    order = 210

    def check(self, sim: Simulation, x: NegotiateScope) -> None:
        has_stakeholders(sim)
        if scope_status(sim, x.item) != "planned" or sim.scope[x.item].priority != "must":
            raise DecisionError("only planned must-have scope can be negotiated; "
                                f"'{sim.scope_name(x.item)}' "
                                f"is a {sim.scope[x.item].priority}-have, "
                                f"{sim.scope[x.item].status}")
        if not sim.scope_spec(x.item).negotiable:
            raise DecisionError(f"the sponsor will not make '{sim.scope_name(x.item)}' a "
                                "should-have: nothing else can be used without it")

    def apply(self, sim: Simulation, x: NegotiateScope) -> None:
        board.negotiate_scope(sim, x.item)

    def sentence(self, sim: Simulation, x: NegotiateScope, p: Preview) -> str:
        scope_status(sim, x.item)
        if not sim.scope_spec(x.item).negotiable:
            return (f"'{sim.scope_name(x.item)}' is not negotiable: nothing else can be used "
                    "without it, so the sponsor never makes it a should-have")
        answer = ("they would agree now" if _agrees(sim, board.SCOPE_SATISFACTION) else
                  f"they would refuse now, at a cost of {board.REFUSAL_POINTS:g} points")
        return (f"Ask the sponsor to make '{sim.scope_name(x.item)}' a should-have; agreed at "
                f"satisfaction ≥ {board.SCOPE_SATISFACTION:.0f}: {answer}")

    def describe(self, x: NegotiateScope, names: Names) -> str:
        return f"Asked the sponsor to make '{names(x.item)}' a should-have."


class RaiseExceptionRule(DecisionRule[RaiseException]):
    """Report a forecast tolerance breach to the board."""

    decision = RaiseException
    key, menu, group = "z", "Raise an exception to the board", "Board"
    order = 220

    def check(self, sim: Simulation, x: RaiseException) -> None:
        if not tolerances.breaches(sim):
            raise DecisionError("no tolerance is forecast to be breached; exceptions are for "
                                "breaches")
        if any(r.kind == "board" for r in sim.pending.values()):
            raise DecisionError("the board is already considering an exception")
        refusal = board.repeat_refusal(sim)
        if refusal is not None:
            raise DecisionError(refusal)

    def apply(self, sim: Simulation, x: RaiseException) -> None:
        board.raise_exception(sim)

    def figures(self, sim: Simulation, x: RaiseException) -> Figures:
        return {"sponsor_satisfaction": board.sponsor_change(sim, board.exception_goodwill(sim))}

    def sentence(self, sim: Simulation, x: RaiseException, p: Preview) -> str:
        cost = -(p.sponsor_satisfaction or 0.0)
        asked = (f"; you have raised {count(sim.board.exceptions_raised, 'exception')} "
                 f"before, so this one costs {cost:.0f} points of the sponsor's satisfaction"
                 if sim.board.exceptions_raised else "")
        return ("Report the forecast breach to the board with your recommendation (recovery "
                "plan, re-baseline, descope or close); the board decides by its rules: the "
                "business case, the size of the breach, the sponsor's confidence and how "
                f"often you have asked{asked}")

    def describe(self, x: RaiseException, names: Names) -> str:
        return "Raised an exception to the project board."


class ClosureRule(DecisionRule[RecommendClosure]):
    """Recommend that the board closes the project now."""

    decision = RecommendClosure
    key, menu, group = "C", "Recommend closing the project", "Board"
    order = 230

    def apply(self, sim: Simulation, x: RecommendClosure) -> None:
        refusal = board.option_refusal(sim, "close")
        if refusal is None:
            board.close(sim, "closed")
            return
        boss = sponsor(sim)
        if boss is not None:
            nudge(boss, -sim.scenario.board.refusal_goodwill)
        sim.note("board", "The board refused to close the project.", refusal)

    def figures(self, sim: Simulation, x: RecommendClosure) -> Figures:
        if board.option_refusal(sim, "close") is None:
            return {"ends_game": True}
        return {"sponsor_satisfaction":
                board.sponsor_change(sim, -sim.scenario.board.refusal_goodwill)}

    def sentence(self, sim: Simulation, x: RecommendClosure, p: Preview) -> str:
        refusal = board.option_refusal(sim, "close")
        if refusal is None:
            return ("Ends the project now; the business case no longer holds, so the board "
                    "agrees and this is scored as good governance")
        return (f"The board would refuse: {refusal}; a refused recommendation costs "
                f"{-(p.sponsor_satisfaction or 0.0):.0f} points of the sponsor's satisfaction")

    def describe(self, x: RecommendClosure, names: Names) -> str:
        return "Recommended closing the project."


RULES = (DeadlineRule(), NegotiateScopeRule(), RaiseExceptionRule(), ClosureRule())
"""The rules of this module (the registry finds them here)."""
