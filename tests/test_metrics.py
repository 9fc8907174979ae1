"""Earned value and earned schedule arithmetic, on examples worked out by hand, and the
engine's weekly figures checked against their definitions.

Worked example used below (a 6-week plan, BAC 800):

    week k     0    1    2    3    4    5    6
    PV_k       0  100  250  450  600  700  800

At the end of week 4 the team has earned EV = 400 and spent AC = 500:
    PV = 600, CV = 400 − 500 = −100, SV = 400 − 600 = −200,
    CPI = 400 / 500 = 0.8, SPI = 400 / 600 = 2/3,
    EAC(CPI) = 800 / 0.8 = 1000, EAC(plan) = 500 + (800 − 400) = 900,
    EAC(CPI·SPI) = 500 + 400 / (0.8 · 2/3) = 1250, ETC = 1000 − 500 = 500,
    VAC = 800 − 1000 = −200, TCPI = (800 − 400) / (800 − 500) = 4/3,
    ES: PV_2 = 250 ≤ 400 < PV_3 = 450, so ES = 2 + (400 − 250) / (450 − 250) = 2.75,
    SPI(t) = 2.75 / 4 = 0.6875, SV(t) = 2.75 − 4 = −1.25,
    IEAC(t) = 6 / 0.6875 = 8.727… weeks.
"""

from __future__ import annotations

from itertools import pairwise

import pytest
from helpers import plan_scenario, play_weeks

from pmsim import load_scenario
from pmsim.engine.metrics import compute_metrics, earned_schedule, planned_value
from pmsim.engine.simulation import Simulation
from pmsim.engine.weekly import earned_value
from pmsim.policies import get_policy, play_game

CURVE = (0.0, 100.0, 250.0, 450.0, 600.0, 700.0, 800.0)
BAC = 800.0


def test_worked_example_cost_figures() -> None:
    m = compute_metrics(4.0, ev=400.0, ac=500.0, bac=BAC, pv_curve=CURVE, planned_weeks=6.0)
    assert m.pv == 600.0
    assert m.cv == -100.0
    assert m.sv == -200.0
    assert m.cpi == pytest.approx(0.8)
    assert m.spi == pytest.approx(2 / 3)
    assert m.eac_cpi == pytest.approx(1000.0)
    assert m.eac_plan == pytest.approx(900.0)
    assert m.eac_cpi_spi == pytest.approx(1250.0)
    assert m.etc == pytest.approx(500.0)
    assert m.vac == pytest.approx(-200.0)
    assert m.tcpi == pytest.approx(4 / 3)
    assert m.bac == BAC and m.ac == 500.0 and m.ev == 400.0


def test_worked_example_schedule_figures() -> None:
    m = compute_metrics(4.0, ev=400.0, ac=500.0, bac=BAC, pv_curve=CURVE, planned_weeks=6.0)
    assert m.es == pytest.approx(2.75)
    assert m.spi_t == pytest.approx(0.6875)
    assert m.sv_t == pytest.approx(-1.25)
    assert m.ieac_t == pytest.approx(6 / 0.6875)
    assert m.week == 4.0


def test_ahead_and_under_budget() -> None:
    # end of week 2: earned 450 (week 3's PV) for 300 spent
    m = compute_metrics(2.0, ev=450.0, ac=300.0, bac=BAC, pv_curve=CURVE, planned_weeks=6.0)
    assert m.pv == 250.0 and m.cv == 150.0 and m.sv == 200.0
    assert m.cpi == pytest.approx(1.5) and m.spi == pytest.approx(1.8)
    assert m.es == pytest.approx(3.0) and m.spi_t == pytest.approx(1.5)
    assert m.eac_cpi == pytest.approx(800 / 1.5)
    assert m.tcpi == pytest.approx(350 / 500)


@pytest.mark.parametrize(("at", "pv"), [
    (0.0, 0.0), (0.5, 50.0), (1.0, 100.0), (2.5, 350.0), (3.25, 487.5), (5.9, 790.0),
    (6.0, 800.0), (9.0, 800.0),
])
def test_planned_value_interpolates_within_weeks(at: float, pv: float) -> None:
    assert planned_value(CURVE, at, 6.0) == pytest.approx(pv)


@pytest.mark.parametrize(("ev", "es"), [
    (0.0, 0.0), (50.0, 0.5), (100.0, 1.0), (175.0, 1.5), (600.0, 4.0), (650.0, 4.5),
    (800.0, 6.0),
])
def test_earned_schedule_reads_the_curve_backwards(ev: float, es: float) -> None:
    assert earned_schedule(ev, CURVE, 6.0) == pytest.approx(es)


def test_a_plan_finishing_mid_week() -> None:
    # planned finish at week 2.5: the last PV point sits at 2.5, not 3
    curve = (0.0, 100.0, 300.0, 400.0)
    assert planned_value(curve, 2.25, 2.5) == pytest.approx(350.0)
    assert planned_value(curve, 2.5, 2.5) == 400.0
    assert earned_schedule(350.0, curve, 2.5) == pytest.approx(2.25)
    assert earned_schedule(400.0, curve, 2.5) == pytest.approx(2.5)


def test_spi_returns_to_one_on_a_late_project_but_spi_t_does_not() -> None:
    """Why earned schedule: finished in week 10 a 6-week plan has SPI = 1 but
    SPI(t) = 0.6 and IEAC(t) = 10 weeks."""
    m = compute_metrics(10.0, ev=BAC, ac=900.0, bac=BAC, pv_curve=CURVE, planned_weeks=6.0)
    assert m.spi == 1.0 and m.sv == 0.0
    assert m.es == pytest.approx(6.0)
    assert m.spi_t == pytest.approx(0.6)
    assert m.sv_t == pytest.approx(-4.0)
    assert m.ieac_t == pytest.approx(10.0)
    assert m.tcpi is None  # the budget is spent: nothing left to perform against


def test_flat_stretch_of_the_plan() -> None:
    # nothing planned in week 3: earned schedule stays at the first week reaching the value
    curve = (0.0, 100.0, 200.0, 200.0, 300.0)
    assert earned_schedule(200.0, curve, 4.0) == pytest.approx(3.0)
    assert earned_schedule(250.0, curve, 4.0) == pytest.approx(3.5)
    assert planned_value(curve, 2.5, 4.0) == pytest.approx(200.0)


def test_nothing_to_judge_yet() -> None:
    """Zero denominators read as 'on plan' rather than dividing by zero."""
    m = compute_metrics(0.0, ev=0.0, ac=0.0, bac=BAC, pv_curve=CURVE, planned_weeks=6.0)
    assert m.cpi == 1.0 and m.spi == 1.0 and m.spi_t == 1.0
    assert m.pv == 0.0 and m.es == 0.0
    assert m.eac_cpi == BAC and m.eac_plan == BAC and m.tcpi == pytest.approx(1.0)
    assert m.ieac_t == pytest.approx(6.0)


def test_spending_with_nothing_earned() -> None:
    m = compute_metrics(1.0, ev=0.0, ac=100.0, bac=BAC, pv_curve=CURVE, planned_weeks=6.0)
    assert m.cpi == 0.0 and m.spi == 0.0 and m.spi_t == 0.0
    # CPI = 0 cannot forecast: EAC falls back to AC + remaining work at plan rate
    assert m.eac_cpi == pytest.approx(900.0) and m.eac_cpi_spi == pytest.approx(900.0)
    assert m.ieac_t == pytest.approx(60.0)  # reported as ten times the plan, not infinity


def test_over_budget_tcpi_is_undefined() -> None:
    m = compute_metrics(5.0, ev=700.0, ac=850.0, bac=BAC, pv_curve=CURVE, planned_weeks=6.0)
    assert m.tcpi is None
    assert m.cpi == pytest.approx(700 / 850)
    assert m.vac == pytest.approx(800 - 800 / (700 / 850))


# ---------------------------------------------------------------- the engine's figures

def test_baseline_budgets_add_up_to_the_bac() -> None:
    for scenario in (load_scenario("portal-launch"), plan_scenario()):
        base = Simulation(scenario, 0).plan.baseline
        assert sum(base.task_budgets.values()) == pytest.approx(base.bac)
        assert base.pv_curve[0] == 0.0 and base.pv_curve[-1] == pytest.approx(base.bac)
        assert all(b >= a - 1e-9 for a, b in pairwise(base.pv_curve))
        assert len(base.pv_curve) - 1 == pytest.approx(base.planned_days / 5, abs=1.0)


def test_weekly_figures_follow_the_definitions() -> None:
    sim = Simulation(load_scenario("portal-launch"), 5)
    play_weeks(sim, 6)
    m = sim.history[-1]
    ev = sum(sim.plan.task_budgets[t.id] * t.reported_progress for t in sim.tasks.values()
             if t.status != "proposed")
    assert m.ev == pytest.approx(ev) and m.ev == pytest.approx(earned_value(sim))
    assert m.ac == pytest.approx(sim.ledger.money.actual_cost)
    assert m.week == pytest.approx(sim.day() / 5)
    assert m.pv == pytest.approx(planned_value(sim.plan.pv_curve, m.week, sim.plan.planned_weeks))
    assert m.pv == pytest.approx(sim.plan.baseline.pv_curve[6])
    assert m.bac == sim.ledger.money.bac
    assert sim.view().metrics == m


def test_the_game_reports_one_figure_set_a_week() -> None:
    sim = play_game(load_scenario("portal-launch"), 2, get_policy("passive"))
    weeks = [m.week for m in sim.history]
    assert weeks[:-1] == [float(w) for w in range(1, len(weeks))]
    assert weeks[-1] == pytest.approx(sim.day() / 5)
    assert all(b > a for a, b in pairwise(weeks))
