"""`pmsim serve`: starts, says who can connect, answers HTTP on localhost with the game's
page, starts a game when the page's websocket connects, and refuses a busy port."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from pmsim.cli import main
from pmsim.cli.serve import is_loopback, start_message

pytest.importorskip("textual_serve")

START_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[int, str]]:
    """`pmsim serve` in a subprocess on a free port: (port, what it printed on start).
    Always stopped at the end, killed if it does not stop."""
    port = free_port()
    data = tmp_path / "serve-data"
    env = {**os.environ, "PMSIM_DATA_DIR": str(data), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "pmsim", "serve", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=env)
    try:
        banner = _wait_until_serving(proc, port)
        yield port, banner
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()


def _wait_until_serving(proc: subprocess.Popen[str], port: int) -> str:
    """The start message, once the port accepts connections."""
    assert proc.stdout is not None
    banner = proc.stdout.readline()  # printed as the server starts
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"pmsim serve exited with {proc.returncode}: {banner}"
                        f"{proc.stdout.read()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return banner
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"pmsim serve did not listen on port {port} within {START_TIMEOUT} s")


def get(port: int, host_header: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/")
    if host_header:
        request.add_header("Host", host_header)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read().decode("utf-8")


def test_serve_answers_on_localhost_and_starts_the_game(server: tuple[int, str]) -> None:
    """One server for every check (started once, on a free port, always stopped):
    what it says, the page over HTTP, the page's links, and a game over the websocket."""
    port, banner = server
    # it says where, and that only this computer can connect
    assert banner.strip() == (
        f"Serving pmsim on http://127.0.0.1:{port} — only this computer can connect; use "
        "--host 0.0.0.0 to open it to the network. Press Ctrl+C to stop.")
    # the page, and the script it loads
    status, page = get(port)
    assert status == 200
    assert "<html" in page and "pmsim" in page
    assert f'data-session-websocket-url="ws://127.0.0.1:{port}/ws"' in page
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/js/textual.js",
                                timeout=10) as script:
        assert script.status == 200
    # a player who typed the machine's network address gets links to that address, not
    # to 127.0.0.1 or 0.0.0.0 (only the Host header is set: the traffic stays local)
    _, page = get(port, host_header=f"192.0.2.7:{port}")
    assert f'data-session-websocket-url="ws://192.0.2.7:{port}/ws"' in page
    _, page = get(port, host_header='evil"><script>')
    assert "<script>alert" not in page and f"ws://127.0.0.1:{port}/ws" in page
    # what the browser does next: the websocket starts a game, whose start screen arrives
    screen = asyncio.run(start_screen(port))
    assert "Scenarios" in screen and "Seed" in screen


async def start_screen(port: int) -> str:
    """The terminal output of a new session until the start screen is drawn."""
    aiohttp = pytest.importorskip("aiohttp")
    seen = ""
    async with aiohttp.ClientSession() as session, session.ws_connect(
            f"http://127.0.0.1:{port}/ws?width=120&height=36") as ws:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline and "Scenarios" not in seen:
            try:
                msg = await asyncio.wait_for(ws.receive(), 1.0)
            except TimeoutError:
                continue
            if msg.type == aiohttp.WSMsgType.BINARY:
                seen += msg.data.decode("utf-8", "replace")
            elif msg.type == aiohttp.WSMsgType.TEXT:
                seen += msg.data
            else:
                break
    return seen


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
    from pmsim.cli import serve

    monkeypatch.setattr(serve, "FIRST_SCREEN_GRACE", 0.3)
    monkeypatch.setattr(serve, "FAVICON_WAIT", 1.0)
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
