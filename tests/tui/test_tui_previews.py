"""The confirm dialog of a decision that moves work shows the forecast before and after
it; one that does not (a meeting) shows none."""

from __future__ import annotations

from helpers_tui import press, run, settle, start_new_game

from pmsim.tui import make_app
from pmsim.tui.dialogs.confirm import ConfirmDialog


@run
async def test_overtime_shows_the_forecast_before_and_after() -> None:
    app = make_app(seed=7)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await start_new_game(pilot)
        screen = await press(pilot, "o", "down", "enter")  # 44-hour weeks
        assert isinstance(screen, ConfirmDialog)
        assert "Forecast: P50 week" in screen.preview and "→" in screen.preview
        await press(pilot, "escape")
        screen = await press(pilot, "t", "enter")  # meet the first stakeholder
        assert isinstance(screen, ConfirmDialog) and "Forecast" not in screen.preview
