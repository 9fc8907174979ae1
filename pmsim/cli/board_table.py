"""The leaderboard as a table in the terminal: numbers are never cut; when the terminal
is too narrow, whole columns are left out (least telling first) and team names wrap."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Any

from pmsim.cli.wording import count, listed, team_name, when
from pmsim.wording import signed

DIMENSION_HEADERS = {"schedule": "sched", "cost": "cost", "scope": "scope",
                     "quality": "qual", "stakeholders": "stake", "team": "team"}
PIPE_WIDTH = 120
"""The width of the table in a pipe or file when COLUMNS does not say (Rich would take
80)."""
TEAM_MIN_WIDTH = 12
"""Columns are left out before the team names get narrower than this (they wrap)."""


@dataclass
class _Column:
    key: str
    """"rank", "name" (the team's), "score", "outcome", a dimension's name, "margin" or
    "luck"."""
    header: str
    cells: list[str]
    justify: str = "right"


def _board_console() -> Any:
    """A console as wide as the terminal, or as COLUMNS says (also in a pipe)."""
    from pmsim.cli.terminal import console

    columns = os.environ.get("COLUMNS", "").strip()
    width = None if columns.isdigit() or sys.stdout.isatty() else PIPE_WIDTH
    return console(width=width)


def print_board(board: Any) -> None:
    from rich.text import Text

    console = _board_console()
    console.print(Text(board.title, style="bold"))
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
    if board.ranked:
        table, left_out = _fitted_table(console, board)
        console.print(table)
        shown = {c.header for c in table.columns}
        notes = []
        if "vs bot" in shown:
            notes.append("vs bot: points over the cautious bot on the same seed (the team's "
                         "decisions)")
        if "luck" in shown:
            notes.append("luck: the seed's dice were kinder than in this share of games")
        if notes:
            console.print("; ".join(notes) + ".")
        if left_out:
            console.print(f"Left out at {console.width} columns: {listed(left_out)} (a "
                          "wider terminal shows them, and so does --json).")
    if board.repeats:
        console.print(Text.assemble(("Repeats", "bold"),
                                    " (not ranked: each team's first game counts):"))
        for entry in board.repeats:
            _item(console, f"{_team(board, entry)}: {entry.game.score} points (game "
                  f"#{entry.game.id}, recorded {when(entry.game.recorded)}).")
    if board.flagged:
        many = len(board.flagged) > 1
        console.print(Text.assemble(
            ("FLAGGED", "bold"), f" — {count(len(board.flagged), 'entry')} left out of the "
            f"ranking because {'their' if many else 'its'} stored game"
            f"{'s do' if many else ' does'} not replay to the recorded result:"))
        for entry in board.flagged:
            reason = entry.reason if entry.reason.endswith(".") else f"{entry.reason}."
            _item(console, f"{_team(board, entry)} (game #{entry.game.id}, recorded "
                  f"{entry.game.score} points): {reason}")
    print_same_decisions(console, board.copies, board.workshop)


def print_same_decisions(console: Any, copies: Any, workshop: Any) -> None:
    """The trainer is told which games made the same decisions in the same order."""
    from rich.text import Text

    from pmsim.results.copies import MARK

    if not copies:
        return
    console.print(Text.assemble((f"{MARK} SAME DECISIONS", "bold"), " — one log may be a "
                                "copy handed in under another team name:"))
    for group in copies:
        _item(console, group.note())
    if workshop is not None:
        from pmsim.results.workshop_codes import format_code

        _item(console, f"`pmsim workshop drop {format_code(workshop.code)} GAME_ID` takes "
              "a game out of the workshop (it stays in the store).")


def _team(board: Any, entry: Any) -> str:
    """The team's name, marked when its game shares its decisions with another."""
    from pmsim.results.copies import MARK

    name = team_name(entry.game.team)
    return f"{name} {MARK}" if board.same_decisions(entry.game.id) else name


def _item(console: Any, text: str) -> None:
    """A list item, indented by two, its wrapped lines too (the text is not markup)."""
    import textwrap

    from rich.text import Text

    lines = textwrap.wrap(text, width=max(20, console.width), initial_indent="  ",
                          subsequent_indent="  ", break_long_words=False,
                          break_on_hyphens=False)
    console.print(Text("\n".join(lines)))


def _board_columns(board: Any) -> list[_Column]:
    """Every column the table can have, in order."""
    entries = board.ranked
    points = [{d.name: d.points for d in e.game.dimensions} for e in entries]
    columns = [
        _Column("rank", "#", [str(e.rank) for e in entries]),
        _Column("name", "team", [_team(board, e) for e in entries], "left"),
        _Column("score", "score", [str(e.game.score) for e in entries]),
        _Column("outcome", "outcome", [e.game.outcome for e in entries], "left"),
    ]
    for name, top in board.dimensions:
        columns.append(_Column(name, f"{DIMENSION_HEADERS.get(name, name)}\n/{top}",
                               [str(p.get(name, "")) for p in points]))
    if board.luck:
        columns.append(_Column("margin", "vs bot", [_signed(e.margin) for e in entries]))
    if len(board.luck) > 1:  # one seed for all: the line above the table says it once
        columns.append(_Column("luck", "luck", [f"{e.luck.kinder_percent}%" if e.luck else ""
                                                for e in entries]))
    return columns


def _drop_order(board: Any) -> list[str]:
    """The columns to leave out when the table is too wide, least telling first: the
    dimensions whose points differ least between the teams, the outcome, the luck of
    several seeds (with one seed there is no luck column), and the margin. Rank, team
    and score always stay."""
    points = [{d.name: d.points for d in e.game.dimensions} for e in board.ranked]
    names = [name for name, _ in board.dimensions]

    def spread(index: int) -> tuple[int, int]:
        values = [p[names[index]] for p in points if names[index] in p]
        return (max(values) - min(values) if values else 0, -index)

    dims = [names[i] for i in sorted(range(len(names)), key=spread)]
    luck = ["luck"] if len(board.luck) > 1 else []
    return [*dims, "outcome", *luck, *(["margin"] if board.luck else [])]


def _table(columns: list[_Column], teams: int, team_width: int) -> Any:
    from rich import box
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False,
                  title=f"{count(teams, 'team')} ranked, each verified by replaying its "
                  "log", title_justify="left")
    for column in columns:
        if column.key == "name":
            table.add_column(column.header, width=team_width, overflow="fold")
            continue
        natural = max(cell_len(text) for text in [*column.header.split("\n"), *column.cells])
        table.add_column(column.header, justify=column.justify,  # type: ignore[arg-type]
                         no_wrap=True, min_width=natural)
    for row in zip(*(column.cells for column in columns), strict=True):
        table.add_row(*(Text(cell) for cell in row))  # team names are not markup
    return table


def _fitted_table(console: Any, board: Any) -> tuple[Any, list[str]]:
    """The ranking table at the console's width: numbers are never cut; whole columns
    are left out (least telling first) and team names wrap instead. Returns the table
    and what was left out, in words."""
    from rich.cells import cell_len
    from rich.measure import Measurement

    columns = _board_columns(board)
    teams = len(board.ranked)
    longest = max(cell_len(text) for text in ["team", *columns[1].cells])
    floor = min(longest, TEAM_MIN_WIDTH)
    wide = console.options.update_width(10_000)
    left_out: list[str] = []
    order = _drop_order(board)
    while True:
        natural = Measurement.get(console, wide, _table(columns, teams, floor)).maximum
        if natural <= console.width or not order:
            break
        key = order.pop(0)
        columns = [c for c in columns if c.key != key]
        left_out.append(key)
    spare = console.width - natural
    team_width = max(4, min(longest, floor + spare))
    return _table(columns, teams, team_width), _left_out_words(left_out)


def _left_out_words(keys: list[str]) -> list[str]:
    """'the luck column', 'the outcome', 'the points for scope and team'."""
    from pmsim.scoring import DIMENSIONS

    words = {"outcome": "the outcome", "luck": "the luck column",
             "margin": "the margin over the bot"}
    dims = [k for k in keys if k in DIMENSIONS]
    out = [words[k] for k in keys if k in words]
    if dims:
        out.append(f"the points for {listed(dims)}")
    return out


def _signed(value: int | None) -> str:
    return "" if value is None else signed(value, zero="±0")
