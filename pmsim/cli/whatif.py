"""`pmsim whatif`: a decision's real futures in a saved game (`pmsim.whatif`)."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from pmsim.cli.common import add_executor_args, positive_int
from pmsim.errors import UserError

if TYPE_CHECKING:
    from pmsim.engine.view import PlayerView

EXAMPLE = "pmsim whatif game.jsonl 'hire candidate=eli' --week 3"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `whatif`."""
    from pmsim.whatif import FUTURES, MAX_FUTURES

    p = sub.add_parser(
        "whatif",
        help="play a saved game's futures with and without a decision",
        description="Play the game saved in LOG on from where it stands (or from the start "
        "of --week K: \"what if you had hired in week 3\") N times under fresh luck, once "
        "with DECISION and once without, the cautious bot playing on after the week, and "
        "compare the chance of finishing on time, the expected cost and the score's "
        f"range. The game and its log are not changed. Example: {EXAMPLE}",
    )
    p.add_argument("log", metavar="LOG", help="a game log (.jsonl) saved by pmsim play")
    p.add_argument("decision", metavar="DECISION",
                   help="the decision as KIND FIELD=VALUE … (e.g. 'hire candidate=eli', "
                   "'overtime level=1.1', 'assign person=mia task=ux-design') or as the "
                   "JSON object the log writes; a name the game does not have is answered "
                   "with the ids it has")
    p.add_argument("--week", type=positive_int, metavar="K",
                   help="go back to the start of week K first (default: where the log ends)")
    p.add_argument("--futures", type=positive_int, default=FUTURES, metavar="N",
                   help=f"futures each way (default {FUTURES}, at most {MAX_FUTURES})")
    add_executor_args(p)
    p.add_argument("--json", action="store_true", help="print one JSON object for scripts")
    p.set_defaults(func=cmd_whatif)


def parse_decision(text: str) -> dict[str, object]:
    """'hire candidate=eli' or '{"kind": "hire", ...}' → the decision's dict (checked by
    the engine afterwards)."""
    text = text.strip()
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise UserError(f"the decision is not valid JSON ({exc.msg}); write it as KIND "
                            f"FIELD=VALUE …, e.g. {EXAMPLE}") from None
        if not isinstance(data, dict):
            raise UserError("the decision must be a JSON object with a 'kind'")
        return data
    words = text.split()
    if not words:
        raise UserError(f"no decision given; write it as KIND FIELD=VALUE …, e.g. {EXAMPLE}")
    out: dict[str, object] = {"kind": words[0]}
    for word in words[1:]:
        name, sep, value = word.partition("=")
        if not sep or not name:
            raise UserError(f"{word!r} is not FIELD=VALUE; e.g. {EXAMPLE}")
        out[name] = _value(value)
    return out


def _value(text: str) -> object:
    """A number when it reads as one, else the text."""
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def cmd_whatif(args: argparse.Namespace) -> int:
    """Replay the log, check the decision, play the futures and print them."""
    from pmsim.engine.decisions import decision_from_dict
    from pmsim.executors import make_executor
    from pmsim.gamelog import read_log, replay
    from pmsim.rewind import rewind
    from pmsim.whatif import what_if

    decision = decision_from_dict(parse_decision(args.decision))
    loaded = read_log(args.log)
    sim = rewind(loaded, args.week) if args.week is not None else replay(loaded)
    if sim.finished:
        raise UserError(f"the game in {args.log} is over; give --week K to go back to the "
                        f"start of a week it played (1 to {sim.week}).")
    executor = make_executor(args.jobs, args.scheduler, args.dask_local)
    try:
        result = what_if(sim.scenario, sim.seed, sim.actions, decision, args.futures,
                         executor=executor)
    except UserError as exc:
        raise UserError(f"{exc}{ids_hint(sim.view(), decision.to_dict())}") from None
    finally:
        if executor is not None:
            executor.close()
    if args.json:
        print(json.dumps(result.to_dict(), indent=2))
    else:
        print("\n".join(result.lines(sim.view().money.currency)))
    return 0


ID_FIELDS = {"person": "people on the team", "candidate": "candidates for hire",
             "task": "tasks", "stakeholder": "stakeholders", "risk": "risks",
             "scope": "scope items"}
"""The decision fields that name something in the game, and what they name."""


def ids_hint(view: PlayerView, fields: dict[str, object]) -> str:
    """The ids a decision's naming fields may take now, as a sentence to append to a
    refusal (empty when the decision names nothing)."""
    known = {
        "person": [p.id for p in view.people if p.status in ("active", "arriving")],
        "candidate": [c.id for c in view.candidates],
        "task": [t.id for t in view.tasks if t.status != "done"],
        "stakeholder": [h.id for h in view.stakeholders],
        "risk": [r.id for r in view.risks if not r.closed],
        "scope": [s.id for s in view.scope],
    }
    parts = [f"{ID_FIELDS[name]}: {', '.join(known[name]) or 'none'}"
             for name in ID_FIELDS if name in fields]
    return f". In week {view.week} the ids are: {'; '.join(parts)}." if parts else ""
