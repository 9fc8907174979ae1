"""Workshop commands: `workshop new|show|list|drop|undrop`, `record` and `leaderboard`.

Every one takes `--db PATH` to use another results store than the user's own
(`<data dir>/results.sqlite`, see `pmsim.results.store`).
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmsim.cli.common import positive_int, seed_int
from pmsim.cli.recording import cmd_record
from pmsim.cli.wording import count, team_name, when
from pmsim.errors import UserError
from pmsim.parallel import MAX_JOBS, default_jobs
from pmsim.wording import team_label

if TYPE_CHECKING:
    from pmsim.results.store import Workshop


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `workshop`, `record` and `leaderboard`."""
    _register_workshop(sub)
    _register_record(sub)
    _register_leaderboard(sub)


def _register_workshop(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `workshop` and its actions, in the order `--help` lists them."""
    ws = sub.add_parser("workshop", help="create a workshop code, or show who has played one",
                        description="A workshop code fixes a scenario and a seed, so every "
                        "team plays the same project with the same luck.")
    ws_sub = ws.add_subparsers(dest="workshop_command", metavar="ACTION", required=True)
    _register_workshop_new(ws_sub)
    _register_workshop_show(ws_sub)
    listing = ws_sub.add_parser("list", help="every workshop in the store, newest first")
    _db_option(listing)
    listing.set_defaults(func=cmd_workshop_list)
    _register_workshop_drop(ws_sub)


def _register_workshop_new(ws_sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `workshop new`."""
    new = ws_sub.add_parser("new", help="create a workshop and print its code",
                            description="Create a workshop on a scenario and seed and print "
                            "its code, for the players to type, and how their results come "
                            "together. The code of a built-in scenario carries the scenario "
                            "and the seed, so it works on any computer with the same pmsim. "
                            "The cautious bot's baseline for the luck-adjusted result is "
                            "computed now and kept in the store, so debriefs and the "
                            "leaderboard need not each play it.")
    new.add_argument("--scenario", required=True, metavar="SCENARIO",
                     help="built-in id or path to a .toml file")
    new.add_argument("--seed", type=seed_int, default=None,
                     help="the seed every team plays (drawn if not given)")
    new.add_argument("--name", default="", metavar="TEXT",
                     help="a name to recognise the workshop by (e.g. the group or date)")
    new.add_argument("--no-luck", dest="luck", action="store_false",
                     help="do not compute the luck baseline now (about 200 bot games); the "
                     "first debrief or leaderboard that needs it computes it")
    _jobs_option(new)
    _db_option(new)
    new.set_defaults(func=cmd_workshop_new)


def _register_workshop_show(ws_sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `workshop show`."""
    show = ws_sub.add_parser("show", help="a workshop's scenario, seed and teams",
                             description="Show a workshop and the games recorded for it, as "
                             "recorded (`pmsim leaderboard --workshop CODE` verifies them).")
    show.add_argument("code", metavar="CODE", help="the workshop code, e.g. K7QX-M3RT-AC")
    show.add_argument("--json", action="store_true", help="print one JSON object")
    _db_option(show)
    show.set_defaults(func=cmd_workshop_show)


def _register_workshop_drop(ws_sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `workshop drop` and `workshop undrop`."""
    drop = ws_sub.add_parser("drop", help="take games out of a workshop (they stay stored)",
                             description="Take games out of a workshop's leaderboard and "
                             "summary: a test game, a log recorded twice under another team "
                             "name, a game from another room. Each stays in the results store "
                             "(and in `pmsim leaderboard --scenario ID --seed N`), and "
                             "`pmsim workshop undrop` puts it back. All the games named are "
                             "taken out, or none.")
    undrop = ws_sub.add_parser("undrop", help="put games taken out of a workshop back",
                               description="Put games that `pmsim workshop drop` took out of "
                               "a workshop back into it.")
    for parser, func in ((drop, cmd_workshop_drop), (undrop, cmd_workshop_undrop)):
        parser.add_argument("code", metavar="CODE", help="the workshop code")
        parser.add_argument("game_ids", nargs="+", type=positive_int, metavar="GAME_ID",
                            help="a game's number: `pmsim workshop show CODE` lists it as "
                            "\"game #N\"")
        _db_option(parser)
        parser.set_defaults(func=func)


def _register_record(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `record`."""
    rec = sub.add_parser("record", help="add finished games' logs to the results store",
                         description="Replay each finished game's log and record its result "
                         "(the same log twice is recorded once): the logs teams hand in "
                         "after playing on their own computers. Each log is recorded or "
                         "refused with its reason; the exit status is 1 if any was refused.")
    rec.add_argument("logs", nargs="+", metavar="LOG",
                     help="a game log (.jsonl file), or a folder: every *.jsonl file in it "
                     "and its subfolders")
    rec.add_argument("--workshop", metavar="CODE", default=None,
                     help="count the games for this workshop (their scenario and seed must "
                     "match)")
    _db_option(rec)
    rec.set_defaults(func=cmd_record)


def _register_leaderboard(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `leaderboard`."""
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
    _jobs_option(lb, "verifying and for the bot's baseline games")
    _db_option(lb)
    lb.set_defaults(func=cmd_leaderboard)


def _jobs_option(parser: argparse.ArgumentParser, what: str = "the bot's baseline games"
                 ) -> None:
    parser.add_argument("--jobs", type=positive_int, default=None, metavar="J",
                        help=f"worker processes for {what} (default: the number of CPUs, "
                        f"at most {MAX_JOBS})")


def _jobs(args: argparse.Namespace) -> int:
    return int(args.jobs or default_jobs())


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH", default=None,
                        help="the results store file (default: results.sqlite in the pmsim "
                        "data folder, or $PMSIM_DATA_DIR)")


def _existing_db(value: str | None) -> Path:
    """The store a reading command uses; it must exist already."""
    from pmsim.results.store import default_db_path

    path = Path(value).expanduser() if value else default_db_path()
    if value and not path.exists() and not path.parent.is_dir():
        from pmsim.results.store_file import missing_folder

        raise missing_folder(path)
    if not path.exists():
        raise UserError(f"there is no results store at {path} yet: create a workshop with "
                        "`pmsim workshop new --scenario ID`, or record a game with `pmsim "
                        "record LOG`" + (", or check the --db path." if value else "."))
    return path


def _new_folder(value: str | None) -> Path | None:
    """The folder --db names that does not exist yet (a creating command makes it)."""
    if not value:
        return None
    folder = Path(value).expanduser().parent
    return None if folder.exists() else folder


# ---------------------------------------------------------------- workshop


def cmd_workshop_new(args: argparse.Namespace) -> int:
    """Create the workshop, print its code, how teams play and how results come
    together, then compute the luck baseline."""
    from pmsim.results.store import default_db_path
    from pmsim.results.workshop_codes import create_workshop, existing_workshop, format_code

    before = (existing_workshop(args.db, args.scenario, args.seed)
              if args.seed is not None else None)
    new_folder = _new_folder(args.db)
    workshop = create_workshop(args.db, args.scenario, seed=args.seed, name=args.name)
    code = format_code(workshop.code)
    db = f" --db {args.db}" if args.db else ""
    _print_new_workshop(args, workshop, code, before)
    _print_how_teams_play(workshop, code, db)
    print(f"Who has played: pmsim workshop show {code}{db}")
    print(f"Ranking:        pmsim leaderboard --workshop {code}{db}")
    print(f"Stored in {args.db or default_db_path()}." + (
        f" The folder {new_folder} did not exist: it was created for this new store."
        if new_folder is not None and new_folder.is_dir() else ""))
    sys.stdout.flush()
    if not args.luck:
        print("The luck baseline was not computed (--no-luck); the first debrief or "
              "leaderboard that needs it plays its bot games.")
        return 0
    _compute_luck_baseline(args, workshop)
    return 0


def _print_new_workshop(args: argparse.Namespace, workshop: Workshop, code: str,
                        before: Workshop | None) -> None:
    """The code, scenario and seed; whether the store had it already; where it works."""
    from pmsim.results.workshop_codes import is_portable, store_only_reason

    named = f" — {workshop.name}" if workshop.name else ""
    print(f"Workshop code: {code}")
    print(f"  scenario {workshop.scenario_id}, seed {workshop.seed}{named}")
    if before is not None:
        print(f"  This store has had this workshop since {when(before.created)}: the same "
              "scenario and seed always give the same code, so all its games share one "
              "leaderboard. Leave --seed out for a separate workshop.")
        if args.name.strip() and args.name.strip() != before.name:
            print(f"  Its name stays {before.name!r}." if before.name else
                  "  It keeps having no name.")
    if is_portable(workshop.code):
        print("  The code carries the scenario and the seed, so it works on any computer "
              "with this pmsim version (only the name stays in this store).")
    else:
        why = store_only_reason(workshop.scenario_hash, workshop.seed)
        print(f"  This code works only with this results store, because {why}.")


def _print_how_teams_play(workshop: Workshop, code: str, db: str) -> None:
    """The three ways teams play the workshop and how their results come together."""
    from pmsim.results.workshop_codes import is_portable

    if is_portable(workshop.code):
        own = f"pmsim play --workshop {code} --team NAME"
        copy = ""
    else:
        scenario = (workshop.scenario_ref if workshop.scenario_ref == workshop.scenario_id
                    else "FILE")
        own = f"pmsim play {scenario} --seed {workshop.seed} --team NAME"
        copy = ", each with a copy of the scenario file" if scenario == "FILE" else ""
    print("Teams play it in any of three ways:")
    print(f"  - on this computer, one after another:  pmsim play --workshop {code} "
          f"--team NAME{db}")
    print("  - in a web browser, served from this computer (each finished game is recorded "
          "here):")
    print(f"      pmsim serve --host 0.0.0.0 -- --workshop {code}{db}")
    print(f"  - on their own computers{copy}:  {own}")
    print("    then each hands in its game log (the debrief says where it is saved), and "
          "you record them all at once:")
    print(f"      pmsim record LOGS… --workshop {code}{db}")


def _compute_luck_baseline(args: argparse.Namespace, workshop: Workshop) -> None:
    """Play (or find cached) the bot's baseline games now, with progress on stderr."""
    from pmsim.results.luck_baseline import luck_report

    with _progress() as progress:
        luck = luck_report(workshop.scenario_ref, workshop.seed, args.db, jobs=_jobs(args),
                           progress=None if progress is None else
                           (lambda done, total: progress("baseline", done, total)))
    print(f"Luck baseline ready for the debriefs: the cautious bot scored "
          f"{luck.baseline_score} on this seed. {luck.luck_sentence()}")


def cmd_workshop_show(args: argparse.Namespace) -> int:
    """The workshop and its games, as recorded."""
    from pmsim.results.copies import MARK, by_game, same_decisions
    from pmsim.results.store import open_store
    from pmsim.results.workshop_codes import format_code, workshop_games

    db = _existing_db(args.db)
    workshop, games = workshop_games(db, args.code)
    with open_store(db) as store:
        dropped = store.games(dropped_from=workshop.code)
    code = format_code(workshop.code)
    copies = same_decisions(games)
    marked = by_game(copies)
    if args.json:
        print(json.dumps({
            "code": code, "name": workshop.name, "scenario": workshop.scenario_id,
            "scenario_hash": workshop.scenario_hash, "seed": workshop.seed,
            "engine": workshop.engine, "created": workshop.created or None,
            "in_store": workshop.stored,
            "games": [{"game_id": g.id, "team": g.team, "score": g.score,
                       "outcome": g.outcome, "recorded": g.recorded,
                       **({"same_decisions_as": list(marked[g.id].others(g.id))}
                          if g.id in marked else {})} for g in games],
            "same_decisions": [group.to_json() for group in copies],
            "taken_out": [{"game_id": g.id, "team": g.team, "score": g.score,
                           "outcome": g.outcome, "recorded": g.recorded} for g in dropped],
        }, indent=2, ensure_ascii=False))
        return 0
    print(f"Workshop {code}" + (f" — {workshop.name}" if workshop.name else ""))
    created = (f", created {when(workshop.created)}" if workshop.stored else
               " (read from the code: this store has no record of it)")
    print(f"  scenario {workshop.scenario_id} (content hash {workshop.scenario_hash}), "
          f"seed {workshop.seed}, engine {workshop.engine}{created}")
    if games:
        print(f"{count(len(games), 'game')} recorded (scores as recorded; `pmsim leaderboard "
              f"--workshop {code}` verifies and ranks them):")
        width = max(len(team_name(g.team)) for g in games)
        for g in games:
            print(f"  {team_name(g.team):<{width}}  {g.score:>4}  {g.outcome:<10}  "
                  f"recorded {when(g.recorded)}  (game #{g.id})"
                  + (f"  {MARK} same decisions as #"
                     + ", #".join(map(str, marked[g.id].others(g.id))) if g.id in marked
                     else ""))
        for group in copies:
            print(f"{MARK} {group.note()} `pmsim workshop drop {code} GAME_ID` takes one "
                  "out.")
    elif not dropped:
        print(f"No games recorded yet. Teams play with: pmsim play --workshop {code} "
              "--team NAME")
    if dropped:
        print(f"{count(len(dropped), 'game')} taken out (kept in the store, not counted): "
              f"{', '.join(f'#{g.id} ({team_label(g.team)})' for g in dropped)} — `pmsim "
              f"workshop undrop {code} GAME_ID` puts one back.")
    return 0


def cmd_workshop_drop(args: argparse.Namespace) -> int:
    """Take the games out of the workshop, one line each."""
    from pmsim.results.dropping import drop_games
    from pmsim.results.workshop_codes import format_code

    workshop, moved = drop_games(_existing_db(args.db), args.code, args.game_ids)
    code = format_code(workshop.code)
    for m in moved:
        print(f"Took {m.label} out of workshop {code}; it stays in the store." if m.changed
              else f"{m.label[0].upper()}{m.label[1:]} was already out of workshop {code}; "
              "nothing changed.")
    db = f" --db {shlex.quote(args.db)}" if args.db else ""
    ids = " ".join(str(m.game.id) for m in moved)
    them = "it" if len(moved) == 1 else "them"
    print(f"`pmsim workshop undrop {code} {ids}{db}` puts {them} back; `pmsim leaderboard "
          f"--scenario {shlex.quote(workshop.scenario_ref)} --seed {workshop.seed}{db}` "
          f"still lists {them}.")
    return 0


def cmd_workshop_undrop(args: argparse.Namespace) -> int:
    """Put the games back into the workshop, one line each."""
    from pmsim.results.dropping import undrop_games
    from pmsim.results.workshop_codes import format_code

    workshop, moved = undrop_games(_existing_db(args.db), args.code, args.game_ids)
    code = format_code(workshop.code)
    for m in moved:
        print(f"Put {m.label} back into workshop {code}." if m.changed
              else f"{m.label[0].upper()}{m.label[1:]} is already in workshop {code}; "
              "nothing changed.")
    return 0


def cmd_workshop_list(args: argparse.Namespace) -> int:
    """Every workshop, newest first."""
    from pmsim.results.store import open_store
    from pmsim.results.workshop_codes import format_code

    with open_store(_existing_db(args.db)) as store:
        workshops = store.workshops()
        counts = {w.code: len(store.games(workshop_code=w.code)) for w in workshops}
    if not workshops:
        print("No workshops yet; create one with `pmsim workshop new --scenario ID`.")
    for w in workshops:
        named = f"  {w.name}" if w.name else ""
        print(f"{format_code(w.code)}  {when(w.created)}  {w.scenario_id}, seed {w.seed}, "
              f"{count(counts[w.code], 'game')}{named}")
    return 0


# ---------------------------------------------------------------- leaderboard


def cmd_leaderboard(args: argparse.Namespace) -> int:
    """Verify, rank and print."""
    from pmsim.cli.board_table import print_board
    from pmsim.results.leaderboard import build_leaderboard

    if args.seed is not None and args.scenario is None and args.workshop is None:
        raise UserError("--seed goes with --scenario ID (a workshop fixes its own seed).")
    db = _existing_db(args.db)
    with _progress() as progress:
        board = build_leaderboard(db, workshop=args.workshop, scenario=args.scenario,
                                  seed=args.seed, luck=args.luck, jobs=_jobs(args),
                                  progress=progress)
    if args.json:
        print(json.dumps(board.to_json(), indent=2, ensure_ascii=False))
    else:
        print_board(board)
    return 0


@contextmanager
def _progress() -> Iterator[Callable[[str, int, int], None] | None]:
    """A Rich progress bar on stderr (a task per stage) when stderr is a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from pmsim.cli.terminal import console as make_console

    labels = {"verifying": "replaying logs", "baseline": "cautious bot games (luck)"}
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=make_console(stderr=True), transient=True) as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(labels.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update
