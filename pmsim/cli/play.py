"""`pmsim play`: the Textual game (plain `pmsim` means `pmsim play`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from pmsim.cli.common import non_negative_float, positive_int, seed_int
from pmsim.errors import UserError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `play`."""
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
                   help="let a bot play on screen (passive, cautious, reckless, random)")
    p.add_argument("--delay", type=non_negative_float, default=None, metavar="SECONDS",
                   help="seconds between the bot's steps in autoplay (default 1)")
    p.add_argument("--resume", nargs="?", const="last", default=None, metavar="LOG",
                   help="continue an unfinished game: the last one, or the log named")
    p.add_argument("--workshop", default=None, metavar="CODE",
                   help="play a workshop's game (its scenario and seed); needs a team name, "
                   "asked for on the start screen if --team is not given")
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
    resume = _resume_path(args.resume) if args.resume else None
    db = Path(args.db).expanduser().resolve() if args.db else None
    scenario, seed, workshop, workshop_name = args.scenario, args.seed, None, ""
    if args.workshop is not None:
        from pmsim.results import normalise_code, resolve_workshop

        workshop = normalise_code(args.workshop)
        scenario, seed, workshop_name = resolve_workshop(workshop, db)
    branch = None
    if args.from_log is not None:
        from pmsim.tui.game import GameSession

        branch = GameSession.branch(args.from_log, args.week)  # problems end here

    if not _has_terminal():
        raise UserError("pmsim play is a full-screen game and needs a terminal; none is "
                        "attached (output is piped or redirected). To let a bot play "
                        "headless, use `pmsim run SCENARIO --policy P --runs 1 --seed N`; "
                        "to play in a web browser, use `pmsim serve`.")
    from pmsim.tui import make_app
    from pmsim.tui.widgets.progress import prepare_processes

    prepare_processes()  # the bot's games for the luck-adjusted result use several CPUs
    if scenario is not None and not _is_builtin(scenario):
        scenario = str(Path(scenario).resolve())
    app = make_app(scenario=scenario, seed=seed, team=args.team.strip(),
                   autoplay=args.autoplay, delay=1.0 if args.delay is None else args.delay,
                   resume=resume, workshop=workshop, workshop_name=workshop_name, db=db,
                   branch=branch)
    app.run()
    return app.return_code or 0


def _check_combinations(args: argparse.Namespace) -> None:
    """Flags that do not go together, each refused with its reason."""
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
        if args.autoplay and not args.team.strip():
            raise UserError("a workshop game needs a team name: add --team NAME (with "
                            "--autoplay there is no start screen to ask for it).")
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


def _resume_path(value: str) -> Path:
    """The log to continue: the one named, or the last unfinished game."""
    from pmsim.gamelog import read_log
    from pmsim.tui.saves import games_dir, last_unfinished

    if value != "last":
        path = Path(value)
        if read_log(path).result is not None:  # read_log: problems in one paragraph
            raise UserError(f"the game in {path} is over; `pmsim replay {path}` shows its "
                            "outcome.")
        return path
    saved = last_unfinished()
    if saved is None:
        raise UserError(f"there is no unfinished game to resume in {games_dir()}; start "
                        "one with `pmsim play`.")
    return saved.path


def _has_terminal() -> bool:
    """Whether the game can draw: a terminal on stdin and stdout, or a driver such as
    textual-serve's web driver that brings its own screen."""
    import os
    import sys

    if os.environ.get("TEXTUAL_DRIVER"):
        return True
    return sys.stdout.isatty() and sys.stdin.isatty()
