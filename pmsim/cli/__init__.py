"""The `pmsim` command line: thin subcommands that parse, call the library and print.

Every error a user can cause ends in a one-paragraph message on stderr and exit 1
(argparse's own usage errors exit 2); never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from pmsim.engine.decisions import DecisionError
from pmsim.errors import UserError
from pmsim.scenario.problems import ScenarioError
from pmsim.text import clean_block, clean_line

COMMAND_MODULES = ("scenarios", "games", "runs", "calibrate", "sweep", "play",
                   "report_commands", "serve", "host", "authoring", "workshop_commands",
                   "whatif")


def build_parser() -> argparse.ArgumentParser:
    """The parser with every subcommand registered by its module."""
    parser = argparse.ArgumentParser(
        prog="pmsim",
        description="pmsim: a project management training simulator. "
        "Run `pmsim` alone to play the default scenario.",
    )
    parser.add_argument("--version", action="version", version=f"pmsim {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"pmsim.cli.{name}")
        module.register(sub)
    return parser


def _version() -> str:
    from pmsim import __version__

    return __version__


def _with_default_command(parser: argparse.ArgumentParser, argv: list[str]) -> list[str]:
    """`pmsim` and `pmsim --seed 3` mean `pmsim play …`; help and version stay top-level."""
    commands = {
        name
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
        for name in action.choices
    }
    if not argv:
        return ["play"]
    first = argv[0]
    if first in commands or first in ("-h", "--help", "--version"):
        return argv
    if first.startswith("-"):
        return ["play", *argv]
    return argv


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    bad = next((w for w in words if not _is_utf8(w)), None)
    if bad is not None:
        print(f"pmsim: the argument {clean_line(bad.encode('utf-8', 'replace').decode())!r} "
              "is not valid UTF-8 text (a file name from another system, perhaps); rename "
              "the file, or give the name another way.", file=sys.stderr)
        return 2
    args = parser.parse_args(_with_default_command(parser, words))
    try:
        return int(args.func(args) or 0)
    except ScenarioError as exc:
        _print_problems(exc)
        return 1
    except (UserError, DecisionError) as exc:
        print(f"pmsim: {clean_block(str(exc))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("pmsim: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: stop quietly, and point stdout at
        # /dev/null so the interpreter's final flush does not complain either.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _is_utf8(word: str) -> bool:
    """False for an argument with bytes that are not UTF-8 (Python keeps them as lone
    surrogates, which no file, store or terminal accepts)."""
    try:
        word.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _print_problems(exc: ScenarioError) -> None:
    """One problem on one line; several as a list under a heading."""
    if len(exc.problems) == 1:
        print(f"pmsim: {exc.problems[0]}", file=sys.stderr)
        return
    print(f"pmsim: the scenario has {len(exc.problems)} problems:", file=sys.stderr)
    for problem in exc.problems:
        print(f"  {problem}", file=sys.stderr)
