"""Calibrate every built-in scenario and refresh the tables in the facilitator guides.

Run by hand (it takes minutes, never part of the tests):

    .venv/bin/python benchmarks/calibrate_all.py [--runs 500] [--jobs 2] [ID ...]

For each scenario it runs `pmsim calibrate`'s library call (the bots, then the
adversarial suite on the same seeds), prints the verdict, and rewrites the block
between `<!-- calibration:start -->` and `<!-- calibration:end -->` in
`docs/scenarios/<id>.md` (the block is added at the end if missing): the bots' table,
the suite's table (policy, mean against cautious, seeds won) and the verdict. Exit
status 1 if any scenario is not balanced. `--no-adversarial` leaves the suite out;
`--no-write` prints without touching the guides.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from guide_blocks import guide_path, replace_block

from pmsim.calibrate import ADVERSARY_TIE_POINTS, ADVERSARY_WIN_SHARE, Calibration, calibrate
from pmsim.scenario import builtin_paths
from pmsim.scoring import DIMENSIONS
from pmsim.wording import count

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- calibration:start -->", "<!-- calibration:end -->"


def table(result: Calibration) -> str:
    """The calibration block of a facilitator guide, in Markdown."""
    lines = [
        START,
        f"Calibration over {result.runs} seeds ({result.seed}–{result.seed + result.runs - 1}), "
        "every bot on the same seeds (`pmsim calibrate "
        f"{result.scenario} --runs {result.runs}`):",
        "",
        "| bot | mean | sd | P10 | P50 | P90 | on time | on budget | "
        + " | ".join(DIMENSIONS) + " |",
        "|---|" + "---:|" * (7 + len(DIMENSIONS)),
    ]
    for name, batch in result.batches.items():
        s = batch.summary
        dims = batch.dimension_means()
        lines.append(
            f"| {name} | {s.score_mean:.0f} | {s.score_sd:.0f} | {s.score_p10:.0f} | "
            f"{s.score_p50:.0f} | {s.score_p90:.0f} | {s.on_time_rate:.0%} | "
            f"{s.on_budget_rate:.0%} | " + " | ".join(f"{dims[d]:.0f}" for d in DIMENSIONS)
            + " |"
        )
    lines += suite_table(result)
    lines += [
        "",
        f"Luck spread (sd of the cautious bot across seeds): {result.luck_spread:.0f} points. "
        f"Skill spread (cautious over the better of passive and reckless): "
        f"{result.skill_spread:.0f} points.",
        "",
        f"**Verdict:** {result.verdict()}",
        END,
    ]
    return "\n".join(lines)


def suite_table(result: Calibration) -> list[str]:
    """The adversarial suite against the cautious bot, worst first (no lines when the
    suite was not played)."""
    if not result.adversaries:
        return []
    lines = [
        "",
        f"The adversarial suite ({len(result.adversaries)} degenerate strategies: the "
        "cautious bot with a habit such as repeating one kind of decision several times a "
        "week, grabbing the reserves, creeping the deadline or escalating everything, "
        "alone or combined) on the same seeds. *vs cautious*: the mean of the per-seed "
        "differences, ± its 95 % interval; *seeds won*: the share of seeds it scored more "
        f"than {count(ADVERSARY_TIE_POINTS, 'point')} above cautious on (a point or two is "
        "rounding, or an insurance skipped where the risk stayed away). A strategy better "
        "on the mean, or winning more than "
        f"{100 * ADVERSARY_WIN_SHARE:.0f} % of the seeds, fails the scenario.",
        "",
        "| policy | what it does | mean | vs cautious | seeds won | |",
        "|---|---|---:|---:|---:|---|",
    ]
    for a in sorted(result.adversaries, key=lambda a: -a.diff):
        mark = "**beats cautious**" if a.beats_mean or a.wins_too_often else "ok"
        lines.append(f"| {a.name} | {a.label} | {a.batch.summary.score_mean:.0f} | "
                     f"{a.diff:+.0f} ± {a.diff_ci:.0f} | {100 * a.won_share:.0f} % | {mark} |")
    return lines


def refresh_guide(scenario_id: str, block: str) -> Path:
    """Write the block into the scenario's guide, replacing any earlier one."""
    path = guide_path(scenario_id)
    text = path.read_text(encoding="utf-8") if path.exists() else f"# {scenario_id}\n"
    replaced = replace_block(text, START, END, block)
    text = (replaced if replaced is not None else
            text.rstrip() + "\n\n## Calibration\n\n" + block + "\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ids", nargs="*", help="scenario ids (default: every built-in)")
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-write", action="store_true", help="do not touch the guides")
    parser.add_argument("--adversarial", action=argparse.BooleanOptionalAction, default=True,
                        help="play the adversarial suite too (default: yes)")
    parser.add_argument("--search", type=int, default=3,
                        help="random combinations of habits in the suite (default 3)")
    args = parser.parse_args()
    ids = args.ids or list(builtin_paths())
    unbalanced = []
    for scenario_id in ids:
        started = time.perf_counter()
        result = calibrate(scenario_id, args.runs, args.seed, args.jobs,
                           adversarial=args.adversarial, search=args.search)
        took = time.perf_counter() - started
        print(f"{scenario_id}: {result.verdict()} ({took:.0f} s)")
        if not args.no_write:
            print(f"  wrote {refresh_guide(scenario_id, table(result)).relative_to(ROOT)}")
        if not result.balanced:
            unbalanced.append(scenario_id)
    if unbalanced:
        print("not balanced: " + ", ".join(unbalanced), file=sys.stderr)
    return 1 if unbalanced else 0


if __name__ == "__main__":
    raise SystemExit(main())
