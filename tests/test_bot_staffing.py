"""The bots' staffing and scope helpers: a second tester is lined up once per person and
week, only for a test with one person on it, and never from the people kept for other
work; deferred scope comes back only while its own work fits before the deadline, and goes
out when it would end after the hard stop; a skill the open work needs and nobody has is
hired for, at any time; a time breach gets a re-baseline recommended; a second pair
of hands joins the critical path only from work that can wait."""

from __future__ import annotations

import dataclasses

from pmsim import load_scenario
from pmsim.engine import decisions as d
from pmsim.engine.simulation import Simulation
from pmsim.engine.turn import DecisionRequest
from pmsim.policies import CautiousPolicy
from pmsim.policies.common import item_weeks, replacement_hire, second_testers
from pmsim.policies.scope_plan import past_hard_stop, restore
from pmsim.policies.staffing_plan import second_hands


def test_second_testers_take_each_person_once_and_spare_the_kept() -> None:
    view = Simulation(load_scenario("portal-launch"), 0).view()
    lone = {t.id for t in view.tasks
            if t.kind == "test" and t.status == "waiting" and len(t.assignees) == 1}
    assert len(lone) >= 2  # three tests wait on Sofia alone; UAT already has two
    picks = second_testers(view, set())
    assert picks and all(isinstance(x, d.Assign) for x in picks)
    people = [x.person for x in picks if isinstance(x, d.Assign)]
    assert len(people) == len(set(people))  # each on one test at most
    assert {x.task for x in picks if isinstance(x, d.Assign)} <= lone
    kept = set(people)
    assert not any(isinstance(x, d.Assign) and x.person in kept
                   for x in second_testers(view, kept))


def test_a_second_pair_of_hands_comes_from_work_that_can_wait() -> None:
    view = Simulation(load_scenario("tutorial"), 0).view()
    # Tom's flyers and card reader are off the critical path; the stall build is the
    # longest critical task and has room: he joins it (Jess, on it, is not moved)
    assert second_hands(view, []) == [d.Assign("tom", "stall-build")]
    assert second_hands(view, [d.Assign("tom", "promo")]) == []  # given work already
    office = Simulation(load_scenario("office-move"), 0).view()
    on_path = {a for t in office.tasks if t.criticality >= 0.2 for a in t.assignees}
    assert all(x.person not in on_path for x in second_hands(office, [])
               if isinstance(x, d.Assign))


def test_item_weeks_follows_the_chain_after_outside_predecessors() -> None:
    view = Simulation(load_scenario("portal-launch"), 0).view()
    weeks = {s.id: item_weeks(view, s.id) for s in view.scope}
    assert max(weeks, key=lambda k: weeks[k]) == "launch"  # go-live waits for the rest
    assert 0 < weeks["data-export"] < weeks["billing"] < weeks["launch"]
    finished = dataclasses.replace(view, tasks=tuple(
        dataclasses.replace(t, status="done") if t.scope == "data-export" else t
        for t in view.tasks))
    assert item_weeks(finished, "data-export") == 0.0
    # an outside predecessor expected later pushes the item's chain out with it
    export = view.task("data-export")
    pred = export.predecessors[0]
    later = dataclasses.replace(view, tasks=tuple(
        dataclasses.replace(t, likely_finish_week=(t.likely_finish_week or 0) + 4)
        if t.id == pred else t for t in view.tasks))
    assert item_weeks(later, "data-export") > weeks["data-export"]


def test_deferred_scope_comes_back_only_while_its_own_work_fits() -> None:
    """The forecast without the item may meet the deadline while the item itself no
    longer can: restoring it then only pushes the finish out (rescue's journey planner
    restored in week 15 of 15 did)."""
    sim = Simulation(load_scenario("portal-launch"), 0)
    sim.apply(d.DeferScope("outage"))
    view = sim.view()
    calm = dataclasses.replace(view, breaches={}, forecast=dataclasses.replace(
        view.forecast, p80_week=view.deadline_week - 1))
    assert restore(calm) == [d.RestoreScope("outage")]
    late = dataclasses.replace(calm, week=view.deadline_week - 1)
    assert view.deadline_week - 1 + item_weeks(late, "outage") > view.deadline_week
    assert restore(late) == []
    # nor when nobody left on the team can do one of its tasks
    skills = {t.skill for t in view.tasks if t.scope == "outage"}
    gone = dataclasses.replace(calm, people=tuple(
        p for p in view.people if not set(p.skills) & skills))
    assert restore(gone) == []


def test_a_skill_nobody_has_is_hired_for_late_in_the_game() -> None:
    """Portal-launch seed 95: the only designer resigns in week 5 and UX design waits
    for someone able; the early-hire rule has stopped by then (Brooks' law), but work
    nobody can do never finishes, so the bot hires the designer on offer."""
    view = Simulation(load_scenario("portal-launch"), 0).view()
    assert replacement_hire(view) == []  # everyone's skill is on the team
    gone = dataclasses.replace(view, week=view.deadline_week - 2, people=tuple(
        dataclasses.replace(p, status="gone") if p.skills.get("design", 0.0) > 0.3 else p
        for p in view.people))
    designer = max((c for c in view.candidates if c.skills.get("design", 0.0) > 0.3),
                   key=lambda c: c.skills["design"] / c.daily_rate)
    hire = replacement_hire(gone)
    assert hire[0] == d.Hire(designer.id)
    assert isinstance(hire[1], d.Assign) and view.task(hire[1].task).skill == "design"
    assert CautiousPolicy()._hiring(gone) == hire
    leaving = dataclasses.replace(gone, people=tuple(
        dataclasses.replace(p, status="leaving") if p.status == "gone" else p
        for p in gone.people))
    assert replacement_hire(leaving) == []  # a leaver still counts: a counter-offer may work


def test_scope_that_would_end_after_the_hard_stop_is_deferred() -> None:
    """Office-move seed 342: after the fit-out crew left, a should-have's work ran past
    the hard stop and kept the project open until it ended unfinished."""
    view = Simulation(load_scenario("portal-launch"), 0).view()
    optional = next(s for s in view.scope if s.priority != "must" and s.status == "planned")
    tasks = tuple(dataclasses.replace(t, likely_finish_week=view.hard_stop_week + 2)
                  if t.scope == optional.id else t for t in view.tasks)
    doomed = dataclasses.replace(view, tasks=tasks, forecast=dataclasses.replace(
        view.forecast, p50_week=view.hard_stop_week + 1))
    assert past_hard_stop(doomed) == [d.DeferScope(optional.id)]
    assert past_hard_stop(dataclasses.replace(doomed, forecast=view.forecast)) == []
    musts = tuple(dataclasses.replace(s, priority="must") for s in view.scope)
    assert past_hard_stop(dataclasses.replace(doomed, scope=musts)) == []


def test_a_time_breach_gets_an_exception_plan() -> None:
    """A time breach the bot's own authority could not mend asks the board for a plan
    that can be met (a re-baseline), not for a recovery plan: in rescue, recovery plans
    at weeks 5, 9 and 13 while the forecast slipped. Without a time breach, recovery."""
    view = Simulation(load_scenario("rescue"), 0).view()
    late = dataclasses.replace(view, breaches={"time": "late"}, forecast=dataclasses.replace(
        view.forecast, p50_week=view.deadline_week + 1), business_case_holds=True)
    open_ = DecisionRequest("board:w5", "board", "Exception", "", (), "recovery")
    bot = CautiousPolicy()
    assert bot._recommend(late, open_) == "rebaseline"
    calm = dataclasses.replace(late, breaches={"cost": "over"})
    assert bot._recommend(calm, open_) == "recovery"
