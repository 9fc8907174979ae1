"""Responding to a risk on the register: each response has its own cost, attention and
effect on the risk's probability and impact; accepting it costs half an hour.

A planned response is part of the plan, not an overrun: its cost is paid from the
contingency reserve, moved into the performance measurement baseline
(`plan.fund_response`); only what contingency cannot cover is spent without budget."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Literal

from pmsim.engine import board, plan, risks
from pmsim.engine.rules.base import Decision, DecisionError, DecisionRule, Figures, Names, Preview
from pmsim.engine.state import RiskState
from pmsim.engine.turn import money_text

if TYPE_CHECKING:
    from pmsim.engine.simulation import Simulation
    from pmsim.scenario.register import Response


ResponseName = Literal[
    "avoid", "mitigate", "transfer", "accept", "escalate", "exploit", "enhance", "share"
]
"""The name of a risk response (threats: avoid, mitigate, transfer, escalate, accept;
opportunities: exploit, enhance, share, escalate, accept)."""


@dataclass(frozen=True)
class RespondToRisk(Decision):
    """Take a response to a risk on the register (its own cost and attention apply)."""

    kind: ClassVar[str] = "risk_response"
    risk: str
    response: ResponseName


ACCEPT_ATTENTION = 0.5
"""PM hours it takes to record a risk as accepted."""


def _risk(sim: Simulation, risk_id: str) -> RiskState:
    r = sim.risks.get(risk_id)
    if r is None or not r.known:
        raise DecisionError(f"there is no risk '{risk_id}' on the register")
    return r


def _response(r: RiskState, name: str) -> Response | None:
    """The planned response (None for accepting the risk as it is)."""
    return getattr(r.spec.responses, name, None) if name != "accept" else None


class RiskResponseRule(DecisionRule[RespondToRisk]):
    """Take a response to a risk."""

    decision = RespondToRisk
    key, menu, group = "k", "Respond to a risk", "Risk and money"
    order = 140
    attention_varies = True

    def attention(self, sim: Simulation, x: RespondToRisk) -> float:
        r = sim.risks.get(x.risk)
        spec = getattr(r.spec.responses, x.response, None) if r else None
        return spec.attention if spec is not None else ACCEPT_ATTENTION

    def check(self, sim: Simulation, x: RespondToRisk) -> None:
        r = _risk(sim, x.risk)
        if r.closed:
            raise DecisionError(f"risk '{r.spec.name}' is closed")
        if r.response is not None:
            raise DecisionError(f"risk '{r.spec.name}' already has a response ({r.response})")
        if x.response == "escalate" and not r.spec.beyond_authority:
            raise DecisionError(f"'{r.spec.name}' is within your authority: escalate only "
                                "what the scenario puts beyond it; mitigate, transfer or "
                                "accept this one")
        if x.response != "accept" and getattr(r.spec.responses, x.response, None) is None:
            offered = [n for n, v in r.spec.responses if v is not None] + ["accept"]
            raise DecisionError(f"'{x.response}' is not offered for '{r.spec.name}'; choose from "
                                f"{', '.join(offered)}")

    def apply(self, sim: Simulation, x: RespondToRisk) -> None:
        spent = sim.ledger.money.responses
        risks.respond(sim, sim.risks[x.risk], x.response)
        cost = sim.ledger.money.responses - spent
        if cost > 0:  # a planned response is part of the plan: contingency pays for it
            plan.fund_response(sim, sim.risks[x.risk].spec.name, cost)

    def figures(self, sim: Simulation, x: RespondToRisk) -> Figures:
        spec = _response(_risk(sim, x.risk), x.response)
        if spec is None:
            return {"probability_factor": 1.0, "impact_factor": 1.0}
        out: Figures = {"money_now": spec.cost, "probability_factor": spec.probability_factor,
                        "impact_factor": spec.impact_factor,
                        "budget_added": plan.response_funding(sim, spec.cost)}
        if x.response == "escalate":
            goodwill = -sim.scenario.board.escalation_goodwill
            out["sponsor_satisfaction"] = board.sponsor_change(sim, goodwill)
        return out

    def says_attention(self, x: RespondToRisk) -> bool:
        return True

    def sentence(self, sim: Simulation, x: RespondToRisk, p: Preview) -> str:
        r = _risk(sim, x.risk)
        spec = _response(r, x.response)
        if spec is None:
            return f"Accept '{r.spec.name}' as it is (half an hour to record it)"
        impact = "cost impact" if x.response == "transfer" else "impact"
        factors = (("probability", p.probability_factor), (impact, p.impact_factor))
        effects = [f"{name} ×{factor:g}" for name, factor in factors
                   if factor is not None and abs(factor - 1.0) > 1e-9]
        about = spec.description.rstrip(".") or x.response.capitalize()
        if x.response == "escalate":
            effects.append("the board owns it and it leaves your register; it costs "
                           f"{-(p.sponsor_satisfaction or 0.0):.0f} points of the sponsor's "
                           "satisfaction")
        cur = sim.scenario.budget.currency
        funded = p.budget_added or 0.0
        paid = (f" ({money_text(funded, cur)} of it from contingency into the budget)"
                if funded > 1e-6 else " (no contingency left: an overrun)" if p.money_now else "")
        return (f"{about}: {money_text(p.money_now, cur)}{paid}, "
                f"{p.attention:g} h of your attention"
                + (f"; {', '.join(effects)}" if effects else ""))

    def describe(self, x: RespondToRisk, names: Names) -> str:
        return f"Risk '{names(x.risk)}': {x.response}."


RULES = (RiskResponseRule(),)
"""The rules of this module (the registry finds them here)."""
