"""Every decision of the engine is reachable from the keyboard, shows its preview before
it is taken, and a refused one is explained rather than crashing the game."""

from __future__ import annotations

from helpers_tui import press, run, settle, start_new_game

from pmsim.engine.decisions import DECISION_TYPES
from pmsim.tui import make_app
from pmsim.tui.actions import ACTIONS
from pmsim.tui.dialogs.actions_menu import ActionsMenu
from pmsim.tui.dialogs.ask import AskNumber
from pmsim.tui.dialogs.choose import ChooseDialog
from pmsim.tui.dialogs.confirm import ConfirmDialog
from pmsim.tui.dialogs.help import HelpDialog
from pmsim.tui.screens.briefing import BriefingScreen
from pmsim.tui.screens.dashboard import DashboardScreen

DIALOGS = (ChooseDialog, AskNumber, ConfirmDialog)


def test_every_decision_type_has_a_key() -> None:
    assert all(len(action.key) == 1 for action in ACTIONS)
    assert len({action.key for action in ACTIONS}) == len(ACTIONS)
    assert {action.decision for action in ACTIONS} == set(DECISION_TYPES.values())


async def _dashboard(pilot) -> DashboardScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    screen = await start_new_game(pilot)
    assert isinstance(screen, DashboardScreen)
    return screen


@run
async def test_each_action_key_opens_its_questions_and_back_out() -> None:
    app = make_app(seed=7)
    async with app.run_test(size=(80, 24)) as pilot:
        await _dashboard(pilot)
        actions_before = app.session.actions
        for action in ACTIONS:
            screen = await press(pilot, action.key)
            assert isinstance(screen, DIALOGS), action.name
            while isinstance(app.screen, DIALOGS):
                await press(pilot, "escape")
            assert isinstance(app.screen, DashboardScreen), action.name
        assert app.session.actions == actions_before  # going back changes nothing


@run
async def test_a_decision_through_the_menu_with_its_preview() -> None:
    app = make_app(seed=7)
    async with app.run_test(size=(80, 24)) as pilot:
        await _dashboard(pilot)
        assert isinstance(await press(pilot, "a"), ActionsMenu)
        screen = await press(pilot, "t")  # meet a stakeholder
        assert isinstance(screen, ChooseDialog)
        screen = await press(pilot, "enter")
        assert isinstance(screen, ConfirmDialog)
        assert "learns the true state" in screen.preview and screen.refusal is None
        left = app.session.view().attention_left
        await press(pilot, "enter")
        assert isinstance(app.screen, DashboardScreen)
        assert app.session.view().attention_left == left - 2
        assert app.session.actions[-1]["decision"]["kind"] == "meet"


@run
async def test_a_refused_decision_is_explained_and_cannot_be_confirmed() -> None:
    app = make_app(seed=7)
    async with app.run_test(size=(80, 24)) as pilot:
        await _dashboard(pilot)
        await press(pilot, "s")  # assign: the first task (requirements, needs analysis) …
        await press(pilot, "enter")
        await press(pilot, "end")  # … to the last person listed, who has no such skill
        screen = await press(pilot, "enter")
        assert isinstance(screen, ConfirmDialog)
        assert screen.refusal and "skill" in screen.refusal
        await press(pilot, "enter")  # refused: nothing happens
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "escape")
        assert not app.session.actions


@run
async def test_help_on_every_screen() -> None:
    app = make_app(seed=7)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        keys = ("question_mark", "enter", "question_mark", "enter", "enter", "question_mark",
                "B", "question_mark")
        # start, briefing, (the opening tip) dashboard, the briefing again from the dashboard
        for key in keys:
            await press(pilot, key)
            if key == "question_mark":
                assert isinstance(app.screen, HelpDialog)
                await press(pilot, "escape")
        assert isinstance(app.screen, BriefingScreen) and app.screen.review
        assert isinstance(await press(pilot, "enter"), DashboardScreen)
