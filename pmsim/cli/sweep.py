"""`pmsim sweep`: which model parameters move the score, the on-time rate and the skill
gap (a tornado table); and the executor flags it shares with `pmsim calibrate`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from pmsim.cli.common import add_executor_args, executor_from, positive_int, seed_int

if TYPE_CHECKING:
    from pmsim.sweep import Sweep

BAR_WIDTH = 8
"""Characters of the longest swing's bar."""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `sweep`."""
    p = sub.add_parser(
        "sweep",
        help="a sensitivity analysis: which model parameters move the results",
        description="Play SCENARIO with each --param set to each of its values in turn "
        "(the others as the scenario has them), on the same seeds, and print a tornado "
        "table: for each parameter, how far the bot's mean score, its on-time rate and "
        "the skill gap (cautious over the better of passive and reckless) move, the "
        "largest swing first.",
    )
    p.add_argument("scenario", metavar="SCENARIO", help="built-in id or path to a .toml file")
    p.add_argument("--param", action="append", default=[], metavar="PATH=FROM:TO:COUNT",
                   help="a value to vary, by its dotted path in the scenario, over COUNT "
                   "evenly spaced values (or PATH=V1,V2,...): model.fatigue_loss=0.1:0.5:5, "
                   "calendar.deadline_week=18,20,22, risks.vendor-delay.probability=0.2:0.6:3."
                   " Repeat for more parameters")
    p.add_argument("--policy", default="cautious", metavar="BOT",
                   help="the bot whose score and on-time rate are swept (default cautious)")
    p.add_argument("--runs", type=positive_int, default=100, metavar="N",
                   help="seeds per value and bot (default 100)")
    p.add_argument("--seed", type=seed_int, default=0, metavar="S", help="first seed")
    add_executor_args(p)
    p.add_argument("--json", action="store_true", help="print one JSON object for scripts")
    p.set_defaults(func=cmd_sweep)


def cmd_sweep(args: argparse.Namespace) -> int:
    """Run the sweep and print the tornado table."""
    from pmsim.policies.adversarial import policy_by_name
    from pmsim.scenario.overrides import parse_param
    from pmsim.sweep import sweep

    params = [parse_param(spec) for spec in args.param]
    policy_by_name(args.policy)  # an unknown bot is a UserError naming the known ones
    executor = executor_from(args)
    try:
        result = sweep(args.scenario, params, args.policy, args.runs, args.seed, args.jobs,
                       executor, _progress() if sys.stderr.isatty() else None)
    finally:
        if executor is not None:
            executor.close()
    if args.json:
        print(json.dumps(result.to_json(), indent=2))
    else:
        _print(result)
    return 0


def _progress() -> Callable[[int, int], None]:
    """Batches played so far, on stderr, one line rewritten."""
    from pmsim.cli.terminal import console

    err = console(stderr=True)

    def tick(done: int, total: int) -> None:
        err.print(f"  {done}/{total} batches played", end="\r")

    return tick


def _print(result: Sweep) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from pmsim.cli.terminal import console as make_console

    console = make_console()
    widest = max((r.swing("score") for r in result.rows), default=0.0) or 1.0
    table = Table(box=box.SIMPLE_HEAD,
                  title=f"{result.scenario}: {result.policy} bot, {result.runs} seeds from "
                  f"{result.seed}, one parameter at a time")
    longest = max((len(r.path) for r in result.rows), default=10)
    table.add_column("parameter (values)", min_width=min(longest, 36), overflow="fold")
    for col in ("now", "score", "swing", "on time", "skill gap"):
        table.add_column(col, justify="left" if col == "swing" else "right", no_wrap=True)
    for row in result.rows:
        scores = [p.score for p in row.points]
        on_time = [100 * p.on_time for p in row.points]
        gaps = [p.skill_gap for p in row.points]
        name = Text(row.path)
        name.append("\n" + ", ".join(f"{p.value:g}" for p in row.points), style="dim")
        swing = Text(f"{row.swing('score'):>4.0f} ")
        swing.append("█" * max(0, round(BAR_WIDTH * row.swing("score") / widest)),
                     style="cyan")
        table.add_row(name, f"{row.own:g}", f"{min(scores):.0f}–{max(scores):.0f}", swing,
                      f"{min(on_time):.0f}–{max(on_time):.0f}%",
                      f"{min(gaps):.0f}–{max(gaps):.0f}")
    console.print(table)
    console.print(Text(
        "now: the scenario's own value; score: the bot's mean score over the seeds, lowest "
        "to highest over the values; swing: highest less lowest (the bar, against the "
        "largest); on time: its on-time rate; skill gap: cautious's mean over the better "
        "of passive and reckless. Each parameter is varied alone, the others as the "
        "scenario has them."))
