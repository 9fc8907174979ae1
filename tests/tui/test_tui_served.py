"""Served to browsers (`pmsim serve`), a room's games share one data folder: the start
screen continues only a game started in this browser (its owner id, which `pmsim serve`
derives from the browser's cookie), never one found by the team name typed, and opens
no file named in a browser."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers_tui import notices, press, run, settle

from pmsim.session.game import GameSession
from pmsim.session.saves import SERVED_VARIABLE, belongs_to, claim, same_team, served
from pmsim.tui import make_app
from pmsim.tui.dialogs.ask import AskText
from pmsim.tui.dialogs.choose import ChooseDialog
from pmsim.tui.dialogs.help import HelpDialog
from pmsim.tui.dialogs.request import RequestDialog
from pmsim.tui.screens.briefing import BriefingScreen
from pmsim.tui.screens.continuing import find_saves
from pmsim.tui.screens.dashboard import DashboardScreen
from pmsim.tui.screens.start import StartScreen

RED_BROWSER, BLUE_BROWSER, NEW_BROWSER = "1" * 32, "2" * 32, "3" * 32


def save_unfinished(team: str, seed: int, age_seconds: float,
                    owner: str | None = None) -> Path:
    """An unfinished tutorial game of `team`, last played `age_seconds` ago, started in
    the browser `owner` (if any)."""
    session = GameSession.new("tutorial", seed, team)
    path = session.start_log()
    session.advance()
    session.close()
    if owner is not None:
        claim(path, owner)
    when = path.stat().st_mtime - age_seconds
    os.utime(path, (when, when))
    return path


def test_the_environment_says_whether_the_game_is_served(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SERVED_VARIABLE, raising=False)
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    assert not served() and not make_app().served
    monkeypatch.setenv(SERVED_VARIABLE, "1")
    assert served() and make_app().served and not make_app(served=False).served
    monkeypatch.setenv(SERVED_VARIABLE, "0")
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    assert not served()  # said explicitly: one player in a browser
    monkeypatch.delenv(SERVED_VARIABLE)
    assert served()  # any textual-serve setup counts as shared


def test_only_this_browsers_games() -> None:
    red = save_unfinished("Red", 1, age_seconds=60, owner=RED_BROWSER)
    blue = save_unfinished("Blue team", 2, age_seconds=0, owner=BLUE_BROWSER)
    unowned = save_unfinished("Green", 3, age_seconds=30)
    assert find_saves(False, None, None)[0].path == blue  # one's own computer: the last
    assert find_saves(True, RED_BROWSER, None)[0].path == red
    assert find_saves(True, NEW_BROWSER, None) == (None, None)
    assert find_saves(True, None, None) == (None, None)  # an unknown browser: nothing
    assert belongs_to(red, RED_BROWSER) and not belongs_to(red, BLUE_BROWSER)
    assert not belongs_to(unowned, None) and not belongs_to(unowned, RED_BROWSER)
    assert same_team("Blue team", "blue\tteam") and not same_team("Blue", "Blue team")


@run
async def test_typing_another_teams_name_continues_nothing() -> None:
    save_unfinished("Red", 1, age_seconds=0, owner=RED_BROWSER)
    app = make_app(seed=5, served=True, owner=NEW_BROWSER)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        start = app.screen
        assert isinstance(start, StartScreen) and start.saved is None
        assert "Playing in a browser" in str(start.query_one("#continue").render())
        await press(pilot, "c")  # nothing of this browser's to continue
        assert isinstance(app.screen, StartScreen) and app.session is None
        assert any("No unfinished game was started in this browser" in n
                   for n in notices(app))
        start.query_one("#team").value = "RED"  # Team Red's name, typed elsewhere
        screen = await press(pilot, "enter")
        assert isinstance(screen, BriefingScreen)  # a new game, not Red's
        assert app.session is not None and app.session.view().seed == 5
        assert not app.session.actions


@run
async def test_the_browser_that_started_a_game_continues_it() -> None:
    save_unfinished("Red", 1, age_seconds=60, owner=RED_BROWSER)
    save_unfinished("Blue", 2, age_seconds=0, owner=BLUE_BROWSER)  # the last game played
    app = make_app(seed=5, served=True, owner=RED_BROWSER)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        start = app.screen
        assert isinstance(start, StartScreen) and start.saved is not None
        assert start.saved.log.team == "Red"
        assert "Continue this browser's unfinished game" in str(
            start.query_one("#continue").render())
        screen = await press(pilot, "enter")  # play? this browser has a game waiting
        assert isinstance(screen, ChooseDialog) and "This browser" in screen.title_text
        screen = await press(pilot, "enter")  # continue it (the default) …
        assert isinstance(screen, RequestDialog)  # … where it stopped: Rosa's request
        assert isinstance(app.screen_stack[-2], DashboardScreen)
        assert app.session is not None and app.session.team == "Red"
        assert app.session.view().seed == 1


@run
async def test_a_served_browser_may_still_start_anew_and_its_game_is_its_own() -> None:
    save_unfinished("Red", 1, age_seconds=0, owner=RED_BROWSER)
    app = make_app(scenario="tutorial", seed=5, team="Red", served=True, owner=RED_BROWSER)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await press(pilot, "enter")
        assert isinstance(screen, ChooseDialog)
        screen = await press(pilot, "down", "enter")  # start a new game after all
        assert isinstance(screen, BriefingScreen)
        await press(pilot, "enter")  # begin: the game is saved as this browser's
        assert app.session is not None and app.session.log_path is not None
        assert belongs_to(app.session.log_path, RED_BROWSER)
        assert any("Saved for this browser" in n for n in notices(app))


@run
async def test_no_file_is_opened_from_a_browser() -> None:
    app = make_app(seed=5, served=True, owner=NEW_BROWSER)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert not any(b.binding.action == "open_file"
                       for b in app.active_bindings.values())
        screen = await press(pilot, "o")
        assert isinstance(screen, StartScreen)  # no "open a scenario file" question
        screen = await press(pilot, "question_mark")
        assert isinstance(screen, HelpDialog)
        assert not any("scenario file" in text for _, text in screen.keys)
    at_home = make_app(seed=5)
    async with at_home.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(await press(pilot, "o"), AskText)  # one's own computer: it may
