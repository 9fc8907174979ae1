"""The project board: tolerances and exceptions (PRINCE2), reserve, deadline and scope
negotiations, and closure when the business case no longer holds.

The board's rules are deterministic and stated, so players can learn them: the
sponsor agrees to what is asked when their satisfaction is high enough.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from pmsim.engine import plan, risks
from pmsim.engine.stakeholders import nudge, reveal, sponsor
from pmsim.engine.turn import DecisionRequest, RequestOption
from pmsim.wording import count

if TYPE_CHECKING:
    from pmsim.engine.simulation import Simulation

RESERVE_SATISFACTION = 45.0
DEADLINE_SATISFACTION = 55.0
SCOPE_SATISFACTION = 50.0
DEADLINE_POINTS_PER_WEEK = 4.0
"""Sponsor satisfaction each week of a granted deadline move costs."""
REFUSAL_POINTS = 3.0
"""Sponsor satisfaction an ask they refuse costs."""
MAX_DEADLINE_WEEKS = 4
BOARD_DISCOVERY_PENALTY = 12.0
COST_FORECAST_FROM = 0.15
"""Cost forecasts from CPI are trusted once this share of the work is earned."""


def deadline(sim: Simulation) -> int:
    """The deadline week in force (original plus approved extensions)."""
    return min(
        sim.scenario.calendar.hard_stop_week,
        sim.board.deadline_week + sim.board.deadline_extension + sim.board.rebaseline_weeks,
    )


def estimate_at_completion(sim: Simulation) -> float:
    """EAC from the latest figures (BAC / CPI), or the BAC before any figures exist."""
    return sim.history[-1].eac_cpi if sim.history else sim.ledger.money.bac


def baseline_value(sim: Simulation) -> float:
    """Value of the baseline scope."""
    return sum(s.value for s in sim.scenario.scope if not s.proposed) or 1.0


def dropped_value(sim: Simulation) -> float:
    """Value of baseline scope cut or deferred."""
    return sum(
        s.value for s in sim.scenario.scope
        if not s.proposed and sim.scope[s.id].status in ("cut", "deferred")
    )


def breaches(sim: Simulation) -> dict[str, str]:
    """Tolerances the current forecast breaches, each with a sentence of why."""
    tol = sim.scenario.tolerances
    out: dict[str, str] = {}
    fc = sim.forecast()
    limit = deadline(sim) + tol.time_weeks
    if fc.p80_week > limit + 1e-9:
        out["time"] = (f"P80 finish week {fc.p80_week} is beyond the deadline week "
                       f"{deadline(sim)} plus {tol.time_weeks:g} weeks' tolerance")
    eac = estimate_at_completion(sim)
    money = sim.ledger.money
    cap = money.authorised * (1.0 + tol.cost_fraction)
    earned = sim.history[-1].ev / money.bac if sim.history and money.bac > 0 else 0.0
    if earned >= COST_FORECAST_FROM and eac > cap + 1e-6:
        out["cost"] = (f"EAC {eac:,.0f} exceeds the budget {money.authorised:,.0f} plus "
                       f"{tol.cost_fraction:.0%} tolerance")
    share = dropped_value(sim) / baseline_value(sim)
    if share > tol.scope_fraction + 1e-9:
        out["scope"] = (f"{share:.0%} of the planned value has been dropped (tolerance "
                        f"{tol.scope_fraction:.0%})")
    exposure = sum(risks.exposure(r) for r in sim.risks.values())
    if exposure > tol.risk_exposure:
        out["risk"] = f"risk exposure {exposure:,.0f} exceeds {tol.risk_exposure:,.0f}"
    return out


def end_week(sim: Simulation) -> None:
    """The board notices breaches the PM has not reported within the allowed weeks."""
    current = breaches(sim)
    for name in list(sim.board.breach_since):
        if name not in current:
            del sim.board.breach_since[name]
    for name in current:
        sim.board.breach_since.setdefault(name, sim.week)
    overdue = [
        name for name, since in sim.board.breach_since.items()
        if sim.week - since >= sim.scenario.tolerances.report_weeks
        and (sim.board.exception_week is None or sim.board.exception_week < since)
        and sim.board.informed_week < since
    ]
    if overdue:
        sim.board.informed_week = sim.week
        for h in sim.stakeholders.values():
            if h.spec.power >= 0.5:
                reveal(sim, h, 0.5)
                nudge(h, -BOARD_DISCOVERY_PENALTY)
        sim.note("board", "The board found out by itself that the project is out of "
                 f"tolerance ({', '.join(overdue)}).",
                 "a forecast breach was not raised as an exception in time")


def raise_exception(sim: Simulation) -> None:
    """The PM reports a forecast breach; the board chooses how to proceed."""
    current = breaches(sim)
    fc = sim.forecast()
    early = all(sim.week - sim.board.breach_since.get(n, sim.week) < 2 for n in current)
    new_deadline = min(sim.scenario.calendar.hard_stop_week, max(deadline(sim), fc.p80_week))
    eac = estimate_at_completion(sim)
    extra = max(0.0, min(sim.ledger.money.reserve_left, eac - sim.ledger.money.authorised))
    undelivered_could = [
        s for s in sim.scenario.scope
        if s.priority == "could" and sim.scope[s.id].status == "planned"
    ]
    req = DecisionRequest(
        id=f"board:w{sim.week}", kind="board", title="Exception report to the project board",
        text="You report: " + "; ".join(current.values()) + ".",
        options=(
            RequestOption("recovery", "Approve a recovery plan",
                          "Keep the targets; the board trusts you more for reporting "
                          "early."),
            RequestOption("rebaseline", "Re-baseline",
                          f"Deadline moves to week {new_deadline}, {extra:,.0f} of management "
                          "reserve joins the budget; lateness against the old plan still "
                          "counts, at half weight."),
            RequestOption("descope", "Descope the could-haves",
                          "Defer " + (", ".join(s.name for s in undelivered_could) or "nothing")
                          + " with the board's blessing."),
            RequestOption("close", "Close the project",
                          "Stop now; the work done so far is what is delivered."),
        ),
        default="recovery",
    )

    def handle(option: str) -> None:
        sim.board.exception_week = sim.week
        boss = sponsor(sim)
        for h in sim.stakeholders.values():
            if h.spec.power >= 0.5:
                reveal(sim, h, 0.3)
        if boss is not None:
            nudge(boss, 8.0 if early else 3.0)
        if option == "rebaseline":
            entry = plan.rebaseline(sim, extra, new_deadline - deadline(sim),
                                    "the board approved a re-baseline")
            sim.note("board", f"Re-baselined: deadline week {deadline(sim)}, "
                     f"+{entry.bac_change:,.0f} budget.")
        elif option == "descope":
            for s in undelivered_could:
                defer_scope(sim, s.id, blessed=True)
            sim.note("board", "The board agreed to defer the could-have scope.")
        elif option == "close":
            close(sim, "closed_by_board")
        else:
            sim.note("board", "The board approved your recovery plan.")

    sim.request(req, handle)


def business_case_holds(sim: Simulation) -> bool:
    """Whether finishing is still worth it: remaining value ≥ remaining cost (ETC)."""
    remaining_value = sum(
        item.value for item in sim.scope.values() if item.status == "planned"
    )
    etc = max(0.0, estimate_at_completion(sim) - sim.ledger.money.actual_cost)
    return remaining_value >= etc


def close(sim: Simulation, reason: str) -> None:
    """End the project early and record whether the business case justified it."""
    justified = not business_case_holds(sim)
    sim.board.closure = {"reason": reason, "justified": justified, "week": sim.week}
    sim.finish_now(reason)


def defer_scope(sim: Simulation, scope_id: str, blessed: bool = False) -> None:
    """Move a scope item out of this project; it may be restored later."""
    set_scope(sim, scope_id, "deferred", 0.0 if blessed else 0.5)


def set_scope(sim: Simulation, scope_id: str, status: str, penalty_share: float) -> None:
    """Cut or defer a scope item; stakeholders who care about scope react."""
    sim.scope[scope_id].status = status
    for t in sim.lookups.by_scope.get(scope_id, ()):
        if t.status in ("waiting", "active"):
            t.status = "cut" if status == "cut" else "deferred"
            t.rate = 0.0
            if t.proc is not None and t.proc.is_alive and t.proc is not sim.env.active_process:
                t.proc.interrupt()
    sim.lookups.tasks_changed()
    plan.drop_scope(sim, scope_id, "cut" if status == "cut" else "deferral")
    share = sim.scope[scope_id].value / baseline_value(sim)
    for h in sim.stakeholders.values():
        care = h.spec.cares.scope / max(1e-9, sum(h.spec.cares.model_dump().values()))
        nudge(h, -40.0 * share * care * 4 * penalty_share)
    sim.note("scope", f"Scope item '{sim.scope_name(scope_id)}' {status}.",
             f"{sim.scope[scope_id].value:,.0f} of value out of this project")


def request_reserve(sim: Simulation, amount: float) -> None:
    """The sponsor releases management reserve when satisfied enough."""
    boss = sponsor(sim)
    if boss is None or boss.satisfaction >= RESERVE_SATISFACTION:
        sim.ledger.money.reserve_left -= amount
        sim.ledger.money.reserve_granted += amount
        sim.note("board", f"Management reserve of {amount:,.0f} released into the budget.")
    else:
        sim.note("board", f"The sponsor refused to release {amount:,.0f} of reserve.",
                 f"sponsor satisfaction {boss.satisfaction:.0f} is below "
                 f"{RESERVE_SATISFACTION:.0f}")


def negotiate_deadline(sim: Simulation, weeks: int) -> None:
    """The sponsor grants a later deadline when satisfied enough, at a price in trust."""
    boss = sponsor(sim)
    if boss is None or boss.satisfaction >= DEADLINE_SATISFACTION:
        sim.board.deadline_extension += weeks
        if boss is not None:
            nudge(boss, -DEADLINE_POINTS_PER_WEEK * weeks)
        sim.note("board", f"Deadline moved by {count(weeks, 'week')} to week {deadline(sim)}.")
    else:
        nudge(boss, -REFUSAL_POINTS)
        sim.note("board", "The sponsor refused to move the deadline.",
                 f"sponsor satisfaction {boss.satisfaction:.0f} is below "
                 f"{DEADLINE_SATISFACTION:.0f}")


def negotiate_scope(sim: Simulation, scope_id: str) -> None:
    """The sponsor downgrades a must-have to should-have when satisfied enough."""
    boss = sponsor(sim)
    if boss is None or boss.satisfaction >= SCOPE_SATISFACTION:
        sim.scope[scope_id].priority = "should"
        for h in sim.stakeholders.values():
            nudge(h, -5.0 * h.spec.cares.scope / max(1.0, sum(h.spec.cares.model_dump().values())))
        sim.note("board", f"'{sim.scope_name(scope_id)}' is now a should-have.")
    else:
        nudge(boss, -REFUSAL_POINTS)
        sim.note("board", "The sponsor refused to downgrade the must-have.",
                 f"sponsor satisfaction {boss.satisfaction:.0f} is below "
                 f"{SCOPE_SATISFACTION:.0f}")


def end_message(sim: Simulation, reason: str) -> str:
    """The closing line of the game."""
    week = math.ceil(sim.day() / sim.days_per_week - 1e-9)
    if reason == "complete":
        return f"Project complete in week {week} (deadline week {deadline(sim)})."
    if reason == "hard_stop":
        return f"Hard stop reached at the end of week {week}: the project ends unfinished."
    return f"Project closed in week {week}."
