"""A live workshop under load: a hub and N simulated teams on 127.0.0.1.

    .venv/bin/python benchmarks/hub_load.py [--teams 60] [--scenario portal-launch]
                                            [--broadcasts 20] [--week-pause 0.1]
                                            [--kill-at 0.5]

Starts `pmsim host` in its own process (a temporary data folder and store), plays one
cautious-bot game per team beforehand, then lets every team "play" it at speed: each
team's client (`pmsim.hub.client.HubLink`, a real WebSocket) writes its log week by week
to its own file, about `--week-pause` seconds apart (each team at its own pace, from half
to one and a half times it), and the hub receives it as from a game.
Meanwhile the facilitator's API broadcasts `--broadcasts` messages, then schedules one
of the scenario's injects (for its last week, so no game meets it). With `--kill-at F`
the hub is killed (SIGKILL) when a share F of the lines is sent and started again over
the same folder. Reports:

- the hub's CPU seconds and peak memory;
- the p50 / p95 latency from a broadcast to each game receiving it, and from the inject
  to each game receiving it, beside the p50 / p95 of a bare aiohttp WebSocket echo on
  this machine in the same run (the reference);
- the time from a game's last line to its verified row (p50 / p95 / max);
- whether anything was lost or counted twice: every team's log on the hub equals its
  own, and every game is recorded.

Figures, never pass/fail on time: machines differ. Targets (2 cores): 60 teams held,
p95 broadcast latency ≤ 250 ms, verified within 2 s of finishing, nothing lost.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import aiohttp
from aiohttp import web

from pmsim.gamelog import GameLogWriter
from pmsim.hub.client import HubLink
from pmsim.hub.protocol import Command
from pmsim.policies import get_policy
from pmsim.policies.base import play_game
from pmsim.scenario import load_scenario


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_hub(code: str, port: int, env: dict[str, str]) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "pmsim", "host", "--workshop", code, "--port", str(port)],
        env=env, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    return proc


def links_of(proc: subprocess.Popen[str]) -> tuple[str, str]:
    assert proc.stdout is not None
    join = console = ""
    while not (join and console):
        line = proc.stdout.readline()
        if not line:
            raise SystemExit("the hub did not start")
        if "Join link" in line:
            join = line.rsplit(" ", 1)[1].strip()
        if "Console link" in line:
            console = line.rsplit(" ", 1)[1].strip()
    return join, console


def cpu_and_memory(pid: int) -> tuple[float, float]:
    """CPU seconds used and peak resident memory (MB) of a live process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = (int(fields[11]) + int(fields[12])) / ticks
    peak = next(int(line.split()[1]) for line in Path(f"/proc/{pid}/status").read_text()
                .splitlines() if line.startswith("VmHWM"))
    return cpu, peak / 1024


def play_logs(scenario: str, seed: int, teams: int, folder: Path) -> list[list[str]]:
    """One cautious game's log lines per team (the same game: the same seed and bot)."""
    path = folder / "model.jsonl"
    writer = GameLogWriter()
    sim = play_game(load_scenario(scenario), seed, get_policy("cautious"),
                    on_start=lambda s: writer.start(path, s, scenario, "Team"))
    writer.finish(sim)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    return [lines for _ in range(teams)]


async def echo_reference(rounds: int = 200) -> tuple[float, float]:
    """p50 / p95 of a bare aiohttp WebSocket echo on 127.0.0.1, in ms."""
    async def echo(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        async for msg in ws:
            await ws.send_str(msg.data)
        return ws

    app = web.Application()
    app.router.add_get("/", echo)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    times = []
    async with aiohttp.ClientSession() as http, http.ws_connect(f"http://127.0.0.1:{port}/") as ws:
        for _ in range(rounds):
            start = time.perf_counter()
            await ws.send_str("x" * 64)
            await ws.receive()
            times.append(1000 * (time.perf_counter() - start))
    await runner.cleanup()
    return percentile(times, 0.5), percentile(times, 0.95)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


async def run(args: argparse.Namespace, folder: Path) -> None:
    env = dict(os.environ, PMSIM_DATA_DIR=str(folder / "data"))
    code = subprocess.run(
        [sys.executable, "-m", "pmsim", "workshop", "new", "--scenario", args.scenario,
         "--seed", "5", "--no-luck"], env=env, capture_output=True, text=True, check=True,
    ).stdout.split("Who has played: pmsim workshop show ", 1)[1].split()[0]
    logs = play_logs(args.scenario, 5, args.teams, folder)
    port = free_port()
    hub = start_hub(code, port, env)
    join, console = links_of(hub)
    token = console.rsplit("token=", 1)[1]
    received: dict[int, list[float]] = {}
    sent_at: dict[int, float] = {}

    injected: list[float] = []
    inject_sent: list[float] = []

    def on_command(team: int) -> Callable[[Command], None]:
        def heard(command: Command) -> None:
            if command.type == "message" and command.text.startswith("#"):
                received.setdefault(int(command.text[1:]), []).append(time.perf_counter())
            elif command.type == "inject":
                injected.append(time.perf_counter())
        return heard

    links = [HubLink(join, f"Team {i:02d}", folder / f"team{i}.jsonl", on_command(i))
             for i in range(args.teams)]
    tasks = [asyncio.ensure_future(link.run()) for link in links]
    total = sum(len(lines) for lines in logs)
    written = [0] * args.teams
    ended: dict[int, float] = {}
    verified: dict[int, float] = {}
    killed = False

    async def team(i: int) -> None:
        lines = logs[i]
        out = links[i].log_path
        out.write_text("", encoding="utf-8")
        while written[i] < len(lines):
            step = 1  # a week at a time: up to and with its advance
            while (written[i] + step < len(lines)
                   and '"advance"' not in lines[written[i] + step - 1]):
                step += 1
            with out.open("a", encoding="utf-8") as f:
                f.write("".join(lines[written[i]:written[i] + step]))
            written[i] += step
            if written[i] == len(lines):
                ended[i] = time.perf_counter()
            links[i].nudge()
            # teams play at different paces (half to one and a half times the pause), so
            # they finish at different times, as in a room
            await asyncio.sleep(args.week_pause * (0.5 + i / max(args.teams, 1)))

    async def broadcasts() -> None:
        while sum(link.connected for link in links) < args.teams and not ended:
            await asyncio.sleep(0.01)  # every game joined (or one is over already)
        async with aiohttp.ClientSession() as http:
            for b in range(args.broadcasts):
                await asyncio.sleep(0.05)
                sent_at[b] = time.perf_counter()
                try:
                    async with http.post(f"http://127.0.0.1:{port}/api/broadcast",
                                         json={"text": f"#{b}"},
                                         headers={"Authorization": f"Bearer {token}"}):
                        pass
                except aiohttp.ClientError:
                    del sent_at[b]  # the hub was down (--kill-at): not a delivery to count
            headers = {"Authorization": f"Bearer {token}"}
            async with http.get(f"http://127.0.0.1:{port}/api/injects",
                                headers=headers) as r:
                offer = await r.json()
            first = offer["catalogue"][0]["id"]  # for the last week: no game meets it
            inject_sent.append(time.perf_counter())
            async with http.post(f"http://127.0.0.1:{port}/api/inject", headers=headers,
                                 json={"inject": first, "week": offer["last_week"]}):
                pass

    async def watch() -> None:
        nonlocal hub, killed
        while len(verified) < args.teams:
            for i, link in enumerate(links):
                if i not in verified and link.recorded is not None:
                    verified[i] = time.perf_counter()
            if args.kill_at and not killed and sum(written) >= args.kill_at * total:
                killed = True
                hub.send_signal(signal.SIGKILL)
                hub.wait()
                hub = start_hub(code, port, env)
                links_of(hub)
            await asyncio.sleep(0.01)

    start = time.perf_counter()
    await asyncio.wait_for(asyncio.gather(*(team(i) for i in range(args.teams)),
                                          broadcasts(), watch()), timeout=600)
    wall = time.perf_counter() - start
    cpu, peak = cpu_and_memory(hub.pid)
    for link in links:
        link.stop()
    await asyncio.gather(*tasks, return_exceptions=True)
    hub.send_signal(signal.SIGINT)
    hub.wait(timeout=30)
    echo50, echo95 = await echo_reference()
    latencies = [1000 * (t - sent_at[b]) for b, times in received.items() for t in times
                 if b in sent_at]
    to_verified = [verified[i] - ended[i] for i in verified if i in ended]
    inject_ms = [1000 * (t - inject_sent[0]) for t in injected if inject_sent]
    hub_logs = sorted((folder / "data" / "hub").rglob("*.jsonl"))
    lost = [i for i, link in enumerate(links)
            if link.log_path.read_text(encoding="utf-8") != "".join(logs[i])]
    same = all(p.read_text(encoding="utf-8") == "".join(logs[0]) for p in hub_logs)
    print(f"{args.teams} teams, {args.scenario}, {total} log lines in {wall:.1f} s"
          f"{' (hub killed and restarted once)' if killed else ''}")
    print(f"hub (last process): CPU {cpu:.1f} s, peak memory {peak:.0f} MB")
    print(f"broadcast → every game: p50 {percentile(latencies, 0.5):.1f} ms, "
          f"p95 {percentile(latencies, 0.95):.1f} ms over {len(latencies)} deliveries "
          f"(expected {args.broadcasts * args.teams}); reference, bare WebSocket echo: "
          f"p50 {echo50:.2f} ms, p95 {echo95:.2f} ms")
    if inject_ms:
        print(f"inject → every game: p50 {percentile(inject_ms, 0.5):.1f} ms, p95 "
              f"{percentile(inject_ms, 0.95):.1f} ms over {len(inject_ms)} games connected")
    print(f"last line → verified row: p50 {statistics.median(to_verified):.2f} s, "
          f"p95 {percentile(to_verified, 0.95):.2f} s, max {max(to_verified):.2f} s")
    print(f"nothing lost: {not lost and same and len(hub_logs) == args.teams} "
          f"({len(hub_logs)} logs on the hub, all equal to the teams' own: {same}); "
          f"recorded {sum(1 for link in links if link.recorded is not None)}/{args.teams}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--teams", type=int, default=60)
    parser.add_argument("--scenario", default="portal-launch")
    parser.add_argument("--broadcasts", type=int, default=20)
    parser.add_argument("--week-pause", type=float, default=0.1)
    parser.add_argument("--kill-at", type=float, default=0.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pmsim-hub-load-") as tmp:
        asyncio.run(run(args, Path(tmp)))


if __name__ == "__main__":
    main()
