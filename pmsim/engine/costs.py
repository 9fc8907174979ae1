"""The cost ledger: labour (with overtime premium) and fixed costs booked as time passes.

Fixed costs are time-related (site, licences, hosting): the scenario's `fixed_costs`
spread over the planned duration give a daily rate, paid until the project actually
finishes, so lateness costs overhead.

Rates are constant between events, so booking `rate × elapsed` at every change is
exact. While the plan itself is played, each stretch of cost is charged to the
tasks then under way; these become the tasks' budgets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pmsim.engine import work

if TYPE_CHECKING:
    from pmsim.engine.simulation import Simulation
    from pmsim.engine.state import PersonState


def accrue(sim: Simulation) -> None:
    """Book costs and overtime since the last booking, at the rates then in force."""
    ledger = sim.ledger
    now = sim.day()
    elapsed = now - ledger.cost_synced
    if elapsed > 0:
        ledger.money.spend(ledger.cost_rate * elapsed, "labour")
        if sim.plan_mode:
            allocate_plan_cost(sim, ledger.cost_rate * elapsed)
        if ledger.fixed_rate > 0 and not sim.plan_mode:
            # time-related costs run until the project actually finishes: a late
            # project pays its overhead for every extra day, an early one saves it
            ledger.money.spend(ledger.fixed_rate * elapsed, "fixed")
        for pid, excess in ledger.overtime_now.items():
            ledger.overtime_days[pid] = ledger.overtime_days.get(pid, 0.0) + excess * elapsed
        for p in sim.people.values():
            if p.status in ("active", "leaving"):
                p.days_on_project += elapsed
    ledger.cost_synced = now

def allocate_plan_cost(sim: Simulation, cost: float) -> None:
    """While playing the plan, charge each stretch of cost to the tasks then under
    way, in proportion to their rates; these become the tasks' budgets."""
    ledger = sim.ledger
    running = [t for t in sim.tasks.values() if t.status == "active" and t.rate > 0]
    total = sum(t.rate for t in running)
    if total <= 0:
        ledger.unallocated_plan_cost += cost
        return
    for t in running:
        ledger.plan_cost[t.id] = ledger.plan_cost.get(t.id, 0.0) + cost * t.rate / total

def premium_share(level: float, premium: float) -> float:
    """Extra pay at an overtime level, as a share of normal pay (0 at normal hours),
    when each extra share of hours is paid `premium` times."""
    return (level - 1.0) * premium


def overtime_share(sim: Simulation, level: float) -> float:
    """Extra pay at an overtime level under the scenario's `model.overtime_premium`."""
    return premium_share(level, sim.scenario.model.overtime_premium)


def paid_overtime(sim: Simulation, p: PersonState) -> bool:
    """Whether a person on the project is working now, so is paid any overtime premium
    (on an active task and not away on a course)."""
    return work.active_load(sim, p) > 0 and p.training_until <= sim.day() + 1e-9


def recompute_cost_rate(sim: Simulation) -> None:
    """Daily cost of the team as it is now (overtime paid only to those working)."""
    rate = 0.0
    sim.ledger.overtime_now = {}
    overtime = sim.mood.overtime > 1.0  # who works only matters for the overtime premium
    for p in sim.people.values():
        if p.status not in ("active", "leaving"):
            continue
        factor = 1.0
        if overtime and paid_overtime(sim, p):
            factor += overtime_share(sim, sim.mood.overtime)
            sim.ledger.overtime_now[p.id] = sim.mood.overtime - 1.0
        rate += p.daily_rate * p.availability * factor
    sim.ledger.cost_rate = rate
