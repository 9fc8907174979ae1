"""The facilitator's injects (`[[injects]]`), met at the start of a week: what each kind
does to the game. `Simulation.inject` checks, applies and logs one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pmsim.engine import changes
from pmsim.engine.people import set_leaving
from pmsim.engine.rules.base import DecisionError
from pmsim.scenario.injects import Inject

if TYPE_CHECKING:
    from pmsim.engine.simulation import Simulation


def inject_spec(sim: Simulation, inject_id: str) -> Inject:
    """The scenario's inject with this id (`DecisionError` when there is none, or the
    game met it already)."""
    spec = next((x for x in sim.scenario.injects if x.id == inject_id), None)
    if spec is None:
        known = ", ".join(x.id for x in sim.scenario.injects) or "none"
        raise DecisionError(f"this scenario has no inject '{inject_id}' (it has: {known})")
    if inject_id in sim.board.injected:
        raise DecisionError(f"the inject '{spec.title}' came in week "
                            f"{sim.board.injected[inject_id]} already")
    if sim.week_started:
        raise DecisionError("an inject comes at the start of a week, before its work")
    return spec


def apply_inject(sim: Simulation, spec: Inject) -> None:
    """Do what the inject does (its kind's fields are validated with the scenario)."""
    sim.board.injected[spec.id] = sim.week
    title = spec.title if spec.title[-1:] in ".?!:" else spec.title + "."
    news = f"From the facilitator: {title} {spec.text}".strip()
    if spec.kind == "change_request":
        sim.note("info", news)
        changes.raise_change(sim, spec.as_event(sim.week))
    elif spec.kind == "budget_cut":
        sim.note("board", news, _budget_cut(sim, spec.amount))
    elif spec.kind == "person_leaves":
        sim.note("team", news, _person_leaves(sim, spec.person or ""))
    elif spec.kind == "deadline_forward":
        sim.note("board", news, _deadline_forward(sim, spec.weeks))
    elif spec.kind == "risk_certain":
        sim.note("risk", news, _risk_certain(sim, spec.risk or ""))
    else:
        sim.note("info", news)


def _budget_cut(sim: Simulation, amount: float) -> str:
    money = sim.ledger.money
    from_contingency = min(amount, money.contingency_left)
    from_reserve = min(amount - from_contingency, money.reserve_left)
    money.contingency_left -= from_contingency
    money.reserve_left -= from_reserve
    taken = from_contingency + from_reserve
    currency = sim.scenario.budget.currency
    if taken <= 0:
        return "no reserve was left to take back"
    return (f"{taken:,.0f} {currency} taken back: {from_contingency:,.0f} from the "
            f"contingency, {from_reserve:,.0f} from the management reserve")


def _person_leaves(sim: Simulation, person_id: str) -> str:
    p = sim.people[person_id]
    if p.status != "active":
        return f"{p.spec.name} is not on the project any more, or is leaving already"
    set_leaving(sim, p, sim.week)
    return f"{p.spec.name} leaves at the end of week {sim.week}; no counter-offer is possible"


def _deadline_forward(sim: Simulation, weeks: int) -> str:
    board = sim.board
    before = board.deadline_week
    board.deadline_week = max(sim.week, before - weeks)
    return f"the deadline moves from week {before} to week {board.deadline_week}"


def _risk_certain(sim: Simulation, risk_id: str) -> str:
    r = sim.risks.get(risk_id)
    if r is None or r.closed:
        return "it is closed on your register already: nothing more happens"
    r.forced_week = sim.week
    return "it happens this week"
