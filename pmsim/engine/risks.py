"""The risk register: weekly hazards, triggers, firing, impacts and responses.

A risk with probability p over a window of T weeks has weekly hazard
h = 1 − (1 − p)^(1/T); triggers on the project's state multiply it. Each week's draw
comes from the risk's own stream, so the same seed gives the same luck.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pmsim.engine.draws import triangular_at
from pmsim.engine.stakeholders import nudge, sponsor
from pmsim.engine.state import RiskState
from pmsim.engine.turn import DecisionRequest, RequestOption, money_text
from pmsim.engine.work import EPS
from pmsim.wording import signed

if TYPE_CHECKING:
    from collections.abc import Generator

    import simpy

    from pmsim.engine.simulation import Simulation
    from pmsim.engine.state import TaskState

REACTIVE_MARKUP = 1.5
"""Responding after a risk has fired costs this much more than planning it in advance."""
CONTRACTOR_MARKUP = 1.5
"""A contractor day bought to recover from a risk costs this many team days."""


def window_weeks(r: RiskState) -> int:
    """Length of the risk's window in weeks."""
    first, last = r.spec.window
    return max(1, last - first + 1)


def probability(r: RiskState) -> float:
    """Chance over the whole window, after responses."""
    return min(1.0, r.spec.probability * r.probability_factor)


def weekly_hazard(sim: Simulation, r: RiskState) -> float:
    """This week's chance of firing, with triggers applied."""
    p = probability(r)
    if p <= 0:
        return 0.0
    h = 1.0 if p >= 1.0 else 1.0 - (1.0 - p) ** (1.0 / window_weeks(r))
    for trig in r.spec.triggers:
        value = state_metric(sim, trig.metric)
        if (trig.below is not None and value < trig.below) or (
            trig.above is not None and value > trig.above
        ):
            h *= trig.multiplier
    return min(1.0, h)


def state_metric(sim: Simulation, name: str) -> float:
    """A figure of the project state that triggers watch."""
    from pmsim.engine.people import team_fatigue

    last = sim.history[-1] if sim.history else None
    if name == "spi_t":
        return last.spi_t if last else 1.0
    if name == "cpi":
        return last.cpi if last else 1.0
    if name == "morale":
        return sim.mood.morale
    if name == "fatigue":
        return team_fatigue(sim)
    if name == "overtime":
        return sim.mood.overtime
    holders = list(sim.stakeholders.values())
    return sum(h.satisfaction for h in holders) / len(holders) if holders else 60.0


def active(sim: Simulation, r: RiskState, week: int) -> bool:
    """Whether the risk can fire in this week."""
    first, last = r.spec.window
    return not r.closed and first <= week <= last


def start_week(sim: Simulation) -> None:
    """Draw which risks fire this week and schedule them on their day."""
    week = sim.week
    for r in sim.risks.values():
        forced = r.forced_week == week and not r.closed  # an inject made it certain
        if not forced and not active(sim, r, week):
            continue
        draws = r.uniforms[week]
        if forced or draws[0] < weekly_hazard(sim, r):
            offset = float(draws[1]) * sim.days_per_week
            sim.env.process(_fire_later(sim, r, offset, week))


def _fire_later(
    sim: Simulation, r: RiskState, offset: float, week: int,
) -> Generator[simpy.Event, object, None]:
    yield sim.env.timeout(offset)
    if not sim.finished and not r.closed:
        fire(sim, r, week)


def sample_impact(r: RiskState, week: int) -> dict[str, float]:
    """The size of this firing, from the week's pre-drawn uniforms."""
    draws = r.uniforms[week]
    impact = r.spec.impact
    out = {"delay": 0.0, "effort": 0.0, "cost": 0.0}
    for key, rng, u in (("delay", impact.delay_days, draws[2]),
                        ("effort", impact.effort_days, draws[3]),
                        ("cost", impact.cost, draws[4])):
        if rng is not None:
            out[key] = triangular_at(float(u), *rng)
    out["delay"] *= r.impact_factor
    out["effort"] *= r.impact_factor
    out["cost"] *= r.impact_factor * r.cost_factor
    return out


def affected_tasks(sim: Simulation, r: RiskState) -> list[TaskState]:
    """In-scope, unfinished tasks the risk lands on."""
    return [
        sim.tasks[t] for t in r.spec.tasks
        if sim.in_scope(sim.tasks[t]) and sim.tasks[t].status in ("waiting", "active")
    ]


def fire(sim: Simulation, r: RiskState, week: int) -> None:
    """The risk happens: opportunities pay off at once; threats may ask for a response."""
    r.fired_weeks.append(week)
    unforeseen = not r.known  # not on the register: the player learns of it only now
    r.known = True
    sim.version += 1
    if not r.spec.recurring:
        r.closed = True
    impact = sample_impact(r, week)
    if r.spec.kind == "opportunity":
        apply_gain(sim, r, impact)
        return
    if r.id in sim.board.escalated:  # the board owns it: the project only feels it
        apply_threat(sim, r, impact, "owned by the board since it was escalated")
        return
    tasks = affected_tasks(sim, r)
    unit = recovery_unit_cost(sim)
    schedule_hit = impact["delay"] + impact["effort"] if tasks else 0.0
    if schedule_hit <= EPS:
        apply_threat(sim, r, impact, ABSORBED, unforeseen)
        return
    recover_cost = 0.5 * unit * (impact["delay"] * 2 + impact["effort"])
    mitigate = r.spec.responses.mitigate
    req = DecisionRequest(
        id=f"risk:{r.id}:w{week}", kind="risk",
        title=f"Risk: {r.spec.name}" + (" (unforeseen)" if unforeseen else ""),
        text=(r.spec.description or r.spec.name) + " — it has just happened."
        + (" Nobody had foreseen it: it was not on your risk register, and is now."
           if unforeseen else ""),
        options=_threat_options(sim, r, impact, recover_cost), default="absorb", source=r.id,
    )

    def handle(option: str) -> None:
        if option == "recover":
            sim.ledger.money.contingency_left -= recover_cost
            sim.ledger.money.contingency_drawn += recover_cost
            sim.ledger.money.spend(recover_cost, "risk_costs")
            halved = {**impact, "delay": impact["delay"] / 2, "effort": impact["effort"] / 2}
            apply_threat(sim, r, halved, RECOVERED, unforeseen)
        elif option == "mitigate" and mitigate is not None:
            sim.ledger.money.spend(mitigate.cost * REACTIVE_MARKUP, "responses")
            scaled = {k: v * mitigate.impact_factor for k, v in impact.items()}
            apply_threat(sim, r, scaled, MITIGATED, unforeseen)
        else:
            apply_threat(sim, r, impact, ABSORBED, unforeseen)

    sim.request(req, handle)


def _threat_options(sim: Simulation, r: RiskState, impact: dict[str, float],
                    recover_cost: float) -> tuple[RequestOption, ...]:
    """What the player may do about a threat that just happened: absorb it, recover with
    contingency (when enough is left), or mitigate at the reactive price."""
    options = [
        RequestOption("absorb", "Absorb the impact",
                      _impact_text(sim, impact) + ". Nothing more is spent now."),
    ]
    if sim.ledger.money.contingency_left >= recover_cost:
        options.append(RequestOption(
            "recover", "Recover with contingency",
            f"Halve the delay and extra work by buying help: {recover_cost:,.0f} from "
            f"contingency ({sim.ledger.money.contingency_left:,.0f} left).", attention=1.0))
    mitigate = r.spec.responses.mitigate
    if mitigate is not None and r.response != "mitigate":
        cost = mitigate.cost * REACTIVE_MARKUP
        options.append(RequestOption(
            "mitigate", "Mitigate now",
            f"Cut the impact to {mitigate.impact_factor:.0%} for {cost:,.0f} "
            f"(planned in advance it would have cost {mitigate.cost:,.0f}).",
            attention=mitigate.attention))
    return tuple(options)


def person_day_cost(sim: Simulation) -> float:
    """The team's average daily rate (500 with nobody on the team)."""
    rates = [p.daily_rate for p in sim.people.values() if p.status != "gone"]
    return sum(rates) / len(rates) if rates else 500.0


def recovery_unit_cost(sim: Simulation) -> float:
    """Price of a contractor day: `CONTRACTOR_MARKUP` × the team's average daily rate."""
    return CONTRACTOR_MARKUP * person_day_cost(sim)


def _impact_text(sim: Simulation, impact: dict[str, float], r: RiskState | None = None) -> str:
    parts = []
    if impact["delay"] > EPS:
        parts.append(f"{impact['delay']:.1f} days' hold-up")
    if impact["effort"] > EPS:
        parts.append(f"{impact['effort']:.1f} person-days of extra work")
    if impact["cost"] > EPS:
        parts.append(f"{impact['cost']:,.0f} {sim.scenario.budget.currency} of cost")
    if r is not None and r.spec.impact.morale:
        shift = r.spec.impact.morale * r.impact_factor * 100
        parts.append(f"team morale {'+' if shift >= 0 else '−'}{abs(shift):.0f} points")
    if r is not None and r.spec.impact.satisfaction:
        parts.append(f"stakeholder satisfaction {signed(r.spec.impact.satisfaction)}")
    return ("Impact: " + ", ".join(parts)) if parts else "No measurable impact"


RECOVERED, MITIGATED, ABSORBED = ("recovered with contingency", "mitigated after the event",
                                  "absorbed")
"""How a threat that happened was answered, as its feed line says: "... happened (how)"."""


def apply_threat(sim: Simulation, r: RiskState, impact: dict[str, float], how: str,
                 unforeseen: bool = False) -> None:
    """Land a threat's impact on the project (`unforeseen`: it was not on the register
    until it happened, and the feed says so)."""
    now = sim.day()
    for t in affected_tasks(sim, r):
        if impact["delay"] > EPS:
            if t.status == "active":
                t.blocked_until = max(t.blocked_until, now) + impact["delay"]
            else:
                t.pending_hold += impact["delay"]
        if impact["effort"] > EPS:
            t.work_total += impact["effort"]
            t.known_extra += impact["effort"]
    sim.lookups.tasks_changed()
    if impact["cost"] > EPS:
        sim.ledger.money.spend(impact["cost"], "risk_costs")
    sim.mood.morale_boost += r.spec.impact.morale * r.impact_factor
    for h in sim.stakeholders.values():
        h.satisfaction = min(100.0, max(0.0, h.satisfaction + r.spec.impact.satisfaction))
    response = f", response: {r.response}" if r.response else ", no response planned"
    cause = (f"probability {probability(r):.0%} over weeks {r.spec.window[0]}–"
             f"{r.spec.window[1]}{response}")
    if unforeseen:
        cause = "not on the risk register: nobody had foreseen it; it is on it now"
    sim.note("risk", f"{'Unforeseen risk' if unforeseen else 'Risk'} '{r.spec.name}' "
             f"happened ({how}) — {_impact_text(sim, impact, r)}.", cause)


def apply_gain(sim: Simulation, r: RiskState, impact: dict[str, float]) -> None:
    """Land an opportunity's benefit."""
    for t in affected_tasks(sim, r):
        removal = impact["effort"] + impact["delay"] * max(t.rate, 1.0)
        saved = max(0.0, min(removal, t.work_total - t.done))
        t.work_total -= saved
        t.known_extra -= saved  # the team knows what it no longer has to do
    if impact["cost"] > EPS:
        sim.ledger.money.spend(-impact["cost"], "savings")
    sim.mood.morale_boost += abs(r.spec.impact.morale) * r.impact_factor
    for h in sim.stakeholders.values():
        h.satisfaction = min(100.0, max(0.0, h.satisfaction + abs(r.spec.impact.satisfaction)))
    gains = []
    if impact["effort"] + impact["delay"] > EPS:
        gains.append(f"{impact['effort'] + impact['delay']:.1f} days of work saved")
    if impact["cost"] > EPS:
        gains.append(f"{money_text(impact['cost'], sim.scenario.budget.currency)} saved")
    sim.note("opportunity", f"Opportunity '{r.spec.name}' came true: "
             + (", ".join(gains) or "a welcome boost") + ".",
             f"response: {r.response or 'none'}")


def delay_day_cost(sim: Simulation) -> float:
    """What a day of delay costs the project now: the team's daily cost (idle or not,
    people stay on the payroll) plus the daily rate of the time-related fixed costs."""
    return sim.ledger.cost_rate + sim.ledger.fixed_rate


def exposure(r: RiskState, sim: Simulation | None = None) -> float:
    """Expected cost of a threat: probability × (most likely cost impact + most likely
    delay × the project's cost of a day of delay + most likely extra work on each task
    it lands on × the team's average daily rate). Without `sim`, only the
    cost impact counts. Transfer shrinks only the cost impact; other responses shrink
    all of it."""
    if r.closed or r.spec.kind != "threat":
        return 0.0
    impact = r.spec.impact
    money = (impact.cost[1] if impact.cost else 0.0) * r.cost_factor
    if sim is not None:
        delay = impact.delay_days[1] if impact.delay_days else 0.0
        effort = (impact.effort_days[1] if impact.effort_days else 0.0) * max(1, len(r.spec.tasks))
        money += delay * delay_day_cost(sim) + effort * person_day_cost(sim)
    return probability(r) * money * r.impact_factor


def exposure_days(r: RiskState) -> float:
    """Expected schedule hit of a threat in days: probability × (most likely delay + extra
    work) on each task it lands on."""
    if r.closed or r.spec.kind != "threat":
        return 0.0
    impact = r.spec.impact
    days = (impact.delay_days[1] if impact.delay_days else 0.0) + (
        impact.effort_days[1] if impact.effort_days else 0.0)
    return probability(r) * days * r.impact_factor * max(1, len(r.spec.tasks))


def respond(sim: Simulation, r: RiskState, response: str) -> None:
    """Take a planned response (already validated)."""
    spec = getattr(r.spec.responses, response, None) if response != "accept" else None
    r.response = response
    if spec is None:  # the player's own decisions are "decision" events, not risk news
        sim.note("decision", f"Risk '{r.spec.name}': accepted as it is.")
        return
    sim.ledger.money.spend(spec.cost, "responses")
    r.probability_factor *= spec.probability_factor
    if response == "transfer":
        r.cost_factor *= spec.impact_factor
    else:
        r.impact_factor *= spec.impact_factor
    if response == "escalate":
        escalate(sim, r)
    spent = money_text(spec.cost, sim.scenario.budget.currency)
    changed = []  # only what the response changed
    if spec.probability_factor != 1.0:
        changed.append(f"probability now {probability(r):.0%}")
    if spec.impact_factor != 1.0:
        what = "its cost to the project" if response == "transfer" else "its impact"
        changed.append(f"{what} now {spec.impact_factor:.0%} of what it was")
    sim.note("decision", f"Risk '{r.spec.name}': {response} ({spent} spent)"
             + (f"; {' and '.join(changed)}." if changed else "."))


def escalate(sim: Simulation, r: RiskState) -> None:
    """Hand a risk beyond the PM's authority to the board: it leaves the project's
    register (the board owns it, the PM answers no request when it fires), the escalate
    response's factors are what the project still feels, and the sponsor's goodwill
    pays for it (`[board]` `escalation_goodwill`)."""
    sim.board.escalated[r.id] = sim.week
    boss = sponsor(sim)
    if boss is not None:
        nudge(boss, -sim.scenario.board.escalation_goodwill)
    sim.note("board", f"Risk '{r.spec.name}' escalated: the board owns it now and it leaves "
             "the project's register.", "beyond the PM's authority; it costs the sponsor's "
             "goodwill")
