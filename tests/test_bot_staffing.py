"""The bots' staffing and scope helpers: a second tester is lined up once per person and
week, only for a test with one person on it, and never from the people kept for other
work; deferred scope comes back only while its own work fits before the deadline."""

from __future__ import annotations

import dataclasses

from pmsim import load_scenario
from pmsim.engine import decisions as d
from pmsim.engine.simulation import Simulation
from pmsim.policies import CautiousPolicy
from pmsim.policies.common import item_weeks, second_testers


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
    assert CautiousPolicy()._restore(calm) == [d.RestoreScope("outage")]
    late = dataclasses.replace(calm, week=view.deadline_week - 1)
    assert view.deadline_week - 1 + item_weeks(late, "outage") > view.deadline_week
    assert CautiousPolicy()._restore(late) == []
