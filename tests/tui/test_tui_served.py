"""Served to browsers (`pmsim serve`), a room's games share one data folder: the start
screen continues only the game of the team name typed on it, never simply the last one
(which would be another participant's)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers_tui import notices, press, run, settle

from pmsim.tui import make_app
from pmsim.tui.dialogs.choose import ChooseDialog
from pmsim.tui.dialogs.request import RequestDialog
from pmsim.tui.game import GameSession
from pmsim.tui.saves import (
    SERVED_VARIABLE,
    last_unfinished,
    same_team,
    served,
    unfinished_games,
)
from pmsim.tui.screens.dashboard import DashboardScreen
from pmsim.tui.screens.start import StartScreen


def save_unfinished(team: str, seed: int, age_seconds: float) -> Path:
    """An unfinished tutorial game of `team`, last played `age_seconds` ago."""
    session = GameSession.new("tutorial", seed, team)
    path = session.start_log()
    session.advance()
    session.close()
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


def test_only_the_teams_own_games(monkeypatch: pytest.MonkeyPatch) -> None:
    red = save_unfinished("Red", 1, age_seconds=60)
    blue = save_unfinished("Blue team", 2, age_seconds=0)
    assert last_unfinished().path == blue
    assert [g.path for g in unfinished_games("red")] == [red]
    assert last_unfinished(" blue  TEAM ").path == blue
    assert last_unfinished("Green") is None
    assert same_team("Blue team", "blue\tteam") and not same_team("Blue", "Blue team")


@run
async def test_a_served_start_screen_continues_only_the_typed_teams_game() -> None:
    save_unfinished("Red", 1, age_seconds=60)
    save_unfinished("Blue", 2, age_seconds=0)  # the last game played: another team's
    app = make_app(seed=5, served=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        start = app.screen
        assert isinstance(start, StartScreen) and start.saved is None
        assert "type that name above" in str(start.query_one("#continue").render())
        await press(pilot, "c")  # no name yet: nothing is continued
        assert isinstance(app.screen, StartScreen) and app.session is None
        assert any("Team name needed" in n for n in notices(app))
        assert app.focused is start.query_one("#team")  # c led to the team name
        await press(pilot, *"red")  # as a returning player types it
        assert start.saved is None or start.saved.log.team == "Red"
        screen = await press(pilot, "enter")  # play? this team has a game waiting
        assert isinstance(screen, ChooseDialog) and "Team Red" in screen.title_text
        screen = await press(pilot, "enter")  # continue it (the default) …
        assert isinstance(screen, RequestDialog)  # … where it stopped: Rosa's request
        assert isinstance(app.screen_stack[-2], DashboardScreen)
        assert app.session is not None and app.session.team == "Red"
        assert app.session.sim.seed == 1


@run
async def test_a_served_team_may_still_start_anew() -> None:
    save_unfinished("Red", 1, age_seconds=0)
    app = make_app(scenario="tutorial", seed=5, team="Green", served=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "No unfinished game of team Green" in str(
            app.screen.query_one("#continue").render())
        await press(pilot, "c")
        assert isinstance(app.screen, StartScreen) and app.session is None
        app.screen.query_one("#team").value = "RED"
        await press(pilot, "enter")
        screen = await press(pilot, "down", "enter")  # start a new game after all
        assert not isinstance(screen, ChooseDialog)
        assert app.session is not None and app.session.sim.seed == 5
        assert app.session.team == "RED" and not app.session.sim.actions
