"""The project board: exceptions (PRINCE2 management by exception) over the breaches
of `pmsim.engine.tolerances`, deadline and scope negotiations, and closure when the
business case no longer holds (reserves: `pmsim.engine.reserve_draws`).

The board's rules are deterministic and stated (the scenario's `[board]` table), so
players can learn them: on an exception the PM recommends and the board decides
(`board_decides`), saying why; one exception per breach until it is materially worse,
new, or `repeat_weeks` old; asking costs goodwill, it never earns it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pmsim.engine import plan, tolerances
from pmsim.engine.stakeholders import nudge, reveal, sponsor
from pmsim.engine.turn import DecisionRequest, RequestOption
from pmsim.wording import count

if TYPE_CHECKING:
    from pmsim.engine.simulation import Simulation

DEADLINE_SATISFACTION = 55.0
SCOPE_SATISFACTION = 50.0
DEADLINE_POINTS_PER_WEEK = 4.0
"""Sponsor satisfaction each week of a granted deadline move costs."""
REFUSAL_POINTS = 3.0
"""Sponsor satisfaction an ask they refuse costs."""
MAX_DEADLINE_WEEKS = 4
BOARD_DISCOVERY_PENALTY = 12.0


def end_week(sim: Simulation) -> None:
    """The board notices breaches the PM has not reported within the allowed weeks."""
    current = tolerances.breaches(sim)
    for name in list(sim.board.breach_since):
        if name not in current:
            del sim.board.breach_since[name]
    for name in current:
        sim.board.breach_since.setdefault(name, sim.week)
    allowed = sim.scenario.tolerances.report_weeks
    overdue = [
        name for name, since in sim.board.breach_since.items()
        if sim.week - tolerances.reportable_since(sim, name, since) >= allowed
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


OPTION_NAMES = {"recovery": "a recovery plan", "rebaseline": "a re-baseline",
                "descope": "deferring the could-haves", "close": "closing the project"}
"""The board's options on an exception, as a sentence names them."""


@dataclass(frozen=True)
class BoardAnswer:
    """What the board decides on an exception the PM raised, and why."""

    choice: str
    """recovery, rebaseline, descope or close."""
    agreed: bool
    """Whether the board took the PM's recommendation."""
    reason: str
    """The board's reasoning, as a sentence for the player."""


def sponsor_change(sim: Simulation, points: float) -> float:
    """How far the sponsor's satisfaction would move by `points` (within 0-100)."""
    boss = sponsor(sim)
    if boss is None:
        return 0.0
    return min(100.0, max(0.0, boss.satisfaction + points)) - boss.satisfaction


def fresh_breaches(sim: Simulation) -> list[str]:
    """Breaches the board should hear now: never raised, materially worse than when
    raised, or raised at least `repeat_weeks` ago."""
    rules = sim.scenario.board
    out = []
    for name, b in tolerances.breach_list(sim).items():
        raised = sim.board.raised.get(name)
        if (raised is None or sim.week - raised[0] >= rules.repeat_weeks
                or b.size >= raised[1] + tolerances.MATERIALLY_WORSE[name] - 1e-9):
            out.append(name)
    return out


def repeat_refusal(sim: Simulation) -> str | None:
    """Why the board will not hear an exception now (None: it will)."""
    current = tolerances.breach_list(sim)
    if not current or fresh_breaches(sim):
        return None
    weeks = {name: sim.board.raised[name][0] for name in current}
    again = min(weeks.values()) + sim.scenario.board.repeat_weeks
    told = ", ".join(f"{name} in week {week}" for name, week in weeks.items())
    return (f"the board already has this breach (raised: {told}); raise it again when it "
            f"is materially worse, a new tolerance breaks, or from week {again}")


def exception_goodwill(sim: Simulation) -> float:
    """Sponsor satisfaction raising an exception now costs: nothing the first time, then
    `repeat_goodwill` for each earlier exception."""
    return -sim.scenario.board.repeat_goodwill * sim.board.exceptions_raised


def _could_haves(sim: Simulation) -> list[str]:
    return [s.id for s in sim.scenario.scope
            if s.priority == "could" and sim.scope[s.id].status == "planned"]


def _case_text(sim: Simulation) -> str:
    remaining = sum(item.value for item in sim.scope.values() if item.status == "planned")
    etc = max(0.0, tolerances.estimate_at_completion(sim) - sim.ledger.money.actual_cost)
    return f"value still to deliver {remaining:,.0f} against {etc:,.0f} still to spend"


def _recovery_refusal(sim: Simulation) -> str | None:
    rules = sim.scenario.board
    current = tolerances.breach_list(sim)
    if sim.board.recovery_plans >= rules.recovery_plans:
        return (f"the board has already approved {count(sim.board.recovery_plans, 'recovery plan')}"
                " and wants a new plan, not another promise")
    if "time" in current and current["time"].size > rules.recovery_weeks + 1e-9:
        return (f"the P80 finish is {current['time'].size:g} weeks beyond the time tolerance, "
                f"more than the {rules.recovery_weeks:g} a recovery plan can win back")
    if "cost" in current and current["cost"].size > rules.recovery_cost_fraction + 1e-9:
        return (f"the cost forecast is {current['cost'].size:.0%} of the budget beyond the cost "
                f"tolerance, more than the {rules.recovery_cost_fraction:.0%} a recovery plan "
                "can win back")
    return None


def rebaseline_terms(sim: Simulation) -> tuple[int, float]:
    """The deadline week and the management reserve a re-baseline would bring."""
    new_deadline = min(sim.scenario.calendar.hard_stop_week,
                       max(tolerances.deadline(sim), sim.forecast().p80_week))
    eac = tolerances.estimate_at_completion(sim)
    extra = max(0.0, min(sim.ledger.money.reserve_left, eac - sim.ledger.money.authorised))
    return new_deadline, extra


def _rebaseline_refusal(sim: Simulation) -> str | None:
    rules = sim.scenario.board
    if not {"time", "cost"} & set(tolerances.breach_list(sim)):
        return "a re-baseline answers a time or cost breach, and neither is forecast"
    last = max((e.week for e in sim.plan.log if e.kind == "rebaseline"), default=None)
    if last is not None and sim.week - last < rules.repeat_weeks:
        return (f"the board re-baselined in week {last}; the new plan must run "
                f"{rules.repeat_weeks} weeks before it sets another (from week "
                f"{last + rules.repeat_weeks})")
    if (last is None and sim.week < rules.first_rebaseline_week
            and sim.board.recovery_plans < rules.recovery_plans
            and _recovery_refusal(sim) is None):
        return (f"the approved plan is only in its week {sim.week} and a "
                "recovery plan can still win the breach back; the board sets a new plan "
                f"for a small breach only from week {rules.first_rebaseline_week}")
    done = tolerances.earned_share(sim)
    if done >= rules.rebaseline_until:
        return (f"{done:.0%} of the budget is earned; a re-baseline re-plans the work ahead, "
                f"and from {rules.rebaseline_until:.0%} earned there is too little left")
    new_deadline, extra = rebaseline_terms(sim)
    if new_deadline <= tolerances.deadline(sim) and extra <= 0:
        return "a re-baseline could move neither the deadline (the hard stop) nor the budget"
    boss = sponsor(sim)
    if boss is not None and boss.satisfaction < rules.rebaseline_confidence:
        return (f"the sponsor's satisfaction {boss.satisfaction:.0f} is below the "
                f"{rules.rebaseline_confidence:.0f} the board needs to trust a new plan")
    return None


def option_refusal(sim: Simulation, option: str) -> str | None:
    """Why the board would turn an option down now (None: it would take it)."""
    if option == "close":
        return (None if not business_case_holds(sim) else
                f"the business case still holds ({_case_text(sim)})")
    if option == "recovery":
        return _recovery_refusal(sim)
    if option == "rebaseline":
        return _rebaseline_refusal(sim)
    return None if _could_haves(sim) else "no could-have scope is left to defer"


def board_decides(sim: Simulation, recommended: str) -> BoardAnswer:
    """The board's decision on the PM's recommendation, by its stated rules: closure
    when the business case has failed; else the recommendation when it stands; else
    the first option that does (recovery, re-baseline, descope); else the targets stay."""
    if not business_case_holds(sim):
        why = f"the business case no longer holds ({_case_text(sim)})"
        return BoardAnswer("close", recommended == "close",
                           f"The board closes the project: {why}.")
    refusal = option_refusal(sim, recommended)
    if refusal is None:
        return BoardAnswer(recommended, True,
                           f"The board approves {OPTION_NAMES[recommended]}, as you recommended.")
    for other in ("recovery", "rebaseline", "descope"):
        if other != recommended and option_refusal(sim, other) is None:
            return BoardAnswer(other, False, f"The board turns down {OPTION_NAMES[recommended]}"
                               f" ({refusal}) and chooses {OPTION_NAMES[other]} instead.")
    return BoardAnswer("recovery", False, f"The board turns down {OPTION_NAMES[recommended]} "
                       f"({refusal}); nothing else is open, so the targets stay and it expects "
                       "you to recover.")


def _credit_words(sim: Simulation) -> str:
    """How the schedule score counts the weeks a re-baseline adds, in words."""
    credit = sim.scenario.scoring.curves.rebaseline_credit
    return (f"the weeks it adds at {1 - credit:.0%} weight as far as the finish uses them"
            if credit < 1 else "though the weeks it adds are forgiven")


def _would(sim: Simulation, option: str) -> str:
    answer = board_decides(sim, option)
    if answer.agreed:
        return "The board would agree now."
    return answer.reason.replace("The board turns", "The board would now turn", 1).replace(
        "The board closes", "The board would close", 1)


def _exception_request(sim: Simulation) -> DecisionRequest:
    """The exception report: the breaches, and the options the PM may recommend, each
    with what the board would now decide."""
    new_deadline, extra = rebaseline_terms(sim)
    undelivered_could = [s for s in sim.scenario.scope if s.id in _could_haves(sim)]
    return DecisionRequest(
        id=f"board:w{sim.week}", kind="board", title="Exception report to the project board",
        text="You report: " + "; ".join(tolerances.breaches(sim).values())
             + ". What do you recommend? The board decides by its rules.",
        options=(
            RequestOption("recovery", "Recommend a recovery plan",
                          "Keep the targets. " + _would(sim, "recovery")),
            RequestOption("rebaseline", "Recommend a re-baseline",
                          f"Deadline moves to week {new_deadline}, {extra:,.0f} of management "
                          "reserve joins the budget; lateness against the original commitment "
                          f"still counts, {_credit_words(sim)}. " + _would(sim, "rebaseline")),
            RequestOption("descope", "Recommend deferring the could-haves",
                          "Defer " + (", ".join(s.name for s in undelivered_could) or "nothing")
                          + " with the board's blessing. " + _would(sim, "descope")),
            RequestOption("close", "Recommend closing the project",
                          "Stop now; the work done so far is what is delivered. "
                          + _would(sim, "close")),
        ),
        default="recovery",
        details={f"agrees:{o}": float(board_decides(sim, o).agreed) for o in OPTION_NAMES},
    )


def raise_exception(sim: Simulation) -> None:
    """The PM reports the forecast breaches with a recommendation; the board decides by
    its rules (`board_decides`) and says why."""
    for name, b in tolerances.breach_list(sim).items():
        sim.board.raised[name] = (sim.week, b.size)
    boss = sponsor(sim)
    if boss is not None:
        nudge(boss, exception_goodwill(sim))
    sim.board.exceptions_raised += 1
    sim.board.exception_week = sim.week
    req = _exception_request(sim)

    def handle(recommended: str) -> None:
        answer = board_decides(sim, recommended)
        option = answer.choice
        new_deadline, extra = rebaseline_terms(sim)
        for h in sim.stakeholders.values():
            if h.spec.power >= 0.5:
                reveal(sim, h, 0.3)
        rules = sim.scenario.board
        if boss is not None:
            nudge(boss, (0.0 if answer.agreed else -rules.refusal_goodwill)
                  - (rules.rebaseline_goodwill if option == "rebaseline" else 0.0))
        sim.note("board", answer.reason, "the board decides by its stated rules")
        if option == "rebaseline":
            entry = plan.rebaseline(sim, extra, new_deadline - tolerances.deadline(sim),
                                    "the board approved a re-baseline")
            sim.note("board", f"Re-baselined: deadline week {tolerances.deadline(sim)}, "
                     f"+{entry.bac_change:,.0f} budget.")
        elif option == "descope":
            for s in [s for s in sim.scenario.scope if s.id in _could_haves(sim)]:
                defer_scope(sim, s.id, blessed=True)
            sim.note("board", "The board agreed to defer the could-have scope.")
        elif option == "close":
            close(sim, "closed_by_board")
        else:
            sim.board.recovery_plans += 1

    sim.request(req, handle)


def business_case_holds(sim: Simulation) -> bool:
    """Whether finishing is still worth it: remaining value ≥ remaining cost (ETC)."""
    remaining_value = sum(
        item.value for item in sim.scope.values() if item.status == "planned"
    )
    etc = max(0.0, tolerances.estimate_at_completion(sim) - sim.ledger.money.actual_cost)
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
    share = sim.scope[scope_id].value / tolerances.baseline_value(sim)
    for h in sim.stakeholders.values():
        care = h.spec.cares.scope / max(1e-9, sum(h.spec.cares.model_dump().values()))
        nudge(h, -40.0 * share * care * 4 * penalty_share)
    change = next((e for e in sim.scenario.events
                   if e.kind == "change_request" and e.adds_scope == scope_id), None)
    if change is not None and change.requested_by in sim.stakeholders:
        # An accepted change dropped later disappoints its requester as a rejection would
        # have (half of it when the board agreed): else accepting then dropping pays.
        nudge(sim.stakeholders[change.requested_by],
              change.satisfaction_reject * (1.0 if penalty_share else 0.5))
    sim.note("scope", f"Scope item '{sim.scope_name(scope_id)}' {status}.",
             f"{sim.scope[scope_id].value:,.0f} of value out of this project")


def deadline_need(sim: Simulation) -> int:
    """Weeks the deadline would have to move for the P80 forecast to meet it (0: none)."""
    return max(0, sim.forecast().p80_week - tolerances.deadline(sim))


def deadline_grant(sim: Simulation, weeks: int) -> tuple[int, str]:
    """The weeks the sponsor would grant for a request of `weeks`, and why: only when
    satisfied enough, only for a slip beyond the time tolerance (within it the PM
    manages, as PRINCE2's management by exception has it), and never more than the
    forecast shows is needed (a deadline is a commitment, not a buffer to ask for)."""
    boss = sponsor(sim)
    if boss is not None and boss.satisfaction < DEADLINE_SATISFACTION:
        return 0, (f"sponsor satisfaction {boss.satisfaction:.0f} is below "
                   f"{DEADLINE_SATISFACTION:.0f}")
    need = deadline_need(sim)
    if need == 0:
        return 0, "the P80 forecast already meets the deadline"
    tolerance = sim.scenario.tolerances.time_weeks
    if need <= tolerance:
        return 0, (f"the P80 forecast is within the time tolerance of "
                   f"{count(tolerance, 'week')}: a slip that small is the PM's to manage")
    if weeks > need:
        return need, f"the P80 forecast needs only {count(need, 'week')}"
    return weeks, "the P80 forecast needs it"


def negotiate_deadline(sim: Simulation, weeks: int) -> None:
    """The sponsor grants a later deadline when satisfied enough and the forecast needs
    it (at most what it needs), at a price in trust; otherwise refuses."""
    boss = sponsor(sim)
    granted, why = deadline_grant(sim, weeks)
    if granted:
        sim.board.deadline_extension += granted
        if boss is not None:
            nudge(boss, -DEADLINE_POINTS_PER_WEEK * granted)
        sim.note("board", f"Deadline moved by {count(granted, 'week')} to week "
                 f"{tolerances.deadline(sim)}.", why)
    else:
        if boss is not None:
            nudge(boss, -REFUSAL_POINTS)
        sim.note("board", "The sponsor refused to move the deadline.", why)


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
        return f"Project complete in week {week} (deadline week {tolerances.deadline(sim)})."
    if reason == "hard_stop":
        return f"Hard stop reached at the end of week {week}: the project ends unfinished."
    return f"Project closed in week {week}."
