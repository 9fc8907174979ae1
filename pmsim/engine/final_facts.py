"""The final facts of a finished game, gathered from the simulation for scoring.

This is the one place that reads the engine's state on scoring's behalf: scoring itself
(`pmsim.scoring`) sees only the `FinalFacts` record built here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pmsim.engine.people import closing_fatigue
from pmsim.engine.stakeholders import engagement_gap
from pmsim.engine.tolerances import deadline
from pmsim.scoring.facts import FinalFacts, StakeholderFacts

if TYPE_CHECKING:
    from pmsim.engine.simulation import Simulation
    from pmsim.engine.state import StakeholderState



def final_facts(sim: Simulation) -> FinalFacts:
    """The facts a finished game is scored on."""
    scenario = sim.scenario
    closure = sim.board.closure or {}
    base_items = [s for s in scenario.scope if not s.proposed]
    delivered = [s for s in scenario.scope if sim.scope[s.id].status == "delivered"]
    shipped = [t for t in sim.tasks.values() if t.status == "done"
               and sim.scope[t.spec.scope].status == "delivered"]
    money = sim.ledger.money
    return FinalFacts(
        scenario_id=scenario.meta.id, seed=sim.seed, currency=scenario.budget.currency,
        end_reason=sim.end_reason, completed=sim.end_reason == "complete",
        finish_week=sim.finish_week(), closed_by_board=bool(closure),
        closure_justified=bool(closure.get("justified")),
        deadline_week=sim.board.deadline_week, deadline_extension=sim.board.deadline_extension,
        rebaseline_weeks=sim.board.rebaseline_weeks, board_deadline_week=deadline(sim),
        # the cost score judges the BAC before re-baselines, whose reserve counts as
        # authorised; contingency moved into the BAC for risk responses is not counted twice
        actual_cost=money.actual_cost, budget=money.bac - sim.plan.rebaseline_added,
        authorised_budget=money.authorised,
        approved_budget=(money.bac + money.contingency_left + money.contingency_drawn
                         + money.reserve_granted),
        planned_value=sum(s.value if s.proposed else sim.scope[s.id].value
                          for s in scenario.scope
                          if not s.proposed or sim.scope[s.id].status != "proposed"),
        delivered_count=len(delivered),
        delivered_value=sum(sim.scope[s.id].value for s in delivered),
        missing_musts=tuple(
            s.name for s in base_items
            if sim.scope[s.id].priority == "must" and sim.scope[s.id].status != "delivered"
        ),
        delivered_work=sum(t.done for t in shipped),
        hidden_defects=sum(t.hidden_flaws for t in shipped),
        stakeholders=tuple(stakeholder_facts(h) for h in sim.stakeholders.values()),
        weekly_morale=tuple(row.morale for row in sim.weekly_log) or (sim.mood.morale,),
        resignations=sim.mood.resignations, end_fatigue=closing_fatigue(sim),
        time_tolerance_weeks=scenario.tolerances.time_weeks,
        cost_tolerance=scenario.tolerances.cost_fraction,
        commitment_budget=sim.plan.original.bac,
        commitment_planned_weeks=sim.plan.original.planned_weeks,
        rebaselines=sim.plan.number,
    )


def stakeholder_facts(h: StakeholderState) -> StakeholderFacts:
    """One stakeholder's satisfaction and engagement at the end and week by week."""
    return StakeholderFacts(
        h.spec.name, h.spec.power, h.satisfaction, interest=h.spec.interest,
        weekly_satisfaction=tuple(h.history[1:]), engagement=h.engagement,
        desired=h.desired, engagement_gap=engagement_gap(h),
        weekly_engagement_gap=tuple(engagement_gap(h, level)
                                    for level in h.engagement_history[1:]),
    )
