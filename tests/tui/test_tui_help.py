"""On the dashboard, ? explains first the view that is open (its columns and marks),
then the keys; a confirm dialog never leaves the "h" of the hours of attention left
alone on a line at 80 columns."""

from __future__ import annotations

from helpers_tui import press, run, settle, start_new_game
from textual.geometry import Region

from pmsim.tui import make_app
from pmsim.tui.dialogs.confirm import ConfirmDialog
from pmsim.tui.dialogs.help import HelpDialog


@run
async def test_help_begins_with_the_open_view() -> None:
    app = make_app(seed=7)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await start_new_game(pilot)
        for key, heading, mark in (("1", "1 Work", "█ ▓"), ("4", "4 Risks", "Expos."),
                                   ("6", "6 Feed", "► you")):
            await press(pilot, key)
            dialog = await press(pilot, "question_mark")
            assert isinstance(dialog, HelpDialog) and dialog.section is not None
            assert dialog.section[0] == f"This view: {heading}"
            assert mark in dict(dialog.section[1])
            assert ("e", "end the week (shows what is open and your attention left)") in (
                dialog.keys)  # the general keys stay, below
            await press(pilot, "escape")


@run
async def test_a_confirm_dialog_keeps_the_hours_together_at_80_columns() -> None:
    app = make_app(seed=7)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await start_new_game(pilot)
        app.push_screen(ConfirmDialog("Crash a task (buy days)", "Contractors take a day.",
                                      None, 19.0))
        await settle(pilot)
        keys = app.screen.query_one(".keys")
        lines = [strip.text.strip() for strip in keys.render_lines(
            Region(0, 0, keys.size.width, keys.size.height))]
        assert lines and "attention left: 19 h" in lines[0]
        assert not any(line == "h" or line.startswith("h ") for line in lines)
