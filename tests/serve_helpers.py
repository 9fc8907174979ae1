"""Driving `pmsim serve` as browsers do: a real server in a subprocess on a free port of
127.0.0.1, and clients that load the page (keeping its cookie), open the websocket with
the page's Origin, read what the game draws and type keys.

Every wait is on real state (a port that accepts, text drawn, a file written, a lock
held), with a generous deadline only as a guard against a hang.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest

DEADLINE = 90.0
"""Seconds any one wait may take before the test fails (a busy 2-core machine is slow
to start a game; a working server is much faster)."""
ANSI = re.compile(r"\x1b(\[[0-9;?$<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][A-Za-z0-9]|.)")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(data_dir: Path, *args: str) -> Iterator[tuple[int, str]]:
    """`pmsim serve ARGS` in a subprocess on a free port: (port, what it printed before
    it listened). Always stopped at the end, killed if it does not stop."""
    port = free_port()
    env = {**os.environ, "PMSIM_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "pmsim", "serve", "--port", str(port),
                             *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, env=env)
    try:
        banner = _wait_until_serving(proc, port)
        yield port, banner
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=20)
        if proc.stdout is not None:
            proc.stdout.close()


def _wait_until_serving(proc: subprocess.Popen[str], port: int) -> str:
    """The start message, once the port accepts connections."""
    assert proc.stdout is not None
    banner = proc.stdout.readline()  # printed as the server starts
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"pmsim serve exited with {proc.returncode}: {banner}"
                        f"{proc.stdout.read()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return banner
        except OSError:
            time.sleep(0.05)  # the port is polled until it accepts
    pytest.fail(f"pmsim serve did not listen on port {port} within {DEADLINE} s")


def plain(output: str) -> str:
    """What a terminal's output shows as text: escape sequences removed."""
    return ANSI.sub("", output)


class Browser:
    """One browser: its own cookies, one tab (websocket) at a time."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.origin = f"http://127.0.0.1:{port}"
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.drawn = ""
        self._changed = asyncio.Event()
        self._reader: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Browser:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close_tab()
        await self.http.close()

    async def open_tab(self, width: int = 200, height: int = 50) -> None:
        """Load the page, then connect its websocket as the page's script does."""
        async with self.http.get(f"{self.origin}/") as page:
            assert page.status == 200, await page.text()
            text = await page.text()
        url = re.search(r'data-session-websocket-url="([^"]+)"', text)
        assert url is not None
        self.drawn = ""
        self.ws = await self.http.ws_connect(f"{url.group(1)}?width={width}&height={height}",
                                             origin=self.origin)
        self._reader = asyncio.create_task(self._read(self.ws))

    async def _read(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        async for message in ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.drawn += message.data.decode("utf-8", "replace")
                self._changed.set()
        self._changed.set()

    def mark(self) -> int:
        """Where the output stands now: `wait_for(..., since=mark)` looks after it."""
        return len(self.drawn)

    async def wait_for(self, text: str, since: int = 0, times: int = 1) -> str:
        """Wait until `text` has been drawn (`times` times, after the mark `since`); the
        text drawn."""
        deadline = asyncio.get_running_loop().time() + DEADLINE
        while plain(self.drawn[since:]).count(text) < times:
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0 or (self._reader is not None and self._reader.done()):
                raise AssertionError(f"{text!r} was not drawn; drawn: "
                                     f"{plain(self.drawn)[-3000:]!r}")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), left)
            except TimeoutError:
                continue
        return plain(self.drawn)

    async def type(self, keys: str) -> None:
        """Keys as a terminal sends them (\\t tab, \\r enter)."""
        assert self.ws is not None
        await self.ws.send_str(json.dumps(["stdin", keys]))

    async def close_tab(self) -> None:
        """Close the websocket, as closing the tab does (the game is stopped)."""
        if self.ws is not None:
            await self.ws.close()
            self.ws = None
        if self._reader is not None:
            await asyncio.wait_for(self._reader, DEADLINE)
            self._reader = None


async def wait_until(ready: Callable[[], Any], what: str) -> Any:
    """Poll a condition on disk or on the server until it holds (a guard deadline)."""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        value = ready()
        if value:
            return value
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")
