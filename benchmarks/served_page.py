"""The served game in a headless browser, in real time: screenshots, and every request the
page made, so a trainer can check that it renders and that nothing leaves the machine.

    .venv/bin/python benchmarks/served_page.py [--sizes 900x500,1280x800,640x400]
                                               [--wait 8] [--out /tmp/pmsim-page]
                                               [--browser chromium|firefox]

Starts `pmsim serve` on a free port of 127.0.0.1 (with a temporary data folder), opens
the page in headless Chromium (`chromium` from Debian's packages; names that are not
127.0.0.1 resolve nowhere) through the DevTools protocol, or in headless Firefox
(`firefox-esr`) through WebDriver BiDi, waits `--wait` seconds of real
time, and saves a screenshot per size. Real time matters: with `--virtual-time-budget`
the browser sends the terminal's final size only after the page's last resource, so a
screenshot taken that way shows the first, smaller screen with a dark band below it.

Prints each request the page made and fails (exit 1) if any went to another address
than the server's, or if the game never drew.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, seconds: float = 20.0) -> bytes:
    """The body at `url`, once it answers."""
    end = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return bytes(response.read())
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.2)


class Remote:
    """A browser's remote protocol over a WebSocket (the DevTools protocol and WebDriver
    BiDi both number their commands and answer by number): `call` sends a command and
    returns its result, noting the URL of each request event (`request_event`) seen
    while it waits."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse, request_event: str) -> None:
        self.ws, self.request_event = ws, request_event
        self.counter = 0
        self.requested: list[str] = []

    async def call(self, method: str, **params: object) -> dict[str, Any]:
        self.counter += 1
        await self.ws.send_json({"id": self.counter, "method": method, "params": params})
        while True:
            message = json.loads((await self.ws.receive()).data)
            if message.get("method") == self.request_event:
                self.requested.append(message["params"]["request"]["url"])
            if message.get("id") == self.counter:
                if message.get("type") == "error" or "error" in message:
                    raise RuntimeError(f"{method}: {message.get('message') or message}")
                return dict(message.get("result", {}))

    async def idle(self, seconds: float, method: str) -> None:
        """Wait in real time, reading events (the requests) meanwhile."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            await self.call(method)
            await asyncio.sleep(0.25)


DREW = "document.body.classList.contains('-first-byte')"
"""True once the game's first bytes reached the page's terminal."""


async def shoot(debug_port: int, url: str, size: tuple[int, int], wait: float,
                out: Path) -> tuple[list[str], bool]:
    """Open `url` at `size` in Chromium, wait, save a screenshot to `out`; the URLs
    requested, and whether the game drew."""
    tabs = json.loads(wait_for(f"http://127.0.0.1:{debug_port}/json"))
    target = next(t["webSocketDebuggerUrl"] for t in tabs if t["type"] == "page")
    async with aiohttp.ClientSession() as http, http.ws_connect(target, max_msg_size=0) as ws:
        remote = Remote(ws, "Network.requestWillBeSent")
        await remote.call("Network.enable")
        await remote.call("Emulation.setDeviceMetricsOverride", width=size[0],
                          height=size[1], deviceScaleFactor=1, mobile=False)
        await remote.call("Page.navigate", url=url)
        await remote.idle(wait, "Browser.getVersion")
        shot = await remote.call("Page.captureScreenshot", format="png")
        out.write_bytes(base64.b64decode(str(shot["data"])))
        drew = await remote.call("Runtime.evaluate", returnByValue=True, expression=DREW)
    return remote.requested, bool(drew["result"].get("value"))


async def shoot_firefox(debug_port: int, url: str, size: tuple[int, int], wait: float,
                        out: Path) -> tuple[list[str], bool]:
    """`shoot` in Firefox, through WebDriver BiDi."""
    async with aiohttp.ClientSession() as http:
        end = time.monotonic() + 20
        while True:
            try:
                ws = await http.ws_connect(f"ws://127.0.0.1:{debug_port}/session",
                                           max_msg_size=0)
                break
            except aiohttp.ClientError:
                if time.monotonic() > end:
                    raise
                await asyncio.sleep(0.2)
        remote = Remote(ws, "network.beforeRequestSent")
        await remote.call("session.new", capabilities={})
        await remote.call("session.subscribe", events=["network.beforeRequestSent"])
        context = (await remote.call("browsingContext.getTree"))["contexts"][0]["context"]
        await remote.call("browsingContext.setViewport", context=context,
                          viewport={"width": size[0], "height": size[1]})
        await remote.call("browsingContext.navigate", context=context, url=url,
                          wait="complete")
        await remote.idle(wait, "session.status")
        shot = await remote.call("browsingContext.captureScreenshot", context=context)
        out.write_bytes(base64.b64decode(str(shot["data"])))
        drew = await remote.call("script.evaluate", target={"context": context},
                                 awaitPromise=False, expression=DREW)
        await ws.close()
    return remote.requested, bool(drew.get("result", {}).get("value"))


def browser_command(browser: str, size: tuple[int, int], debug_port: int) -> list[str]:
    """The headless browser, listening for its remote protocol on `debug_port`."""
    if browser == "firefox":
        return ["firefox-esr", "--headless", "--remote-debugging-port", str(debug_port),
                "--profile", tempfile.mkdtemp(prefix="pmsim-firefox-"),
                f"--window-size={size[0]},{size[1]}"]
    return ["chromium", "--headless", "--no-sandbox", "--use-angle=swiftshader",
            "--enable-unsafe-swiftshader",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            f"--window-size={size[0]},{size[1]}", f"--remote-debugging-port={debug_port}",
            "about:blank"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="900x500,1280x800,640x400")
    parser.add_argument("--wait", type=float, default=8.0)
    parser.add_argument("--browser", choices=("chromium", "firefox"), default="chromium")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "pmsim-page")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    port, debug_port = free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PMSIM_DATA_DIR": tempfile.mkdtemp(prefix="pmsim-page-")}
    server = subprocess.Popen([str(ROOT / ".venv/bin/pmsim"), "serve", "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    failed = False
    try:
        wait_for(base + "/")
        for text in args.sizes.split(","):
            w, h = (int(n) for n in text.split("x"))
            browser = subprocess.Popen(browser_command(args.browser, (w, h), debug_port),
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            driver = shoot_firefox if args.browser == "firefox" else shoot
            try:
                out = args.out / f"{args.browser}-{w}x{h}.png"
                urls, drew = asyncio.run(driver(debug_port, base + "/", (w, h), args.wait, out))
            finally:
                browser.kill()
                browser.wait()
            outside = [u for u in urls if not u.startswith((base, base.replace("http", "ws")))]
            failed |= bool(outside) or not drew
            print(f"{w}x{h}: {out} ({'the game drew' if drew else 'THE GAME NEVER DREW'}; "
                  f"{len(urls)} requests, {len(outside)} elsewhere)")
            for u in outside:
                print(f"  ELSEWHERE: {u}")
    finally:
        server.terminate()
        server.wait(10)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
