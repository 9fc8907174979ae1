"""The live workshop hub: games stream their logs over a WebSocket, a finished game is
recorded and verified at once, the console sees every team, and the hub's tokens,
origin check and bounds refuse what they should. All on 127.0.0.1, with waits on
conditions (never on time), so a busy machine only makes them slower."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from test_report import play_logged

from pmsim.gamelog import read_log, replay
from pmsim.hub.client import HubLink, HubRefused, socket_url
from pmsim.hub.live import Hub
from pmsim.hub.protocol import Command, Status
from pmsim.hub.server import make_app
from pmsim.hub.state import HubState
from pmsim.results import create_workshop

SCENARIO, SEED = "tutorial", 5
JOIN, CONSOLE = "join-token-for-tests", "console-token-for-tests"


async def until(check: Callable[[], bool], what: str, limit: float = 60.0) -> None:
    """Wait for `check()` (a generous limit, for a stuck test, not a speed check)."""
    loop = asyncio.get_running_loop()
    end = loop.time() + limit
    while not check():
        if loop.time() > end:
            raise AssertionError(f"gave up waiting for {what}")
        await asyncio.sleep(0.02)


@pytest.fixture
def workshop(tmp_path: Path) -> tuple[Path, str, list[str]]:
    """A store with a workshop, and a finished game's log lines on its scenario and seed."""
    db = tmp_path / "results.sqlite"
    code = create_workshop(db, SCENARIO, seed=SEED).code
    full = tmp_path / "full.jsonl"
    play_logged(SCENARIO, full, seed=SEED, team="Red", policy="cautious")
    return db, code, full.read_text(encoding="utf-8").splitlines(keepends=True)


def game_so_far(tmp_path: Path, lines: list[str], count: int) -> Path:
    """A game's log file holding its first `count` lines (the game goes on later)."""
    game = tmp_path / "game.jsonl"
    game.write_text("".join(lines[:count]), encoding="utf-8")
    return game


def hub_over(tmp_path: Path, db: Path, code: str) -> Hub:
    return Hub(HubState(code, tmp_path / "hub", db), join_token=JOIN, console_token=CONSOLE)


def hub_telling_the_game(tmp_path: Path, db: Path, code: str) -> Hub:
    """A hub that tells a joining game its workshop's scenario and seed, as `host` does."""
    from pmsim.scenario import load_scenario, scenario_hash

    hub = hub_over(tmp_path, db, code)
    hub.game = {"workshop": code, "scenario": SCENARIO, "seed": SEED,
                "scenario_hash": scenario_hash(load_scenario(SCENARIO))}
    return hub


def run(body: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(body())


async def status(server: TestServer, token: str = CONSOLE) -> tuple[int, dict]:  # type: ignore[type-arg]
    async with aiohttp.ClientSession() as http, http.get(
            server.make_url("/api/status"), headers={"Authorization": f"Bearer {token}"}) as r:
        return r.status, (await r.json() if r.status == 200 else {})


async def console_post(server: TestServer, path: str,
                       body: dict | None = None) -> tuple[int, dict]:  # type: ignore[type-arg]
    """POST to the hub's API with the console token: the status and the JSON answer."""
    async with aiohttp.ClientSession() as http, http.post(
            server.make_url(path), json=body,
            headers={"Authorization": f"Bearer {CONSOLE}"}) as r:
        return r.status, (await r.json() if r.status == 200 else {})


def link_to(server: TestServer, path: Path, team: str = "Red", **kw: object) -> HubLink:
    return HubLink(str(server.make_url(f"/join/{JOIN}")), team, path, **kw)  # type: ignore[arg-type]


def test_a_game_streams_as_it_plays_and_is_verified_when_it_ends(tmp_path, workshop) -> None:  # type: ignore[no-untyped-def]
    db, code, lines = workshop
    half = len(lines) // 2
    game = game_so_far(tmp_path, lines, half)
    commands: list[Command] = []

    async def body() -> None:
        hub = hub_over(tmp_path, db, code)
        async with TestServer(make_app(hub), host="127.0.0.1") as server:
            link = link_to(server, game, on_command=commands.append)
            task = asyncio.ensure_future(link.run())
            await until(lambda: link.have == half, "the first half")
            code_, seen = await status(server)
            (row,) = seen["teams"]
            assert code_ == 200 and row["team"] == "Red" and row["lines"] == half
            assert row["connected"] and not row["finished"] and row["score"] is None
            await console_post(server, "/api/broadcast", {"text": "Week 3 ends in 5 minutes"})
            await until(lambda: bool(commands), "the broadcast")
            assert commands[0].type == "message" and "5 minutes" in commands[0].text
            for minutes, code_ in ((500, 400), ("x", 400), (3, 200)):
                assert (await console_post(server, "/api/clock", {"minutes": minutes}))[0] \
                    == code_
            await until(lambda: commands[-1].type == "clock", "the clock")
            assert 0 < commands[-1].seconds <= 180  # three minutes, counting down
            assert (await status(server))[1]["clock"]["round_seconds_left"] > 0
            with game.open("a", encoding="utf-8") as out:
                out.write("".join(lines[half:]))
            link.nudge()
            await asyncio.wait_for(task, 60)
            _, seen = await status(server)
            (row,) = seen["teams"]
        assert link.recorded is not None and row["finished"] and row["recorded"] == link.recorded
        assert row["score"] == replay(read_log(game)).outcome().score

    run(body)
    assert (tmp_path / "hub").is_dir()
    kept = [p for p in (tmp_path / "hub").glob("*.jsonl")]
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == "".join(lines)


def test_a_hub_killed_mid_workshop_loses_nothing_nor_counts_twice(tmp_path, workshop) -> None:  # type: ignore[no-untyped-def]
    db, code, lines = workshop
    half = len(lines) // 2
    game = game_so_far(tmp_path, lines, half)

    async def body() -> None:
        server = TestServer(make_app(hub_over(tmp_path, db, code)), host="127.0.0.1")
        await server.start_server()
        port = server.port
        link = link_to(server, game, status_of=lambda: Status(type="status", week=7, cpi=0.9))
        task = asyncio.ensure_future(link.run())
        await until(lambda: link.have == half, "the first half")
        await server.close()  # the hub dies; the game plays on
        with game.open("a", encoding="utf-8") as out:
            out.write("".join(lines[half:]))
        link.nudge()
        again = TestServer(make_app(hub_over(tmp_path, db, code)), host="127.0.0.1", port=port)
        await again.start_server()  # restarted over the same folder
        try:
            await asyncio.wait_for(task, 60)
            _, seen = await status(again)
        finally:
            await again.close()
        (row,) = seen["teams"]
        assert row["finished"] and row["lines"] == len(lines) and link.recorded is not None
        restarted = hub_over(tmp_path, db, code).status()["teams"][0]  # no game connected
        assert restarted["week"] == row["week"] == 7 and restarted["cpi"] == 0.9
        assert restarted["score"] == row["score"] is not None

    run(body)
    (kept,) = (tmp_path / "hub").glob("*.jsonl")
    assert kept.read_text(encoding="utf-8") == "".join(lines)


def test_tokens_origin_and_team_names_are_checked(tmp_path, workshop) -> None:  # type: ignore[no-untyped-def]
    db, code, lines = workshop
    game = game_so_far(tmp_path, lines, 3)

    async def body() -> None:
        hub = hub_over(tmp_path, db, code)
        async with TestServer(make_app(hub), host="127.0.0.1") as server:
            assert (await status(server, token=""))[0] == 401
            assert (await status(server, token=JOIN))[0] == 401  # a team's is not the console's
            async with aiohttp.ClientSession() as http:
                for url, headers in ((server.make_url("/ws/game?token=wrong"), {}),
                                     (server.make_url(f"/ws/game?token={JOIN}"),
                                      {"Origin": "http://evil.example"})):
                    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                        await http.ws_connect(url, headers=headers)
                    assert refused.value.status == 403
                async with http.ws_connect(server.make_url(f"/ws/game?token={JOIN}")) as ws:
                    await ws.send_str(json.dumps({"type": "lines", "first": 0, "lines": []}))
                    reply = json.loads((await ws.receive()).data)
                    assert reply["type"] == "refusal" and "hello" in reply["message"]
            first = link_to(server, game)
            task = asyncio.ensure_future(first.run())
            await until(lambda: first.have == 3, "the first game's lines")
            impostor = link_to(server, game)  # same team name, no token
            with pytest.raises(HubRefused, match="team token"):
                await asyncio.wait_for(impostor.run(), 60)
            rejoin = link_to(server, game, team_token=first.team_token)
            rejoin_task = asyncio.ensure_future(rejoin.run())
            await until(lambda: rejoin.connected and rejoin.have == 3, "the rejoin")
            for link, t in ((first, task), (rejoin, rejoin_task)):
                link.stop()
                await asyncio.wait_for(t, 60)

    run(body)


def test_a_join_link_must_look_like_one() -> None:
    assert socket_url("http://127.0.0.1:8777/join/abc") == "ws://127.0.0.1:8777/ws/game?token=abc"
    with pytest.raises(Exception, match="not a join link"):
        socket_url("http://127.0.0.1:8777/console/abc")


def test_play_join_asks_the_hub_which_game_to_play(tmp_path, workshop) -> None:  # type: ignore[no-untyped-def]
    from pmsim.cli.join import ask_hub
    from pmsim.errors import UserError

    db, code, _ = workshop

    async def body() -> None:
        hub = hub_telling_the_game(tmp_path, db, code)
        async with TestServer(make_app(hub), host="127.0.0.1") as server:
            link = str(server.make_url(f"/join/{JOIN}"))
            assert await asyncio.to_thread(ask_hub, link) == (code, SCENARIO, SEED)
            with pytest.raises(UserError, match="refused the join link"):
                await asyncio.to_thread(ask_hub, link.replace(JOIN, "not-the-token"))
            async with aiohttp.ClientSession() as http, http.get(link) as page:
                assert "pmsim play --join" in await page.text()

    run(body)
    with pytest.raises(UserError, match="cannot reach the workshop hub"):
        ask_hub("http://127.0.0.1:9/join/abc")


def test_play_join_takes_a_team_and_nothing_else(capsys) -> None:  # type: ignore[no-untyped-def]
    from pmsim.cli import main

    assert main(["play", "--join", "http://127.0.0.1:9/join/abc"]) == 1  # team: on screen
    assert "cannot reach the workshop hub" in capsys.readouterr().err
    assert main(["play", "--join", "http://127.0.0.1:9/join/abc", "--team", "A",
                 "--seed", "3"]) == 1
    assert "--join plays the workshop's game" in capsys.readouterr().err


def test_host_refuses_an_unknown_workshop(capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pmsim.cli import main

    assert main(["host", "--workshop", "ABCD-EFGH-JK", "--db", str(tmp_path / "x.sqlite")]) == 1
    err = capsys.readouterr().err
    assert "workshop" in err and "Traceback" not in err


def test_the_hub_holds_a_bounded_number_of_connections(tmp_path, workshop, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import pmsim.hub.server as server_module

    db, code, _ = workshop
    monkeypatch.setattr(server_module, "MAX_CONNECTIONS", 1)

    async def body() -> None:
        async with TestServer(make_app(hub_over(tmp_path, db, code)), host="127.0.0.1") as server, \
                aiohttp.ClientSession() as http:
            url = server.make_url(f"/ws/game?token={JOIN}")
            async with http.ws_connect(url) as first:
                await first.send_str(json.dumps({"type": "hello", "team": "A"}))
                assert json.loads((await first.receive()).data)["type"] == "welcome"
                with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                    await http.ws_connect(url)
                assert refused.value.status == 503

    run(body)


def test_after_the_end_no_new_team_joins_but_one_already_in_may_finish(tmp_path, workshop) -> None:  # type: ignore[no-untyped-def]
    db, code, lines = workshop
    game = game_so_far(tmp_path, lines, 3)

    async def body() -> None:
        hub = hub_over(tmp_path, db, code)
        async with TestServer(make_app(hub), host="127.0.0.1") as server:
            first = link_to(server, game)
            task = asyncio.ensure_future(first.run())
            await until(lambda: first.have == 3, "the first lines")
            assert (await console_post(server, "/api/end"))[0] == 200 and hub.ended
            late = link_to(server, game, team="Latecomers")
            with pytest.raises(HubRefused, match="ended"):
                await asyncio.wait_for(late.run(), 60)
            with game.open("a", encoding="utf-8") as out:
                out.write("".join(lines[3:]))
            first.nudge()
            await asyncio.wait_for(task, 60)
            assert first.recorded is not None

    run(body)


def test_an_inject_is_scheduled_for_every_game_from_a_week_none_has_reached(
        tmp_path, workshop) -> None:  # type: ignore[no-untyped-def]
    """The console schedules an inject of the scenario's catalogue for a week: every game
    hears it now (and a game joining later, on hello); a week a game has reached, an
    unknown inject or one scheduled already is refused; a finished game that never met
    an inject scheduled for a week it played is recorded with that problem noted."""
    from pmsim.hub.live import inject_catalogue
    from pmsim.scenario import load_scenario

    db, code, lines = workshop
    game = game_so_far(tmp_path, lines, 3)
    commands: list[Command] = []
    scenario = load_scenario(SCENARIO)
    first = scenario.injects[0]

    async def post(server: TestServer, body: dict) -> int:  # type: ignore[type-arg]
        return (await console_post(server, "/api/inject", body))[0]

    async def body() -> None:
        hub = hub_over(tmp_path, db, code)
        hub.catalogue, hub.last_week = inject_catalogue(scenario), 7
        async with TestServer(make_app(hub), host="127.0.0.1") as server:
            link = link_to(server, game, on_command=commands.append)
            task = asyncio.ensure_future(link.run())
            await until(lambda: link.have == 3, "the first lines")
            link.status_of = lambda: Status(type="status", week=2)
            link.nudge()
            await until(lambda: hub.state.teams["Red"].week == 2, "the game's week")
            assert await post(server, {"inject": first.id, "week": 2}) == 409  # reached
            assert await post(server, {"inject": "nope", "week": 4}) == 409
            assert await post(server, {"inject": first.id}) == 400
            assert await post(server, {"inject": first.id, "week": 3}) == 200
            assert await post(server, {"inject": first.id, "week": 4}) == 409  # once
            await until(lambda: any(c.type == "inject" for c in commands), "the inject")
            (heard,) = [c for c in commands if c.type == "inject"]
            assert (heard.inject, heard.week, heard.text) == (first.id, 3, first.title)
            late: list[Command] = []
            (tmp_path / "b").mkdir()
            other = link_to(server, game_so_far(tmp_path / "b", lines, 1), team="Blue",
                            on_command=late.append)
            other_task = asyncio.ensure_future(other.run())
            await until(lambda: any(c.type == "inject" for c in late), "the late joiner")
            async with aiohttp.ClientSession() as http, http.get(
                    server.make_url("/api/injects"),
                    headers={"Authorization": f"Bearer {CONSOLE}"}) as r:
                offer = await r.json()
            assert offer["scheduled"] == {first.id: 3} and offer["earliest_week"] == 3
            with game.open("a", encoding="utf-8") as out:  # the game ends, never meeting it
                out.write("".join(lines[3:]))
            link.nudge()
            await asyncio.wait_for(task, 60)
            other.stop()
            await asyncio.wait_for(other_task, 60)
        team = hub.state.teams["Red"]
        assert team.recorded is not None
        assert team.problem == f"never met the inject '{first.id}' scheduled for week 3"
        hub.state.injects.clear()  # a log meeting one the hub never sent is noted too
        kept = hub.state.log_path("Red").read_text(encoding="utf-8")
        hub.state.log_path("Red").write_text(kept.replace(
            '"action": "advance"', f'"action": "inject", "inject": "{first.id}", "week": 1',
            1), encoding="utf-8")
        assert hub.state.inject_problem(team) == (
            f"met the inject '{first.id}', which was never scheduled")

    run(body)


def test_lockstep_rounds_open_when_every_game_is_ready_or_the_clock_ends_them(
        tmp_path, workshop) -> None:  # type: ignore[no-untyped-def]
    """In lockstep, round K lets every game end week K (K: the week the furthest game is
    in); the next round opens as soon as every game still playing has ended week K, or
    when the round's clock ends it (games still in week K are told to end it as it is)."""
    db, code, lines = workshop
    heard: dict[str, list[Command]] = {"Red": [], "Blue": []}

    async def body() -> None:
        hub = hub_over(tmp_path, db, code)
        async with TestServer(make_app(hub), host="127.0.0.1") as server:
            links, tasks = {}, []
            for team, week in (("Red", 2), ("Blue", 1)):
                (tmp_path / team).mkdir()
                link = link_to(server, game_so_far(tmp_path / team, lines, 2), team=team,
                               on_command=heard[team].append,
                               status_of=lambda w=week: Status(type="status", week=w))
                links[team] = link
                tasks.append(asyncio.ensure_future(link.run()))
            await until(lambda: sorted(t.week for t in hub.state.teams.values()) == [1, 2],
                        "both games' weeks")
            code_, answer = await console_post(server, "/api/clock",
                                               {"minutes": 5, "lockstep": True})
            assert code_ == 200 and answer["week"] == 2
            await until(lambda: all(any(c.type == "round" and c.week == 2 for c in cs)
                                    for cs in heard.values()), "round 2 in both games")
            for team in ("Red", "Blue"):  # both end week 2
                links[team].status_of = lambda: Status(type="status", week=3)
                links[team].nudge()
            await until(lambda: hub.round_week == 3, "the next round, without the clock")
            await until(lambda: any(c.type == "round" and c.week == 3 for c in heard["Blue"]),
                        "round 3 heard")
            await hub.hold(True)  # a pause stops the round's clock...
            assert hub.round_ends is None and hub._held > 0
            await hub.hold(False)  # ...and it goes on with what it had left
            assert hub.round_ends is not None and 0 < hub.clock_left() <= 300
            await hub.end_round()  # the clock of round 3 runs out
            await until(lambda: any(c.type == "round_end" and c.week == 3
                                    for c in heard["Red"]), "the round's end")
            assert hub.round_week == 4 and (await status(server))[1]["clock"][
                "lockstep_week"] == 4
            assert (await console_post(server, "/api/clock", {"minutes": 0}))[0] == 200
            assert not hub.lockstep and hub.round_ends is None
            await until(lambda: heard["Blue"][-1].type == "round"
                        and heard["Blue"][-1].week == 0, "lockstep off")
            for link in links.values():
                link.stop()
            for task in tasks:
                await asyncio.wait_for(task, 60)

    run(body)


def test_serve_makes_every_game_join_a_hub_and_serves_the_console_here_only(
        tmp_path, workshop) -> None:  # type: ignore[no-untyped-def]
    from pmsim.cli.serve import check_console, check_play_args, console_command, make_server
    from pmsim.errors import UserError

    with pytest.raises(UserError, match="leave out --team"):
        check_play_args(["--join", "http://127.0.0.1:9/join/abc", "--team", "Red"])
    with pytest.raises(UserError, match="cannot reach the workshop hub"):
        check_play_args(["--join", "http://127.0.0.1:9/join/abc"])
    link = "http://127.0.0.1:8765/api/status?token=secret"
    with pytest.raises(UserError, match="this computer only"):
        check_console(link, "0.0.0.0", [])
    with pytest.raises(UserError, match="not a game"):
        check_console(link, "127.0.0.1", ["--seed", "3"])
    with pytest.raises(UserError, match="not a console link"):
        check_console("http://127.0.0.1:8765/join/abc", "127.0.0.1", [])
    check_console(link, "127.0.0.1", [])
    server = make_server("127.0.0.1", 8766, console_link=link)
    assert server.game_command("someone") == console_command(link)
    assert console_command(link).endswith(f"-m pmsim console '{link}'")
    db, code, _ = workshop

    async def body() -> None:
        hub = hub_telling_the_game(tmp_path, db, code)
        async with TestServer(make_app(hub), host="127.0.0.1") as server:
            join = str(server.make_url(f"/join/{JOIN}"))
            await asyncio.to_thread(check_play_args, ["--join", join])  # the hub answers

    run(body)
