"""`pmsim calibrate`: every bot on the same seeds, luck against skill, the adversarial
suite against the cautious bot, and a verdict."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from pmsim.cli.common import add_executor_args, executor_from, positive_int, seed_int
from pmsim.errors import UserError

if TYPE_CHECKING:
    from pmsim.calibrate import Calibration
    from pmsim.cli.terminal import Console


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `calibrate`."""
    p = sub.add_parser(
        "calibrate",
        help="play every bot on the same seeds and judge the scenario's balance",
        description="Play every built-in bot on seeds S … S+N-1 of SCENARIO, compare the "
        "luck spread (sd across seeds) with the skill spread (difference between bots), "
        "play the adversarial suite (the cautious bot with degenerate habits) on the same "
        "seeds, and say whether the scenario rewards good management rather than luck "
        "or tricks.",
    )
    p.add_argument("scenario", metavar="SCENARIO", help="built-in id or path to a .toml file")
    p.add_argument("--runs", type=positive_int, default=500, metavar="N",
                   help="seeds per bot (default 500)")
    p.add_argument("--seed", type=seed_int, default=0, metavar="S", help="first seed")
    add_executor_args(p)
    p.add_argument("--adversarial", action=argparse.BooleanOptionalAction, default=True,
                   help="play the adversarial suite too and judge it (default: yes)")
    p.add_argument("--search", type=int, default=3, metavar="K",
                   help="random combinations of habits the suite adds (default 3)")
    p.add_argument("--search-seed", type=seed_int, default=0, metavar="S",
                   help="seed of the random search (the same seed draws the same "
                   "combinations; default 0)")
    p.add_argument("--json", action="store_true", help="print one JSON object for scripts")
    p.set_defaults(func=cmd_calibrate)


def cmd_calibrate(args: argparse.Namespace) -> int:
    """Calibrate and print the tables and the verdict (exit 0 either way)."""
    from pmsim.calibrate import CALIBRATION_POLICIES, calibrate
    from pmsim.policies.adversarial import suite

    if args.seed + args.runs - 1 >= 2**63:
        raise UserError("--seed plus --runs goes past the largest seed, 2^63-1")
    if args.search < 0:
        raise UserError(f"--search must be 0 or more, got {args.search}")
    tricks = suite(args.search, args.search_seed) if args.adversarial else []
    progress = None
    bar = None
    if sys.stderr.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        from pmsim.cli.terminal import console as make_console

        bar = Progress(TextColumn("{task.description:>9}"), BarColumn(), MofNCompleteColumn(),
                       console=make_console(stderr=True), transient=True)
        ids = {name: bar.add_task(name, total=args.runs) for name in CALIBRATION_POLICIES}
        if tricks:
            ids["suite"] = bar.add_task("suite", total=args.runs * len(tricks))
        order = {name: i for i, name in enumerate(tricks)}

        def progress(name: str, done: int) -> None:
            if name in order:
                bar.update(ids["suite"], completed=order[name] * args.runs + done)
            else:
                bar.update(ids[name], completed=done)

        bar.start()
    executor = executor_from(args)
    try:
        result = calibrate(args.scenario, args.runs, args.seed, args.jobs, progress,
                           args.adversarial, args.search, args.search_seed, executor)
    finally:
        if bar is not None:
            bar.stop()
        if executor is not None:
            executor.close()
    if args.json:
        print(json.dumps(result.to_json(), indent=2))
        return 0
    _print(result)
    return 0


def _print(result: Calibration) -> None:
    from rich.text import Text

    from pmsim.cli.terminal import console as make_console

    console = make_console()
    _print_bots(console, result)
    if result.adversaries:
        _print_suite(console, result)
    console.print(f"Luck spread (sd of cautious across seeds): {result.luck_spread:.0f}   "
                  f"Skill spread (cautious over the best other bot): {result.skill_spread:.0f}")
    for check in result.checks:
        mark = "PASS" if check.passed else "FAIL"
        console.print(Text.assemble("  ", (mark, "green" if check.passed else "red"),
                                    f" {check.detail}"))
    console.print(Text(result.verdict(), style="bold green" if result.balanced else "bold red"))


def _print_bots(console: Console, result: Calibration) -> None:
    from rich.table import Table

    from pmsim.scoring import DIMENSIONS

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


def _print_suite(console: Console, result: Calibration) -> None:
    from rich.table import Table
    from rich.text import Text

    from pmsim.calibrate import ADVERSARY_TIE_POINTS

    table = Table(title="Adversarial suite against cautious (same seeds)")
    for col in ("policy", "mean", "vs cautious", "95 % ±",
                f"seeds won by >{ADVERSARY_TIE_POINTS}", "verdict"):
        table.add_column(col, justify="left" if col in ("policy", "verdict") else "right",
                         no_wrap=col != "verdict")
    for a in sorted(result.adversaries, key=lambda a: -a.diff):
        bad = a.beats_mean or a.wins_too_often
        table.add_row(a.name, f"{a.batch.summary.score_mean:.0f}", f"{a.diff:+.0f}",
                      f"{a.diff_ci:.0f}", f"{a.won_share:.0%}",
                      Text("BEATS CAUTIOUS", style="red") if bad else "ok")
    console.print(table)
