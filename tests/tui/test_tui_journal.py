"""The end-of-week dialog's "Decided this week": every kind of decision the engine takes
is listed (risk responses, meetings, scope and board decisions too, not only those the
engine files as the player's), answers to requests as well, and a continued game lists
the same as before it was closed."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_tui import press, run, settle, start_new_game

from pmsim.engine import decisions as d
from pmsim.engine.decisions import DECISION_TYPES, DecisionError
from pmsim.engine.rules import all_rules
from pmsim.engine.view import PlayerView
from pmsim.session.game import GameSession
from pmsim.session.journal import describe
from pmsim.tui import make_app
from pmsim.tui.dialogs.end_week import EndWeekDialog
from pmsim.tui.screens.dashboard import DashboardScreen

SCENARIO, SEED = "portal-launch", 7


def one_of_each(view: PlayerView) -> dict[str, list[d.Decision]]:
    """For each decision kind, the decisions to take (the last one is the kind's; the
    ones before prepare it), chosen from the game's opening state."""
    person = view.people[0]
    skill = next(iter(person.skills))
    task = next(t for t in view.tasks if t.status in ("waiting", "active")
                and t.skill in person.skills and person.id not in t.assignees
                and len(t.assignees) < t.max_staff)
    staffed = next(t for t in view.tasks if t.assignees)
    crashable = next(t for t in view.tasks if t.can_crash_days > 0)
    follower = next(t for t in view.tasks if t.status == "waiting" and t.predecessors)
    could = next(s for s in view.scope if s.priority == "could")
    must = next(s for s in view.scope if s.priority == "must")
    risk = next(r for r in view.risks if r.responses)
    listed: dict[str, list[d.Decision]] = {
        "overtime": [d.SetOvertime(1.1)],
        "assign": [d.Assign(person.id, task.id)],
        "unassign": [d.Unassign(staffed.assignees[0], staffed.id)],
        "hire": [d.Hire(view.candidates[0].id)],
        "release": [d.Release(person.id)],
        "crash": [d.Crash(crashable.id, 1.0)],
        "fast_track": [d.FastTrack(follower.id)],
        "cut": [d.CutScope(could.id)],
        "defer": [d.DeferScope(could.id)],
        "restore": [d.DeferScope(could.id), d.RestoreScope(could.id)],
        "risk_response": [d.RespondToRisk(risk.id, next(iter(risk.responses)))],
        "draw_contingency": [d.DrawContingency(100.0)],
        "request_reserve": [d.RequestReserve(100.0)],
        "meet": [d.MeetStakeholder(view.stakeholders[0].id)],
        "reporting": [d.SetReporting("detailed")],
        "steering": [d.SteeringCommittee()],
        "negotiate_deadline": [d.NegotiateDeadline(1)],
        "negotiate_scope": [d.NegotiateScope(must.id)],
        "recognition": [d.Recognise()],
        "team_event": [d.TeamEvent()],
        "training": [d.Train(person.id, skill)],
        "raise_exception": [d.RaiseException()],
        "recommend_closure": [d.RecommendClosure()],
    }
    # a kind added later is taken as its rule offers it (see DecisionRule.candidates)
    for rule in all_rules():
        if rule.kind not in listed and rule.candidates(view):
            listed[rule.kind] = rule.candidates(view)[:1]
    return listed


def test_every_decision_kind_has_a_description() -> None:
    assert {rule.kind for rule in all_rules()} == set(DECISION_TYPES)
    session = GameSession.new(SCENARIO, SEED)
    for kind, steps in one_of_each(session.view()).items():
        text = describe(steps[-1], session.scenario)
        assert text.endswith(".") and "_" not in text, kind
    assert "Billing" in describe(d.RespondToRisk("billing-vendor", "mitigate"),
                                 session.scenario)


def test_every_decision_kind_taken_is_decided_this_week(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import pmsim.engine.reserve_draws
    import pmsim.engine.tolerances

    # a forecast breach, so that an exception can be raised in week 1
    monkeypatch.setattr(pmsim.engine.tolerances, "breaches",
                        lambda sim: {"time": "the P80 finish is past the tolerance"})
    # and something for contingency to cover (a threat that fired, say)
    monkeypatch.setattr(pmsim.engine.reserve_draws, "contingency_cover", lambda sim: 1000.0)
    kinds = one_of_each(GameSession.new(SCENARIO, SEED).view())
    assert set(kinds) == set(DECISION_TYPES)
    for kind, steps in kinds.items():
        session = GameSession.new(SCENARIO, SEED)
        for step in steps:
            try:
                session.apply(step)
            except DecisionError as exc:
                raise AssertionError(f"{kind}: {step} refused ({exc})") from None
        decided = session.decided_this_week()
        assert len(decided) == len(steps), (kind, decided)
        assert all(decided), kind
    # each in the engine's own words when it left any, e.g. what a response did
    session = GameSession.new(SCENARIO, SEED)
    session.apply(d.RespondToRisk("billing-vendor", "mitigate"))
    assert "mitigate" in session.decided_this_week()[0]
    assert session.decided_this_week()[0] != describe(
        d.RespondToRisk("billing-vendor", "mitigate"), session.scenario)


def test_a_refused_decision_is_not_listed_and_answers_are() -> None:
    session = GameSession.new("tutorial", 3)
    with pytest.raises(DecisionError):
        session.apply(d.Assign("jess", "stall-build"))  # already on it
    assert session.decided_this_week() == []
    session.advance()  # week 1 ends; the change request of week 2 is waiting
    request = session.view().pending[0]
    session.answer(request.id, "reject")
    assert session.view().week == 2
    assert session.decided_this_week() == ["Change 'Add a vegan range for opening day' "
                                           "rejected."]


def test_a_continued_game_lists_the_same(tmp_path: Path) -> None:
    session = GameSession.new("tutorial", 3)
    path = session.start_log(tmp_path / "game.jsonl")
    session.apply(d.RespondToRisk("timber-late", "mitigate"))
    session.advance()
    session.answer(session.view().pending[0].id, "defer")
    session.apply(d.MeetStakeholder("karl"))
    before = (session.decided_this_week(), list(session.journal))
    assert len(before[0]) == 2
    session.close()
    again = GameSession.resume(path)
    assert (again.decided_this_week(), list(again.journal)) == before
    assert again.actions == session.actions


@run
async def test_the_end_week_dialog_lists_a_risk_response() -> None:
    app = make_app(scenario="tutorial", seed=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(await start_new_game(pilot), DashboardScreen)
        await press(pilot, "4", "k")  # the risk register, respond …
        await press(pilot, "enter", "enter")  # … to the timber risk: mitigate
        assert isinstance(await press(pilot, "enter"), DashboardScreen)  # confirmed
        screen = await press(pilot, "e")
        assert isinstance(screen, EndWeekDialog)
        assert len(screen.decided) == 1
        assert screen.decided[0].startswith("Risk 'Timber delivery is late': mitigate")
