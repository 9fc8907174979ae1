"""Reserves (PMBOK): the contingency the PM may draw, tied to a fired threat or a
forecast gap, and the management reserve the sponsor may grant for what contingency
cannot cover, at a price in goodwill."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pmsim.engine import tolerances
from pmsim.engine.stakeholders import nudge, sponsor

if TYPE_CHECKING:
    from pmsim.engine.simulation import Simulation


def _fired_threat_cost(sim: Simulation) -> float:
    """What the threats that fired so far cost, by the register's most likely impacts:
    their cost plus their extra work and hold-up (on each task they land on) at the
    team's average day rate."""
    rates = [p.daily_rate for p in sim.people.values() if p.status != "gone"]
    day_rate = sum(rates) / len(rates) if rates else 0.0
    total = 0.0
    for r in sim.risks.values():
        if r.spec.kind != "threat" or not r.fired_weeks or r.id in sim.board.escalated:
            continue
        impact = r.spec.impact
        cost = impact.cost[1] * r.cost_factor if impact.cost else 0.0
        days = ((impact.effort_days[1] if impact.effort_days else 0.0)
                + (impact.delay_days[1] if impact.delay_days else 0.0))
        work = days * max(1, len(r.spec.tasks))
        total += len(r.fired_weeks) * r.impact_factor * (cost + work * day_rate)
    return total


def cost_gap(sim: Simulation) -> float:
    """The forecast gap: EAC over the authorised budget, once the forecast is trusted."""
    if not tolerances.cost_forecast_trusted(sim):
        return 0.0
    return max(0.0, tolerances.estimate_at_completion(sim) - sim.ledger.money.authorised)


def contingency_cover(sim: Simulation) -> float:
    """Contingency the PM may draw now (PMBOK: contingency is for identified risks): the
    larger of the forecast gap and the cost of fired threats not yet covered by earlier
    draws, within what is left."""
    money = sim.ledger.money
    fired = _fired_threat_cost(sim) - money.contingency_drawn
    return max(0.0, min(money.contingency_left, max(cost_gap(sim), fired)))


def contingency_refusal(sim: Simulation, amount: float) -> str | None:
    """Why a draw of `amount` is refused (None: it is allowed)."""
    cover = contingency_cover(sim)
    if amount <= cover + 1e-6:
        return None
    why = ("no threat has fired that earlier draws do not cover, and the cost forecast shows "
           "no gap" + ("" if tolerances.cost_forecast_trusted(sim) else
                       f" (it is trusted once {tolerances.COST_FORECAST_FROM:.0%} of the work is "
                       "earned)"))
    if cover <= 0:
        return f"contingency pays for identified risks, and there is nothing to cover now: {why}"
    return (f"draw at most {cover:,.0f}: the larger of the forecast gap "
            f"({cost_gap(sim):,.0f}) and the fired threats not yet covered")


def reserve_need(sim: Simulation) -> float:
    """The forecast gap the contingency left cannot cover (what management reserve is for)."""
    return max(0.0, cost_gap(sim) - sim.ledger.money.contingency_left)


def reserve_answer(sim: Simulation, amount: float) -> tuple[float, str]:
    """What the sponsor would release of `amount` now, and why (granted 0: refused).
    They release only a forecast gap beyond the contingency left, and only when their
    satisfaction is at least `reserve_confidence`."""
    rules = sim.scenario.board
    boss = sponsor(sim)
    need = reserve_need(sim)
    if not tolerances.cost_forecast_trusted(sim):
        return 0.0, (f"the cost forecast is not trusted before "
                     f"{tolerances.COST_FORECAST_FROM:.0%} of the work is earned")
    if need <= 0:
        return 0.0, (f"the forecast gap {cost_gap(sim):,.0f} is within the contingency left "
                     f"({sim.ledger.money.contingency_left:,.0f}): draw that first")
    if boss is not None and boss.satisfaction < rules.reserve_confidence:
        return 0.0, (f"sponsor satisfaction {boss.satisfaction:.0f} is below "
                     f"{rules.reserve_confidence:.0f}")
    granted = min(amount, need)
    return granted, ("the gap the contingency cannot cover" if granted >= amount - 1e-6 else
                     f"only the {need:,.0f} the contingency cannot cover")


def request_reserve(sim: Simulation, amount: float) -> None:
    """The sponsor releases management reserve by `reserve_answer`; asking costs
    goodwill either way."""
    granted, why = reserve_answer(sim, amount)
    boss = sponsor(sim)
    if boss is not None:
        nudge(boss, -sim.scenario.board.reserve_goodwill)
    if granted > 0:
        sim.ledger.money.reserve_left -= granted
        sim.ledger.money.reserve_granted += granted
        sim.note("board", f"Management reserve of {granted:,.0f} released into the budget.",
                 why)
    else:
        sim.note("board", f"The sponsor refused to release {amount:,.0f} of reserve.", why)
