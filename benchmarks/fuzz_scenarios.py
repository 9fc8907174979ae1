"""Fuzz the built-in scenarios by hand: thousands of mechanical mutations, with a summary.

    .venv/bin/python benchmarks/fuzz_scenarios.py                  # 2000 per file, 2 jobs
    .venv/bin/python benchmarks/fuzz_scenarios.py --count 500 --jobs 1
    .venv/bin/python benchmarks/fuzz_scenarios.py --show portal-launch:227
    .venv/bin/python benchmarks/fuzz_scenarios.py --show portal-launch:227 --write /tmp/m.toml

Each mutation (the same generator as `tests/test_mutations.py`, whose suite runs the
first few hundred numbers) must be refused by the validator with a clean message, or
validate and then play to the end under every policy. The summary counts refused /
played / failed per mutation kind, groups failures by where they break, and lists
each failing mutation by `scenario:number`, which `--show` reproduces in full.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1] / "tests"
sys.path.insert(0, str(TESTS))

import test_mutations as tm  # noqa: E402  (needs the tests folder on the path)


def run_one(args: tuple[str, int, bool, bool]) -> tuple[str, int, str, str, str]:
    """(scenario, index, kind, verdict, failure report) for one mutation."""
    file, index, cli, second_seed = args
    m = tm.make_mutation(Path(file), index)
    with tempfile.TemporaryDirectory(prefix="pmsim-fuzz-") as tmp:
        try:
            verdict = tm.check_mutation(m, Path(tmp), cli=cli, second_seed=second_seed)
            return m.scenario, index, m.kind, verdict, ""
        except tm.Failure as exc:
            return m.scenario, index, m.kind, "failed", str(exc)


def signature(report: str) -> str:
    """What a failure has in common with others of the same root cause: the kind of
    breakage and the innermost pmsim frame of its traceback."""
    lines = report.splitlines()
    what = next((ln for ln in lines if ln.startswith("what went wrong:")), "")
    head = what.split(": ", 2)[-1] if what.count(":") >= 2 else what
    frames = [ln.strip() for ln in lines if ln.strip().startswith('File "') and "pmsim" in ln]
    where = frames[-1] if frames else ""
    if where:
        where = where.split("pmsim/", 1)[-1]
    exc_line = lines[-1] if frames else ""
    cause = exc_line.split(":", 1)[0] if exc_line else ""
    if "score" in head and "outside" in head:
        head = "score outside [0, 1000]"
    elif "hang" in head:
        head = "hang"
    return f"{cause or head[:90]} @ {where}" if where else head[:120]


def show(spec: str, write: Path | None) -> int:
    """Print one mutation in full: description, diff and the check's verdict."""
    stem, _, number = spec.partition(":")
    path = tm.SCENARIOS_DIR / f"{stem}.toml"
    if not path.is_file() or not number.isdigit():
        print(f"--show wants SCENARIO:NUMBER with a file in {tm.SCENARIOS_DIR}, got {spec!r}",
              file=sys.stderr)
        return 2
    m = tm.make_mutation(path, int(number))
    print(f"mutation {m.scenario}:{m.index} [{m.kind}]: {m.description}\n{m.diff(200)}\n")
    if write:
        write.write_bytes(m.content)
        print(f"written to {write}; try: .venv/bin/pmsim validate {write}\n")
    _, _, _, verdict, report = run_one((str(path), m.index, True, True))
    print(f"verdict: {verdict}")
    if report:
        print(report)
    return 1 if verdict == "failed" else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=2000, help="mutations per scenario file")
    parser.add_argument("--start", type=int, default=0, help="first mutation number")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes")
    parser.add_argument("--cli-every", type=int, default=10,
                        help="also run `pmsim validate` on every n-th mutation")
    parser.add_argument("--second-seed-every", type=int, default=4,
                        help="also play seed 1 for every n-th mutation that validates")
    parser.add_argument("--show", metavar="SCENARIO:N", help="reproduce one mutation in full")
    parser.add_argument("--write", type=Path, metavar="FILE",
                        help="with --show: write the mutated file here")
    args = parser.parse_args(argv)
    if args.show:
        return show(args.show, args.write)

    files = tm.SCENARIO_FILES
    jobs = [(str(f), i, i % args.cli_every == 0, i % args.second_seed_every == 0)
            for f in files for i in range(args.start, args.start + args.count)]
    print(f"{len(jobs)} mutations of {len(files)} file(s) "
          f"({', '.join(f.stem for f in files)}), {args.jobs} job(s)")
    started = time.perf_counter()
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            results = list(pool.map(run_one, jobs, chunksize=8))
    else:
        results = [run_one(j) for j in jobs]
    elapsed = time.perf_counter() - started

    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    totals: Counter[str] = Counter()
    groups: dict[str, list[tuple[str, int, str, str]]] = defaultdict(list)
    for scenario, index, kind, verdict, report in results:
        by_kind[kind][verdict] += 1
        totals[verdict] += 1
        if verdict == "failed":
            groups[signature(report)].append((scenario, index, kind, report))

    print(f"\n{'kind':<16}{'refused':>9}{'played':>9}{'failed':>9}")
    for kind in sorted(by_kind):
        c = by_kind[kind]
        print(f"{kind:<16}{c['refused']:>9}{c['played']:>9}{c['failed']:>9}")
    print(f"{'total':<16}{totals['refused']:>9}{totals['played']:>9}{totals['failed']:>9}")
    print(f"\n{len(results)} mutations in {elapsed:.1f} s "
          f"({1000 * elapsed / max(1, len(results)):.0f} ms each, {args.jobs} job(s))")

    if groups:
        print(f"\n{totals['failed']} failure(s) in {len(groups)} group(s):")
        for sig, items in sorted(groups.items(), key=lambda kv: -len(kv[1])):
            names = ", ".join(f"{s}:{i}" for s, i, _, _ in items[:12])
            more = f" (+{len(items) - 12} more)" if len(items) > 12 else ""
            print(f"\n== {len(items)} × {sig}\n   {names}{more}")
            first = items[0][3].splitlines()
            print("   first: " + "\n   ".join(first[:3]))
    else:
        print("\nno failures")
    return 1 if groups else 0


if __name__ == "__main__":
    raise SystemExit(main())
