"""The workshop's verified leaderboard, as the hub gives it, for the facilitator's
console (`pmsim console`, key l)."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical

from pmsim.text import clean_line
from pmsim.tui.dialogs.base import Dialog
from pmsim.tui.plain import DataTable, Static


def ranking_rows(board: dict[str, Any]) -> list[tuple[Text, ...]]:
    """Rank, team, score and outcome for each ranked game, then the flagged ones (their
    log does not replay to their score) with the reason. (The margin over the bot needs
    the luck baseline: the workshop report has it.)"""
    rows = []
    for e in board.get("ranking", []):
        rows.append(tuple(Text(str(x)) for x in (
            e.get("rank", ""), clean_line(str(e.get("team", "")))[:30], e.get("score", ""),
            e.get("outcome", ""))))
    for e in board.get("flagged", []):
        rows.append(tuple(Text(str(x)) for x in (
            "✗", clean_line(str(e.get("team", "")))[:30], e.get("recorded_score", ""),
            "flagged: " + clean_line(str(e.get("reason", "")))[:40])))
    return rows


class RankingDialog(Dialog[None]):
    """The verified ranking; escape or l goes back to the teams."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,l", "cancel", "Back")]

    def __init__(self, board: dict[str, Any]) -> None:
        super().__init__()
        self.board = board

    def compose(self) -> ComposeResult:
        with Vertical(classes="box"):
            yield Static("Leaderboard (verified by replay)", classes="title")
            problem = self.board.get("problem")
            if problem:
                yield Static(clean_line(str(problem)), classes="refusal")
            rows = ranking_rows(self.board)
            if rows:
                table = DataTable(zebra_stripes=True)
                table.add_columns("#", "Team", "Score", "Outcome")
                for row in rows:
                    table.add_row(*row)
                yield table
            elif not problem:
                yield Static("No finished game yet.", classes="text")
            yield Static("esc or l: back to the teams", classes="keys")
