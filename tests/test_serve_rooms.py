"""`pmsim serve` for a room of browsers, tried with real HTTP and WebSocket clients
against 127.0.0.1: a game belongs to the browser that started it (typing another team's
name continues nothing), the websocket takes only the page's own Origin, a full server
says so on a page, and the terminal size stays within bounds."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import pytest

pytest.importorskip("textual_serve")
fcntl = pytest.importorskip("fcntl")  # the game's lock on its log shows it is open

import aiohttp  # noqa: E402
from serve_helpers import Browser, plain, serving, wait_until  # noqa: E402

from pmsim.cli.serve_app import SIZE_LIMITS, _BoundedSize, bounded, browser_owner  # noqa: E402


def logs_of(data: Path, team: str) -> list[Path]:
    """The game logs of `team` in the served data folder whose owner note is written."""
    found = []
    for path in sorted((data / "games").glob("*.jsonl")):
        try:
            header = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
            notes = json.loads(path.with_name(f"{path.stem}.meta.json").read_text())
        except (OSError, ValueError, IndexError):
            continue
        if header.get("team") == team and notes.get("browser"):
            found.append(path)
    return found


def is_open(log: Path) -> bool:
    """Whether a game process has this log open (it holds the log's lock)."""
    with log.open("rb") as probe:
        try:
            fcntl.flock(probe.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(probe.fileno(), fcntl.LOCK_UN)
        return False


async def start_a_game(browser: Browser, team: str) -> None:
    """On the start screen: the team name, enter (the briefing), enter (play)."""
    await browser.wait_for("Playing in a browser")  # drawn once mounted
    mark = browser.mark()
    await browser.type("\t")  # from the scenario list to the team name …
    # … which, focused, is drawn again with its cursor, then as the cursor blinks (keys
    # typed before the focus moved would go to the list)
    await browser.wait_for("ptional", since=mark, times=2)
    await browser.type(team)
    await browser.wait_for(team)
    await browser.type("\r")
    await browser.wait_for("Start the project")  # the briefing of a new game
    await browser.type("\r")


def test_another_browser_cannot_continue_a_game_by_its_team_name(tmp_path: Path) -> None:
    data = tmp_path / "data"

    async def play() -> None:
        with serving(data) as (port, _):
            async with Browser(port) as first, Browser(port) as second:
                await first.open_tab()
                await start_a_game(first, "ALPHA")
                [log] = await wait_until(lambda: logs_of(data, "ALPHA"), "ALPHA's game")
                await wait_until(lambda: is_open(log), "ALPHA's game to be played")
                await first.close_tab()  # the tab is closed mid-game
                await wait_until(lambda: not is_open(log), "ALPHA's game to stop")
                saved = log.read_bytes()

                await second.open_tab()
                drawn = await second.wait_for("Playing in a browser")
                assert "Continue this browser" not in drawn
                await second.type("c")  # continue? nothing of this browser's
                await second.wait_for("No unfinished game")
                await start_a_game(second, "ALPHA")  # another team's name: a new game
                await wait_until(lambda: len(logs_of(data, "ALPHA")) == 2, "a second game")
                assert "has an unfinished game" not in plain(second.drawn)
                assert log.read_bytes() == saved and not is_open(log)
                [other] = [p for p in logs_of(data, "ALPHA") if p != log]
                notes = [json.loads(p.with_name(f"{p.stem}.meta.json").read_text())
                         for p in (log, other)]
                assert notes[0]["browser"] != notes[1]["browser"]
                await second.close_tab()

                await first.open_tab()  # the first browser comes back: its game waits
                await first.wait_for("Continue this browser's unfinished game")
                await first.type("c")
                await wait_until(lambda: is_open(log), "ALPHA's game to be continued")
                await first.close_tab()

    asyncio.run(play())


def test_the_websocket_takes_only_the_pages_own_origin(tmp_path: Path) -> None:
    async def attempts(port: int) -> None:
        own = f"http://127.0.0.1:{port}"
        url = f"ws://127.0.0.1:{port}/ws?width=100000&height=100000"
        async with aiohttp.ClientSession() as http:
            for origin, host in [("http://evil.example", None), (None, None),
                                 (f"http://127.0.0.1:{port + 1}", None),
                                 (f"https://127.0.0.1:{port}", None),
                                 ("null", None),
                                 # a name rebound to 127.0.0.1 is not this page
                                 (f"http://rebound.example:{port}", f"rebound.example:{port}")]:
                headers = {"Host": host} if host else {}
                with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                    await http.ws_connect(url, origin=origin, headers=headers)
                assert refused.value.status == 403, origin
            async with http.get(f"{own}/", headers={"Host": f"rebound.example:{port}"}) as r:
                assert r.status == 421 and "Unknown address" in await r.text()
            async with http.get(f"{own}/ws", headers={"Origin": own}) as r:  # no upgrade
                assert r.status == 400 and "open the page" in await r.text()
            # the page's own origin starts a game, drawn no larger than the bounds
            async with http.ws_connect(url, origin=own) as ws:
                drawn = ""
                while "Scenarios" not in plain(drawn):
                    message = await asyncio.wait_for(ws.receive(), 90)
                    assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT)
                    if message.type == aiohttp.WSMsgType.BINARY:
                        drawn += message.data.decode("utf-8", "replace")
            rows = [int(row) for row in re.findall(r"\x1b\[(\d+);\d+H", drawn)]
            assert rows and max(rows) == SIZE_LIMITS["height"][1]

    with serving(tmp_path / "data") as (port, _):
        asyncio.run(attempts(port))


def test_a_full_server_says_so_on_a_page(tmp_path: Path) -> None:
    async def fill(port: int) -> None:
        async with Browser(port) as first, aiohttp.ClientSession() as other:
            await first.open_tab()
            await first.wait_for("Scenarios")
            async with other.get(f"http://127.0.0.1:{port}/") as page:
                text = await page.text()
                assert page.status == 503 and "All games are taken" in text
                assert "at most 1 games" in text and "--max-games" in text
            with pytest.raises(aiohttp.WSServerHandshakeError) as full:
                await other.ws_connect(f"ws://127.0.0.1:{port}/ws",
                                       origin=f"http://127.0.0.1:{port}")
            assert full.value.status == 503
            await first.close_tab()  # a game ends: the next browser may play

            async def page_status() -> int:
                async with other.get(f"http://127.0.0.1:{port}/") as page:
                    return page.status

            deadline = asyncio.get_running_loop().time() + 90
            while await page_status() != 200:
                assert asyncio.get_running_loop().time() < deadline, "still full"
                await asyncio.sleep(0.05)  # the server is polled until the game is gone

    with serving(tmp_path / "data", "--max-games", "1") as (port, _banner):
        asyncio.run(fill(port))


def test_sizes_are_bounded_and_owner_ids_do_not_give_the_key() -> None:
    assert bounded("width", "100000") == SIZE_LIMITS["width"][1]
    assert bounded("height", -5) == SIZE_LIMITS["height"][0]
    assert bounded("width", "wide") == 80 and bounded("height", None) == 24
    sizes: list[tuple[int, int]] = []

    class Service:
        async def set_terminal_size(self, width: int, height: int) -> None:
            sizes.append((width, height))

        async def blur(self) -> None:
            sizes.append((0, 0))

    wrapped = _BoundedSize(Service())
    asyncio.run(wrapped.set_terminal_size(10**9, 10**9))
    asyncio.run(wrapped.blur())
    assert sizes == [(SIZE_LIMITS["width"][1], SIZE_LIMITS["height"][1]), (0, 0)]
    key = "k" * 43
    assert browser_owner(key) == browser_owner(key) != browser_owner("j" * 43)
    assert key not in browser_owner(key) and len(browser_owner(key)) == 32
