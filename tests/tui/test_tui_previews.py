"""The confirm dialog of a decision that moves work shows the forecast before and after
it; one that does not (a meeting) shows none."""

from __future__ import annotations

from helpers_tui import press, run, settle, start_new_game, wait_until

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


@run
async def test_w_plays_the_decisions_futures_beside_the_futures_without_it() -> None:
    """At 80×24, `w` in a decision's confirm dialog plays its futures in a thread and
    shows both side by side; the game is untouched until the player confirms."""
    app = make_app(seed=7)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await start_new_game(pilot)
        screen = await press(pilot, "o", "down", "enter")  # 44-hour weeks
        assert isinstance(screen, ConfirmDialog)
        assert "w: what if" in _text(screen)
        before = app.session.actions
        await press(pilot, "w")
        await wait_until(pilot, lambda: "Expected:" in _text(screen)
                         and "Playing the futures" not in _text(screen), "the futures")
        shown = _text(screen)
        assert "futures from week 1" in shown and "without" in shown and "with it" in shown
        assert "Expected:" in shown
        assert app.session.actions == before
        await press(pilot, "escape")
        assert app.session.actions == before


def _text(screen: ConfirmDialog) -> str:
    from pmsim.tui.plain import Static

    return "\n".join(str(s.render()) for s in screen.query(Static))
