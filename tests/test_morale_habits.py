"""Recognition and team events wear off when they become routine (hedonic adaptation),
recognition lifts morale only for work done, detailed status reports suit an interested
audience only, and the cautious bot uses each at a sensible cadence. The previews show
the diminished figures and equal what the engine does."""

from __future__ import annotations

import pytest
from helpers import advance_week
from rule_checks import check_preview

from pmsim import load_scenario
from pmsim.engine import decisions as d
from pmsim.engine import stakeholders
from pmsim.engine.rules import morale
from pmsim.engine.simulation import Simulation
from pmsim.policies.cautious import CautiousPolicy
from pmsim.policies.reporting_plan import reporting_level, wants_detail


@pytest.fixture
def sim(monkeypatch: pytest.MonkeyPatch) -> Simulation:
    """Portal-launch, where a task finishes every week (so recognition is earned)."""
    monkeypatch.setattr(morale, "tasks_done", lambda sim: sim.week)
    return Simulation(load_scenario("portal-launch"), 3)


def lift(sim: Simulation, x: d.Decision) -> float:
    """Apply a gesture and return the lift to morale it gave (after checking that its
    preview said so)."""
    promised = sim.preview(x).morale
    before = sim.mood.morale_boost
    sim.apply(x)
    got = sim.mood.morale_boost - before
    assert promised == pytest.approx(got)
    return got


def test_weekly_recognition_wears_off(sim: Simulation) -> None:
    lifts = []
    for _ in range(6):
        lifts.append(lift(sim, d.Recognise()))
        advance_week(sim)
    boost = morale.RECOGNITION_BOOST
    assert lifts[0] == pytest.approx(boost)
    assert lifts[1] == pytest.approx(0.1 * boost)  # a week later: 10 %
    assert lifts[2:] == pytest.approx([0.0] * 4)  # then routine: nothing


def test_monthly_recognition_keeps_its_full_lift(sim: Simulation) -> None:
    lifts = []
    for week in range(1, 13):
        if week % morale.RECOGNITION_CADENCE == 1:
            lifts.append(lift(sim, d.Recognise()))
        advance_week(sim)
    assert lifts == pytest.approx([morale.RECOGNITION_BOOST] * 3)


@pytest.mark.parametrize("gap,share", [(1, 0.1), (2, 0.4), (3, 0.7), (4, 1.0), (6, 1.0)])
def test_a_repeat_is_worth_the_share_of_the_cadence_passed(sim: Simulation, gap: int,
                                                           share: float) -> None:
    lift(sim, d.TeamEvent())
    for _ in range(gap):
        advance_week(sim)
    assert morale.freshness(sim, d.TeamEvent.kind) == pytest.approx(share)
    fatigue = morale.team_event_fatigue(sim)
    assert fatigue == pytest.approx(1 - (1 - morale.TEAM_EVENT_FATIGUE) * share)
    assert lift(sim, d.TeamEvent()) == pytest.approx(morale.TEAM_EVENT_BOOST * share)


def test_weekly_spam_buys_less_than_a_monthly_cadence(sim: Simulation) -> None:
    spam = Simulation(sim.scenario, sim.seed)
    total_spam = total_monthly = 0.0
    for week in range(1, 17):
        total_spam += lift(spam, d.Recognise()) + lift(spam, d.TeamEvent())
        if week % 4 == 1:
            total_monthly += lift(sim, d.Recognise()) + lift(sim, d.TeamEvent())
        advance_week(spam)
        advance_week(sim)
    assert total_spam < 0.5 * total_monthly


def test_the_preview_says_a_gesture_has_become_routine(sim: Simulation) -> None:
    assert "only" not in sim.preview(d.Recognise()).text
    sim.apply(d.Recognise())
    sim.apply(d.TeamEvent())
    advance_week(sim)
    for x in (d.Recognise(), d.TeamEvent()):
        text = sim.preview(x).text
        assert "only 10% of a fresh one" in text and "1 week ago" in text
        assert check_preview(sim, x) == []


def test_recognition_for_nothing_lifts_nothing() -> None:
    sim = Simulation(load_scenario("portal-launch"), 3)  # week 1: no task has finished
    preview = sim.preview(d.Recognise())
    assert preview.morale == 0.0
    assert "for nothing in particular" in preview.text
    assert check_preview(sim, d.Recognise()) == []
    sim.apply(d.Recognise())
    assert sim.mood.morale_boost == 0.0
    assert sim.mood.recognition.load == pytest.approx(morale.ROUTINE_FILL)  # still ritual


def test_routine_load_is_capped_and_fades() -> None:
    routine = morale.Routine()
    for week in range(1, 10):
        routine.add(week, 0.3, morale.ROUTINE_FILL, morale.ROUTINE_CAP)
    assert routine.load == morale.ROUTINE_CAP
    assert routine.at(9 + 6, 0.3) == 0.0  # fresh again some six weeks later


def test_detailed_reports_suit_only_an_interested_audience() -> None:
    for interest in (0.2, 0.4, 0.5):
        assert (stakeholders.report_bonus("detailed", interest)
                <= stakeholders.report_bonus("summary", interest))
    for interest in (0.6, 0.9):
        assert (stakeholders.report_bonus("detailed", interest)
                > stakeholders.report_bonus("summary", interest))


def test_cautious_reports_as_its_stakeholders_and_hours_allow() -> None:
    portal = Simulation(load_scenario("portal-launch"), 0).view()
    assert wants_detail(portal) and reporting_level(portal) == "detailed"
    office = Simulation(load_scenario("office-move"), 0).view()  # 14 PM hours a week
    assert wants_detail(office) and reporting_level(office) == "summary"


def test_cautious_recognises_for_work_done_and_holds_a_kick_off() -> None:
    sim = Simulation(load_scenario("portal-launch"), 0)
    view = sim.view()
    team = CautiousPolicy()._team(view)
    assert team == [d.TeamEvent()]  # the kick-off; nothing to recognise yet
