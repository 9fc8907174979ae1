"""A whole game played by key presses only, from the start screen to the debrief; the
debrief shows the engine's own score for the same seed and decisions."""

from __future__ import annotations

from pathlib import Path

from helpers_tui import app_of, next_keys, press, run, settle

from pmsim.gamelog import read_log, replay
from pmsim.scenario import builtin_paths, load_scenario
from pmsim.tui import make_app
from pmsim.tui.dialogs.ask import AskText
from pmsim.tui.dialogs.tips import TipsDialog
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
        assert isinstance(await press(pilot, "enter"), TipsDialog)  # the opening hint
        assert isinstance(await press(pilot, "enter"), DashboardScreen)
        for _ in range(400):
            screen = app.screen
            if isinstance(screen, DebriefScreen):
                break
            await press(pilot, *next_keys(screen))
        screen = app.screen
        assert isinstance(screen, DebriefScreen)
        session = app_of(pilot).session
        assert session is not None and session.log_path is not None
        shown = screen.outcome.score
        log = read_log(session.log_path)
    assert log.result is not None and log.result["score"] == shown
    assert replay(log).outcome().score == shown


MINIMAL = Path(__file__).resolve().parents[1] / "data" / "minimal.toml"


@run
async def test_a_scenario_file_from_the_command_line_or_the_open_key() -> None:
    app = make_app(scenario=str(MINIMAL), seed=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        start = app.screen
        assert isinstance(start, StartScreen) and start.refs[0] == str(MINIMAL)
        screen = await press(pilot, "enter")
        assert isinstance(screen, BriefingScreen)
        assert screen.scenario.meta.id == load_scenario(MINIMAL).meta.id

    app = make_app(seed=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(await press(pilot, "o"), AskText)
        await pilot.press(*str(MINIMAL))
        screen = await press(pilot, "enter")
        assert isinstance(screen, StartScreen) and str(MINIMAL) in screen.refs
        listed = list(screen.refs)
        await press(pilot, "o")
        await pilot.press(*"/no/such/file.toml")
        await press(pilot, "enter")  # refused with a notification; the list is unchanged
        assert isinstance(app.screen, StartScreen)
        assert app.screen.refs == listed and len(listed) <= len(builtin_paths()) + 1
