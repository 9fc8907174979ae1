"""`pmsim run`: many games played by a bot, for calibration and statistics."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager

from pmsim.cli.common import positive_int, seed_int
from pmsim.errors import UserError
from pmsim.scenario.validate import SCORE_TOTAL
from pmsim.wording import count


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `run`."""
    from pmsim.policies import POLICIES

    p = sub.add_parser(
        "run",
        help="let a bot play many seeds of a scenario and summarise the scores",
        description="Play N games of SCENARIO with the bot P on seeds S, S+1, …, S+N-1 and "
        "summarise the scores. The output is the same for any number of --jobs.",
    )
    p.add_argument("scenario", metavar="SCENARIO", help="built-in id or path to a .toml file")
    p.add_argument("--policy", default="cautious", metavar="P", choices=list(POLICIES),
                   help=f"the bot: {', '.join(POLICIES)} (default cautious)")
    p.add_argument("--runs", type=positive_int, default=100, metavar="N",
                   help="number of games (default 100)")
    p.add_argument("--seed", type=seed_int, default=0, metavar="S",
                   help="seed of the first game (default 0)")
    p.add_argument("--jobs", type=positive_int, default=1, metavar="J",
                   help="worker processes (default 1; more than N is capped at N)")
    p.add_argument("--json", action="store_true",
                   help="print one JSON object (summary and every game) for scripts")
    p.set_defaults(func=cmd_run)


def cmd_run(args: argparse.Namespace) -> int:
    """Run the batch and print the summary table or the JSON object."""
    from pmsim.batch import run_batch
    from pmsim.policies import get_policy

    get_policy(args.policy)  # an unknown policy fails before the scenario is loaded
    if args.seed + args.runs - 1 >= 2**63:
        raise UserError(f"--seed {args.seed} with --runs {args.runs} goes past the largest "
                        "seed, 2^63-1; use a smaller --seed or fewer --runs")
    with _progress_bar(args.runs) as progress:
        try:
            result = run_batch(args.scenario, args.policy, args.seed, args.runs,
                               jobs=args.jobs, progress=progress)
        except BrokenProcessPool:
            raise UserError("a worker process died during the batch (out of memory?); "
                            "try again with fewer --jobs") from None
    if args.json:
        print(json.dumps(result.to_json(), indent=2))
    else:
        _print_summary(result)
    return 0


@contextmanager
def _progress_bar(total: int) -> Iterator[Callable[[int], None] | None]:
    """A Rich progress bar on stderr when stderr is a terminal; otherwise nothing."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from pmsim.cli.terminal import console as make_console

    columns = (
        TextColumn("playing"), BarColumn(), MofNCompleteColumn(), TextColumn("games"),
        TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn(),
    )
    with Progress(*columns, console=make_console(stderr=True), transient=True) as bar:
        task = bar.add_task("games", total=total)
        yield lambda done: bar.update(task, completed=done)


def _print_summary(result) -> None:  # type: ignore[no-untyped-def]
    """The readable report: scores, on-target rates, outcomes, points by dimension."""
    from rich.table import Table
    from rich.text import Text

    from pmsim.cli.terminal import console as make_console

    s = result.summary
    console = make_console()
    last = result.seed + result.runs - 1
    console.print(Text.assemble((result.scenario, "bold"), " played by the ",
                                (result.policy, "bold"),
                                f" bot: {count(result.runs, 'game')}, seeds {result.seed}–{last}"))

    table = Table(title=f"Scores (out of {SCORE_TOTAL})")
    for col in ("mean", "sd", "P10", "P50", "P90"):
        table.add_column(col, justify="right")
    table.add_row(*(f"{v:.1f}" for v in (s.score_mean, s.score_sd, s.score_p10,
                                           s.score_p50, s.score_p90)))
    console.print(table)

    counts = result.outcome_counts()
    rates = Table(title="Outcomes")
    rates.add_column("measure")
    rates.add_column("share", justify="right")
    rates.add_row("on time (by the deadline the schedule is judged against)",
                  f"{s.on_time_rate:.0%}")
    rates.add_row("on budget (cost within the BAC)", f"{s.on_budget_rate:.0%}")
    for name, games in counts.items():
        rates.add_row(f"{name} ({games})", f"{games / result.runs:.0%}")
    console.print(rates)

    dims = Table(title="Mean points by dimension")
    dims.add_column("dimension")
    dims.add_column("mean", justify="right")
    for name, mean in result.dimension_means().items():
        dims.add_row(name, f"{mean:.1f}")
    console.print(dims)
