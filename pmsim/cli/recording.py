"""`pmsim record`: add the logs teams hand in to the results store, each recorded or
refused with its reason (the command is registered by `pmsim.cli.workshop_commands`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pmsim.cli.wording import count, listed
from pmsim.errors import UserError
from pmsim.text import clean_line
from pmsim.wording import team_label


def cmd_record(args: argparse.Namespace) -> int:
    """Record every log named (folders: every *.jsonl inside), each with its own line;
    1 when any was refused."""
    from pmsim.results.record import TEAM_NAME_LIMIT, find_logs, record_game
    from pmsim.results.store import ResultsStore, default_db_path
    from pmsim.results.workshop_codes import format_code, get_workshop, normalise_code

    workshop_code = normalise_code(args.workshop) if args.workshop is not None else None
    logs = find_logs(args.logs)
    store_path = Path(args.db).expanduser() if args.db else default_db_path()
    new_store = not store_path.exists()
    counts = {"recorded": 0, "already": 0, "refused": 0}
    with ResultsStore(args.db, create_folder=True) as store:
        store.require_writable("record games in")  # once, not once per log
        if workshop_code is not None:
            get_workshop(store, workshop_code)  # an unknown code stops here, once
        for path, problem in logs:
            shown = clean_line(str(path))  # a handed-in file may be named to do harm
            if problem is None:
                try:
                    recorded = record_game(store, path, workshop_code=workshop_code)
                except UserError as exc:
                    problem = _without_path(str(exc), path)
            if problem is not None:
                counts["refused"] += 1
                print(f"Refused {shown}: {clean_line(problem)}", file=sys.stderr)
                continue
            what = (f"{team_label(recorded.team)}, {recorded.score} points "
                    f"({recorded.outcome})")
            if recorded.new:
                counts["recorded"] += 1
                print(f"Recorded {shown} as game #{recorded.id}: {what}.")
            else:
                counts["already"] += 1
                print(f"Already recorded {shown} as game #{recorded.id} ({what}); nothing "
                      "added.")
                out_of = store.dropped_from(recorded.id)
                if out_of is not None:
                    print(f"  It stays taken out of workshop {format_code(out_of)}; `pmsim "
                          f"workshop undrop {format_code(out_of)} {recorded.id}` puts it back.")
            if recorded.shortened_from is not None:
                print(f"  The team name is recorded shortened to {TEAM_NAME_LIMIT} "
                      f"characters (it was {len(recorded.shortened_from)} long).")
        where = (f" for workshop {format_code(workshop_code)}" if workshop_code else "")
        parts = [count(counts["recorded"], "game") + " recorded"]
        if counts["already"]:
            parts.append(f"{counts['already']} recorded before")
        if counts["refused"]:
            parts.append(f"{counts['refused']} refused")
        print(f"{listed(parts)}{where}, in {store.path}.")
        if new_store:
            made = (f" (and its folder {store.made_folder}, which did not exist)"
                    if store.made_folder is not None else "")
            print(f"That store is new: there was no results store at {store.path} "
                  f"before{made}. If the other games are elsewhere, record these again "
                  "with that --db.")
    return 1 if counts["refused"] else 0


def _without_path(message: str, path: Path) -> str:
    """A refusal without the file name the line starts with already."""
    for prefix in (f"the game log {path} ", f"the game in {path} "):
        if message.startswith(prefix):
            return "the " + ("log " if "log" in prefix else "game ") + message[len(prefix):]
    return message
