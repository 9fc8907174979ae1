"""Building the `PlayerView` from the simulation: what the player may see of each task,
person, stakeholder, risk, scope item and the money, at this moment."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pmsim.engine import board, reserve_draws, risks, tolerances, work
from pmsim.engine.outlook import Outlook, nominal_rate, team_factors
from pmsim.engine.people import team_fatigue
from pmsim.engine.rules.schedule import crash_days_left, crash_limit, crash_marginal
from pmsim.engine.stakeholders import quadrant
from pmsim.engine.view import (
    CandidateView,
    MoneyView,
    PersonView,
    PlayerView,
    RiskView,
    ScopeView,
    StakeholderView,
    TaskView,
)
from pmsim.wording import signed

if TYPE_CHECKING:
    from pmsim.engine.simulation import Simulation
    from pmsim.engine.state import PersonState, RiskState, StakeholderState, TaskState
    from pmsim.scenario.register import Impact, Range


def _plus(day: float | None, extra: float) -> float | None:
    return None if day is None else day + extra


def _week_of(day: float | None, dpw: int) -> int | None:
    if day is None:
        return None
    return max(1, int(-(-day // dpw))) if day > 0 else 1


def build_view(sim: Simulation) -> PlayerView:
    """Assemble the player's view of the current state."""
    dpw = sim.days_per_week
    fc = sim.forecast()
    # the parts in the order they have always been read, then the figures of the whole
    team = team_factors(sim)
    now = sim.day()
    tasks = tuple(_task_view(sim, t, fc, team, now) for t in sim.tasks.values())
    people = tuple(_person_view(sim, p) for p in sim.people.values() if p.status != "gone")
    candidates = _candidate_views(sim)
    holders = tuple(_stakeholder_view(h) for h in sim.stakeholders.values())
    register = tuple(_risk_view(sim, r) for r in sim.risks.values()
                     if r.known and r.id not in sim.board.escalated)
    scope = _scope_views(sim)
    return PlayerView(
        scenario_id=sim.scenario.meta.id, title=sim.scenario.meta.title, seed=sim.seed,
        week=sim.week, day=sim.day(), days_per_week=dpw,
        deadline_week=tolerances.deadline(sim), original_deadline_week=sim.board.deadline_week,
        hard_stop_week=sim.scenario.calendar.hard_stop_week, finished=sim.finished,
        week_started=sim.week_started,
        end_reason=sim.end_reason, overtime=sim.mood.overtime,
        max_overtime=sim.scenario.model.max_overtime, reporting=sim.attention.reporting,
        overtime_premium=sim.scenario.model.overtime_premium,
        morale=sim.mood.morale, fatigue=team_fatigue(sim), attention_left=sim.attention.left(),
        attention_budget=sim.attention.budget(),
        attention_hours=sim.scenario.model.attention_hours,
        frozen_until_week=sim.board.freeze_until_week,
        recognition_week=sim.mood.recognition.week, team_event_week=sim.mood.team_events.week,
        money=_money_view(sim),
        metrics=sim.history[-1] if sim.history else None, history=tuple(sim.history),
        weeks=tuple(sim.weekly_log), forecast=fc,
        tasks=tasks, people=people, candidates=candidates, stakeholders=holders,
        risks=register, scope=scope,
        pending=tuple(sim.pending.values()),
        breaches=tolerances.breaches(sim) if not sim.finished else {},
        raisable=tuple(board.fresh_breaches(sim)) if not sim.finished else (),
        feed=tuple(sim.feed),
        business_case_holds=board.business_case_holds(sim),
        actions_taken=len(sim.actions),
        baselines=tuple(sim.plan.log), commitment=sim.plan.original,
    )


def _task_view(sim: Simulation, t: TaskState, fc: Outlook, team: tuple[float, float],
               now: float) -> TaskView:
    """One task as the player sees it (`team`: `team_factors`, worked out once per view;
    `now`: today)."""
    dpw = sim.days_per_week
    rate = work.task_rate(sim, t)[0] if t.status == "active" else nominal_rate(sim, t, team)
    limit = crash_limit(sim, t)
    price, slope = crash_marginal(sim, t, limit)
    return TaskView(
        id=t.id, name=t.spec.name, scope=t.spec.scope, skill=t.spec.skill,
        kind=t.spec.kind, status=t.status, estimate=t.estimate,
        optimistic=t.spec.optimistic * t.scale, likely=t.spec.likely * t.scale,
        pessimistic=t.spec.pessimistic * t.scale,
        done=t.done, progress=t.reported_progress, assignees=tuple(t.assignees),
        max_staff=t.spec.max_staff, predecessors=tuple(t.spec.predecessors),
        start_week=_week_of(t.start_day + 1e-9 if t.start_day is not None else None, dpw),
        finish_week=_week_of(t.finish_day, dpw),
        planned_start_week=_week_of(
            _plus(sim.plan.baseline.task_start_days.get(t.id), 1e-9), dpw),
        planned_finish_week=_week_of(sim.plan.baseline.task_finish_days.get(t.id), dpw),
        criticality=fc.criticality.get(t.id, 0.0),
        likely_finish_week=_week_of(fc.task_finish_days.get(t.id), dpw),
        total_float=fc.total_float.get(t.id),
        rate=rate,
        held_until_day=max(t.blocked_until, now + t.pending_hold)
        if (t.blocked_until > now or t.pending_hold > 0) else 0.0,
        fast_tracked=t.fast_tracked,
        can_crash_days=crash_days_left(sim, t, limit),
        crash_cost_per_day=price if t.spec.crash_cost_per_day is not None else None,
        crash_cost_slope=slope,
        rework_found=t.found_flaws,
    )


def _person_view(sim: Simulation, p: PersonState) -> PersonView:
    return PersonView(
        id=p.id, name=p.spec.name, role=p.spec.role, skills=dict(p.skills),
        daily_rate=p.daily_rate, status=p.status, experience=p.experience,
        fatigue=p.fatigue,
        assignments=tuple(t.id for t in sim.tasks_of(p.id)
                          if t.status in ("waiting", "active")),
        arrival_week=p.arrival_week, new_hire=p.hired,
        in_training=p.training_until > sim.day() + 1e-9, availability=p.availability,
    )


def _candidate_views(sim: Simulation) -> tuple[CandidateView, ...]:
    return tuple(
        CandidateView(c.id, c.name, c.role, dict(c.skills), c.daily_rate, c.lead_time_weeks,
                      c.hiring_cost)
        for c in sim.scenario.hire_pool if c.id not in sim.people
    )


def _stakeholder_view(h: StakeholderState) -> StakeholderView:
    return StakeholderView(
        id=h.id, name=h.spec.name, role=h.spec.role, power=h.spec.power,
        interest=h.spec.interest, quadrant=quadrant(h.spec), engagement=h.engagement,
        desired_engagement=h.desired, last_meeting_week=h.last_meeting_week,
        last_steering_week=h.last_steering_week, satisfaction=h.satisfaction,
        trend=h.satisfaction - (h.history[-2] if len(h.history) > 1 else
                                h.history[-1] if h.history else h.satisfaction),
        cares=h.spec.cares.model_dump(), sponsor=h.spec.sponsor,
        history=tuple(h.history),
    )


def _risk_view(sim: Simulation, r: RiskState) -> RiskView:
    impact = r.spec.impact
    return RiskView(
        id=r.id, name=r.spec.name, description=r.spec.description, kind=r.spec.kind,
        probability=risks.probability(r), window=(r.spec.window[0], r.spec.window[1]),
        tasks=tuple(r.spec.tasks), exposure=risks.exposure(r, sim),
        exposure_days=risks.exposure_days(r),
        impact=_impact_summary(impact, r.spec.kind, sim.scenario.budget.currency,
                               r.impact_factor, r.cost_factor, r.response),
        delay_days=impact.delay_days[1] if impact.delay_days else 0.0,
        effort_days=impact.effort_days[1] if impact.effort_days else 0.0,
        cost_impact=impact.cost[1] if impact.cost else 0.0,
        response=r.response,
        responses={
            name: {"cost": resp.cost, "attention": resp.attention,
                   "probability_factor": resp.probability_factor,
                   "impact_factor": resp.impact_factor, "description": resp.description}
            for name, resp in r.spec.responses
            if resp is not None and (name != "escalate" or r.spec.beyond_authority)
        },
        fired_weeks=tuple(r.fired_weeks), closed=r.closed,
        in_window=r.spec.window[0] <= sim.week <= r.spec.window[1],
    )


def _scope_views(sim: Simulation) -> tuple[ScopeView, ...]:
    return tuple(
        ScopeView(
            id=s.id, name=s.name, priority=sim.scope[s.id].priority,
            value=sim.scope[s.id].value, status=sim.scope[s.id].status,
            progress=_scope_progress(sim, s.id), description=s.description,
            negotiable=s.negotiable,
        )
        for s in sim.scenario.scope
    )


def _money_view(sim: Simulation) -> MoneyView:
    money = sim.ledger.money
    return MoneyView(
        currency=sim.scenario.budget.currency, bac=money.bac,
        actual_cost=money.actual_cost, authorised=money.authorised,
        contingency_left=money.contingency_left, contingency_drawn=money.contingency_drawn,
        reserve_left=money.reserve_left, reserve_granted=money.reserve_granted,
        eac=tolerances.estimate_at_completion(sim), burn_per_day=sim.ledger.cost_rate,
        contingency_cover=reserve_draws.contingency_cover(sim),
    )


def _scope_progress(sim: Simulation, scope_id: str) -> float:
    tasks = sim.lookups.by_scope.get(scope_id, [])
    total = sum(t.estimate for t in tasks)
    return sum(t.estimate * t.reported_progress for t in tasks) / total if total else 0.0


def _impact_summary(impact: Impact, kind: str, currency: str, factor: float = 1.0,
                    cost_factor: float = 1.0, response: str | None = None) -> str:
    """The most likely impact in words, after the response in place (`factor` on days,
    also `cost_factor` on money): what a threat adds ('about 5 days' delay, +3
    person-days, +1,200 EUR'), what an opportunity saves ('saves about 3 person-days')."""
    def likely(rng: Range | None) -> float:
        return rng[1] * factor if rng else 0.0

    money = (impact.cost[1] * factor * cost_factor) if impact.cost else 0.0
    parts = []
    if kind == "opportunity":
        days = likely(impact.effort_days) + likely(impact.delay_days)
        if days:
            parts.append(f"saves about {days:.3g} person-days")
        if money:
            parts.append(f"saves about {money:,.0f} {currency}")
        if impact.morale:
            parts.append(f"morale +{abs(impact.morale) * factor * 100:.0f} points")
        if impact.satisfaction:
            parts.append(f"satisfaction +{abs(impact.satisfaction):.0f}")
        text = ", ".join(parts) or "no direct benefit"
    else:
        if impact.delay_days:
            parts.append(f"about {likely(impact.delay_days):.3g} days' delay")
        if impact.effort_days:
            parts.append(f"+{likely(impact.effort_days):.3g} person-days")
        if money:
            parts.append(f"+{money:,.0f} {currency}")
        if impact.morale:
            shift = impact.morale * factor * 100
            parts.append(f"morale {'+' if shift >= 0 else '−'}{abs(shift):.0f} points")
        if impact.satisfaction:
            parts.append(f"satisfaction {signed(impact.satisfaction)}")
        text = ", ".join(parts) or "no direct impact"
    if response and (abs(factor - 1.0) > 1e-9 or abs(cost_factor - 1.0) > 1e-9):
        text += f" (after the {response} response)"
    return text
