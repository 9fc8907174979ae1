"""Benchmark: how quickly the Textual game answers.

Run by hand from the project root (never from the tests):

    .venv/bin/python benchmarks/bench_tui.py [--games 3] [--launches 5] [--size 80x24]

(a) Launch to the first screen: a fresh interpreter (`python -c`) imports the game,
    builds the app with `make_app` and runs it headless; the time from spawning the
    process to the moment the start screen has been painted (measured by the child
    against the parent's clock, so interpreter start-up and imports count). Median
    over --launches runs.
(b) End week: whole games of the default scenario driven by Pilot key presses, as a
    player plays them: `e` opens the end-of-week summary, `enter` plays the week, each
    request is answered with its default. Timed inside the app, from the key that plays
    the week to the moment the updated dashboard has been painted (the refresh after
    the engine's `advance` and the re-render of every view). Weeks interrupted by a
    request dialog are left out (the player is thinking there), and so is the time
    from `e` to the summary dialog, reported separately.

Games are saved under a temporary PMSIM_DATA_DIR, removed afterwards.

Targets on a 2-core machine: end week <= 100 ms (median); launch <= 1.5 s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import sys, time
from pmsim.tui import make_app
from pmsim.tui.screens.start import StartScreen

started = float(sys.argv[1])

async def main():
    app = make_app(seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        while not isinstance(app.screen, StartScreen):
            await pilot.pause(0.001)
        painted = []
        app.screen.call_after_refresh(lambda: painted.append(time.time()))
        while not painted:
            await pilot.pause(0.001)
        print(painted[0] - started)

import asyncio
asyncio.run(main())
"""


def launch_times(runs: int) -> list[float]:
    """Seconds from spawning a fresh interpreter to the painted start screen."""
    times = []
    for _ in range(runs):
        started = time.time()
        out = subprocess.run([sys.executable, "-c", CHILD, repr(started)], check=True,
                             capture_output=True, text=True)
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return times


async def play_one(seed: int, size: tuple[int, int]) -> tuple[list[float], list[float]]:
    """One whole game by keys; (end-week latencies, summary-dialog latencies) in s."""
    from pmsim.tui import make_app
    from pmsim.tui.dialogs.end_week import EndWeekDialog
    from pmsim.tui.dialogs.request import RequestDialog
    from pmsim.tui.dialogs.tips import TipsDialog
    from pmsim.tui.screens.dashboard import DashboardScreen
    from pmsim.tui.screens.debrief import DebriefScreen

    week_times: list[float] = []
    dialog_times: list[float] = []
    clock: dict[str, float | bool] = {}

    original_confirm = EndWeekDialog.action_confirm
    original_done = DashboardScreen._week_done
    original_mount = EndWeekDialog.on_mount if hasattr(EndWeekDialog, "on_mount") else None
    original_request_mount = RequestDialog.on_mount

    def confirm(self: EndWeekDialog) -> None:
        clock["t0"], clock["interrupted"] = time.perf_counter(), False
        original_confirm(self)

    def request_mount(self: RequestDialog) -> None:
        clock["interrupted"] = True
        original_request_mount(self)

    def done(self: DashboardScreen, quiet: bool = False) -> None:
        original_done(self, quiet)
        if "t0" in clock and not clock.get("interrupted"):
            t0 = float(clock.pop("t0"))
            self.call_after_refresh(lambda: week_times.append(time.perf_counter() - t0))
        clock.pop("t0", None)

    def dialog_mount(self: EndWeekDialog) -> None:
        if original_mount is not None:
            original_mount(self)
        if "e" in clock:
            t_e = float(clock.pop("e"))
            self.call_after_refresh(lambda: dialog_times.append(time.perf_counter() - t_e))

    EndWeekDialog.action_confirm = confirm  # type: ignore[method-assign]
    DashboardScreen._week_done = done  # type: ignore[method-assign]
    EndWeekDialog.on_mount = dialog_mount  # type: ignore[method-assign]
    RequestDialog.on_mount = request_mount  # type: ignore[method-assign]
    try:
        app = make_app(seed=seed)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await pilot.press("enter", "enter")
            await pilot.pause()
            for _ in range(1000):
                screen = app.screen
                if isinstance(screen, DebriefScreen):
                    break
                if isinstance(screen, RequestDialog | EndWeekDialog | TipsDialog):
                    await pilot.press("enter")
                else:
                    clock["e"] = time.perf_counter()
                    await pilot.press("e")
                for _ in range(3):
                    await pilot.pause()
            assert isinstance(app.screen, DebriefScreen), "the game did not end"
    finally:
        EndWeekDialog.action_confirm = original_confirm  # type: ignore[method-assign]
        DashboardScreen._week_done = original_done  # type: ignore[method-assign]
        RequestDialog.on_mount = original_request_mount  # type: ignore[method-assign]
        if original_mount is not None:
            EndWeekDialog.on_mount = original_mount  # type: ignore[method-assign]
        else:
            del EndWeekDialog.on_mount
    return week_times, dialog_times


def ms(x: float) -> str:
    return f"{x * 1000:.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--games", type=int, default=3, help="whole games (default 3)")
    parser.add_argument("--launches", type=int, default=5, help="launches (default 5)")
    parser.add_argument("--size", default="80x24", help="terminal size (default 80x24)")
    args = parser.parse_args()
    width, height = (int(x) for x in args.size.lower().split("x"))

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PMSIM_DATA_DIR"] = tmp
        print(f"Python {platform.python_version()} on {platform.machine()}, "
              f"{os.cpu_count()} CPUs; terminal {width}x{height} (headless)")

        launches = launch_times(args.launches)
        print(f"(a) launch to first screen: median {ms(statistics.median(launches))} "
              f"(min {ms(min(launches))}, max {ms(max(launches))}, {len(launches)} runs)"
              "  target <= 1500 ms")

        weeks: list[float] = []
        dialogs: list[float] = []
        for seed in range(1, args.games + 1):
            w, d = asyncio.run(play_one(seed, (width, height)))
            weeks += w
            dialogs += d
        weeks.sort()
        p90 = weeks[int(0.9 * (len(weeks) - 1))]
        print(f"(b) end week, key to updated dashboard: median "
              f"{ms(statistics.median(weeks))} (p90 {ms(p90)}, max {ms(max(weeks))}, "
              f"{len(weeks)} weeks over {args.games} games)  target <= 100 ms")
        print(f"    e to the end-of-week summary: median {ms(statistics.median(dialogs))} "
              f"({len(dialogs)} times)")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    raise SystemExit(main())
