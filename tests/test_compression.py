"""Schedule compression: crashing on a convex time–cost curve with a crash limit, and
fast-tracking whose rework grows with the overlap."""

from __future__ import annotations

from itertools import pairwise

import pytest
from helpers import QUIET_MODEL, build, person, scenario_dict, task

from pmsim.engine import decisions as d
from pmsim.engine import flow
from pmsim.engine.decisions import DecisionError
from pmsim.engine.rules.schedule import crash_limit, crash_marginal, crash_price
from pmsim.engine.simulation import Simulation

PRICE = 1000.0


def _sim(crash_max_days: float = 10.0, **model: float) -> Simulation:
    """One 20-day task crashable at 1,000 a day (its own limit `crash_max_days`)."""
    data = scenario_dict([task("build", 20, ["ann"], crash_cost_per_day=PRICE,
                               crash_max_days=crash_max_days)],
                         [person("ann")], model={**QUIET_MODEL, **model})
    return Simulation(build(data), 0)


def test_the_crash_limit_is_a_share_of_the_planned_duration() -> None:
    sim = _sim()
    t = sim.tasks["build"]
    share = sim.scenario.model.crash_max_share
    assert crash_limit(sim, t) == pytest.approx(share * t.estimate)  # one person a day
    assert sim.view().task("build").can_crash_days == pytest.approx(share * t.estimate)


def test_a_tasks_own_crash_days_can_set_a_lower_limit() -> None:
    sim = _sim(crash_max_days=2.0)
    assert crash_limit(sim, sim.tasks["build"]) == pytest.approx(2.0)


def test_no_task_can_be_crashed_past_its_limit() -> None:
    sim = _sim()
    limit = crash_limit(sim, sim.tasks["build"])
    with pytest.raises(DecisionError, match="at most"):
        sim.apply(d.Crash("build", limit + 0.5))
    sim.apply(d.Crash("build", limit))
    assert sim.view().task("build").can_crash_days == pytest.approx(0.0)
    with pytest.raises(DecisionError, match="at most 0"):
        sim.apply(d.Crash("build", 0.5))


def test_each_further_day_costs_more() -> None:
    sim = _sim()
    limit = crash_limit(sim, sim.tasks["build"])
    paid = []
    for _ in range(int(limit)):
        before = sim.ledger.money.contractors
        sim.apply(d.Crash("build", 1.0))
        paid.append(sim.ledger.money.contractors - before)
    assert all(later > earlier for earlier, later in pairwise(paid))
    rise = sim.scenario.model.crash_cost_rise
    assert paid[0] == pytest.approx(PRICE * (1 + rise * 0.5 / limit))  # its mid-day price


def test_the_last_day_costs_rise_plus_one_times_the_first() -> None:
    sim = _sim()
    t = sim.tasks["build"]
    limit = crash_limit(sim, t)
    rise = sim.scenario.model.crash_cost_rise
    first, slope = crash_marginal(sim, t)
    assert first == PRICE
    assert first + slope * limit == pytest.approx(PRICE * (1 + rise))
    # all the way costs the list price times (1 + rise / 2) on average
    assert crash_price(sim, t, limit) == pytest.approx(PRICE * limit * (1 + rise / 2))


def test_the_view_shows_the_next_days_price() -> None:
    sim = _sim()
    sim.apply(d.Crash("build", 2.0))
    view = sim.view().task("build")
    price, slope = crash_marginal(sim, sim.tasks["build"])
    assert view.crash_cost_per_day == pytest.approx(price)
    assert view.crash_cost_per_day > PRICE
    assert view.crash_cost_slope == pytest.approx(slope)


def test_day_by_day_costs_the_same_as_all_at_once() -> None:
    one_go, by_day = _sim(), _sim()
    one_go.apply(d.Crash("build", 4.0))
    for _ in range(4):
        by_day.apply(d.Crash("build", 1.0))
    assert by_day.ledger.money.contractors == pytest.approx(one_go.ledger.money.contractors)


def test_the_preview_prices_what_apply_charges_and_names_the_next_day() -> None:
    sim = _sim()
    sim.apply(d.Crash("build", 1.0))
    x = d.Crash("build", 2.0)
    preview = sim.preview(x)
    before = sim.ledger.money.contractors
    sim.apply(x)
    assert sim.ledger.money.contractors - before == pytest.approx(preview.money_now)
    assert "the next at" in preview.text


def test_a_flat_curve_charges_the_list_price() -> None:
    sim = _sim(crash_cost_rise=0.0)
    sim.apply(d.Crash("build", 3.0))
    assert sim.ledger.money.contractors == pytest.approx(3 * PRICE)


# ---------------------------------------------------------------- fast-tracking


def _chain() -> Simulation:
    data = scenario_dict([task("design", 10, ["ann"]),
                          task("build", 10, ["bob"], predecessors=["design"])],
                         [person("ann"), person("bob")], model=dict(QUIET_MODEL))
    return Simulation(build(data), 0)


@pytest.mark.parametrize(("done", "share"), [(0.6, 1.0), (0.8, 0.25), (1.0, 0.0)])
def test_fast_track_rework_grows_with_the_square_of_the_overlap(done: float,
                                                                share: float) -> None:
    sim = _chain()
    design, build_ = sim.tasks["design"], sim.tasks["build"]
    build_.fast_tracked = True
    design.done = done * design.estimate
    if done >= 1.0:
        design.status = "done"
    penalty = sim.scenario.model.fast_track_penalty
    assert flow.fast_track_flaw_share(sim, build_) == pytest.approx(penalty * share, abs=1e-6)


def test_a_task_is_fast_tracked_only_once() -> None:
    sim = _chain()
    assert sim.tasks["design"].status == "active"
    sim.apply(d.FastTrack("build"))
    with pytest.raises(DecisionError, match="already fast-tracked"):
        sim.apply(d.FastTrack("build"))
