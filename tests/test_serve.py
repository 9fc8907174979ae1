"""`pmsim serve`: starts, says who can connect, answers HTTP on localhost with the game's
page, starts a game when the page's websocket connects, and refuses a busy port.
What it does for a room of browsers (each game its browser's, the page's own origin
only, a limit on games) is tested in test_serve_rooms.py."""

from __future__ import annotations

import asyncio
import re
import socket
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("textual_serve")

from serve_helpers import Browser, free_port, serving

from pmsim.cli import main
from pmsim.cli.serve import is_loopback, start_message


def get(port: int, host_header: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/")
    if host_header:
        request.add_header("Host", host_header)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_serve_answers_on_localhost_and_starts_the_game(tmp_path: Path) -> None:
    """One server for every check (started once, on a free port, always stopped):
    what it says, the page over HTTP, the page's links, and a game over the websocket."""
    with serving(tmp_path / "serve-data") as (port, banner):
        # it says where, and that only this computer can connect
        assert banner.strip() == (
            f"Serving pmsim on http://127.0.0.1:{port} — only this computer can connect; "
            "use --host 0.0.0.0 to open it to the network. Press Ctrl+C to stop.")
        # the page, and the script it loads
        status, page = get(port)
        assert status == 200
        assert "<html" in page and "pmsim" in page
        assert f'data-session-websocket-url="ws://127.0.0.1:{port}/ws"' in page
        # nothing from the internet: a room without a connection gets the same page
        hosts = set(re.findall(r"""(?:src|href)=["']?(?:https?:)?//([^/"' >]+)""", page))
        assert hosts == {f"127.0.0.1:{port}"}
        # the game's own background below the terminal, and words for a closed game
        assert "background: #121212" in page and "Session ended." not in page
        assert "Your game has closed. It is saved as you played it" in page
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/js/textual.js",
                                    timeout=30) as script:
            assert script.status == 200
        # a player who typed the machine's network address gets links to that address,
        # not to 127.0.0.1 or 0.0.0.0 (only the Host header is set: the traffic stays
        # local)
        _, page = get(port, host_header=f"192.0.2.7:{port}")
        assert f'data-session-websocket-url="ws://192.0.2.7:{port}/ws"' in page
        # a Host that is no address of this computer gets a page saying so
        status, page = get(port, host_header='evil"><script>')
        assert status == 421 and "<script>" not in page and "Unknown address" in page
        # what the browser does next: the websocket starts a game, whose start screen
        # arrives
        screen = asyncio.run(start_screen(port))
        assert "Scenarios" in screen and "Seed" in screen


async def start_screen(port: int) -> str:
    """The text a new session draws until its start screen is there."""
    async with Browser(port) as browser:
        await browser.open_tab(width=120, height=36)
        return await browser.wait_for("Scenarios")


def test_a_busy_port_is_a_clear_message(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert f"port {port} on 127.0.0.1 is already in use" in err
    assert "--port" in err and "Traceback" not in err


def test_bad_host_and_port_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--host", "no-such-host.invalid", "--port", str(free_port())]) == 1
    assert "cannot listen on host" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--port", "70000"])
    assert exit_info.value.code == 2
    assert main(["serve", "--public-url", "ftp://x/y"]) == 1
    assert "--public-url" in capsys.readouterr().err


def test_start_messages_say_who_can_connect() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0")
    assert "only this computer" in start_message("localhost", 8000, None)
    everyone = start_message("0.0.0.0", 8000, None)
    assert "open to the network" in everyone and "no password" in everyone
    assert "https://pmsim.example.org" in start_message("0.0.0.0", 80,
                                                        "https://pmsim.example.org")


def test_serve_help_names_the_default_host(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "127.0.0.1" in out and "0.0.0.0" in out


def test_play_arguments_pass_to_every_browser_game(capsys: pytest.CaptureFixture[str]) -> None:
    import shlex

    from pmsim.cli.serve import play_command

    command = play_command(["office-move", "--team", "Red & Co"])
    assert shlex.split(command) == [sys.executable, "-m", "pmsim", "play", "office-move",
                                    "--team", "Red & Co"]
    port = str(free_port())
    assert main(["serve", "--port", port, "--", "--resume"]) == 1
    assert "all players would share it" in capsys.readouterr().err
    assert main(["serve", "--port", port, "--", "--bogus"]) == 1
    assert "does not take --bogus" in capsys.readouterr().err
    assert main(["serve", "--port", port, "--", "no-such-scenario"]) == 1
    assert "no-such-scenario" in capsys.readouterr().err


def test_the_favicon_waits_for_a_new_session_to_draw(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tab icon is answered once the newest session has had its grace period to draw
    (so a headless screenshot after a virtual-time budget shows the game), or after the
    longest wait when no session starts."""
    from pmsim.cli import serve, serve_app

    monkeypatch.setattr(serve_app, "FIRST_SCREEN_GRACE", 0.3)
    monkeypatch.setattr(serve_app, "FAVICON_WAIT", 1.0)
    server = serve.make_server("127.0.0.1", free_port())

    async def ask(start_session_after: float | None) -> float:
        loop = asyncio.get_running_loop()
        begin = loop.time()
        if start_session_after is not None:
            async def start() -> None:
                await asyncio.sleep(start_session_after)
                server.session_started = loop.time()
            task = asyncio.create_task(start())
        response = await server.handle_favicon(None)
        assert response.status == 200 and response.content_type == "image/svg+xml"
        assert response.body.startswith(b"<svg")
        if start_session_after is not None:
            await task
        return loop.time() - begin

    assert 0.9 <= asyncio.run(ask(None)) < 2.0  # no session: the longest wait
    server.session_started = None
    assert 0.4 <= asyncio.run(ask(0.1)) < 0.9  # session at 0.1 s, drawn by 0.4 s


def test_a_workshop_can_be_served(tmp_path: Path) -> None:
    from pmsim.cli.serve import check_play_args
    from pmsim.errors import UserError
    from pmsim.results import create_workshop, format_code
    from pmsim.scenario import builtin_paths

    db = tmp_path / "results.sqlite"
    code = format_code(create_workshop(db, next(iter(builtin_paths())), seed=3).code)
    check_play_args(["--workshop", code, "--db", str(db)])  # accepted
    with pytest.raises(UserError, match="there is no workshop"):
        check_play_args(["--workshop", "K7M-Q4P", "--db", str(db)])
