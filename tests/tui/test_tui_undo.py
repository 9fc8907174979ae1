"""Undo at the keyboard: ctrl+z (or U) takes back this week's last decision, and the
game and its saved log are exactly as before it; once the week has gone on there is
nothing to undo, and the player is told so."""

from __future__ import annotations

from helpers_tui import app_of, press, run, settle, start_new_game

from pmsim.gamelog import read_log
from pmsim.tui import make_app
from pmsim.tui.screens.dashboard import DashboardScreen
from pmsim.tui.widgets.figures import KeyFigures


@run
async def test_ctrl_z_takes_back_the_last_decision_exactly() -> None:
    app = make_app(seed=7)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(await start_new_game(pilot), DashboardScreen)
        session = app_of(pilot).session
        assert session is not None and session.log_path is not None
        before, log = session.view(), session.log_path.read_bytes()
        await press(pilot, "o", "down", "enter", "y")  # 44-hour weeks
        assert session.actions and session.view() != before
        await press(pilot, "ctrl+z")
        assert session.view() == before and session.log_path.read_bytes() == log
        # said on the alert line, where it covers nothing (a toast covered the table)
        figures = pilot.app.screen.query_one(KeyFigures)
        assert figures.note.startswith("↶ Undone: Working hours set to 44 h a week")
        assert not any("Undone" in n.message for n in app._notifications)
        assert not read_log(session.log_path).actions
        await press(pilot, "U")  # nothing left to undo: a notice, nothing changes
        assert session.view() == before and figures.note == ""
        assert any("nothing to undo" in n.message for n in app._notifications)
        await press(pilot, "o", "down", "enter", "y")  # the game moves on: the note goes
        assert figures.note == ""
