"""Taking a game out of a workshop, and putting it back.

A trainer's test game, a log recorded twice under a typo'd team name, a game from
another room: such a game must stop counting for the workshop's leaderboard and summary
without being lost. Taken out, it stays in the results store (and in the leaderboard of
its scenario and seed) and remembers the workshop it came from, so it can be put back
(`ResultsStore.take_out_of_workshop`). All the games named go, or none: a wrong game id
changes nothing and says why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pmsim.errors import UserError
from pmsim.results.store import ResultsStore, StoredGame, Workshop, open_store
from pmsim.results.workshop_codes import format_code, normalise_code
from pmsim.wording import team_label


@dataclass(frozen=True)
class Moved:
    """A game named to take out of a workshop (or to put back)."""

    game: StoredGame
    changed: bool
    """False when it was out of the workshop (or in it) already."""

    @property
    def label(self) -> str:
        """'game #7 (team Test, 612 points)'."""
        return game_label(self.game)


def game_label(game: StoredGame) -> str:
    """'game #7 (team Test, 612 points)': how a trainer recognises a game."""
    return f"game #{game.id} ({team_label(game.team)}, {game.score} points)"


def drop_games(db: ResultsStore | str | Path | None, code: str, game_ids: Sequence[int]
               ) -> tuple[Workshop, list[Moved]]:
    """Take the games out of workshop `code`, all or none; a `UserError` naming every
    game that is not in it (and where it is instead), changing nothing."""
    return _move(db, code, game_ids, undo=False)


def undrop_games(db: ResultsStore | str | Path | None, code: str, game_ids: Sequence[int]
                 ) -> tuple[Workshop, list[Moved]]:
    """Put games taken out of workshop `code` back into it, all or none."""
    return _move(db, code, game_ids, undo=True)


def _move(db: ResultsStore | str | Path | None, code: str, game_ids: Sequence[int],
          undo: bool) -> tuple[Workshop, list[Moved]]:
    with open_store(db) as store:
        workshop = _stored_workshop(store, code)
        shown = format_code(workshop.code)
        moved, problems = [], []
        for game_id in dict.fromkeys(game_ids):
            game = store.game(game_id)
            if game is None:
                problems.append(f"there is no game #{game_id} in the results store "
                                f"{store.path} (the game numbers are those `pmsim workshop "
                                f"show {shown}` lists as \"game #N\")")
                continue
            inside = game.workshop_code == workshop.code
            out = game.workshop_code is None and store.dropped_from(game.id) == workshop.code
            if inside or out:
                moved.append(Moved(game, changed=out if undo else inside))
            else:
                verb = "was not taken out of" if undo else "is not in"
                problems.append(f"{game_label(game)} {verb} workshop {shown}: "
                                f"{_where(store, game, undo)}")
        if problems:
            raise UserError(" ".join(p if i == 0 else p[0].upper() + p[1:]
                                     for i, p in enumerate(problems)) + ". Nothing was changed.")
        to_move = [m.game.id for m in moved if m.changed]
        if to_move and store.take_out_of_workshop(workshop.code, to_move, undo=undo):
            raise UserError(f"another pmsim changed workshop {shown} at the same moment; "
                            "nothing was changed. Run the command again.")
    return workshop, moved


def _stored_workshop(store: ResultsStore, code: str) -> Workshop:
    """The workshop of a typed code, from this store only (a workshop it has never
    seen has no games in it)."""
    try:
        canonical = normalise_code(code)
    except UserError as exc:
        raise UserError(str(exc).replace("Check it with your facilitator.",
                                         "`pmsim workshop list` shows the codes.")) from None
    workshop = store.workshop(canonical)
    if workshop is None:
        raise UserError(f"the results store {store.path} has no workshop "
                        f"{format_code(canonical)}, so no game of it to take out or put "
                        "back. `pmsim workshop list` shows the workshops of a store; name "
                        "another store with --db.")
    return workshop


def _where(store: ResultsStore, game: StoredGame, undo: bool) -> str:
    """Where a game is instead, as the end of a sentence, with the command that moves it
    from there."""
    if game.workshop_code is not None:
        other = format_code(game.workshop_code)
        return f"it counts for workshop {other}" + (
            "" if undo else f" (`pmsim workshop drop {other} {game.id}` takes it out of that one)")
    dropped = store.dropped_from(game.id)
    if dropped is None:
        return "it is in no workshop (it was recorded without one)"
    other = format_code(dropped)
    return f"it is in no workshop, having been taken out of workshop {other}" + (
        f" (`pmsim workshop undrop {other} {game.id}` puts it back there)" if undo else "")
