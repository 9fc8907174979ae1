"""Recovering a damaged saved game: the part of its log before the damage becomes a
new game, saved in a new log; the damaged file is kept, renamed with `.damaged`.

Nothing is deleted or overwritten: the new log is written (and flushed to disk) first,
then the damaged one is moved aside under a name not yet taken, so it is no longer
offered but can still be looked at or handed to the trainer.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pmsim.errors import UserError
from pmsim.filelock import hold_exclusive
from pmsim.gamelog import GameLogWriter, LogError, replay
from pmsim.session.saves import DamagedSave, new_log_path, read_meta, write_meta

DAMAGED_SUFFIX = ".damaged"
"""Added to the name of a damaged log once its intact part has been recovered."""


@dataclass(frozen=True)
class Recovered:
    """What a recovery made."""

    path: Path
    """The new log, to continue."""
    actions: int
    """Actions recovered."""
    kept_as: Path | None
    """Where the damaged log now is (None: it could not be moved and is where it was)."""
    finished: bool
    """The recovered actions already end the game."""

    def describe(self) -> str:
        """One paragraph for the player."""
        n = f"{self.actions} action{'' if self.actions == 1 else 's'}"
        kept = (f"the damaged file is kept as {self.kept_as}" if self.kept_as is not None
                else "the damaged file could not be renamed and stays where it was")
        then = ("Those actions end the game: `pmsim replay` shows it." if self.finished
                else "Play on from there.")
        return f"Recovered the first {n} as a new game, saved in {self.path}; {kept}. {then}"


def recover(damaged: DamagedSave) -> Recovered:
    """Replay the intact part of `damaged` into a new log, then move the damaged file
    aside (raises `UserError` when nothing can be recovered, or the scenario the game
    was played on cannot be found, or the game is open in another window)."""
    intact = damaged.intact
    if intact is None:
        raise UserError(f"nothing can be recovered from {damaged.path}: "
                        f"{damaged.what_is_wrong()}. The file is left as it is.")
    with _locked(damaged.path):
        sim = replay(dataclasses.replace(intact, result=None))
        path = new_log_path(intact.scenario_id, intact.seed, suffix="-recovered")
        writer = GameLogWriter()
        writer.start(path, sim, intact.scenario_path, intact.team, created=intact.created)
        if sim.finished:
            writer.finish(sim)
        else:
            writer.close()
        notes = {**read_meta(damaged.path), "recovered_from": damaged.path.name}
        with contextlib.suppress(OSError):
            write_meta(path, notes)
        kept = set_aside(damaged.path)
    return Recovered(path, len(intact.actions), kept, sim.finished)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold the damaged log's lock while recovering it: a game still being played in
    another window (whose last line is being written) is not recovered under it."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError as exc:
        raise LogError(f"cannot read {path} ({exc.strerror}).") from None
    try:
        if not hold_exclusive(fd):
            raise LogError(f"the game in {path} is being played in another window right "
                           "now; it is not damaged, only still being saved.")
        yield
    finally:
        os.close(fd)


def set_aside(path: Path) -> Path | None:
    """Rename `path` with `.damaged` (then `.damaged-2`, …): never onto an existing file.
    None when it cannot be renamed."""
    for n in range(1, 1000):
        target = path.with_name(path.name + DAMAGED_SUFFIX + ("" if n == 1 else f"-{n}"))
        if target.exists():
            continue
        try:
            os.link(path, target)  # fails if the name was taken meanwhile
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links
            if target.exists():
                continue
            try:
                os.replace(path, target)
            except OSError:
                return None
            return target
        with contextlib.suppress(OSError):
            os.unlink(path)
        return target
    return None
