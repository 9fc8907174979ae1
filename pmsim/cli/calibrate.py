"""`pmsim calibrate`: every bot on the same seeds, luck against skill, and a verdict."""

from __future__ import annotations

import argparse
import json
import sys

from pmsim.cli.common import positive_int, seed_int
from pmsim.errors import UserError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `calibrate`."""
    p = sub.add_parser(
        "calibrate",
        help="play every bot on the same seeds and judge the scenario's balance",
        description="Play every built-in bot on seeds S … S+N-1 of SCENARIO, compare the "
        "luck spread (sd across seeds) with the skill spread (difference between bots) "
        "and say whether the scenario rewards good management rather than luck.",
    )
    p.add_argument("scenario", metavar="SCENARIO", help="built-in id or path to a .toml file")
    p.add_argument("--runs", type=positive_int, default=500, metavar="N",
                   help="seeds per bot (default 500)")
    p.add_argument("--seed", type=seed_int, default=0, metavar="S", help="first seed")
    p.add_argument("--jobs", type=positive_int, default=1, metavar="J",
                   help="worker processes (default 1)")
    p.add_argument("--json", action="store_true", help="print one JSON object for scripts")
    p.set_defaults(func=cmd_calibrate)


def cmd_calibrate(args: argparse.Namespace) -> int:
    """Calibrate and print the tables and the verdict (exit 0 either way)."""
    from pmsim.calibrate import CALIBRATION_POLICIES, calibrate

    if args.seed + args.runs - 1 >= 2**63:
        raise UserError("--seed plus --runs goes past the largest seed, 2^63-1")
    progress = None
    bar = None
    if sys.stderr.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        from pmsim.cli.terminal import console as make_console

        bar = Progress(TextColumn("{task.description:>9}"), BarColumn(), MofNCompleteColumn(),
                       console=make_console(stderr=True), transient=True)
        ids = {name: bar.add_task(name, total=args.runs) for name in CALIBRATION_POLICIES}

        def progress(name: str, done: int) -> None:
            bar.update(ids[name], completed=done)

        bar.start()
    try:
        result = calibrate(args.scenario, args.runs, args.seed, args.jobs, progress)
    finally:
        if bar is not None:
            bar.stop()
    if args.json:
        print(json.dumps(result.to_json(), indent=2))
        return 0
    _print(result)
    return 0


def _print(result) -> None:  # type: ignore[no-untyped-def]
    from rich.table import Table
    from rich.text import Text

    from pmsim.cli.terminal import console as make_console
    from pmsim.scoring import DIMENSIONS

    console = make_console()
    scores = Table(title=f"{result.scenario}: {result.runs} seeds from {result.seed}")
    for col in ("bot", "mean", "sd", "P10", "P50", "P90", "on time", "on budget"):
        scores.add_column(col, justify="left" if col == "bot" else "right", no_wrap=True)
    dims = Table(title="Mean points per dimension")
    dims.add_column("bot", no_wrap=True)
    for d in DIMENSIONS:
        dims.add_column(d, justify="right", no_wrap=True)
    for name, batch in result.batches.items():
        s = batch.summary
        scores.add_row(name, f"{s.score_mean:.0f}", f"{s.score_sd:.0f}", f"{s.score_p10:.0f}",
                       f"{s.score_p50:.0f}", f"{s.score_p90:.0f}", f"{s.on_time_rate:.0%}",
                       f"{s.on_budget_rate:.0%}")
        means = batch.dimension_means()
        dims.add_row(name, *(f"{means[d]:.0f}" for d in DIMENSIONS))
    console.print(scores)
    console.print(dims)
    console.print(f"Luck spread (sd of cautious across seeds): {result.luck_spread:.0f}   "
                  f"Skill spread (cautious over the best other bot): {result.skill_spread:.0f}")
    for check in result.checks:
        mark = "PASS" if check.passed else "FAIL"
        console.print(Text.assemble("  ", (mark, "green" if check.passed else "red"),
                                    f" {check.detail}"))
    console.print(Text(result.verdict(), style="bold green" if result.balanced else "bold red"))
