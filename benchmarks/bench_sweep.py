"""Benchmark: one sensitivity sweep on the local process pool and on a Dask LocalCluster.

Run by hand from the project root (never from the tests):

    .venv/bin/python benchmarks/bench_sweep.py [--scenario portal-launch] [--runs 50]
        [--workers 2] [--param model.fatigue_loss=0.2:0.6:3 ...]

Plays the same sweep (`pmsim.sweep.sweep`) twice: on a pool of `--workers` local
processes (the reference) and on a Dask LocalCluster of `--workers` processes (its start
included), prints the wall time of each and their ratio, and checks that both give the
same results (exit 1 if not). Needs the dask extra (`pip install 'pmsim[dask]'`).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pmsim.executors import DaskCluster, LocalPool  # noqa: E402
from pmsim.scenario.overrides import parse_param  # noqa: E402
from pmsim.sweep import sweep  # noqa: E402

DEFAULT_PARAMS = ["model.fatigue_loss=0.2:0.6:3", "model.right_first_time=0.8:0.95:3"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", default="portal-launch")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--param", action="append", default=[])
    args = parser.parse_args()
    params = [parse_param(p) for p in (args.param or DEFAULT_PARAMS)]
    load = os.getloadavg()[0]
    print(f"{args.scenario}: {len(params)} parameters, {args.runs} seeds, {args.workers} "
          f"workers; load average before {load:.2f}")
    timings = {}
    results = {}
    for name, make in (("process pool", lambda: LocalPool(args.workers)),
                       ("Dask LocalCluster", lambda: DaskCluster(workers=args.workers))):
        start = time.perf_counter()
        executor = make()
        try:
            results[name] = sweep(args.scenario, params, runs=args.runs, jobs=args.workers,
                                  executor=executor).to_json()
        finally:
            executor.close()
        timings[name] = time.perf_counter() - start
        print(f"  {name:18s} {timings[name]:7.1f} s (workers' start included)")
    same = results["process pool"] == results["Dask LocalCluster"]
    print(f"  Dask / pool: {timings['Dask LocalCluster'] / timings['process pool']:.2f}x; "
          f"results {'identical' if same else 'DIFFER'}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
