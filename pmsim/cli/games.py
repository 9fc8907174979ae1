"""Game commands: `run` (bots in batch) and `replay` (a game log)."""

from __future__ import annotations

import argparse
import json

from pmsim.text import clean_line
from pmsim.wording import count, team_label


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the game commands."""
    register_replay(sub)


# ---------------------------------------------------------------- replay


def register_replay(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `pmsim replay LOG [--json] [--scenario SCENARIO]`."""
    p = sub.add_parser("replay", help="replay a saved game log and print its outcome",
                       description="Replay a game log (.jsonl) on the engine and print the "
                       "outcome. The log is refused if it was edited, is truncated, or its "
                       "scenario has changed since the game was played.")
    p.add_argument("log", metavar="LOG", help="the game log, a .jsonl file")
    p.add_argument("--scenario", metavar="SCENARIO", default=None,
                   help="replay on this scenario (built-in id or .toml) instead of the one "
                   "the log names, e.g. when the file has moved; it must be unchanged")
    p.add_argument("--json", action="store_true",
                   help="print one JSON object (the result, or {finished: false, week})")
    p.set_defaults(func=cmd_replay)


def cmd_replay(args: argparse.Namespace) -> int:
    """Replay a log; print the outcome, or how far an unfinished game got."""
    from pmsim.gamelog import read_log, replay
    from pmsim.scenario import load_scenario

    log = read_log(args.log)
    scenario = load_scenario(args.scenario) if args.scenario else None
    sim = replay(log, scenario)
    if not sim.finished:
        if args.json:
            print(json.dumps({"finished": False, "week": sim.week}))
            return 0
        waiting = len(sim.pending)
        print(f"{sim.scenario.meta.title} — seed {sim.seed}{_team(log.team)}: the game is "
              f"unfinished. It reached week {sim.week} (deadline week {sim.board.deadline_week}) "
              f"after {len(log.actions)} actions"
              + (f"; {count(waiting, 'request')} "
                 f"{'awaits' if waiting == 1 else 'await'} an answer." if waiting else "."))
        return 0
    outcome = sim.outcome()
    if args.json:
        print(json.dumps(outcome.to_result()))
        return 0
    print(f"{sim.scenario.meta.title} — seed {sim.seed}{_team(log.team)}, "
          f"replayed from {clean_line(str(args.log))} ({len(log.actions)} actions)")
    print(outcome.summary)
    for dim in outcome.dimensions:
        print(f"  {dim.name:<13} {dim.sentence}")
    return 0


def _team(team: str) -> str:
    return f", {team_label(team)}" if team else ""
