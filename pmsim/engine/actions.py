"""Checking and carrying out player decisions. Every check runs before any change, so
an invalid decision raises `DecisionError` and leaves the game untouched."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from pmsim.engine import board, flow, plan, risks, stakeholders
from pmsim.engine import decisions as d
from pmsim.engine.decisions import DecisionError
from pmsim.engine.reports import week_hours
from pmsim.engine.state import PersonState, TaskState

if TYPE_CHECKING:
    from pmsim.engine.simulation import Simulation

OVERTIME_LEVELS = (1.0, 1.1, 1.2, 1.3, 1.4, 1.5)
SKILL_CAP = 1.3
TRAINING_DAYS = 3.0
RECOGNITION_BOOST = 0.04
TEAM_EVENT_BOOST = 0.08
ONCE_A_WEEK = (d.SteeringCommittee, d.Recognise, d.TeamEvent)


def _task(sim: Simulation, task_id: str) -> TaskState:
    task = sim.tasks.get(task_id)
    if task is None:
        raise DecisionError(f"there is no task '{task_id}'")
    return task


def _person(sim: Simulation, person_id: str) -> PersonState:
    p = sim.people.get(person_id)
    if p is None or p.status == "gone":
        raise DecisionError(f"'{person_id}' is not on the team")
    return p


def _scope(sim: Simulation, item: str) -> str:
    if item not in sim.scope_status:
        raise DecisionError(f"there is no scope item '{item}'")
    return sim.scope_status[item]


def _not_frozen(sim: Simulation, what: str) -> None:
    if sim.freeze_until_week >= sim.week:
        raise DecisionError(f"{what} is impossible: the sponsor has frozen spending until the "
                            f"end of week {sim.freeze_until_week}")


def attention_needed(sim: Simulation, decision: d.Decision) -> float:
    """PM hours a decision takes."""
    if isinstance(decision, d.RespondToRisk):
        r = sim.risks.get(decision.risk)
        spec = getattr(r.spec.responses, decision.response, None) if r else None
        return spec.attention if spec is not None else 0.5
    return decision.attention


def check_decision(sim: Simulation, decision: d.Decision) -> float:
    """Raise `DecisionError` if the decision cannot be taken now; return its attention."""
    handler = HANDLERS.get(type(decision))
    if handler is None:
        raise DecisionError(f"unknown decision {decision!r}")
    handler[0](sim, decision)
    if type(decision) in ONCE_A_WEEK and (decision.kind, sim.week) in sim.weekly_done:
        raise DecisionError(f"you can do that ({decision.kind}) only once a week")
    need = attention_needed(sim, decision)
    if need > sim.attention_left() + 1e-9:
        raise DecisionError(
            f"that takes {need:g} h of your attention and only {sim.attention_left():g} h are "
            "left this week; end the week or drop something"
        )
    return need


def apply_decision(sim: Simulation, decision: d.Decision) -> None:
    """Validate a decision against the current state, then carry it out."""
    need = check_decision(sim, decision)
    sim.attention_used += need
    if type(decision) in ONCE_A_WEEK:
        sim.weekly_done.add((decision.kind, sim.week))
    HANDLERS[type(decision)][1](sim, decision)


# -- checks and effects, decision by decision -------------------------------------------

def _check_overtime(sim: Simulation, x: d.SetOvertime) -> None:
    cap = sim.scenario.model.max_overtime
    if not any(abs(x.level - lv) < 1e-9 for lv in OVERTIME_LEVELS) or x.level > cap + 1e-9:
        allowed = ", ".join(f"{lv:g}" for lv in OVERTIME_LEVELS if lv <= cap + 1e-9)
        raise DecisionError(f"overtime level {x.level!r} is not allowed; choose one of {allowed}")


def _do_overtime(sim: Simulation, x: d.SetOvertime) -> None:
    sim.overtime = min(OVERTIME_LEVELS, key=lambda lv: abs(lv - x.level))
    hours = week_hours(sim.overtime, sim.days_per_week)
    sim.note("decision", f"Working hours set to {hours:.0f} h a week.")


def _check_assign(sim: Simulation, x: d.Assign) -> None:
    task, person = _task(sim, x.task), _person(sim, x.person)
    if person.status == "leaving":
        raise DecisionError(f"{person.spec.name} is leaving the project")
    if task.status in ("done", "cut", "deferred", "proposed") or not sim.in_scope(task):
        raise DecisionError(f"task '{x.task}' is {task.status}; only waiting or active tasks "
                            "take people")
    if x.person in task.assignees:
        raise DecisionError(f"{person.spec.name} is already on '{x.task}'")
    if person.skills.get(task.spec.skill, 0.0) <= 0:
        raise DecisionError(f"{person.spec.name} has no '{task.spec.skill}' skill for "
                            f"'{x.task}'")
    if len(task.assignees) >= task.spec.max_staff:
        raise DecisionError(f"'{x.task}' takes at most {task.spec.max_staff} people")


def _do_assign(sim: Simulation, x: d.Assign) -> None:
    task = sim.tasks[x.task]
    task.assignees.append(x.person)
    sim.lookups.staffing_changed()
    if task.status == "active" and task.estimate > 0:
        task.joined[x.person] = sim.day() + catch_up_days(sim, sim.people[x.person], task)
    sim.note("decision", f"{sim.people[x.person].spec.name} assigned to '{task.spec.name}'.")


def catch_up_days(sim: Simulation, person: PersonState, task: TaskState) -> float:
    """Days a person joining a task in progress reads in before producing: up to
    `catch_up_days` for a task nearly done, longer for someone still new to the
    organisation (divided by their experience)."""
    done = min(1.0, task.done / task.estimate) if task.estimate > 0 else 0.0
    return sim.scenario.model.catch_up_days * done / max(person.experience, 0.1)


def _check_unassign(sim: Simulation, x: d.Unassign) -> None:
    task, person = _task(sim, x.task), _person(sim, x.person)
    if x.person not in task.assignees:
        raise DecisionError(f"{person.spec.name} is not on '{x.task}'")


def _do_unassign(sim: Simulation, x: d.Unassign) -> None:
    task = sim.tasks[x.task]
    task.assignees.remove(x.person)
    task.joined.pop(x.person, None)
    sim.lookups.staffing_changed()
    sim.note("decision", f"{sim.people[x.person].spec.name} taken off '{task.spec.name}'.")


def _check_hire(sim: Simulation, x: d.Hire) -> None:
    if not any(c.id == x.candidate for c in sim.scenario.hire_pool):
        raise DecisionError(f"there is no candidate '{x.candidate}' in the hire pool")
    if x.candidate in sim.people:
        raise DecisionError(f"'{x.candidate}' has already been hired")
    _not_frozen(sim, "hiring")


def _do_hire(sim: Simulation, x: d.Hire) -> None:
    spec = next(c for c in sim.scenario.hire_pool if c.id == x.candidate)
    arrival = sim.week + spec.lead_time_weeks
    status = "active" if spec.lead_time_weeks == 0 else "arriving"
    sim.people[spec.id] = PersonState(
        spec=spec, skills=dict(spec.skills), daily_rate=spec.daily_rate,
        experience=sim.scenario.model.new_hire_experience, status=status,
        arrival_week=arrival, hired=True,
    )
    sim.lookups.staffing_changed()
    sim.money.spend(spec.hiring_cost, "hiring")
    when = "starts now" if status == "active" else f"starts in week {arrival}"
    sim.note("decision", f"Hired {spec.name} ({spec.role or 'new hire'}); {when}.",
             "new hires start at half productivity and need coaching")


def _check_release(sim: Simulation, x: d.Release) -> None:
    p = _person(sim, x.person)
    if p.status == "leaving":
        raise DecisionError(f"{p.spec.name} is already leaving")


def _do_release(sim: Simulation, x: d.Release) -> None:
    p = sim.people[x.person]
    if p.status == "arriving":
        p.status = "gone"
        for t in sim.tasks.values():
            if p.id in t.assignees:
                t.assignees.remove(p.id)
                t.joined.pop(p.id, None)
        sim.lookups.staffing_changed()
        sim.note("decision", f"Hiring of {p.spec.name} cancelled.")
        return
    p.status = "leaving"
    p.leave_week = sim.week
    sim.lookups.staffing_changed()
    sim.morale_boost -= 0.02
    sim.note("decision", f"{p.spec.name} released; leaves at the end of this week.")


def _check_crash(sim: Simulation, x: d.Crash) -> None:
    task = _task(sim, x.task)
    if task.spec.crash_cost_per_day is None:
        raise DecisionError(f"'{x.task}' cannot be crashed (no contractor option)")
    if task.status not in ("waiting", "active") or not sim.in_scope(task):
        raise DecisionError(f"'{x.task}' is {task.status}; only open tasks can be crashed")
    if not x.days > 0:
        raise DecisionError("crash by a positive number of days")
    left = task.spec.crash_max_days - task.crashed_days
    if x.days > left + 1e-9:
        raise DecisionError(f"'{x.task}' can be crashed by at most {left:g} more days")
    _not_frozen(sim, "crashing")


def _do_crash(sim: Simulation, x: d.Crash) -> None:
    task = sim.tasks[x.task]
    cost = x.days * (task.spec.crash_cost_per_day or 0.0)
    sim.money.spend(cost, "contractors")
    planned = sum(sim.people[p].skills.get(task.spec.skill, 0.0)
                  for p in task.spec.staff if p in sim.people)
    removal = x.days * max(task.rate, planned, 1.0)
    task.work_total = max(task.done, task.work_total - removal)
    task.crashed_days += x.days
    sim.note("decision", f"Crashed '{task.spec.name}' by {x.days:g} days for {cost:,.0f}.")


def _check_fast_track(sim: Simulation, x: d.FastTrack) -> None:
    task = _task(sim, x.task)
    if task.status != "waiting" or not sim.in_scope(task):
        raise DecisionError(f"only a waiting task can be fast-tracked; '{x.task}' is "
                            f"{task.status}")
    if task.fast_tracked:
        raise DecisionError(f"'{x.task}' is already fast-tracked")
    preds = [sim.tasks[p] for p in task.spec.predecessors]
    if not any(p.status == "active" for p in preds):
        raise DecisionError(f"'{x.task}' can be fast-tracked once a predecessor is under way")
    if any(p.status == "waiting" for p in preds):
        raise DecisionError(f"all of '{x.task}''s predecessors must have started")


def _do_fast_track(sim: Simulation, x: d.FastTrack) -> None:
    task = sim.tasks[x.task]
    task.fast_tracked = True
    sim.note("decision", f"Fast-tracked '{task.spec.name}'.",
             "overlapping with unfinished predecessors means more rework")
    flow.check_ready(sim, task)


def _check_cut(sim: Simulation, x: d.CutScope | d.DeferScope) -> None:
    status = _scope(sim, x.item)
    if status != "planned":
        raise DecisionError(f"'{x.item}' is {status}; only planned scope can be dropped")
    if sim.scope_priority[x.item] == "must":
        raise DecisionError(f"'{x.item}' is a must-have; negotiate it down with the sponsor "
                            "first")


def _check_restore(sim: Simulation, x: d.RestoreScope) -> None:
    if _scope(sim, x.item) != "deferred":
        raise DecisionError(f"only deferred scope can be restored; '{x.item}' is "
                            f"{sim.scope_status[x.item]}")


def _do_restore(sim: Simulation, x: d.RestoreScope) -> None:
    sim.scope_status[x.item] = "planned"
    for t in sim.tasks.values():
        if t.spec.scope == x.item and t.status == "deferred":
            t.status = "waiting"
    plan.rebuild(sim)
    for t in sim.tasks.values():
        if t.spec.scope == x.item:
            flow.check_ready(sim, t)
    sim.note("scope", f"Scope item '{sim.scope_name(x.item)}' restored.")


def _check_risk(sim: Simulation, x: d.RespondToRisk) -> None:
    r = sim.risks.get(x.risk)
    if r is None or not r.known:
        raise DecisionError(f"there is no risk '{x.risk}' on the register")
    if r.closed:
        raise DecisionError(f"risk '{x.risk}' is closed")
    if r.response is not None:
        raise DecisionError(f"risk '{x.risk}' already has a response ({r.response})")
    if x.response != "accept" and getattr(r.spec.responses, x.response, None) is None:
        offered = [n for n, v in r.spec.responses if v is not None] + ["accept"]
        raise DecisionError(f"'{x.response}' is not offered for '{x.risk}'; choose from "
                            f"{', '.join(offered)}")


def _check_draw(sim: Simulation, x: d.DrawContingency) -> None:
    if not x.amount > 0 or x.amount > sim.money.contingency_left + 1e-6:
        raise DecisionError(f"draw between 0 and the {sim.money.contingency_left:,.0f} "
                            "contingency left")


def _do_draw(sim: Simulation, x: d.DrawContingency) -> None:
    sim.money.contingency_left -= x.amount
    sim.money.contingency_drawn += x.amount
    sim.note("decision", f"Drew {x.amount:,.0f} from contingency.")


def _check_reserve(sim: Simulation, x: d.RequestReserve) -> None:
    if not x.amount > 0 or x.amount > sim.money.reserve_left + 1e-6:
        raise DecisionError(f"ask for between 0 and the {sim.money.reserve_left:,.0f} of "
                            "management reserve left")


def _check_holder(sim: Simulation, x: d.MeetStakeholder) -> None:
    if x.stakeholder not in sim.stakeholders:
        raise DecisionError(f"there is no stakeholder '{x.stakeholder}'")


def _check_reporting(sim: Simulation, x: d.SetReporting) -> None:
    if x.level not in ("none", "summary", "detailed"):
        raise DecisionError("reporting level must be none, summary or detailed")
    standing = {"none": 0.0, "summary": 1.0, "detailed": 3.0}
    extra = standing[x.level] - standing[sim.reporting]
    if extra > sim.attention_left() + 1e-9:
        raise DecisionError(f"{x.level} reports need {extra:g} more hours a week than you have "
                            "left this week")


def _do_reporting(sim: Simulation, x: d.SetReporting) -> None:
    sim.reporting = x.level
    sim.note("decision", f"Status reports: {x.level}.")


def _check_board(sim: Simulation, x: d.Decision) -> None:
    if not sim.stakeholders:
        raise DecisionError("this scenario has no stakeholders to meet")


def _check_deadline(sim: Simulation, x: d.NegotiateDeadline) -> None:
    _check_board(sim, x)
    if not isinstance(x.weeks, int) or isinstance(x.weeks, bool):
        raise DecisionError(f"ask for a whole number of weeks, not {x.weeks!r}")
    if not 1 <= x.weeks <= board.MAX_DEADLINE_WEEKS:
        raise DecisionError(f"ask for 1 to {board.MAX_DEADLINE_WEEKS} weeks")
    if board.deadline(sim) + x.weeks > sim.scenario.calendar.hard_stop_week:
        raise DecisionError("the deadline cannot move past the hard stop")


def _check_negotiate_scope(sim: Simulation, x: d.NegotiateScope) -> None:
    _check_board(sim, x)
    if _scope(sim, x.item) != "planned" or sim.scope_priority[x.item] != "must":
        raise DecisionError(f"only planned must-have scope can be negotiated; '{x.item}' is "
                            f"a {sim.scope_priority[x.item]}-have, {sim.scope_status[x.item]}")


def _check_train(sim: Simulation, x: d.Train) -> None:
    p = _person(sim, x.person)
    if p.status != "active":
        raise DecisionError(f"{p.spec.name} is not available for training")
    if p.skills.get(x.skill, 0.0) >= SKILL_CAP:
        raise DecisionError(f"{p.spec.name} is already at {SKILL_CAP} in '{x.skill}'")
    known = {t.spec.skill for t in sim.tasks.values()} | set(p.skills)
    if x.skill not in known:
        raise DecisionError(f"no task needs a skill called '{x.skill}'")


def _do_train(sim: Simulation, x: d.Train) -> None:
    p = sim.people[x.person]
    p.skills[x.skill] = min(SKILL_CAP, p.skills.get(x.skill, 0.0) + 0.1)
    p.training_until = max(p.training_until, sim.day()) + TRAINING_DAYS
    sim.money.spend(2 * p.daily_rate, "team_costs")
    sim.note("decision", f"{p.spec.name} is training in '{x.skill}' for {TRAINING_DAYS:g} days.")


def _do_event(sim: Simulation, x: d.TeamEvent) -> None:
    here = [p for p in sim.people.values() if p.status in ("active", "leaving")]
    sim.money.spend(0.5 * sum(p.daily_rate for p in here), "team_costs")
    sim.morale_boost += TEAM_EVENT_BOOST
    for p in here:
        p.fatigue *= 0.85
    sim.note("decision", "Team event held.")


def _do_recognise(sim: Simulation, x: d.Recognise) -> None:
    sim.morale_boost += RECOGNITION_BOOST
    sim.note("decision", "You recognised the team's work.")


def _check_exception(sim: Simulation, x: d.RaiseException) -> None:
    if not board.breaches(sim):
        raise DecisionError("no tolerance is forecast to be breached; exceptions are for "
                            "breaches")
    if any(r.kind == "board" for r in sim.pending.values()):
        raise DecisionError("the board is already considering an exception")


def _nothing(sim: Simulation, x: d.Decision) -> None:
    return None


HANDLERS: dict[type, tuple[Callable, Callable]] = {  # type: ignore[type-arg]
    d.SetOvertime: (_check_overtime, _do_overtime),
    d.Assign: (_check_assign, _do_assign),
    d.Unassign: (_check_unassign, _do_unassign),
    d.Hire: (_check_hire, _do_hire),
    d.Release: (_check_release, _do_release),
    d.Crash: (_check_crash, _do_crash),
    d.FastTrack: (_check_fast_track, _do_fast_track),
    d.CutScope: (_check_cut, lambda s, x: board.set_scope(s, x.item, "cut", 1.0)),
    d.DeferScope: (_check_cut, lambda s, x: board.defer_scope(s, x.item)),
    d.RestoreScope: (_check_restore, _do_restore),
    d.RespondToRisk: (_check_risk, lambda s, x: risks.respond(s, s.risks[x.risk], x.response)),
    d.DrawContingency: (_check_draw, _do_draw),
    d.RequestReserve: (_check_reserve, lambda s, x: board.request_reserve(s, x.amount)),
    d.MeetStakeholder: (
        _check_holder, lambda s, x: stakeholders.meet(s, s.stakeholders[x.stakeholder])
    ),
    d.SetReporting: (_check_reporting, _do_reporting),
    d.SteeringCommittee: (_check_board, lambda s, x: stakeholders.steering(s)),
    d.NegotiateDeadline: (_check_deadline, lambda s, x: board.negotiate_deadline(s, x.weeks)),
    d.NegotiateScope: (_check_negotiate_scope, lambda s, x: board.negotiate_scope(s, x.item)),
    d.Recognise: (_nothing, _do_recognise),
    d.TeamEvent: (_nothing, _do_event),
    d.Train: (_check_train, _do_train),
    d.RaiseException: (_check_exception, lambda s, x: board.raise_exception(s)),
    d.RecommendClosure: (_nothing, lambda s, x: board.close(s, "closed")),
}
