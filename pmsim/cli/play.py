"""`pmsim play`: the Textual game (plain `pmsim` means `pmsim play`)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import TYPE_CHECKING

from pmsim.cli.common import non_negative_float, positive_int, seed_int
from pmsim.errors import UserError

if TYPE_CHECKING:
    from pmsim.session.saves import DamagedSave

BROWSER_ID = re.compile(r"[0-9a-f]{32}")
"""The form of the browser id `pmsim serve` passes to each game (`--browser`)."""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `play`."""
    from pmsim.policies import POLICIES

    p = sub.add_parser(
        "play", help="play a scenario in the terminal (the default one if none is named)",
        description="Play pmsim in the terminal. The start screen offers the built-in "
        "scenarios, a team name and a seed, and continues the last unfinished game. Games "
        "are saved as they are played, under the user data folder (or $PMSIM_DATA_DIR), "
        "and recorded in the results store when they end.")
    p.add_argument("scenario", nargs="?", default=None, metavar="SCENARIO",
                   help="built-in id or path to a .toml file to preselect")
    p.add_argument("--seed", type=seed_int, default=None,
                   help="seed (drawn and shown if not given)")
    p.add_argument("--team", default="", help="team name shown in the game and its log")
    p.add_argument("--autoplay", default=None, metavar="POLICY",
                   help=f"let a bot play on screen ({', '.join(POLICIES)})")
    p.add_argument("--delay", type=non_negative_float, default=None, metavar="SECONDS",
                   help="seconds between the bot's steps in autoplay (default 1)")
    p.add_argument("--resume", nargs="?", const="last", default=None, metavar="LOG",
                   help="continue an unfinished game: the last one, or the log named")
    p.add_argument("--recover", action="store_true",
                   help="with --resume: when the game's log is damaged (cut off when the "
                   "computer stopped), continue the part before the damage as a new game; "
                   "the damaged file is kept, renamed with .damaged")
    p.add_argument("--browser", default=None, help=argparse.SUPPRESS)
    # `pmsim serve` names the browser a game is played in (the id of its cookie), so
    # the game is saved as that browser's and only that browser is offered it again
    p.add_argument("--workshop", default=None, metavar="CODE",
                   help="play a workshop's game (its scenario and seed); needs a team name, "
                   "asked for on the start screen if --team is not given")
    p.add_argument("--join", default=None, metavar="LINK",
                   help="join a live workshop: the join link the facilitator's `pmsim host` "
                   "printed; the team name is --team, or asked for on the start screen. "
                   "The game streams to the hub as you play")
    p.add_argument("--from", dest="from_log", default=None, metavar="LOG",
                   help="rewind the game saved in LOG to the start of --week K and play on "
                   "from there with the same luck (in a new log; LOG is left as it is)")
    p.add_argument("--week", type=positive_int, default=None, metavar="K",
                   help="with --from: the week to go back to (1 is the start)")
    p.add_argument("--db", default=None, metavar="PATH",
                   help="the results store finished games are recorded in (default: "
                   "results.sqlite in the pmsim data folder, or $PMSIM_DATA_DIR)")
    p.set_defaults(func=cmd_play)


def cmd_play(args: argparse.Namespace) -> int:
    """Check the arguments, then run the game until the player quits."""
    from pmsim.policies import get_policy
    from pmsim.scenario import load_scenario

    if args.autoplay:
        get_policy(args.autoplay)  # an unknown name is a UserError, before the screen opens
    if args.delay is not None and not args.autoplay:
        raise UserError("--delay sets the pace of --autoplay; name a bot with --autoplay")
    _check_combinations(args)
    if args.scenario is not None:
        load_scenario(args.scenario)  # a bad scenario ends here with its problems
    if args.browser is not None and not BROWSER_ID.fullmatch(args.browser):
        raise UserError("--browser is set by `pmsim serve`, not by hand.")
    resume, damaged = _resume_path(args.resume, args.recover) if args.resume else (None, None)
    db = Path(args.db).expanduser().resolve() if args.db else None
    if db is not None and not db.parent.is_dir():
        # Checked now: the finished game is recorded there once the screen is gone.
        raise UserError(f"--db {args.db}: the folder {db.parent} does not exist, so the "
                        "game's result could not be recorded there. Check the path, or "
                        "make the folder first (pmsim workshop new --db makes a new store "
                        "and its folder).")
    scenario, seed, workshop, workshop_name = _game_of(args, db)
    branch = None
    if args.from_log is not None:
        from pmsim.session.game import GameSession

        branch = GameSession.branch(args.from_log, args.week)  # problems end here

    if not _has_terminal():
        raise UserError("pmsim play is a full-screen game and needs a terminal; none is "
                        "attached (output is piped or redirected). To let a bot play "
                        "headless, use `pmsim run SCENARIO --policy P --runs 1 --seed N`; "
                        "to play in a web browser, use `pmsim serve`.")
    from pmsim.parallel import prepare_processes
    from pmsim.tui import make_app

    prepare_processes()  # the bot's games for the luck-adjusted result use several CPUs
    if damaged is not None:
        from pmsim.session.recover import recover

        recovered = recover(damaged)
        print(recovered.describe(), flush=True)
        resume = None if recovered.finished else recovered.path
    if scenario is not None and not _is_builtin(scenario):
        scenario = str(Path(scenario).resolve())
    app = make_app(scenario=scenario, seed=seed, team=args.team.strip(),
                   autoplay=args.autoplay, delay=1.0 if args.delay is None else args.delay,
                   resume=resume, workshop=workshop, workshop_name=workshop_name, db=db,
                   branch=branch, owner=args.browser, join=args.join)
    app.run()
    return app.return_code or 0


def _game_of(args: argparse.Namespace, db: Path | None
             ) -> tuple[str | None, int | None, str | None, str]:
    """The scenario, seed, workshop code and name to play: as given, a workshop's, or the
    one the hub of a join link names."""
    if args.workshop is not None:
        from pmsim.results import normalise_code, resolve_workshop

        workshop = normalise_code(args.workshop)
        scenario, seed, name = resolve_workshop(workshop, db)
        return scenario, seed, workshop, name
    if args.join is not None:
        from pmsim.cli.join import ask_hub

        code, scenario, seed = ask_hub(args.join)
        return scenario, seed, code, ""
    return args.scenario, args.seed, None, ""


def _check_combinations(args: argparse.Namespace) -> None:
    """Flags that do not go together, each refused with its reason."""
    if args.recover and not args.resume:
        raise UserError("--recover goes with --resume: `pmsim play --resume --recover` "
                        "recovers the last saved game when its log is damaged.")
    if args.resume and (args.autoplay or args.scenario):
        raise UserError("--resume continues a saved game as it was; do not also name a "
                        "scenario or --autoplay")
    if args.workshop is not None:
        if args.scenario is not None or args.seed is not None:
            raise UserError("a workshop fixes its scenario and seed; play it with "
                            "`pmsim play --workshop CODE --team NAME` alone.")
        if args.resume or args.from_log:
            raise UserError("--workshop starts the workshop's game from the beginning; to "
                            "continue a saved game use --resume alone (it still counts for "
                            "its workshop).")
        if args.autoplay:
            raise UserError("a workshop ranks the teams' own play, so a bot's game "
                            "(--autoplay) cannot count for it. To show the bot on a "
                            "projector, play the workshop's scenario and seed without "
                            "--workshop (`pmsim workshop show CODE` names them).")
    if args.join is not None and (args.workshop or args.scenario or args.seed is not None
                                  or args.resume or args.autoplay or args.from_log):
        raise UserError("--join plays the workshop's game from the beginning; give it with "
                        "--team alone.")
    if (args.from_log is None) != (args.week is None):
        raise UserError("rewinding needs both the game and the week: `pmsim play --from LOG "
                        "--week K`.")
    if args.from_log is not None and (args.scenario or args.seed is not None or args.resume
                                      or args.autoplay):
        raise UserError("--from LOG --week K plays on from that game's own scenario and "
                        "seed, by hand; do not also name a scenario, --seed, --resume or "
                        "--autoplay.")


def _is_builtin(name: str) -> bool:
    from pmsim.scenario import builtin_paths

    return name in builtin_paths()


def _resume_path(value: str, recover: bool) -> tuple[Path | None, DamagedSave | None]:
    """The log to continue (the one named, or the last game saved), or, with `recover`,
    the damaged log whose intact part becomes a new game. A damaged log without
    `recover` is a message saying what is wrong and how to recover it."""
    from pmsim.gamelog import read_log
    from pmsim.session.saves import DamagedSave, games_dir, inspect_damage, scan_games

    if value != "last":
        path = Path(value)
        try:
            log = read_log(path)  # read_log: problems in one paragraph
        except UserError as exc:
            if not path.is_file():
                raise
            damaged = inspect_damage(path, str(exc))
            if damaged.intact is None:
                raise UserError(f"{exc} Nothing before the damage can be recovered; the "
                                "file is left as it is.") from None
            if recover:
                return None, damaged
            raise _damaged(damaged, f"the game in {path}",
                           f"pmsim play --resume {path} --recover") from None
        if recover:
            raise UserError(f"the log {path} is not damaged: continue it with "
                            f"`pmsim play --resume {path}`, without --recover.")
        if log.result is not None:
            raise UserError(f"the game in {path} is over; `pmsim replay {path}` shows its "
                            "outcome.")
        return path, None
    last = next(scan_games(), None)
    if last is None:
        raise UserError(f"there is no unfinished game to resume in {games_dir()}; start "
                        "one with `pmsim play`.")
    if isinstance(last, DamagedSave):
        if recover and last.intact is not None:
            return None, last
        older = next((g for g in scan_games() if not isinstance(g, DamagedSave)), None)
        also = (f" An older unfinished game is intact: `pmsim play --resume {older.path}` "
                "continues it." if older is not None else "")
        raise _damaged(last, f"the last game saved ({last.describe()})",
                       "pmsim play --resume --recover", also)
    if recover:
        raise UserError(f"the last game saved ({last.describe()}) is not damaged: continue "
                        "it with `pmsim play --resume`, without --recover.")
    return last.path, None


def _damaged(damaged: DamagedSave, which: str, command: str, also: str = "") -> UserError:
    """What is wrong with a saved game, and what can be done (one paragraph)."""
    if damaged.intact is None:
        return UserError(f"{which} cannot be continued: {damaged.problem} Nothing before "
                         "the damage can be recovered; the file is left as it is. Start a "
                         f"new game with `pmsim play`.{also}")
    return UserError(f"{which} cannot be continued: {damaged.problem} {damaged.offer()} "
                     f"Recover it with `{command}`.{also}")


def _has_terminal() -> bool:
    """Whether the game can draw: a terminal on stdin and stdout, or a driver such as
    textual-serve's web driver that brings its own screen."""
    import os
    import sys

    if os.environ.get("TEXTUAL_DRIVER"):
        return True
    return sys.stdout.isatty() and sys.stdin.isatty()
