"""What the start screen offers to continue: the last unfinished game, and a saved game
whose log is damaged (with what is wrong and what can be recovered).

On one's own computer every saved game is the player's. Served to browsers (`pmsim
serve`) the games of a whole room lie in one folder, and a game is offered only to the
browser that started it (`pmsim.session.saves.belongs_to`): never by a team name, which
anybody can type. In a workshop, only a game of that workshop is offered.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text

from pmsim.session.saves import DamagedSave, SavedGame, belongs_to, read_meta, scan_games
from pmsim.tui.format import c


def chooser(served: bool, owner: str | None,
            workshop: str | None) -> Callable[[Path], bool] | None:
    """Which saved games may be offered: all (None), this browser's, this workshop's."""
    if not served and not workshop:
        return None

    def keep(path: Path) -> bool:
        if served and not belongs_to(path, owner):
            return False
        return not workshop or read_meta(path).get("workshop") == workshop

    return keep


def find_saves(served: bool, owner: str | None,
               workshop: str | None) -> tuple[SavedGame | None, DamagedSave | None]:
    """The last unfinished game to continue and the last damaged one, as may be offered."""
    saved: SavedGame | None = None
    damaged: DamagedSave | None = None
    if served and owner is None:
        return None, None
    for game in scan_games(chooser(served, owner, workshop)):
        if isinstance(game, SavedGame):
            saved = saved or game
        else:
            damaged = damaged or game
        if saved is not None and damaged is not None:
            break
    return saved, damaged


def continue_line(saved: SavedGame | None, damaged: DamagedSave | None, served: bool,
                  owner: str | None) -> Text:
    """The start screen's line about saved games: c to continue, r to recover."""
    key = f"bold {c('accent')}"
    if served and owner is None:
        line = Text("This browser keeps no cookies, so a game started here cannot be "
                    "continued once its tab closes.", style=c("muted"))
    elif saved is not None:
        line = Text("c ", style=key)
        which = "this browser's" if served else "the last"
        line.append(f"Continue {which} unfinished game: {saved.describe()}")
    elif served:
        line = Text("Playing in a browser: your game is saved as you play, for this "
                    "browser only. If the tab closes, open this address again in the same "
                    "browser and press c to continue.", style=c("muted"))
    else:
        line = Text("No unfinished game to continue.", style=c("muted"))
    if damaged is None:
        return line
    line.append("\n")
    line.append("r ", style=key)
    line.append(damaged_line(damaged))
    return line


DAMAGED_ROWS = 2
"""Rows the damaged-save line takes at 80 columns (the start screen makes room)."""


def damaged_line(damaged: DamagedSave) -> str:
    """What the damaged save was, what is wrong and what r does, short enough for two
    rows of an 80-column screen."""
    what = _clip(damaged.describe().split(" — ")[0], 40)
    if damaged.intact is None:
        return (f"Set aside an unreadable save ({what}): nothing in it can be recovered; "
                "the file is kept, renamed .damaged.")
    if damaged.cut_off:
        reason = f"cut off in line {damaged.first_bad_line}"
    elif damaged.first_bad_line > 1:
        reason = f"damaged from line {damaged.first_bad_line}"
    else:
        reason = "unreadable"
    n = len(damaged.intact.actions)
    return (f"Recover a damaged save ({what}): {reason}. Its first {n} action"
            f"{'' if n == 1 else 's'} become a new game; the file is kept, renamed .damaged.")


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"
