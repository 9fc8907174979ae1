"""Pickers that do not trap a player: a list's cursor stops at its ends (down from the
last item does not land on the first); a number key in a request moves to its option
without answering (the same keys switch the dashboard's views); a picker starts only
on a choice that fits the decision (never someone without the skill for an assignment,
never someone the critical path needs for a release)."""

from __future__ import annotations

import asyncio
import dataclasses

from helpers_tui import press, run
from textual.app import App, ComposeResult

from pmsim.engine import decisions as d
from pmsim.engine.simulation import Simulation
from pmsim.engine.turn import DecisionRequest, RequestOption
from pmsim.engine.view import PlayerView
from pmsim.scenario import load_scenario
from pmsim.session.game import look
from pmsim.tui import actions
from pmsim.tui.dialogs.choose import ChooseDialog
from pmsim.tui.dialogs.request import RequestDialog
from pmsim.tui.plain import OptionList


class ListApp(App[None]):
    """One list of three items, the middle one disabled."""

    def compose(self) -> ComposeResult:
        yield OptionList("first", "second", "third")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.disable_option_at_index(1)
        options.highlighted = 0
        options.focus()


@run
async def test_a_list_stops_at_its_ends_and_skips_what_is_disabled() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        options = app.query_one(OptionList)
        await press(pilot, "up")
        assert options.highlighted == 0  # not round to the last
        await press(pilot, "down")
        assert options.highlighted == 2  # the disabled one skipped
        await press(pilot, "down", "down")
        assert options.highlighted == 2  # not round to the first


REQUEST = DecisionRequest(
    id="change:test", kind="change_request", title="Add live chat", text="The sponsor asks.",
    options=(RequestOption("accept", "Accept", "More scope."),
             RequestOption("reject", "Reject", "Nothing changes.")),
    default="reject")


class RequestApp(App[None]):
    """Shows one request and keeps its answer."""

    answer: str | None = "unanswered"

    def on_mount(self) -> None:
        view = look(Simulation(load_scenario("tutorial"), 0))

        def keep(answer: str | None) -> None:
            self.answer = answer

        self.push_screen(RequestDialog(REQUEST, view), keep)


@run
async def test_a_number_key_only_moves_to_its_option_however_often_pressed() -> None:
    app = RequestApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await press(pilot)
        assert isinstance(screen, RequestDialog)
        options = screen.query_one(OptionList)
        assert options.highlighted == 1  # the default: option 2
        for key in ("2", "2", "1", "1", "9"):  # view keys, pressed twice for a view, or none
            assert isinstance(await press(pilot, key), RequestDialog)
        assert options.highlighted == 0 and app.answer == "unanswered"


@run
async def test_enter_answers_with_the_option_a_number_key_moved_to() -> None:
    app = RequestApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot)
        await press(pilot, "1", "enter")
        assert app.answer == "accept"


class Context:
    """An `ActionContext` that answers each list with the item it would start on."""

    def __init__(self, view: PlayerView, under: dict[str, str]) -> None:
        self.view = view
        self.under = under
        self.shown: list[ChooseDialog] = []

    async def ask(self, screen: ChooseDialog) -> str | None:
        self.shown.append(screen)
        return screen.initial

    def selected(self, kind: str) -> str | None:
        return self.under.get(kind)


def test_assign_never_starts_on_someone_without_the_skill() -> None:
    view = look(Simulation(load_scenario("portal-launch"), 0))
    task = next(t for t in view.tasks if t.status == "waiting" and any(
        p.skills.get(t.skill, 0.0) <= 0 for p in view.people))
    unable = next(p.id for p in view.people if p.skills.get(task.skill, 0.0) <= 0
                  and p.status == "active")
    ctx = Context(view, {"task": task.id, "person": unable})
    decision = asyncio.run(actions.assign(ctx))
    assert isinstance(decision, d.Assign) and decision.person != unable
    assert view.person(decision.person).skills.get(task.skill, 0.0) > 0
    able = next(p.id for p in view.people if p.skills.get(task.skill, 0.0) > 0
                and p.id not in task.assignees and p.status == "active")
    ctx = Context(view, {"task": task.id, "person": able})
    assert asyncio.run(actions.assign(ctx)) == d.Assign(able, task.id)  # the cursor's, if able


def test_release_never_starts_on_the_critical_path() -> None:
    start = look(Simulation(load_scenario("portal-launch"), 0))
    spare = start.people[-1].id  # in week 1 everyone waits on critical work: free one
    view = dataclasses.replace(start, tasks=tuple(
        dataclasses.replace(t, assignees=tuple(a for a in t.assignees if a != spare))
        for t in start.tasks))
    critical = [p.id for p in view.people if actions.on_critical_path(view, p.id)]
    assert critical and spare not in critical
    ctx = Context(view, {"person": critical[0]})
    decision = asyncio.run(actions.release(ctx))
    assert decision == d.Release(spare)
    assert "on the critical path" in str(dict(ctx.shown[0].items)[critical[0]])
    everyone = dataclasses.replace(view, tasks=tuple(
        dataclasses.replace(t, criticality=1.0, assignees=tuple(p.id for p in view.people))
        if t.status in ("waiting", "active") and i == 0 else t
        for i, t in enumerate(view.tasks)))
    ctx = Context(everyone, {"person": critical[0]})
    assert asyncio.run(actions.release(ctx)) is None  # nobody fits: nothing pre-selected
    assert ctx.shown[0].pick_first is False


def test_risk_responses_show_both_effects_side_by_side() -> None:
    mitigate = {"probability_factor": 0.5, "impact_factor": 1.0}
    assert actions.response_effects(0.4, mitigate, "mitigate") == (
        "probability 40% → 20% · impact unchanged")
    transfer = {"probability_factor": 1.0, "impact_factor": 0.2}
    assert actions.response_effects(0.4, transfer, "transfer") == (
        "probability unchanged · cost impact × 0.2")
