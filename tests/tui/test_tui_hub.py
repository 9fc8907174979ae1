"""A game joined to a live workshop hub (`pmsim play --join`): it streams to the hub as
it is played, the facilitator's pause holds it and resume frees it, a broadcast shows as
plain text, and the finished game is on the hub's board, verified, with the debrief's
score. The hub runs on 127.0.0.1 in the test's own event loop."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

from aiohttp.test_utils import TestServer
from helpers_tui import (
    dismiss_tips,
    next_keys,
    notices,
    play_to_the_end,
    run,
    start_new_game,
    wait_until,
)
from textual.pilot import Pilot

from pmsim.hub.live import Hub, inject_catalogue
from pmsim.hub.protocol import Command
from pmsim.hub.server import make_app as make_hub
from pmsim.hub.state import HubState
from pmsim.parallel import prepare_processes
from pmsim.results import create_workshop
from pmsim.scenario import load_scenario
from pmsim.tui import make_app
from pmsim.tui.app import PmsimApp
from pmsim.tui.dialogs.paused import PausedDialog
from pmsim.tui.screens.dashboard import DashboardScreen
from pmsim.tui.widgets.figures import KeyFigures

JOIN, CONSOLE = "join-token-for-tests", "console-token-for-tests"


def hub_and_game(tmp_path: Path) -> tuple[Hub, Callable[[TestServer], PmsimApp]]:
    """A hub over a tutorial workshop, and the game of team Red that joins it."""
    db = tmp_path / "hub.sqlite"
    code = create_workshop(db, "tutorial", seed=5).code
    hub = Hub(HubState(code, tmp_path / "hub", db), join_token=JOIN, console_token=CONSOLE)

    def game(server: TestServer) -> PmsimApp:
        return make_app(scenario="tutorial", seed=5, team="Red", workshop=code,
                        db=tmp_path / "own.sqlite",
                        join=str(server.make_url(f"/join/{JOIN}")))
    return hub, game


async def joined(pilot: Pilot, hub: Hub) -> None:  # type: ignore[type-arg]
    """Start the game and wait until the hub has it."""
    assert isinstance(await start_new_game(pilot), DashboardScreen)
    await wait_until(pilot, lambda: "Red" in hub.state.teams
                     and hub.state.teams["Red"].connected > 0, "the game to join")


@run
async def test_a_joined_game_streams_pauses_and_is_recorded_by_the_hub(tmp_path: Path) -> None:
    prepare_processes()  # the hub's replay worker starts while the app runs, as in `play`
    hub, game = hub_and_game(tmp_path)
    async with TestServer(make_hub(hub), host="127.0.0.1") as server:
        app = game(server)
        async with app.run_test(size=(80, 24)) as pilot:
            await joined(pilot, hub)
            await hub.broadcast(Command(type="pause"))
            await wait_until(pilot, lambda: isinstance(app.screen, PausedDialog), "the pause")
            await pilot.press("escape", "e")  # a paused game does not move
            assert isinstance(app.screen, PausedDialog) and app.session.view().week == 1  # type: ignore[union-attr]
            await hub.broadcast(Command(type="resume"))
            await wait_until(pilot, lambda: not isinstance(app.screen, PausedDialog), "resume")
            await hub.broadcast(Command(type="message", text="[b]Coffee[/b] at 11"))
            await wait_until(pilot, lambda: any("[b]Coffee[/b] at 11" in n
                                                for n in notices(app)), "the message")
            await dismiss_tips(pilot)
            hub.catalogue, hub.last_week = inject_catalogue(load_scenario("tutorial")), 7
            await wait_until(pilot, lambda: hub.earliest_inject_week() == 2, "week 1 known")
            press = hub.schedule_inject("press", 2)  # the facilitator's inject
            await hub.broadcast(press)
            await wait_until(pilot, lambda: any("it comes in week 2" in n
                                                for n in notices(app)), "the inject's notice")
            hub.round_ends = time.monotonic() + 125  # the facilitator's round clock
            await hub.broadcast(Command(type="clock", seconds=hub.clock_left()))
            figures = app.screen.query_one(KeyFigures)
            await wait_until(pilot, lambda: re.search(r"⏱ [0-2]:\d\d left",
                                                      str(figures.render())) is not None,
                             "the clock on screen")
            await hub.broadcast(Command(type="clock", seconds=0))  # stopped
            await wait_until(pilot, lambda: "⏱" not in str(figures.render()), "no clock")
            assert "team Red" in figures.base_label
            debrief = await play_to_the_end(pilot)
            team = hub.state.teams["Red"]
            await wait_until(pilot, lambda: team.recorded is not None or team.problem,
                             "the hub to record the game")
            assert team.problem is None and team.finished  # the inject was met in week 2
            assert team.score == debrief.outcome.score  # type: ignore[attr-defined]
            assert {"action": "inject", "inject": "press", "week": 2} in \
                app.session.actions  # type: ignore[union-attr]
            assert team.week >= 1 and team.p_on_time is not None


@run
async def test_a_joined_game_continued_later_rejoins_as_its_team(tmp_path: Path) -> None:
    hub, game = hub_and_game(tmp_path)
    async with TestServer(make_hub(hub), host="127.0.0.1") as server:
        app = game(server)
        async with app.run_test(size=(80, 24)) as pilot:
            await joined(pilot, hub)
            path = app.session.log_path  # type: ignore[union-attr]
        assert path is not None
        team = hub.state.teams["Red"]
        again = make_app(resume=path, db=tmp_path / "own.sqlite")
        async with again.run_test(size=(80, 24)) as pilot:
            await wait_until(pilot, lambda: team.connected > 0, "the rejoin")
            assert list(hub.state.teams) == ["Red"] and again.hub is not None
            assert again.hub.link.problem is None


@run
async def test_in_lockstep_a_game_waits_for_the_round_and_ends_its_week_at_the_clock(
        tmp_path: Path) -> None:
    hub, game = hub_and_game(tmp_path)
    async with TestServer(make_hub(hub), host="127.0.0.1") as server:
        app = game(server)
        async with app.run_test(size=(80, 24)) as pilot:
            await joined(pilot, hub)
            await dismiss_tips(pilot)
            session = app.session
            assert session is not None
            await hub.broadcast(Command(type="round", week=1, seconds=300))
            await wait_until(pilot, lambda: app.hub is not None and app.hub.round_week == 1,
                             "round 1")
            while session.view().week == 1:  # the player ends week 1 (answering requests)
                await pilot.press(*next_keys(app.screen))
            while not isinstance(app.screen, DashboardScreen):  # week 2's news, requests
                await pilot.press(*next_keys(app.screen))
            await pilot.press("e")  # week 2 is not in this round: the game waits
            await wait_until(pilot, lambda: any("Lockstep" in n and "week 2 opens" in n
                                                for n in notices(app)), "the wait")
            assert session.view().week == 2 and not session.view().week_started
            await hub.broadcast(Command(type="round", week=2, seconds=300))
            await hub.broadcast(Command(type="round_end", week=2))  # its time runs out
            await wait_until(pilot, lambda: session.view().week == 3 or session.finished,
                             "week 2 ended as left")
            await wait_until(pilot, lambda: any("Time is up: week 2" in n
                                                for n in notices(app)), "the notice")


@run
async def test_a_game_joining_without_a_team_asks_for_one_on_the_start_screen(
        tmp_path: Path) -> None:
    """As `pmsim serve -- --join LINK` starts each browser's game: the player names the
    team on the start screen, and the game joins the hub as that team."""
    from textual.widgets import Input

    hub, _ = hub_and_game(tmp_path)
    async with TestServer(make_hub(hub), host="127.0.0.1") as server:
        app = make_app(scenario="tutorial", seed=5, team="", workshop=hub.state.code,
                       db=tmp_path / "own.sqlite", join=str(server.make_url(f"/join/{JOIN}")))
        async with app.run_test(size=(80, 24)) as pilot:
            app.screen.query_one("#team", Input).value = "Green"
            assert isinstance(await start_new_game(pilot), DashboardScreen)
            await wait_until(pilot, lambda: "Green" in hub.state.teams
                             and hub.state.teams["Green"].connected > 0, "the join")
