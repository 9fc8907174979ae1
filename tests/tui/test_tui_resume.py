"""Quitting (or a killed terminal) mid-game and continuing brings back the same game:
same week, same figures, same request waiting in its dialog."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers_tui import app_of, next_keys, press, run, settle, start_new_game, wait_for

from pmsim.tui import make_app
from pmsim.tui.dialogs.request import RequestDialog
from pmsim.tui.screens.dashboard import DashboardScreen
from pmsim.tui.screens.start import StartScreen


def snapshot_of(app) -> dict:  # type: ignore[no-untyped-def]
    """What the player sees that must survive a restart."""
    session = app.session
    view = session.view()
    return {
        "week": view.week, "day": view.day, "cost": view.money.actual_cost,
        "eac": view.money.eac, "morale": view.morale, "attention": view.attention_left,
        "pending": [r.id for r in view.pending], "p50": view.forecast.p50_week,
        "progress": [t.progress for t in view.tasks], "feed": len(view.feed),
        "actions": list(session.actions),
    }


async def play_until_request(pilot) -> RequestDialog:  # type: ignore[no-untyped-def]
    """From the start screen, take two decisions and end weeks until a request comes."""
    await start_new_game(pilot)  # start screen → briefing → dashboard
    assert isinstance(pilot.app.screen, DashboardScreen)
    await press(pilot, "p")  # status reporting …
    await press(pilot, "down", "enter")  # … detailed
    await press(pilot, "enter")  # confirm after the preview
    await press(pilot, "o", "down", "enter", "y")  # 44-hour weeks
    for _ in range(40):
        screen = pilot.app.screen
        if isinstance(screen, RequestDialog):
            return screen
        await press(pilot, *next_keys(screen))
    raise AssertionError("no request came")


@run
async def test_quit_with_a_dialog_open_then_resume(data_dir: Path) -> None:
    app = make_app(seed=7)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = await play_until_request(pilot)
        before = snapshot_of(app)
        request_id = dialog.request.id
        log_path = app_of(pilot).session.log_path
        killed = data_dir / "killed.jsonl"  # the log as a killed terminal would leave it
        shutil.copy(log_path, killed)
        await pilot.press("ctrl+q")
    assert before["actions"][-1] == {"action": "advance"}
    assert {"kind": "reporting", "level": "detailed"} in [
        a.get("decision") for a in before["actions"]]

    for path in (log_path, killed):
        again = make_app(resume=path)
        async with again.run_test(size=(80, 24)) as pilot:
            screen = await wait_for(pilot, RequestDialog)
            assert screen.request.id == request_id
            assert snapshot_of(again) == before
            await press(pilot, "escape")  # look at the dashboard first: the request waits
            assert isinstance(again.screen, DashboardScreen)
            assert [r.id for r in again.session.view().pending] == [request_id]
            assert isinstance(await press(pilot, "e"), RequestDialog)  # e brings it back


@run
async def test_continue_from_the_start_screen() -> None:
    app = make_app(seed=7)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await play_until_request(pilot)
        before = snapshot_of(app)
        await pilot.press("ctrl+q")

    again = make_app(seed=99)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        start = again.screen
        assert isinstance(start, StartScreen) and start.saved is not None
        screen = await press(pilot, "c")
        assert isinstance(screen, RequestDialog)
        assert snapshot_of(again) == before
        assert isinstance(await press(pilot, "1"), RequestDialog)  # 1 only moves to it …
        await press(pilot, "enter")  # … and enter answers it; the week goes on
        assert isinstance(again.screen, DashboardScreen)
        assert not again.session.view().pending


@run
async def test_a_finished_game_is_not_offered_again() -> None:
    app = make_app(autoplay="passive", seed=5, delay=0)
    async with app.run_test(size=(80, 24)) as pilot:
        from pmsim.tui.screens.debrief import DebriefScreen

        await wait_for(pilot, DebriefScreen)
    again = make_app(seed=5)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, StartScreen) and again.screen.saved is None
