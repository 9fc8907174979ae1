"""Argument types shared by the subcommands, with messages a person can act on."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmsim.executors import Executor


def positive_int(text: str) -> int:
    """A whole number ≥ 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, got {value}")
    return value


MAX_ITERATIONS = 1_000_000
"""Most Monte Carlo iterations a command accepts (memory grows with iterations × tasks)."""


def iterations_int(text: str) -> int:
    """A number of Monte Carlo iterations: a whole number from 1 to `MAX_ITERATIONS`."""
    value = positive_int(text)
    if value > MAX_ITERATIONS:
        raise argparse.ArgumentTypeError(
            f"expected at most {MAX_ITERATIONS:,} iterations, got {value:,}")
    return value


def seed_int(text: str) -> int:
    """A seed: a whole number from 0 to 2^63 − 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a seed is a whole number, got {text!r}") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"a seed is from 0 to 2^63-1, got {value}")
    return value


def non_negative_float(text: str) -> float:
    """A number ≥ 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of at least 0, got {text}")
    return value


def add_executor_args(p: argparse.ArgumentParser) -> None:
    """`--jobs`, `--scheduler` and `--dask-local`: where the games are played."""
    p.add_argument("--jobs", type=positive_int, default=1, metavar="J",
                   help="worker processes on this machine (default 1)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="play the games on the Dask cluster of this scheduler (e.g. "
                   "tcp://127.0.0.1:8786; needs pip install 'pmsim[dask]', and pmsim on "
                   "every worker); the results are the same as with --jobs")
    p.add_argument("--dask-local", type=positive_int, metavar="N",
                   help="play the games on a Dask LocalCluster of N worker processes")


def executor_from(args: argparse.Namespace) -> Executor | None:
    """The executor the flags ask for (None: the command's own pool of --jobs)."""
    from pmsim.executors import make_executor

    if args.scheduler is None and args.dask_local is None:
        return None
    return make_executor(args.jobs, args.scheduler, args.dask_local)
