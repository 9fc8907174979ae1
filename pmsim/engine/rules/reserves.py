"""Money into the budget: drawing contingency (the PM's own, for identified risks: a
threat that fired or a forecast gap) and asking the sponsor for management reserve (for
a gap the contingency cannot cover; asking costs goodwill and may be refused)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from pmsim.engine import board, reserve_draws
from pmsim.engine.rules.base import (
    Decision,
    DecisionError,
    DecisionRule,
    Figures,
    Names,
    Preview,
    money,
)

if TYPE_CHECKING:
    from pmsim.engine.simulation import Simulation


@dataclass(frozen=True)
class DrawContingency(Decision):
    """Move money from the contingency reserve into the working budget."""

    kind: ClassVar[str] = "draw_contingency"
    attention: ClassVar[float] = 0.5
    amount: float


@dataclass(frozen=True)
class RequestReserve(Decision):
    """Ask the sponsor to release management reserve into the budget."""

    kind: ClassVar[str] = "request_reserve"
    attention: ClassVar[float] = 3.0
    amount: float


class DrawContingencyRule(DecisionRule[DrawContingency]):
    """Move contingency into the working budget."""

    decision = DrawContingency
    key, menu, group = "g", "Draw contingency", "Risk and money"
    order = 150

    def check(self, sim: Simulation, x: DrawContingency) -> None:
        if not x.amount > 0 or x.amount > sim.ledger.money.contingency_left + 1e-6:
            raise DecisionError(f"draw between 0 and the {sim.ledger.money.contingency_left:,.0f} "
                                "contingency left")
        refusal = reserve_draws.contingency_refusal(sim, x.amount)
        if refusal is not None:
            raise DecisionError(refusal)

    def apply(self, sim: Simulation, x: DrawContingency) -> None:
        sim.ledger.money.contingency_left -= x.amount
        sim.ledger.money.contingency_drawn += x.amount
        sim.note("decision", f"Drew {x.amount:,.0f} from contingency.")

    def figures(self, sim: Simulation, x: DrawContingency) -> Figures:
        return {"budget_added": x.amount}

    def sentence(self, sim: Simulation, x: DrawContingency, p: Preview) -> str:
        left = sim.ledger.money.contingency_left
        after = max(0.0, left - (p.budget_added or 0))
        return (f"Moves {money(sim, p.budget_added or 0)} of contingency into the budget "
                f"(leaving {money(sim, after)} of the {money(sim, left)} there now; up to "
                f"{money(sim, reserve_draws.contingency_cover(sim))} may be drawn now, for threats "
                "that fired or the forecast gap)")

    def describe(self, x: DrawContingency, names: Names) -> str:
        return f"Drew {x.amount:,.0f} from contingency."


class RequestReserveRule(DecisionRule[RequestReserve]):
    """Ask the sponsor for management reserve."""

    decision = RequestReserve
    key, menu, group = "m", "Request management reserve", "Risk and money"
    order = 160

    def check(self, sim: Simulation, x: RequestReserve) -> None:
        reserve_left = sim.ledger.money.reserve_left
        if not x.amount > 0 or x.amount > reserve_left + 1e-6:
            raise DecisionError(f"ask for between 0 and the {reserve_left:,.0f} of "
                                "management reserve left")

    def apply(self, sim: Simulation, x: RequestReserve) -> None:
        reserve_draws.request_reserve(sim, x.amount)

    def figures(self, sim: Simulation, x: RequestReserve) -> Figures:
        granted, _ = reserve_draws.reserve_answer(sim, x.amount)
        goodwill = -sim.scenario.board.reserve_goodwill
        return {"budget_added": granted,
                "sponsor_satisfaction": board.sponsor_change(sim, goodwill)}

    def sentence(self, sim: Simulation, x: RequestReserve, p: Preview) -> str:
        granted, why = reserve_draws.reserve_answer(sim, x.amount)
        answer = (f"they would release {money(sim, granted)} now ({why})" if granted else
                  f"they would refuse now: {why}")
        rules = sim.scenario.board
        return (f"Asks the sponsor for {money(sim, x.amount)} of management reserve, for a "
                f"forecast gap the contingency cannot cover, at satisfaction ≥ "
                f"{rules.reserve_confidence:.0f}; asking costs "
                f"{-(p.sponsor_satisfaction or 0.0):.0f} points of their satisfaction: {answer}")

    def describe(self, x: RequestReserve, names: Names) -> str:
        return f"Asked the sponsor for {x.amount:,.0f} of reserve."


RULES = (DrawContingencyRule(), RequestReserveRule())
"""The rules of this module (the registry finds them here)."""
