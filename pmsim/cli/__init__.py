"""The `pmsim` command line: thin subcommands that parse, call the library and print.

Every error a user can cause ends in a one-paragraph message on stderr and exit 1
(argparse's own usage errors exit 2); never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from pmsim.engine.decisions import DecisionError
from pmsim.errors import UserError
from pmsim.scenario.problems import ScenarioError

COMMAND_MODULES = ("scenarios", "games", "runs", "play")


def build_parser() -> argparse.ArgumentParser:
    """The parser with every subcommand registered by its module."""
    parser = argparse.ArgumentParser(
        prog="pmsim",
        description="pmsim: a project management training simulator. "
        "Run `pmsim` alone to play the default scenario.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    import importlib

    for name in COMMAND_MODULES:
        module = importlib.import_module(f"pmsim.cli.{name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["play", *(argv or [])])
    try:
        return int(args.func(args) or 0)
    except ScenarioError as exc:
        print("pmsim: the scenario has problems:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except (UserError, DecisionError) as exc:
        print(f"pmsim: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("pmsim: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
