"""Joining work under way: a joiner's catch-up never outlasts the work done on the task;
a new hire alone on a task loses output smoothly as they assimilate, with no cliff when
training ends; the forecast counts the changes to the work the feed has announced."""

from __future__ import annotations

import pytest

from pmsim import load_scenario
from pmsim.engine import outlook, work
from pmsim.engine.rules.staffing import catch_up_days
from pmsim.engine.simulation import Simulation
from pmsim.policies import get_policy
from pmsim.policies.base import play_game


def _active(sim: Simulation) -> tuple[str, str]:
    """A task under way and an assimilated person able to join it."""
    sim.advance()
    t = next(t for t in sim.tasks.values() if t.status == "active" and t.done > 0)
    p = next(p for p in sim.people.values() if p.id not in t.assignees
             and p.skills.get(t.spec.skill, 0) > 0 and p.status == "active")
    return t.spec.id, p.id


def test_catch_up_on_a_small_task_is_no_longer_than_the_work_done_on_it() -> None:
    """Office-move seed 342: a replacement crew needed 15 days to read into a 3-day
    snagging task nearly done."""
    sim = Simulation(load_scenario("portal-launch"), 0)
    tid, pid = _active(sim)
    t, p = sim.tasks[tid], sim.people[pid]
    t.planned_effort, t.done = 3.2, 3.0
    assert catch_up_days(sim, p, t) == pytest.approx(3.0 / p.experience)
    t.planned_effort, t.done = 200.0, 150.0  # a big task: the scenario's figure rules
    assert catch_up_days(sim, p, t) == pytest.approx(
        sim.scenario.model.catch_up_days * 0.75 / p.experience)


def test_a_new_hire_alone_on_a_task_has_no_cliff_when_training_ends() -> None:
    sim = Simulation(load_scenario("portal-launch"), 0)
    tid, pid = _active(sim)
    t, p = sim.tasks[tid], sim.people[pid]
    for other in t.assignees:
        sim.people[other].status = "gone"
    t.assignees = [pid]
    p.hired = True

    def rate(experience: float) -> float:
        p.experience = experience
        return work.task_rate(sim, t)[0] / experience  # take out the experience factor

    arrived, nearly, settled = rate(sim.scenario.model.new_hire_experience), rate(0.999), rate(1.0)
    assert arrived == pytest.approx(settled * (1 - work.SELF_TAUGHT_LOSS))
    assert nearly == pytest.approx(settled, rel=0.01)


def test_the_forecast_counts_extra_work_the_feed_announced() -> None:
    sim = Simulation(load_scenario("portal-launch"), 0)
    tid, _ = _active(sim)
    t = sim.tasks[tid]
    before = outlook.work_left(t)
    t.known_extra += 5.0
    t.work_total += 5.0
    assert outlook.work_left(t) == pytest.approx(before + 5.0)
    t.done = t.estimate + t.known_extra  # reported done: a tenth is still left, as before
    assert outlook.work_left(t) == pytest.approx(0.1 * (t.estimate + t.known_extra))



@pytest.mark.parametrize("scenario", ["rescue", "office-move"])
def test_the_work_added_to_a_task_is_known_to_the_team(scenario: str) -> None:
    """Every change to a task's work the player is told of (rework found, a risk's
    effort, the work crashing or an opportunity took off) is in `known_extra`: only the
    estimate's error is left for the forecast to miss."""
    sim = play_game(load_scenario(scenario), 3, get_policy("cautious"))
    for t in sim.tasks.values():
        assert t.work_total <= t.true_effort * t.scale + t.known_extra + 1e-9
    assert any(t.known_extra > 0 for t in sim.tasks.values())
