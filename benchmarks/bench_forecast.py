"""Benchmark: vectorised Monte Carlo forecast against the plain-Python loop.

Run from the project root:

    .venv/bin/python benchmarks/bench_forecast.py [--tasks 200] [--iterations 10000]

Builds a seeded random DAG (each task has 1-3 predecessors among the earlier
tasks), samples one ``(iterations, tasks)`` duration matrix, then times
``Network.finish_times`` (median of several runs after a warm-up) and the loop
reference on the same durations, checks that both give identical finishes, and
prints the timings and the speed-up. The full ``forecast_network`` (sampling
included) is timed too, for information, and so is the forecast of every built-in
scenario by the engine's rules (``forecast_scenario``, with and without the risk
register) and the in-game forecast at the start of a game.

Targets (2 cores): vectorised <= 150 ms, at least 20x faster than the loop.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "benchmarks"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from forecast_loop import finish_times_loop  # noqa: E402

from pmsim.engine.distributions import sample_three_point  # noqa: E402
from pmsim.engine.forecast import Network, forecast_network  # noqa: E402

TARGET_MS = 150.0
TARGET_SPEEDUP = 20.0


def random_dag(n_tasks: int, seed: int) -> tuple[Network, np.ndarray, np.ndarray, np.ndarray]:
    """A random task network and three-point durations (low, mode, high)."""
    rng = np.random.default_rng(seed)
    ids = [f"t{i:03d}" for i in range(n_tasks)]
    preds: list[list[str]] = [[]]
    for i in range(1, n_tasks):
        count = int(rng.integers(1, 4))
        chosen = rng.choice(i, size=min(count, i), replace=False)
        preds.append([ids[int(p)] for p in sorted(chosen)])
    low = rng.uniform(1.0, 5.0, n_tasks)
    mode = low + rng.uniform(0.0, 5.0, n_tasks)
    high = mode + rng.uniform(0.0, 10.0, n_tasks)
    return Network(ids, preds), low, mode, high


def _time_ms(fn: Callable[[], object], repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000.0)
    return times


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit status 1 if the results disagree."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=200)
    parser.add_argument("--iterations", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--loop-runs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=12345)
    args = parser.parse_args(argv)

    network, low, mode, high = random_dag(args.tasks, args.seed)
    rng = np.random.default_rng(args.seed + 1)
    durations = sample_three_point(rng, low, mode, high, "pert", size=args.iterations)

    network.finish_times(durations)  # warm-up
    vec_ms = statistics.median(_time_ms(lambda: network.finish_times(durations), args.runs))
    finish_vec, crit_vec = network.finish_times(durations)

    loop_times = _time_ms(lambda: finish_times_loop(network, durations), args.loop_runs)
    loop_ms = min(loop_times)
    finish_loop, crit_loop = finish_times_loop(network, durations)

    def full() -> None:
        forecast_network(
            network,
            low,
            mode,
            high,
            iterations=args.iterations,
            rng=np.random.default_rng(0),
            deadline_days=100.0,
        )

    full()
    full_ms = statistics.median(_time_ms(full, max(3, args.runs // 2)))

    identical = np.array_equal(finish_vec, finish_loop) and np.array_equal(crit_vec, crit_loop)
    speedup = loop_ms / vec_ms
    print(
        f"network: {args.tasks} tasks, {sum(map(len, network.preds))} edges; "
        f"{args.iterations} iterations"
    )
    print(f"vectorised finish_times (median of {args.runs}): {vec_ms:8.1f} ms")
    print(f"python loop (best of {args.loop_runs}):            {loop_ms:8.1f} ms")
    print(f"speed-up:                                  {speedup:8.1f} x")
    print(f"forecast_network incl. PERT sampling:      {full_ms:8.1f} ms")
    print(f"identical finishes and critical masks:     {identical}")
    ok_time = vec_ms <= TARGET_MS
    ok_speed = speedup >= TARGET_SPEEDUP
    print(
        f"targets: <= {TARGET_MS:.0f} ms {'met' if ok_time else 'MISSED'}, "
        f">= {TARGET_SPEEDUP:.0f}x {'met' if ok_speed else 'MISSED'}"
    )
    bench_scenarios(args.runs)
    return 0 if identical else 1


def bench_scenarios(runs: int) -> None:
    """`pmsim forecast` on every built-in scenario (the engine's rules: the plan played
    with people's time shared, then 10,000 iterations), with and without the risk
    register, and one in-game forecast of each at the start of a game (300 iterations,
    a fresh game each time so nothing is cached): medians in ms."""
    from pmsim.engine.forecast import forecast_scenario
    from pmsim.engine.outlook import in_game_forecast
    from pmsim.engine.simulation import Simulation
    from pmsim.scenario import builtin_paths, load_scenario

    print("built-in scenarios: pmsim forecast (10,000 iterations) / --risks / in game")
    for name in sorted(builtin_paths()):
        scenario = load_scenario(name)
        plain = statistics.median(_time_ms(
            lambda s=scenario: forecast_scenario(s, iterations=10_000), runs))
        risky = statistics.median(_time_ms(
            lambda s=scenario: forecast_scenario(s, iterations=10_000, risks=True), runs))
        sims = [Simulation(scenario, seed) for seed in range(runs)]
        game = statistics.median([_time_ms(lambda g=g: in_game_forecast(g), 1)[0]
                                  for g in sims])
        print(f"  {name:18} {plain:7.1f} ms  {risky:7.1f} ms  {game:6.2f} ms")


if __name__ == "__main__":
    raise SystemExit(main())
