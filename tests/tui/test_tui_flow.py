"""A whole game played by key presses only, from the start screen to the debrief; the
debrief shows the engine's own score for the same seed and decisions."""

from __future__ import annotations

from helpers_tui import app_of, press, run, settle

from pmsim.gamelog import read_log, replay
from pmsim.tui import make_app
from pmsim.tui.dialogs.end_week import EndWeekDialog
from pmsim.tui.dialogs.request import RequestDialog
from pmsim.tui.screens.briefing import BriefingScreen
from pmsim.tui.screens.dashboard import DashboardScreen
from pmsim.tui.screens.debrief import DebriefScreen
from pmsim.tui.screens.start import StartScreen


@run
async def test_a_whole_game_by_keys_scores_as_the_engine_does() -> None:
    app = make_app(seed=7, team="Blue")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StartScreen)
        assert isinstance(await press(pilot, "enter"), BriefingScreen)
        assert isinstance(await press(pilot, "enter"), DashboardScreen)
        for _ in range(400):
            screen = app.screen
            if isinstance(screen, DebriefScreen):
                break
            if isinstance(screen, RequestDialog):
                await press(pilot, "1")
            elif isinstance(screen, EndWeekDialog):
                await press(pilot, "enter")
            else:
                await press(pilot, "e")
        screen = app.screen
        assert isinstance(screen, DebriefScreen)
        session = app_of(pilot).session
        assert session is not None and session.log_path is not None
        shown = screen.outcome.score
        log = read_log(session.log_path)
    assert log.result is not None and log.result["score"] == shown
    assert replay(log).outcome().score == shown
