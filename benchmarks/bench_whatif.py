"""Benchmark: the latency of a what-if preview, beside a bare SimPy loop in the same run.

Run by hand from the project root (never from the tests):

    .venv/bin/python benchmarks/bench_whatif.py [--scenario portal-launch] [--seed 3]
        [--week 3] [--futures 30] [--workers 2] [--repeats 3]

Plays the cautious bot to the start of `--week`, then times `pmsim.whatif.what_if` for
hiring the first candidate in the pool (or, with none, 44-hour weeks): in this process,
and on a pool of `--workers` local processes already started (as a session keeps one).
Prints the median wall time of each to the first futures the game shows
(`FIRST_FUTURES` each way, while the rest play) and to the whole preview, the games
played per second, and the time a bare
SimPy environment takes for 10,000 events in the same run: machines differ by 3× or
more, so compare the ratio, not the seconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_engine import bare_simpy_ms  # noqa: E402

from pmsim.engine import decisions as d  # noqa: E402
from pmsim.engine.simulation import Simulation  # noqa: E402
from pmsim.executors import LocalPool  # noqa: E402
from pmsim.policies import get_policy, take_turn  # noqa: E402
from pmsim.scenario import load_scenario  # noqa: E402
from pmsim.tui.dialogs.confirm import FIRST_FUTURES  # noqa: E402
from pmsim.whatif import what_if  # noqa: E402

REFERENCE_EVENTS = 10_000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", default="portal-launch")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--week", type=int, default=3)
    parser.add_argument("--futures", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    scenario = load_scenario(args.scenario)
    sim = Simulation(scenario, args.seed)
    bot = get_policy("cautious")
    while sim.week < args.week or sim.week_started:
        take_turn(sim, bot)
    view = sim.view()
    decision: d.Decision = (d.Hire(view.candidates[0].id) if view.candidates
                            else d.SetOvertime(1.1))
    games = 2 * args.futures
    print(f"{args.scenario} seed {args.seed}, week {args.week}: {decision.to_dict()}, "
          f"{args.futures} futures each way ({games} games); load average "
          f"{os.getloadavg()[0]:.2f}")
    ref_wall, _ = bare_simpy_ms(REFERENCE_EVENTS)
    print(f"  reference: bare SimPy, {REFERENCE_EVENTS:,} events: {ref_wall:.1f} ms")

    def timed(executor: LocalPool | None) -> tuple[float, float]:
        """Median seconds to the first futures shown and to the whole preview."""
        runs, firsts = [], []
        for _ in range(args.repeats):
            start = time.perf_counter()
            first: list[float] = []

            def seen(_: object, first: list[float] = first, start: float = start) -> None:
                first.append(time.perf_counter() - start)

            shown = (FIRST_FUTURES, seen)
            what_if(scenario, args.seed, sim.actions, decision, args.futures,
                    executor=executor, on_partial=shown)
            runs.append(time.perf_counter() - start)
            firsts.append(first[0] if first else runs[-1])
        return statistics.median(firsts), statistics.median(runs)

    def report(where: str, first: float, whole: float) -> None:
        print(f"  {where:<22} first {FIRST_FUTURES} futures each way shown after "
              f"{first * 1000:5.0f} ms ({first * 1000 / ref_wall:.0f}× the reference); "
              f"all after {whole * 1000:5.0f} ms ({games / whole:.0f} games/s; "
              f"{whole * 1000 / ref_wall:.0f}×)")

    report("in this process:", *timed(None))
    with LocalPool(args.workers) as pool:
        what_if(scenario, args.seed, sim.actions, decision, 1, executor=pool)  # warm up
        report(f"on {args.workers} warm processes:", *timed(pool))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
