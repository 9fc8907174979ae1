"""The cautious bot's judgement where held-back strategies beat it: idle people the
project could hand back help only the critical path; orphaned work is staffed before the
week is decided; a change that clearly pays is accepted when its own people can carry it
beside the critical path (deferred work nobody left can do stays out:
test_bot_staffing)."""

from __future__ import annotations

import dataclasses
import itertools

from pmsim import load_scenario
from pmsim.engine import decisions as d
from pmsim.engine.simulation import Simulation
from pmsim.engine.turn import DecisionRequest
from pmsim.engine.view import PlayerView
from pmsim.policies import CautiousPolicy
from pmsim.policies.change_plan import fits_beside, judge_change
from pmsim.policies.common import CRITICAL
from pmsim.policies.staffing_plan import idle_hands


def _gift_cards(value: float = 25000.0, budget: float = 8000.0) -> DecisionRequest:
    """Website-relaunch's gift-card change as the engine puts it (funded by the sponsor)."""
    return DecisionRequest(
        "change:cr-gift-cards:w3", "change_request", "Change request", "", (), "reject",
        source="cr-gift-cards",
        details={"scope": "gift-cards", "effort": 13.0, "cost": 6532.5, "value": value,
                 "budget_increase": budget, "deadline_extension_weeks": 0})


def _on_course(view: PlayerView, p80: int) -> PlayerView:
    return dataclasses.replace(view, forecast=dataclasses.replace(
        view.forecast, p80_week=p80, p_on_time=1.0))


def test_idle_people_who_could_go_help_only_the_critical_path() -> None:
    view = Simulation(load_scenario("portal-launch"), 0).view()
    busied = idle_hands(view, [])
    assert d.Assign("raj", "architecture") in busied  # off the path: paid either way
    everyone = {p.id for p in view.people}
    kept = idle_hands(view, [], everyone)
    assert d.Assign("raj", "architecture") not in kept
    assert all(view.task(x.task).criticality >= CRITICAL
               for x in kept if isinstance(x, d.Assign))


def test_orphaned_work_is_staffed_before_the_week_is_decided() -> None:
    """Work nobody is on makes the forecast late for no reason: the first look only
    staffs it, and the second look decides the week on the forecast with it staffed."""
    view = Simulation(load_scenario("portal-launch"), 0).view()
    orphaned = dataclasses.replace(view, tasks=tuple(
        dataclasses.replace(t, assignees=()) if t.id == "requirements" else t
        for t in view.tasks))
    bot = CautiousPolicy()
    first = bot.decide(orphaned)
    assert [x for x in first if not isinstance(x, d.SetReporting)] == [
        d.Assign("mia", "requirements")]
    again = bot.decide_again(view, 1)
    assert any(isinstance(x, d.SetOvertime) for x in again)  # the whole week's decisions
    assert not any(isinstance(x, d.SetOvertime) for x in bot.decide_again(view, 2))


def test_a_change_that_clearly_pays_is_accepted_beside_the_critical_path() -> None:
    """The gift cards need 1.3 weeks of two people and the P80 leaves one: Ken and Noah,
    off the critical path, carry them before the deadline, so they come in whole."""
    view = Simulation(load_scenario("website-relaunch"), 0).view()
    room = _on_course(view, view.deadline_week - 1)
    assert judge_change(room, _gift_cards(), lambda option: True) == "accept"
    # worth less than three times its net cost: the P80's room decides, as before
    assert judge_change(room, _gift_cards(value=1.8), lambda option: True) != "accept"
    late = _on_course(view, view.deadline_week + 1)
    # late, it is accepted only when the sponsor funds it (its budget covers its cost)
    assert judge_change(late, _gift_cards(), lambda option: True) == "accept"
    assert judge_change(late, _gift_cards(budget=0.0), lambda option: True) != "accept"
    # its people on the critical path: nobody carries it beside it
    busy = dataclasses.replace(room, tasks=tuple(
        dataclasses.replace(t, criticality=1.0, status="active", assignees=("ken", "noah"))
        if t.id == "catalogue" else t for t in room.tasks))
    assert not fits_beside(busy, "gift-cards", 0)
    assert not fits_beside(busy, "gift-cards", 0, funded=True)


def test_in_a_short_project_the_bot_meets_its_key_stakeholders_weekly_until_engaged() -> None:
    """In the five-week tutorial a fortnightly one-to-one left points on the table
    (meeting everyone weekly beat the bot on the mean), and meeting weekly throughout
    annoyed the stakeholders from week 4: the bot meets Karl weekly until he is as
    engaged as the project needs, then by the grid. In a long project the grid's
    cadence stands."""
    from pmsim.policies.base import play_game

    def meetings(scenario: str, person: str) -> list[int]:
        game = play_game(load_scenario(scenario), 0, CautiousPolicy())
        return [w for a, w in zip(game.actions, game.action_weeks, strict=True)
                if a.get("decision") == {"kind": "meet", "stakeholder": person}]

    karl = meetings("tutorial", "karl")
    assert karl[:2] == [1, 2]  # resistant at the start: weekly
    assert all(b - a >= 2 for a, b in itertools.pairwise(karl[1:]))  # supportive: the grid
    portal = meetings("portal-launch", "helen")
    assert len(portal) >= 3 and all(b - a >= 2 for a, b in itertools.pairwise(portal))
