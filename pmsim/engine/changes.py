"""Scripted events: change requests (accept, reject, defer, negotiate) and messages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pmsim.engine import flow, plan
from pmsim.engine.stakeholders import nudge
from pmsim.engine.turn import DecisionRequest, RequestOption
from pmsim.scenario.schema import Event
from pmsim.wording import count, signed

if TYPE_CHECKING:
    from pmsim.engine.simulation import Simulation
    from pmsim.engine.state import TaskState

NEGOTIATE_ATTENTION = 3.0
"""PM hours a negotiated (smaller) version of a change takes."""
DEFER_POINTS = 2.0
"""Satisfaction the requester loses when their change is deferred."""


def start_week(sim: Simulation) -> None:
    """Raise this week's scripted events, and deferred change requests coming back."""
    week = sim.week
    returning = sim.board.deferred_changes
    for event in sim.scenario.events:
        due = event.week == week or returning.get(event.id) == week
        if not due:
            continue
        unlucky = sim.luck.uniform(f"event:{event.id}", 0) >= event.probability
        if event.week == week and event.probability < 1.0 and unlucky:
            continue
        if event.kind == "message":
            if event.hint and any(decided(sim, ref) for ref in event.unless):
                continue  # a tip never asks for what the player has done
            title = event.title if event.title[-1:] in ".?!:" else event.title + "."
            sim.note("hint" if event.hint else "info", f"{title} {event.text}".strip())
        else:
            raise_change(sim, event)


def decided(sim: Simulation, ref: str) -> bool:
    """Whether the player has taken a decision of this kind (`"reporting"`), or of this
    kind naming this id (`"meet:karl"`), so far in the game."""
    kind, _, target = ref.partition(":")
    for action in sim.actions:
        decision = action.get("decision")
        if not isinstance(decision, dict) or decision.get("kind") != kind:
            continue
        if not target or target in decision.values():
            return True
    return False


def change_tasks(sim: Simulation, event: Event) -> list[TaskState]:
    """The tasks a change request would add."""
    return [t for t in sim.tasks.values() if t.spec.scope == event.adds_scope]


def _options(event: Event, requester: str, effort: float, value: float,
             money: str) -> tuple[RequestOption, ...]:
    """The four answers to a change request, each with what it would do."""
    neg = event.negotiation
    return (
        RequestOption("accept", "Accept",
                      f"Adds {effort:.0f} person-days and {value:,.0f} {money} of value; "
                      f"{requester} {signed(event.satisfaction_accept)}."),
        RequestOption("negotiate", "Negotiate a smaller version",
                      f"Keeps {neg.effort_factor:.0%} of the work and {neg.value_factor:.0%}"
                      f" of the value; {requester} "
                      f"{signed(event.satisfaction_accept / 2)}.",
                      attention=NEGOTIATE_ATTENTION),
        RequestOption("defer", "Defer",
                      f"Decide in {event.defer_weeks} weeks; "
                      f"{requester} {signed(-DEFER_POINTS)}."),
        RequestOption("reject", "Reject",
                      f"No change; {requester} {signed(event.satisfaction_reject)}."),
    )


def raise_change(sim: Simulation, event: Event) -> None:
    """Put a change request before the player, with a preview of each answer."""
    tasks = change_tasks(sim, event)
    effort = sum(t.planned_effort for t in tasks)
    rates = [p.daily_rate for p in sim.people.values() if p.status != "gone"]
    cost = effort * (sum(rates) / len(rates) if rates else 0.0)
    value = sim.scope[event.adds_scope or ""].value
    requester = sim.stakeholders[event.requested_by or ""]
    money = sim.scenario.budget.currency
    funding = (
        f" The sponsor adds {event.budget_increase:,.0f} {money} to the budget"
        if event.budget_increase else " No extra budget comes with it"
    )
    if event.deadline_extension_weeks:
        funding += f" and {count(event.deadline_extension_weeks, 'week')} to the deadline"
    neg = event.negotiation
    req = DecisionRequest(
        id=f"change:{event.id}:w{sim.week}", kind="change_request",
        title=f"Change request: {event.title}",
        text=(f"{requester.spec.name} asks: {event.text or event.title}\n"
              f"About {effort:.0f} person-days of work (≈ {cost:,.0f} {money} at the "
              f"team's average day rate) for {value:,.0f} {money} of value.{funding}."),
        options=_options(event, requester.spec.name, effort, value, money),
        default=event.default, source=event.id,
        details={"scope": event.adds_scope or "", "effort": effort, "cost": cost,
                 "value": value, "budget_increase": event.budget_increase,
                 "deadline_extension_weeks": event.deadline_extension_weeks},
    )

    def handle(option: str) -> None:
        if option == "accept":
            admit(sim, event, 1.0, 1.0)
            nudge(requester, event.satisfaction_accept)
        elif option == "negotiate":
            admit(sim, event, neg.effort_factor, neg.value_factor)
            nudge(requester, event.satisfaction_accept / 2)
        elif option == "defer":
            sim.board.deferred_changes[event.id] = sim.week + event.defer_weeks
            nudge(requester, -DEFER_POINTS)
            sim.note("change", f"Change '{event.title}' deferred for {event.defer_weeks} weeks.")
        else:
            sim.scope[event.adds_scope or ""].status = "rejected"
            nudge(requester, event.satisfaction_reject)
            sim.note("change", f"Change '{event.title}' rejected.",
                     f"{requester.spec.name} {signed(event.satisfaction_reject)} satisfaction")

    sim.request(req, handle)


def admit(sim: Simulation, event: Event, effort_factor: float, value_factor: float) -> None:
    """Bring a change's scope into the project: its tasks join the network and the
    performance measurement baseline with the change's budget (`plan.add_change`)."""
    scope_id = event.adds_scope or ""
    sim.scope[scope_id].status = "planned"
    sim.scope[scope_id].value *= value_factor
    tasks = change_tasks(sim, event)
    budget = event.budget_increase * effort_factor
    total_likely = sum(t.planned_effort for t in tasks) or 1.0
    for t in tasks:
        t.scale = effort_factor
        t.work_total = t.true_effort * effort_factor
        t.status = "waiting"
    sim.lookups.tasks_changed()
    sim.ledger.money.change_budget += budget
    sim.board.deadline_extension += event.deadline_extension_weeks
    plan.add_change(sim, scope_id, tasks, budget, event.title)
    for t in tasks:
        flow.check_ready(sim, t)
    how = "accepted" if effort_factor >= 1.0 else "accepted in a negotiated, smaller form"
    sim.note("change", f"Change '{event.title}' {how}.",
             f"+{total_likely * effort_factor:.0f} person-days, +{budget:,.0f} budget")
