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


async def shoot(debug_port: int, url: str, size: tuple[int, int], wait: float,
                out: Path) -> tuple[list[str], bool]:
    """Open `url` at `size`, wait, save a screenshot to `out`; the URLs requested, and
    whether the game drew (its first bytes reached the terminal)."""
    tabs = json.loads(wait_for(f"http://127.0.0.1:{debug_port}/json"))
    target = next(t["webSocketDebuggerUrl"] for t in tabs if t["type"] == "page")
    requested: list[str] = []
    async with aiohttp.ClientSession() as http, http.ws_connect(target, max_msg_size=0) as ws:
        counter = 0

        async def call(method: str, **params: object) -> dict[str, object]:
            nonlocal counter
            counter += 1
            await ws.send_json({"id": counter, "method": method, "params": params})
            while True:
                message = json.loads((await ws.receive()).data)
                if message.get("method") == "Network.requestWillBeSent":
                    requested.append(message["params"]["request"]["url"])
                if message.get("id") == counter:
                    return dict(message.get("result", {}))

        await call("Network.enable")
        await call("Emulation.setDeviceMetricsOverride", width=size[0], height=size[1],
                   deviceScaleFactor=1, mobile=False)
        await call("Page.navigate", url=url)
        end = time.monotonic() + wait
        while time.monotonic() < end:  # keep reading events (the requests) while waiting
            await call("Runtime.evaluate", expression="1")
            await asyncio.sleep(0.25)
        shot = await call("Page.captureScreenshot", format="png")
        out.write_bytes(base64.b64decode(str(shot["data"])))
        drew = await call("Runtime.evaluate", returnByValue=True, expression=(
            "document.body.classList.contains('-first-byte')"))
    return requested, bool(dict(drew.get("result", {})).get("value"))  # type: ignore[call-overload]


async def shoot_firefox(debug_port: int, url: str, size: tuple[int, int], wait: float,
                        out: Path) -> tuple[list[str], bool]:
    """`shoot` in Firefox, through WebDriver BiDi."""
    requested: list[str] = []
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
        counter = 0

        async def call(method: str, **params: object) -> dict[str, Any]:
            nonlocal counter
            counter += 1
            await ws.send_json({"id": counter, "method": method, "params": params})
            while True:
                message = json.loads((await ws.receive()).data)
                if message.get("method") == "network.beforeRequestSent":
                    requested.append(message["params"]["request"]["url"])
                if message.get("id") == counter:
                    if message.get("type") == "error":
                        raise RuntimeError(f"{method}: {message.get('message')}")
                    return dict(message.get("result", {}))

        await call("session.new", capabilities={})
        await call("session.subscribe", events=["network.beforeRequestSent"])
        context = (await call("browsingContext.getTree"))["contexts"][0]["context"]
        await call("browsingContext.setViewport", context=context,
                   viewport={"width": size[0], "height": size[1]})
        await call("browsingContext.navigate", context=context, url=url, wait="complete")
        end = time.monotonic() + wait
        while time.monotonic() < end:  # keep reading events (the requests) while waiting
            await call("session.status")
            await asyncio.sleep(0.25)
        shot = await call("browsingContext.captureScreenshot", context=context)
        out.write_bytes(base64.b64decode(str(shot["data"])))
        drew = await call("script.evaluate", target={"context": context}, awaitPromise=False,
                          expression="document.body.classList.contains('-first-byte')")
        await ws.close()
    return requested, bool(drew.get("result", {}).get("value"))


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
