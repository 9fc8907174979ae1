"""The debrief measures the player's decisions against the cautious bot's on the game's
own luck, in a worker thread, and shows the sentence under the dimensions."""

from __future__ import annotations

from pathlib import Path

from helpers_tui import run, wait_for, wait_until

from pmsim.tui import make_app
from pmsim.tui.screens.debrief import DebriefScreen

MINIMAL = str(Path(__file__).resolve().parents[1] / "data" / "minimal.toml")


@run
async def test_the_debrief_shows_what_the_decisions_were_worth() -> None:
    app = make_app(scenario=MINIMAL, seed=3, autoplay="passive", delay=0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for(pilot, DebriefScreen)
        assert isinstance(screen, DebriefScreen)
        await wait_until(pilot, lambda: screen.measured, what="the measured advice")
        assert screen.takeover.startswith("Played by the cautious bot from the start")
        shown = screen.query_one("#takeover-text").render()
        assert "Played by the cautious bot" in str(shown)
