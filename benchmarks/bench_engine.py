"""Benchmark: one game, a batch of games, and the Monte Carlo forecast.

Run by hand from the project root (never from the tests):

    .venv/bin/python benchmarks/bench_engine.py            # everything, ~2 minutes
    .venv/bin/python benchmarks/bench_engine.py --batch 200 --games 20   # quicker

(a) The median wall time of one full game of the default scenario played by the
    cautious bot (after a warm-up), and the engine's overhead as a ratio to bare
    SimPy: the events one game processes are counted (every ``env.step``), then a bare
    ``simpy.Environment`` with a few processes looping on timeouts processes the same
    number of events, timed in the same run.
(b) A batch of games (default 1000) with the cautious bot at ``jobs=1`` and
    ``jobs=2``, through `pmsim.batch.run_batch` (process start-up included), the
    speed-up, and a check that both give the same results.
(c) The forecast of a 200-task synthetic network at 10,000 iterations (the network of
    ``benchmarks/bench_forecast.py``), vectorised against the plain-Python loop version
    of the same computation, on the same sampled durations.

``--profile N`` also prints where the time of N games goes (cProfile).

Targets on a 2-core machine: median game <= 50 ms; batch speed-up >= 1.6x; forecast
<= 150 ms and >= 20x faster than the loop.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import simpy

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "benchmarks"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from bench_forecast import random_dag  # noqa: E402
from forecast_loop import finish_times_loop, forecast_network_loop  # noqa: E402

from pmsim.batch import run_batch  # noqa: E402
from pmsim.engine.distributions import sample_three_point  # noqa: E402
from pmsim.engine.forecast import forecast_network  # noqa: E402
from pmsim.engine.simulation import Simulation  # noqa: E402
from pmsim.policies import get_policy, play_game  # noqa: E402
from pmsim.scenario import DEFAULT_SCENARIO, Scenario, load_scenario  # noqa: E402

TARGET_GAME_MS = 50.0
TARGET_SPEEDUP = 1.6
TARGET_FORECAST_MS = 150.0
TARGET_FORECAST_SPEEDUP = 20.0
POLICY = "cautious"
BARE_PROCESSES = 5
"""Processes in the bare SimPy comparison, each looping on `env.timeout`."""


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def _ms(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000.0


# ---------------------------------------------------------------- (a) one game
def count_events(scenario: Scenario, seed: int) -> int:
    """Events (SimPy steps) one game of the cautious bot processes."""
    counter = [0]

    def on_start(sim: Simulation) -> None:
        env = sim.env
        step = env.step

        def counting_step() -> None:
            counter[0] += 1
            step()

        env.step = counting_step  # type: ignore[method-assign]

    play_game(scenario, seed, get_policy(POLICY), on_start=on_start)
    return counter[0]


def bare_simpy_ms(events: int, repeats: int = 7) -> tuple[float, float]:
    """Median wall and CPU time for a bare SimPy environment to process ``events``
    events."""

    def ticker(env: simpy.Environment, period: float):  # type: ignore[no-untyped-def]
        while True:
            yield env.timeout(period)

    def once() -> None:
        env = simpy.Environment()
        for i in range(BARE_PROCESSES):
            env.process(ticker(env, 1.0 + 0.1 * i))
        step = env.step
        for _ in range(events):
            step()

    once()
    wall, cpu = [], []
    for _ in range(repeats):
        c0 = time.process_time()
        wall.append(_ms(once))
        cpu.append((time.process_time() - c0) * 1000.0)
    return statistics.median(wall), statistics.median(cpu)


def bench_game(scenario: Scenario, games: int) -> dict[str, float]:
    """Time `games` games (seeds 0..games-1) after a warm-up; compare with bare SimPy."""
    for seed in range(2):  # warm-up: imports, the cached baseline, allocator
        play_game(scenario, 10_000 + seed, get_policy(POLICY))
    times, cpu_times = [], []
    for seed in range(games):
        c0, t0 = time.process_time(), time.perf_counter()
        play_game(scenario, seed, get_policy(POLICY))
        times.append((time.perf_counter() - t0) * 1000.0)
        cpu_times.append((time.process_time() - c0) * 1000.0)
    events = [count_events(scenario, seed) for seed in range(games)]
    median_ms = statistics.median(times)
    median_events = int(statistics.median(events))
    bare_ms, bare_cpu_ms = bare_simpy_ms(median_events)
    median_cpu_ms = statistics.median(cpu_times)
    return {
        "median_ms": median_ms,
        "median_cpu_ms": median_cpu_ms,
        "min_ms": min(times),
        "max_ms": max(times),
        "median_events": median_events,
        "min_events": min(events),
        "max_events": max(events),
        "bare_ms": bare_ms,
        "ratio": median_ms / bare_ms if bare_ms > 0 else float("inf"),
        "cpu_ratio": median_cpu_ms / bare_cpu_ms if bare_cpu_ms > 0 else float("inf"),
    }


def profile_games(scenario: Scenario, games: int, top: int) -> str:
    """cProfile of `games` games: the top functions by own time and by cumulative time."""
    profiler = cProfile.Profile()
    profiler.enable()
    for seed in range(games):
        play_game(scenario, seed, get_policy(POLICY))
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    out.write(f"--- by own time (tottime), {games} games ---\n")
    stats.sort_stats("tottime").print_stats(top)
    out.write(f"--- by cumulative time, {games} games ---\n")
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


# ---------------------------------------------------------------- (b) a batch
def _children_cpu_s() -> float:
    """CPU seconds used by finished child processes (0 where unsupported)."""
    try:
        import resource
    except ImportError:
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bench_batch(runs: int, jobs: int) -> dict[str, float | bool]:
    """Time the batch sequentially and with `jobs` workers, and count the CPU time each
    used: if the workers together use about the sequential CPU time, the pool costs
    little and a poor speed-up means the cores were busy with other work."""
    c0, t0 = time.process_time(), time.perf_counter()
    sequential = run_batch(DEFAULT_SCENARIO, POLICY, 0, runs, jobs=1)
    seq_s, seq_cpu = time.perf_counter() - t0, time.process_time() - c0
    k0, c0, t0 = _children_cpu_s(), time.process_time(), time.perf_counter()
    parallel = run_batch(DEFAULT_SCENARIO, POLICY, 0, runs, jobs=jobs)
    par_s, parent_cpu = time.perf_counter() - t0, time.process_time() - c0
    workers_cpu = _children_cpu_s() - k0
    return {
        "seq_s": seq_s,
        "par_s": par_s,
        "speedup": seq_s / par_s,
        "seq_cpu": seq_cpu,
        "workers_cpu": workers_cpu,
        "parent_cpu": parent_cpu,
        "identical": sequential.to_json() == parallel.to_json(),
    }


# ---------------------------------------------------------------- (c) the forecast
def bench_forecast(tasks: int, iterations: int, seed: int = 12345) -> dict[str, float | bool]:
    """The full forecast (sampling, CPM passes, statistics), vectorised vs loop."""
    network, low, mode, high = random_dag(tasks, seed)
    deadline = float(np.sum(mode)) / 4.0

    def vectorised():  # type: ignore[no-untyped-def]
        return forecast_network(network, low, mode, high, iterations=iterations,
                                rng=np.random.default_rng(seed), deadline_days=deadline)

    def loop():  # type: ignore[no-untyped-def]
        return forecast_network_loop(network, low, mode, high, iterations=iterations,
                                     rng=np.random.default_rng(seed), deadline_days=deadline)

    vectorised()  # warm-up
    vec_ms = statistics.median(_ms(vectorised) for _ in range(7))
    loop_ms = _ms(loop)
    same = vectorised() == loop()

    # the CPM passes alone, on one duration matrix (what bench_forecast.py times)
    durations = sample_three_point(np.random.default_rng(seed + 1), low, mode, high, "pert",
                                   size=iterations)
    network.finish_times(durations)
    passes_ms = statistics.median(_ms(lambda: network.finish_times(durations))
                                  for _ in range(7))
    passes_loop_ms = _ms(lambda: finish_times_loop(network, durations))
    return {
        "vec_ms": vec_ms,
        "loop_ms": loop_ms,
        "speedup": loop_ms / vec_ms,
        "identical": same,
        "passes_ms": passes_ms,
        "passes_loop_ms": passes_loop_ms,
    }


# ---------------------------------------------------------------- main
def _print_load(when: str) -> None:
    """The load average: timings mean little when other work shares the cores."""
    if not hasattr(os, "getloadavg"):
        return
    one, five, _ = os.getloadavg()
    busy = one > 0.5
    print(f"load average {when}: {one:.2f} (1 min), {five:.2f} (5 min)"
          + ("  -- the machine is busy; figures will be pessimistic" if busy else ""))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks and print the figures against the targets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=30,
                        help="games timed for (a), at least 20 for the target (default 30)")
    parser.add_argument("--batch", type=int, default=1000,
                        help="games in the batch of (b); 0 skips it (default 1000)")
    parser.add_argument("--jobs", type=int, default=2,
                        help="workers of the parallel batch (default 2)")
    parser.add_argument("--tasks", type=int, default=200, help="forecast network size")
    parser.add_argument("--iterations", type=int, default=10_000,
                        help="forecast iterations; 0 skips (c) (default 10,000)")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="also print a cProfile of N games")
    parser.add_argument("--top", type=int, default=25, help="rows of the profile")
    args = parser.parse_args(argv)

    print(f"python {platform.python_version()}, numpy {np.__version__}, simpy "
          f"{simpy.__version__}, {os.cpu_count()} CPU(s), {platform.machine()}")
    _print_load("before")
    scenario = load_scenario(DEFAULT_SCENARIO)
    ok = True

    g = bench_game(scenario, args.games)
    print(f"\n(a) one game of {DEFAULT_SCENARIO}, {POLICY} bot, {args.games} games")
    print(f"    median {g['median_ms']:.1f} ms (min {g['min_ms']:.1f}, max {g['max_ms']:.1f})"
          f"   target <= {TARGET_GAME_MS:.0f} ms: {_verdict(g['median_ms'] <= TARGET_GAME_MS)}")
    print(f"    median CPU time {g['median_cpu_ms']:.1f} ms (less sensitive to other load)")
    print(f"    SimPy events per game: median {g['median_events']} "
          f"(min {g['min_events']}, max {g['max_events']})")
    print(f"    bare SimPy, {g['median_events']} events in {BARE_PROCESSES} processes: "
          f"{g['bare_ms']:.2f} ms")
    print(f"    engine overhead: {g['ratio']:.0f}x bare SimPy for the same number of events "
          f"(CPU time: {g['cpu_ratio']:.0f}x)")
    ok &= g["median_ms"] <= TARGET_GAME_MS

    if args.batch > 0:
        b = bench_batch(args.batch, args.jobs)
        print(f"\n(b) batch of {args.batch} games, {POLICY} bot")
        print(f"    jobs 1: {b['seq_s']:.1f} s   jobs {args.jobs}: {b['par_s']:.1f} s   "
              f"speed-up {b['speedup']:.2f}x   target >= {TARGET_SPEEDUP}x: "
              f"{_verdict(b['speedup'] >= TARGET_SPEEDUP)}")
        print(f"    CPU time: sequential {b['seq_cpu']:.1f} s; parallel {b['workers_cpu']:.1f} s "
              f"in the workers (start-up included) + {b['parent_cpu']:.1f} s in the parent")
        _print_load("after the batch")
        print(f"    identical results: {b['identical']}")
        ok &= b["speedup"] >= TARGET_SPEEDUP and bool(b["identical"])

    if args.iterations > 0:
        f = bench_forecast(args.tasks, args.iterations)
        passes_speedup = f["passes_loop_ms"] / f["passes_ms"]
        print(f"\n(c) forecast, {args.tasks}-task network, {args.iterations:,} iterations")
        print(f"    whole forecast (PERT sampling + CPM passes + statistics): vectorised "
              f"{f['vec_ms']:.1f} ms, loop version {f['loop_ms']:.0f} ms ({f['speedup']:.0f}x;"
              " both sample the same way)")
        print(f"    CPM passes alone, same draws: vectorised {f['passes_ms']:.1f} ms, loop "
              f"{f['passes_loop_ms']:.0f} ms, speed-up {passes_speedup:.0f}x")
        print(f"    identical results: {f['identical']}")
        ok_ms = f["vec_ms"] <= TARGET_FORECAST_MS
        ok_speed = passes_speedup >= TARGET_FORECAST_SPEEDUP
        print(f"    whole forecast <= {TARGET_FORECAST_MS:.0f} ms: {_verdict(ok_ms)}; "
              f"CPM passes >= {TARGET_FORECAST_SPEEDUP:.0f}x the loop: {_verdict(ok_speed)}")
        f_ok = ok_ms and ok_speed
        ok &= f_ok and bool(f["identical"])

    if args.profile > 0:
        print()
        print(profile_games(scenario, args.profile, args.top))

    _print_load("after")
    print(f"\nall targets {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
