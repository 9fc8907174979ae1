"""The bots' staffing helpers: a second tester is lined up once per person and week,
only for a test with one person on it, and never from the people kept for other work."""

from __future__ import annotations

from pmsim import load_scenario
from pmsim.engine import decisions as d
from pmsim.engine.simulation import Simulation
from pmsim.policies.common import second_testers


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
