"""The model's figures from published studies (docs/model.md gives the sources):

- overtime: long days lose hourly productivity at once, fatigue takes more week by
  week, and months of 60-hour weeks settle at a floor of 0.6-0.7 of normal;
- counter-offers fail at the scenario's rate, from their own stream of luck;
- fixed costs run until the actual finish, so lateness costs overhead;
- crashing charges only for the days of work it actually removes;
- a threat's exposure prices its delay at the project's daily cost.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from helpers import (
    QUIET_MODEL,
    advance_week,
    build,
    overtime_scenario,
    person,
    plan_scenario,
    play_out,
    scenario_dict,
    task,
)

from pmsim.engine import decisions as d
from pmsim.engine import people, risks, work
from pmsim.engine.draws import Luck
from pmsim.engine.simulation import Simulation
from pmsim.scenario.parameters import Model

# ---------------------------------------------------------------- overtime


def test_long_days_lose_hourly_productivity_at_once() -> None:
    model = Model()
    assert work.hourly_productivity(model, 1.0, 0.0) == 1.0
    assert work.hourly_productivity(model, 1.25, 0.0) == pytest.approx(0.95)
    assert work.hourly_productivity(model, 1.5, 0.0) == pytest.approx(0.9)
    first_week = work.overtime_week_output(model, 1.5, 1)[0]
    assert first_week == pytest.approx(1.35), "60 h in week 1: 1.5 × 0.9 of a normal week"


def test_months_of_sixty_hours_settle_at_a_floor_of_0_6_to_0_7() -> None:
    model = Model()
    floor = work.sustained_productivity(model, 1.5)
    assert 0.6 <= floor <= 0.7
    weekly = work.overtime_week_output(model, 1.5, 52)
    hourly = [w / 1.5 for w in weekly]
    assert all(b < a for a, b in itertools.pairwise(hourly)), "only falls"
    assert hourly[-1] == pytest.approx(floor, abs=0.005), "and settles at the floor"
    assert weekly[-1] < 1.0, "a sustained 60-hour week yields less than a normal one"
    fifty = work.sustained_productivity(model, 1.25)
    assert floor < fifty < 0.9, "50-hour weeks settle higher"


def test_the_engine_works_at_the_model_rate() -> None:
    """A person's output at 60-hour weeks, rested, is 1.35 × their normal output; with
    months of fatigue, 1.5 × the floor."""
    sim = Simulation(overtime_scenario(), 0)
    ann, a1 = sim.people["ann"], sim.tasks["a1"]
    normal = work.person_output(sim, ann, a1, focused=True)
    sim.apply(d.SetOvertime(1.5))
    assert work.person_output(sim, ann, a1, focused=True) == pytest.approx(1.35 * normal)
    ann.fatigue = 0.5
    floor = work.sustained_productivity(sim.scenario.model, 1.5)
    assert work.person_output(sim, ann, a1, focused=True) == pytest.approx(
        1.5 * floor * normal)


def test_the_breakeven_follows_the_parameters() -> None:
    """The preview's 'kept up for N weeks' comes from the same curve: no fatigue loss,
    never; a heavier one, sooner."""
    model = Model()
    weeks = work.overtime_breakeven_weeks(model, 1.5)
    assert weeks is not None
    assert work.overtime_breakeven_weeks(model.model_copy(update={"fatigue_loss": 0.0}),
                                         1.5) is None
    heavier = work.overtime_breakeven_weeks(model.model_copy(update={"fatigue_loss": 1.0}),
                                            1.5)
    assert heavier is not None and heavier < weeks


# ---------------------------------------------------------------- counter-offers


def test_counter_offers_fail_at_the_scenarios_rate() -> None:
    """Over thousands of draws (seeds × weeks), about `counter_offer_failure` of the
    counter-offers are turned down."""
    sim = Simulation(overtime_scenario(), 0)
    ann = sim.people["ann"]
    rate = sim.scenario.model.counter_offer_failure
    fails = draws = 0
    for seed in range(150):
        sim.luck = Luck(sim.scenario, seed)
        for week in range(1, 41):
            sim.week = week
            fails += people.counter_offer_fails(sim, ann)
            draws += 1
    assert fails / draws == pytest.approx(rate, abs=0.02)


def _resigning(failure: float, seed: int = 0) -> tuple[Simulation, Any]:
    data = scenario_dict([task("build", 60, ["ann", "bob"], max_staff=2)],
                         [person("ann"), person("bob")],
                         model={**QUIET_MODEL, "counter_offer_failure": failure})
    sim = Simulation(build(data), seed)
    ann = sim.people["ann"]
    people.request_resignation(sim, ann)
    return sim, ann


def test_a_counter_offer_says_its_chance_and_can_fail() -> None:
    sim, _ = _resigning(0.3)
    request = next(iter(sim.pending.values()))
    counter = next(o for o in request.options if o.id == "counter")
    assert "70% chance they stay" in counter.preview
    sure, kept = _resigning(0.0)
    sure.answer(next(iter(sure.pending)), "counter")
    assert kept.status == "active" and kept.daily_rate == pytest.approx(600.0)
    doomed, lost = _resigning(1.0)
    doomed.answer(next(iter(doomed.pending)), "counter")
    assert lost.status == "leaving" and lost.daily_rate == pytest.approx(500.0)
    assert any("turned the counter-offer down" in e.text for e in doomed.feed)


def test_the_counter_offer_draw_shifts_no_other_luck() -> None:
    """The same seed gives the same resignation draws whatever the counter-offers do."""
    sim = Simulation(overtime_scenario(), 4)
    before = [sim.luck.uniform("resign:ann", w) for w in range(1, 20)]
    people.counter_offer_fails(sim, sim.people["ann"])
    assert [sim.luck.uniform("resign:ann", w) for w in range(1, 20)] == before


# ---------------------------------------------------------------- fixed costs


def test_fixed_costs_run_until_the_actual_finish() -> None:
    """On plan, the fixed costs come to the budgeted amount; two weeks late, the project
    pays two more weeks of them."""
    on_plan = play_out(Simulation(plan_scenario(), 0))
    budget = on_plan.scenario.budget.fixed_costs
    assert on_plan.ledger.money.fixed == pytest.approx(budget, rel=1e-6)
    late = play_out(Simulation(plan_scenario(), 0), {
        1: [d.Unassign("ann", "design")], 3: [d.Assign("ann", "design")]})
    assert late.finish_day > on_plan.finish_day + 9
    rate = late.ledger.fixed_rate
    assert late.ledger.money.fixed == pytest.approx(rate * late.finish_day, rel=1e-6)
    assert late.ledger.money.fixed > budget + rate * 9


# ---------------------------------------------------------------- crashing


def _crashable() -> Simulation:
    """A task crashable at a flat price by up to half its duration (the convex price and
    the crash limit are tested in test_compression)."""
    model = {**QUIET_MODEL, "crash_cost_rise": 0.0, "crash_max_share": 0.5}
    data = scenario_dict([task("build", 20, ["ann"], crash_cost_per_day=1000,
                               crash_max_days=10)], [person("ann")], model=model)
    return Simulation(build(data), 0)


def test_crashing_charges_per_day_of_work_removed() -> None:
    sim = _crashable()
    sim.apply(d.Crash("build", 2))
    assert sim.ledger.money.contractors == pytest.approx(2000.0)
    assert sim.tasks["build"].work_total == pytest.approx(18.0)


def test_crashing_a_nearly_finished_task_charges_only_what_is_left() -> None:
    sim = _crashable()
    for _ in range(3):
        advance_week(sim)
    build_task = sim.tasks["build"]
    left = build_task.work_total - build_task.done
    assert 0 < left < 10
    x = d.Crash("build", 10)
    preview = sim.preview(x)
    assert preview.money_now == pytest.approx(1000.0 * left)
    assert "Only" in preview.text
    sim.apply(x)
    assert sim.ledger.money.contractors == pytest.approx(1000.0 * left)
    assert build_task.crashed_days == pytest.approx(left)


# ---------------------------------------------------------------- exposure


def test_exposure_prices_the_delay_at_the_projects_daily_cost() -> None:
    data = scenario_dict([task("build", 60, ["ann"])], [person("ann")],
                         budget={"fixed_costs": 30000.0}, risks=[{
        "id": "late", "name": "Late", "probability": 0.5, "window": [1, 4],
        "tasks": ["build"], "impact": {"delay_days": [2, 4, 6], "cost": [1000, 2000, 3000]},
    }])
    sim = Simulation(build(data), 0)
    r = sim.risks["late"]
    day = sim.ledger.cost_rate + sim.ledger.fixed_rate
    assert day == pytest.approx(500.0 + 30000.0 / sim.plan.baseline.planned_days)
    assert risks.exposure(r) == pytest.approx(0.5 * 2000)
    assert risks.exposure(r, sim) == pytest.approx(0.5 * (2000 + 4 * day))
    assert sim.view().risks[0].exposure == pytest.approx(risks.exposure(r, sim))
    r.cost_factor = 0.0  # transferred: the cost goes, the delay stays
    assert risks.exposure(r, sim) == pytest.approx(0.5 * 4 * day)
