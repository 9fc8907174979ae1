"""Injects (issue 13): the scenario's catalogue of events a facilitator drops into every
game at the start of a week. Each kind does what it says, the log records it with its
week and the replay meets it in the same week (or fails), the scenario checks name what
each kind needs, and a game the hub told about one meets it at that week's start."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from pmsim.engine.decisions import DecisionError
from pmsim.engine.simulation import Simulation
from pmsim.policies.base import take_turn
from pmsim.policies.cautious import CautiousPolicy
from pmsim.scenario.builtin import list_builtin
from pmsim.scenario.load import parse_scenario_data
from pmsim.scenario.validate import check_meaning
from pmsim.session.game import GameSession

ROOT = Path(__file__).resolve().parents[1]


def portal_with(*injects: dict[str, Any]) -> Any:
    raw = tomllib.loads((ROOT / "scenarios" / "portal-launch.toml").read_text())
    raw["injects"] = list(injects)
    return parse_scenario_data(raw, "portal-launch.toml")


def week_start(sim: Simulation, week: int) -> None:
    bot = CautiousPolicy()
    while sim.week < week or sim.week_started:
        take_turn(sim, bot)


def test_every_built_in_offers_at_least_three_injects_that_validate() -> None:
    for scenario in list_builtin():
        sid = scenario.meta.id
        assert len(scenario.injects) >= 3, sid
        assert not check_meaning(scenario, sid), sid
        assert all(x.week is not None and x.week <= scenario.calendar.deadline_week
                   for x in scenario.injects), sid


def test_each_kind_does_what_it_says_and_the_replay_meets_it_in_the_same_week() -> None:
    scenario = portal_with(
        {"id": "cut", "kind": "budget_cut", "title": "Cut", "amount": 50000},
        {"id": "mia-goes", "kind": "person_leaves", "title": "Mia goes", "person": "mia"},
        {"id": "sooner", "kind": "deadline_forward", "title": "Sooner", "weeks": 2},
        {"id": "vendor", "kind": "risk_certain", "title": "Vendor", "risk": "billing-vendor"},
        {"id": "news", "kind": "message", "title": "News", "text": "Plain text [b]only[/b]"})
    sim = Simulation(scenario, 3)
    week_start(sim, 5)
    money = sim.ledger.money
    held = money.contingency_left + money.reserve_left
    deadline = sim.board.deadline_week
    for inject_id in ("cut", "mia-goes", "sooner", "vendor", "news"):
        sim.inject(inject_id)
    assert money.contingency_left + money.reserve_left == pytest.approx(held - 50000)
    assert sim.people["mia"].status == "leaving" and sim.people["mia"].leave_week == 5
    assert sim.board.deadline_week == deadline - 2
    assert sim.feed[-1].text.endswith("Plain text [b]only[/b]")
    week_start(sim, 6)
    assert 5 in sim.risks["billing-vendor"].fired_weeks or sim.risks["billing-vendor"].closed
    assert sim.people["mia"].status == "gone"
    assert sim.board.injected == dict.fromkeys(("cut", "mia-goes", "sooner", "vendor", "news"), 5)
    again = Simulation(scenario, 3)
    for action in sim.actions:
        again.perform(action)
    assert again.view() == sim.view()
    moved = [dict(a, week=4) if a.get("action") == "inject" else a for a in sim.actions]
    with pytest.raises(DecisionError, match="inject in week 4"):
        replica = Simulation(scenario, 3)
        for action in moved:
            replica.perform(action)


def test_an_inject_is_met_once_at_the_start_of_a_week() -> None:
    scenario = portal_with({"id": "news", "kind": "message", "title": "News"})
    sim = Simulation(scenario, 0)
    with pytest.raises(DecisionError, match="no inject 'nope'"):
        sim.inject("nope")
    sim.inject("news")
    with pytest.raises(DecisionError, match="already"):
        sim.inject("news")
    sim.advance()
    assert sim.week_started or sim.week == 2


def test_a_risk_already_closed_is_not_made_to_happen_again() -> None:
    scenario = portal_with({"id": "vendor", "kind": "risk_certain", "title": "Vendor",
                            "risk": "billing-vendor"})
    sim = Simulation(scenario, 3)
    sim.risks["billing-vendor"].closed = True
    sim.inject("vendor")
    assert "closed on your register" in sim.feed[-1].cause


def test_the_checks_name_what_each_kind_needs() -> None:
    from pmsim.scenario.problems import ScenarioError

    with pytest.raises(ScenarioError) as caught:
        portal_with(
            {"id": "a", "kind": "budget_cut", "title": "A"},
            {"id": "b", "kind": "person_leaves", "title": "B", "person": "miaa"},
            {"id": "c", "kind": "deadline_forward", "title": "C"},
            {"id": "d", "kind": "risk_certain", "title": "D", "risk": "nope"},
            {"id": "e", "kind": "change_request", "title": "E"},
            {"id": "cr-chat", "kind": "message", "title": "F"})
    text = str(caught.value)
    for expected in ("injects 'a': amount: a budget cut needs the money",
                     "injects 'b': person: names 'miaa'", "did you mean 'mia'",
                     "injects 'c': weeks: the deadline comes forward by at least one week",
                     "injects 'd': risk: names 'nope', which is not on the register",
                     "injects 'e': requested_by: a change request needs the stakeholder",
                     "injects 'cr-chat': id: is an event's id too"):
        assert expected in text


def test_a_session_meets_a_scheduled_inject_when_its_week_opens(tmp_path: Path) -> None:
    session = GameSession.new("portal-launch", 3)
    session.start_log(tmp_path / "game.jsonl")
    first = session.scenario.injects[0]
    session.schedule_inject(first.id, 2)
    session.schedule_inject("not-in-this-scenario", 2)
    assert not any(a.get("action") == "inject" for a in session.actions)  # week 2 to come
    while session.view().week < 2:
        report = session.advance()
        for request in report.pending:
            session.answer(request.id, request.default)
    assert any(a.get("action") == "inject" and a.get("inject") == first.id
               and a.get("week") == 2 for a in session.actions)
    assert "From the facilitator" in " ".join(e.text for e in session.view().feed)
    log = (tmp_path / "game.jsonl").read_text(encoding="utf-8")
    assert f'"inject": "{first.id}"' in log
