"""Rewind: replay a game's log to the start of an earlier week, to play on from there.

These are the save points trainers use after a debrief: "go back to week 8 and try
another answer to that change request". The game is rebuilt from its log on the same
scenario and seed, so it meets the same luck — the same true efforts and the same risk
draws (common random numbers) — and only the decisions taken from then on differ.

The start of week K is the first moment the game is in week K with the week not yet
begun: after the `advance` that closed week K − 1, before any decision of week K. Any
request raised at the end of week K − 1 is still pending there, to be answered anew.
Week 1 starts before the first action. No user-interface imports.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from pmsim.engine.decisions import DecisionError
from pmsim.engine.simulation import Simulation
from pmsim.errors import UserError
from pmsim.gamelog import UNEDITED, LoadedLog, LogError, read_log, replay


def at_week_start(sim: Simulation, week: int) -> bool:
    """Whether `sim` stands at the start of `week` with the game still going."""
    return sim.week == week and not sim.week_started and not sim.finished


def rewind(log: str | Path | LoadedLog, week: int) -> Simulation:
    """The game saved in `log`, replayed to the start of `week` (see the module).

    Raises `UserError` for a week before 1 or after the game's last week, and the
    log's own `LogError` for a log that cannot be read or replayed."""
    loaded = log if isinstance(log, LoadedLog) else read_log(log)
    label = str(loaded.path) if loaded.path is not None else "(in memory)"
    if isinstance(week, bool) or not isinstance(week, int) or week < 1:
        raise UserError(f"there is no week {week!r} to go back to: weeks count from 1 "
                        "(week 1 is the start of the game).")
    # the header's checks (engine version, scenario and its content hash) come from
    # replaying no actions at all: a fresh game of the same scenario and seed
    sim = replay(dataclasses.replace(loaded, actions=(), action_lines=(), result=None))
    if at_week_start(sim, week):
        return sim
    for action, number in zip(loaded.actions, loaded.action_lines, strict=True):
        _take(sim, action, number, label)
        if at_week_start(sim, week):
            return sim
    last = sim.week
    state = "ended" if sim.finished else "stops"
    raise UserError(f"the game in {label} {state} in week {last}, so it cannot go back to "
                    f"week {week}; choose a week from 1 to {last}.")


def last_week(sim: Simulation) -> int:
    """The last week a game (finished or not) can be rewound to: its current week."""
    return sim.week


def _take(sim: Simulation, action: dict[str, object], number: int, label: str) -> None:
    """One logged action on `sim` (as `pmsim.gamelog.replay` takes them)."""
    try:
        sim.perform(action)
    except DecisionError as exc:
        raise LogError(f"the game log {label} cannot be replayed: the engine refuses the "
                       f"action on line {number} ({exc}). {UNEDITED}") from None
