"""`pmsim console`: the facilitator sees every team's row from the hub (a team name with
markup shows as written), pauses and resumes every game, and broadcasts a message."""

from __future__ import annotations

import re
from pathlib import Path

from aiohttp.test_utils import TestServer
from helpers_tui import run, wait_until

from pmsim.hub.live import Hub
from pmsim.hub.server import make_app
from pmsim.hub.state import HubState
from pmsim.tui.console import ConsoleApp
from pmsim.tui.dialogs.ask import AskNumber, AskText
from pmsim.tui.dialogs.confirm import ConfirmDialog
from pmsim.tui.plain import DataTable

CONSOLE = "console-token-for-tests"


@run
async def test_the_console_shows_the_teams_and_steers_the_room(tmp_path: Path) -> None:
    hub = Hub(HubState("ABCDEFGHJK", tmp_path / "hub", tmp_path / "x.sqlite"),
              join_token="join-token-for-tests", console_token=CONSOLE)
    team, _ = hub.state.join("[red]Blue[/red] team", None)
    team.week, team.spi_t, team.p_on_time = 3, 0.91, 0.4
    sent: list[str] = []
    original = hub.broadcast

    async def spy(command):  # type: ignore[no-untyped-def]
        sent.append(command.text)
        return await original(command)

    hub.broadcast = spy  # type: ignore[method-assign]
    async with TestServer(make_app(hub), host="127.0.0.1") as server:
        app = ConsoleApp(str(server.make_url(f"/api/status?token={CONSOLE}")))
        async with app.run_test(size=(80, 24)) as pilot:
            table = app.query_one(DataTable)
            await wait_until(pilot, lambda: table.row_count == 1, "the team's row")
            cells = [str(c) for c in table.get_row_at(0)]
            assert cells[:4] == ["[red]Blue[/red] team", "3", "0.91", "—"]
            assert cells[4] == "40%"
            await pilot.press("p")
            await wait_until(pilot, lambda: hub.paused, "the pause")
            await pilot.press("r")
            await wait_until(pilot, lambda: not hub.paused, "the resume")
            await pilot.press("m")
            await wait_until(pilot, lambda: isinstance(app.screen, AskText), "the message box")
            await pilot.press(*"Lunch", "enter")
            await wait_until(pilot, lambda: "Lunch" in sent, "the broadcast")
            await pilot.press("c")
            await wait_until(pilot, lambda: isinstance(app.screen, AskNumber), "the clock box")
            await pilot.press("ctrl+a", "ctrl+k", "4", "enter")  # four minutes
            await wait_until(pilot, lambda: hub.round_ends is not None, "the clock")
            assert hub.clock_left() <= 240  # four minutes, counting down
            head = app.query_one("#head")
            await wait_until(pilot, lambda: re.search(r"round [0-4]:\d\d left",
                                                      str(head.render())) is not None,
                             "the clock in the header")
            await pilot.press("E")
            await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "confirm")
            await pilot.press("y")
            await wait_until(pilot, lambda: hub.ended and hub.round_ends is None, "the end")
            await wait_until(pilot, lambda: "ENDED" in str(head.render()), "ENDED shown")
            assert any("has ended" in text for text in sent)


@run
async def test_a_wrong_console_token_is_said_plainly(tmp_path: Path) -> None:
    hub = Hub(HubState("ABCDEFGHJK", tmp_path / "hub", None), join_token="j" * 20,
              console_token=CONSOLE)
    async with TestServer(make_app(hub), host="127.0.0.1") as server:
        app = ConsoleApp(str(server.make_url("/api/status?token=wrong")))
        async with app.run_test(size=(80, 24)) as pilot:
            head = app.query_one("#head")
            await wait_until(pilot, lambda: "console token" in str(head.render()), "refusal")


@run
async def test_l_shows_the_verified_leaderboard(tmp_path: Path) -> None:
    from pmsim.gamelog import GameLogWriter
    from pmsim.parallel import prepare_processes
    from pmsim.policies import get_policy
    from pmsim.policies.base import play_game
    from pmsim.results import create_workshop, record_game
    from pmsim.scenario import load_scenario
    from pmsim.tui.dialogs.ranking import RankingDialog

    prepare_processes()  # the hub replays in a worker process while the app runs
    db = tmp_path / "hub.sqlite"
    code = create_workshop(db, "tutorial", seed=5).code
    log, writer = tmp_path / "red.jsonl", GameLogWriter()
    sim = play_game(load_scenario("tutorial"), 5, get_policy("cautious"),
                    on_start=lambda s: writer.start(log, s, "tutorial", "[b]Red[/b]"))
    writer.finish(sim)
    record_game(db, log, code)
    hub = Hub(HubState(code, tmp_path / "hub", db), join_token="j" * 20,
              console_token=CONSOLE)
    async with TestServer(make_app(hub), host="127.0.0.1") as server:
        app = ConsoleApp(str(server.make_url(f"/api/status?token={CONSOLE}")))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("l")
            await wait_until(pilot, lambda: isinstance(app.screen, RankingDialog), "ranking")
            table = app.screen.query_one(DataTable)
            cells = [str(c) for c in table.get_row_at(0)]
            assert cells[:3] == ["1", "[b]Red[/b]", str(sim.outcome().score)]
            await pilot.press("escape")
            await wait_until(pilot, lambda: not isinstance(app.screen, RankingDialog), "back")


@run
async def test_i_schedules_an_inject_of_the_catalogue_for_a_week(tmp_path: Path) -> None:
    from pmsim.hub.live import inject_catalogue
    from pmsim.scenario import load_scenario
    from pmsim.tui.dialogs.choose import ChooseDialog

    scenario = load_scenario("portal-launch")
    hub = Hub(HubState("ABCDEFGHJK", tmp_path / "hub", None), join_token="j" * 20,
              console_token=CONSOLE, catalogue=inject_catalogue(scenario), last_week=34)
    team, _ = hub.state.join("Red", None)
    team.week = 6  # the earliest week an inject can come is 7
    async with TestServer(make_app(hub), host="127.0.0.1") as server:
        app = ConsoleApp(str(server.make_url(f"/api/status?token={CONSOLE}")))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("i")
            await wait_until(pilot, lambda: isinstance(app.screen, ChooseDialog), "the list")
            assert "week 7 or later" in str(app.screen.query_one(".text").render())
            await pilot.press("enter")  # the first inject of the catalogue
            await wait_until(pilot, lambda: isinstance(app.screen, AskNumber), "its week")
            await pilot.press("ctrl+a", "ctrl+k", "9", "enter")
            first = scenario.injects[0].id
            await wait_until(pilot, lambda: hub.state.injects == {first: 9}, "scheduled")
            await pilot.press("i")
            await wait_until(pilot, lambda: isinstance(app.screen, ChooseDialog), "again")
            assert len(app.screen.items) == len(scenario.injects) - 1  # not listed twice


@run
async def test_k_starts_lockstep_rounds_and_the_header_says_so(tmp_path: Path) -> None:
    hub = Hub(HubState("ABCDEFGHJK", tmp_path / "hub", None), join_token="j" * 20,
              console_token=CONSOLE)
    team, _ = hub.state.join("Red", None)
    team.week = 4
    async with TestServer(make_app(hub), host="127.0.0.1") as server:
        app = ConsoleApp(str(server.make_url(f"/api/status?token={CONSOLE}")))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("k")
            await wait_until(pilot, lambda: isinstance(app.screen, AskNumber), "minutes")
            await pilot.press("ctrl+a", "ctrl+k", "3", "enter")
            await wait_until(pilot, lambda: hub.lockstep == 3 and hub.round_week == 4,
                             "lockstep from week 4")
            head = app.query_one("#head")
            await wait_until(pilot, lambda: "lockstep to week 4" in str(head.render()),
                             "the header")
            await hub.start_lockstep(0)  # stopped again (no timer left behind)
