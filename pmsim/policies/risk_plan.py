"""How the cautious bot chooses risk responses: each open threat or opportunity gets the
response whose expected gain most exceeds its cost, planned first for the risks whose
window is near (and escalations), then for those further off."""

from __future__ import annotations

from typing import cast

from pmsim.engine import decisions as d
from pmsim.engine.rules.risk import ResponseName
from pmsim.engine.view import PlayerView, RiskView

RESPONSE_LEAD_WEEKS = 3
"""Weeks before a risk's window opens within which its response comes first among the
week's decisions; responses to risks further off follow them, while the EAC stays
within the authorised budget."""
ESCALATION_PRICE_DAYS = 1.0
"""The sponsor's goodwill an escalation costs, priced in days of the project's burn."""


def responses(view: PlayerView, near: bool = True) -> list[d.Decision]:
    """Responses that pay: to risks whose window opens within `RESPONSE_LEAD_WEEKS`
    (and escalations) when `near`; to the risks further off when not."""
    out: list[d.Decision] = []
    day_value = max(view.money.burn_per_day, 1.0)
    for r in view.risks:
        if r.response is not None or r.closed or view.week > r.window[1]:
            continue
        best = best_response(r, day_value)
        soon = r.window[0] - view.week <= RESPONSE_LEAD_WEEKS or best == "escalate"
        if best is not None and soon == near:
            out.append(d.RespondToRisk(r.id, best))
    return out


def best_response(r: RiskView, day_value: float) -> ResponseName | None:
    """The response whose expected gain most exceeds its cost (None: none pays)."""
    loss = expected_loss(r, day_value)
    best: ResponseName | None = None
    best_gain = 0.0
    for name, resp in r.responses.items():
        cost = float(resp["cost"])
        if name == "escalate":  # offered only beyond the PM's authority; costs goodwill
            cost += ESCALATION_PRICE_DAYS * day_value
        pf, imf = float(resp["probability_factor"]), float(resp["impact_factor"])
        if r.kind == "opportunity":
            gain = loss * (min(1.0, r.probability * pf) * imf / max(r.probability, 1e-9) - 1)
        elif name == "transfer":  # shifts the cost impact only; the days stay ours
            money = r.probability * r.cost_impact
            gain = loss - pf * (money * imf + (loss - money))
        else:
            gain = loss * (1 - pf * imf)
        net = gain - cost
        if net > best_gain:
            best, best_gain = cast(ResponseName, name), net
    return best


def expected_loss(r: RiskView, day_value: float) -> float:
    """Rough expected loss (or gain) of a risk, valuing a day of delay at the burn rate."""
    days = (r.delay_days + r.effort_days) * max(1, len(r.tasks))
    return r.probability * (r.cost_impact + days * day_value)
