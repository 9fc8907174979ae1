"""Workshop commands: `workshop new|show|list`, `record` and `leaderboard`.

Every one takes `--db PATH` to use another results store than the user's own
(`<data dir>/results.sqlite`, see `pmsim.results.store`).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pmsim.cli.common import positive_int, seed_int
from pmsim.errors import UserError

DEFAULT_MAX_JOBS = 4


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `workshop`, `record` and `leaderboard`."""
    ws = sub.add_parser("workshop", help="create a workshop code, or show who has played one",
                        description="A workshop code fixes a scenario and a seed, so every "
                        "team plays the same project with the same luck.")
    ws_sub = ws.add_subparsers(dest="workshop_command", metavar="ACTION", required=True)

    new = ws_sub.add_parser("new", help="create a workshop and print its code",
                            description="Create a workshop on a scenario and seed and print "
                            "its code, for the players to type.")
    new.add_argument("--scenario", required=True, metavar="SCENARIO",
                     help="built-in id or path to a .toml file")
    new.add_argument("--seed", type=seed_int, default=None,
                     help="the seed every team plays (drawn if not given)")
    new.add_argument("--name", default="", metavar="TEXT",
                     help="a name to recognise the workshop by (e.g. the group or date)")
    _db_option(new)
    new.set_defaults(func=cmd_workshop_new)

    show = ws_sub.add_parser("show", help="a workshop's scenario, seed and teams",
                             description="Show a workshop and the games recorded for it, as "
                             "recorded (`pmsim leaderboard --workshop CODE` verifies them).")
    show.add_argument("code", metavar="CODE", help="the workshop code, e.g. K7M-Q4P")
    show.add_argument("--json", action="store_true", help="print one JSON object")
    _db_option(show)
    show.set_defaults(func=cmd_workshop_show)

    listing = ws_sub.add_parser("list", help="every workshop in the store, newest first")
    _db_option(listing)
    listing.set_defaults(func=cmd_workshop_list)

    rec = sub.add_parser("record", help="add a finished game's log to the results store",
                         description="Replay a finished game's log and record its result "
                         "(the same log twice is recorded once).")
    rec.add_argument("log", metavar="LOG", help="the game log, a .jsonl file")
    rec.add_argument("--workshop", metavar="CODE", default=None,
                     help="count the game for this workshop (its scenario and seed must match)")
    _db_option(rec)
    rec.set_defaults(func=cmd_record)

    lb = sub.add_parser("leaderboard", help="rank the verified games of a workshop",
                        description="Rank the teams of a workshop (or of one scenario and "
                        "seed) by score, each entry verified by replaying its log; entries "
                        "that do not replay to their recorded result are flagged and left "
                        "out. The margin over the cautious bot on the same seed and the "
                        "seed's luck percentile show skill apart from luck. Without --seed, "
                        "every seed of the scenario is ranked by that margin.")
    lb.add_argument("--workshop", metavar="CODE", default=None, help="the workshop code")
    lb.add_argument("--scenario", metavar="SCENARIO", default=None,
                    help="built-in id or .toml path, instead of a workshop")
    lb.add_argument("--seed", type=seed_int, default=None, help="with --scenario: one seed")
    lb.add_argument("--json", action="store_true", help="print one JSON object for scripts")
    lb.add_argument("--no-luck", dest="luck", action="store_false",
                    help="skip the luck-adjusted columns (no bot games to play)")
    lb.add_argument("--jobs", type=positive_int, default=None, metavar="J",
                    help=f"worker processes for verifying and for the bot's baseline games "
                    f"(default: the number of CPUs, at most {DEFAULT_MAX_JOBS})")
    _db_option(lb)
    lb.set_defaults(func=cmd_leaderboard)


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH", default=None,
                        help="the results store file (default: results.sqlite in the pmsim "
                        "data folder, or $PMSIM_DATA_DIR)")


def _existing_db(value: str | None) -> Path:
    """The store a reading command uses; it must exist already."""
    from pmsim.results.store import default_db_path

    path = Path(value).expanduser() if value else default_db_path()
    if not path.exists():
        raise UserError(f"there is no results store at {path} yet: create a workshop with "
                        "`pmsim workshop new --scenario ID`, or record a game with `pmsim "
                        "record LOG`" + (", or check the --db path." if value else "."))
    return path


# ---------------------------------------------------------------- workshop


def cmd_workshop_new(args: argparse.Namespace) -> int:
    """Create the workshop and print its code with the commands players need."""
    from pmsim.results.store import default_db_path
    from pmsim.results.workshop import create_workshop, format_code

    workshop = create_workshop(args.db, args.scenario, seed=args.seed, name=args.name)
    code = format_code(workshop.code)
    db = f" --db {args.db}" if args.db else ""
    print(f"Workshop code: {code}")
    named = f" — {workshop.name}" if workshop.name else ""
    print(f"  scenario {workshop.scenario_id}, seed {workshop.seed}{named}")
    print(f"  teams play:     pmsim play --workshop {code} --team NAME{db}")
    print(f"  who has played: pmsim workshop show {code}{db}")
    print(f"  ranking:        pmsim leaderboard --workshop {code}{db}")
    print(f"  stored in {args.db or default_db_path()}")
    return 0


def cmd_workshop_show(args: argparse.Namespace) -> int:
    """The workshop and its games, as recorded."""
    from pmsim.results.workshop import format_code, workshop_games

    workshop, games = workshop_games(_existing_db(args.db), args.code)
    code = format_code(workshop.code)
    if args.json:
        print(json.dumps({
            "code": code, "name": workshop.name, "scenario": workshop.scenario_id,
            "scenario_hash": workshop.scenario_hash, "seed": workshop.seed,
            "engine": workshop.engine, "created": workshop.created,
            "games": [{"game_id": g.id, "team": g.team, "score": g.score,
                       "outcome": g.outcome, "recorded": g.recorded} for g in games],
        }, indent=2, ensure_ascii=False))
        return 0
    print(f"Workshop {code}" + (f" — {workshop.name}" if workshop.name else ""))
    print(f"  scenario {workshop.scenario_id} (content hash {workshop.scenario_hash}), "
          f"seed {workshop.seed}, engine {workshop.engine}, created {_when(workshop.created)}")
    if not games:
        print(f"No games recorded yet. Teams play with: pmsim play --workshop {code} "
              "--team NAME")
        return 0
    print(f"{len(games)} game(s) recorded (scores as recorded; `pmsim leaderboard "
          f"--workshop {code}` verifies and ranks them):")
    width = max(len(_team(g.team)) for g in games)
    for g in games:
        print(f"  {_team(g.team):<{width}}  {g.score:>4}  {g.outcome:<10}  "
              f"recorded {_when(g.recorded)}  (game #{g.id})")
    return 0


def cmd_workshop_list(args: argparse.Namespace) -> int:
    """Every workshop, newest first."""
    from pmsim.results.store import open_store
    from pmsim.results.workshop import format_code

    with open_store(_existing_db(args.db)) as store:
        workshops = store.workshops()
        counts = {w.code: len(store.games(workshop_code=w.code)) for w in workshops}
    if not workshops:
        print("No workshops yet; create one with `pmsim workshop new --scenario ID`.")
    for w in workshops:
        named = f"  {w.name}" if w.name else ""
        print(f"{format_code(w.code)}  {_when(w.created)}  {w.scenario_id}, seed {w.seed}, "
              f"{counts[w.code]} game(s){named}")
    return 0


# ---------------------------------------------------------------- record


def cmd_record(args: argparse.Namespace) -> int:
    """Record one finished game."""
    from pmsim.results.record import record_game
    from pmsim.results.workshop import format_code

    recorded = record_game(args.db, args.log, workshop_code=args.workshop)
    where = (f" for workshop {format_code(recorded.workshop_code)}"
             if recorded.workshop_code else "")
    what = (f"team {_team(recorded.team)}, {recorded.score} points ({recorded.outcome})"
            f"{where}")
    if recorded.new:
        print(f"Recorded game #{recorded.id}: {what}, in {recorded.db_path}.")
    else:
        print(f"Already recorded as game #{recorded.id} ({what}); nothing added.")
    return 0


# ---------------------------------------------------------------- leaderboard


def cmd_leaderboard(args: argparse.Namespace) -> int:
    """Verify, rank and print."""
    from pmsim.results.leaderboard import build_leaderboard

    if args.seed is not None and args.scenario is None and args.workshop is None:
        raise UserError("--seed goes with --scenario ID (a workshop fixes its own seed).")
    jobs = args.jobs or min(os.cpu_count() or 1, DEFAULT_MAX_JOBS)
    db = _existing_db(args.db)
    with _progress() as progress:
        board = build_leaderboard(db, workshop=args.workshop, scenario=args.scenario,
                                  seed=args.seed, luck=args.luck, jobs=jobs,
                                  progress=progress)
    if args.json:
        print(json.dumps(board.to_json(), indent=2, ensure_ascii=False))
    else:
        _print_board(board)
    return 0


@contextmanager
def _progress() -> Iterator[Callable[[str, int, int], None] | None]:
    """A Rich progress bar on stderr (a task per stage) when stderr is a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    labels = {"verifying": "replaying logs", "baseline": "cautious bot games"}
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(labels.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


DIMENSION_HEADERS = {"schedule": "sched", "cost": "cost", "scope": "scope",
                     "quality": "qual", "stakeholders": "stake", "team": "team"}


def _print_board(board: Any) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    # a pipe or file gets the whole table rather than Rich's 80 columns
    console = Console(width=None if sys.stdout.isatty() else 120, highlight=False)
    console.print(f"[bold]{board.title}[/]")
    if len(board.luck) == 1:
        luck = board.luck[0]
        console.print(f"Baseline on the same luck: the cautious bot scored "
                      f"{luck.baseline_score} on this seed. {luck.luck_sentence()}")
    if board.rank_by == "margin":
        console.print("Seeds differ, so teams are ranked by their margin over the cautious "
                      "bot on their own seed.")
    if not board.ranked and not board.flagged and not board.repeats:
        console.print("No games recorded yet.")
        return
    has_luck = bool(board.luck)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False,
                  title=f"{len(board.ranked)} team(s) ranked, each verified by replaying "
                  "its log", title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("team", no_wrap=True)
    table.add_column("score", justify="right")
    table.add_column("outcome")
    for name, top in board.dimensions:
        table.add_column(f"{DIMENSION_HEADERS.get(name, name)}\n/{top}", justify="right")
    if has_luck:
        table.add_column("vs bot", justify="right")
        table.add_column("luck", justify="right")
    for entry in board.ranked:
        game = entry.game
        points = {d.name: d.points for d in game.dimensions}
        row = [str(entry.rank), _team(game.team), str(game.score), game.outcome,
               *(str(points.get(name, "")) for name, _ in board.dimensions)]
        if has_luck:
            row += [_signed(entry.margin),
                    f"{entry.luck.kinder_percent} %" if entry.luck else ""]
        table.add_row(*row)
    if board.ranked:
        console.print(table)
    if has_luck:
        console.print("vs bot: points over the cautious bot on the same seed (the team's "
                      "decisions); luck: the seed's dice were kinder than in this share of "
                      "games.")
    if board.repeats:
        console.print("[bold]Repeats[/] (not ranked: each team's first game counts):")
        for entry in board.repeats:
            console.print(f"  {_team(entry.game.team)}: {entry.game.score} points "
                          f"(game #{entry.game.id}, recorded {_when(entry.game.recorded)})")
    if board.flagged:
        console.print(f"[bold]FLAGGED[/] — {len(board.flagged)} entry(ies) left out of the "
                      "ranking because the stored game does not replay to its recorded "
                      "result:")
        for entry in board.flagged:
            console.print(f"  {_team(entry.game.team)} (game #{entry.game.id}, recorded "
                          f"{entry.game.score} points): {entry.reason}")


def _signed(value: int | None) -> str:
    if value is None:
        return ""
    return f"+{value}" if value > 0 else str(value) if value < 0 else "±0"


def _team(name: str) -> str:
    return name or "(no team name)"


def _when(stamp: str) -> str:
    return stamp[:16].replace("T", " ")
