"""The leaderboard: the verified ranking of a workshop (or of one scenario and seed), with
each dimension, the margin over the cautious bot on the same luck, and the entries
flagged because their stored game does not replay to its recorded result.

`pmsim.results.build_leaderboard` replays every stored log (and plays the bot's baseline
games the first time), so it runs in a worker thread with a progress bar. The table shows
the columns that fit in full — on a narrow terminal the outcome shrinks to its mark and
the least telling columns go, and a note says which — never half a number.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer

from pmsim.parallel import worker_jobs
from pmsim.results import Entry, Leaderboard
from pmsim.results.copies import MARK
from pmsim.results.workshop_codes import format_code
from pmsim.tui.dialogs.ask import AskText
from pmsim.tui.dialogs.help import HelpDialog
from pmsim.tui.format import c
from pmsim.tui.plain import DataTable, Static
from pmsim.tui.screens.debrief import OUTCOME_MARKS
from pmsim.tui.widgets.decisions import DecisionsPanel
from pmsim.tui.widgets.progress import Cancelled, WorkProgress, reporter
from pmsim.wording import signed

if TYPE_CHECKING:
    from pmsim.session.game import GameSession

STAGES = {"verifying": "Verifying: replaying each team's game log",
          "baseline": "Baseline: the cautious bot plays the seed and others (the first "
                      "time for a scenario takes a while)"}
DIMENSION_HEADERS = {"schedule": "Sched", "cost": "Cost", "scope": "Scope",
                     "quality": "Qual", "stakeholders": "Stake", "team": "Team"}
RECORD_WAIT_SECONDS = 30
"""How long the leaderboard waits for the game just finished to be recorded."""


@dataclass(frozen=True)
class Selection:
    """What to rank: a workshop code, or a scenario and (optionally) a seed."""

    workshop: str | None = None
    scenario: str | None = None
    seed: int | None = None

    def describe(self) -> str:
        if self.workshop:
            return f"workshop {format_code(self.workshop)}"
        seed = f", seed {self.seed}" if self.seed is not None else ", every seed"
        return f"{Path(self.scenario or '').stem if self.scenario else '?'}{seed}"


def signed_margin(value: int | None) -> str:
    """+12, −7, ±0 (empty when unknown)."""
    return "" if value is None else signed(value, zero="±0")


def outcome_cell(outcome: str, mark_only: bool = False) -> Text:
    """'✓ successful' (or the mark alone), coloured too."""
    mark, role = OUTCOME_MARKS.get(outcome, ("•", "text"))
    return Text(mark if mark_only else f"{mark} {outcome}", style=c(role),
                justify="center" if mark_only else "left")


def team_name(name: str) -> str:
    return name or "(no name)"


@dataclass(frozen=True)
class Column:
    """A leaderboard column: its header, width, what it shows, and how much it matters
    (the lowest `priority` numbers are kept when the terminal is narrow)."""

    key: str
    name: str
    """How the column is called in the note on dropped columns."""
    header: Text
    width: int
    cell: Callable[[Entry], Text]
    priority: int


def _number(value: object, style: str = "") -> Text:
    return Text(str(value), justify="right", style=style)


def _margin_cell(entry: Entry) -> Text:
    margin = entry.margin
    role = "good" if margin and margin > 0 else "bad" if margin and margin < 0 else ""
    return _number(signed_margin(margin), c(role) if role else "")


def _dimension_cell(name: str) -> Callable[[Entry], Text]:
    """The cell of one score dimension: its points (empty where the game has none)."""
    def cell(entry: Entry) -> Text:
        return _number({d.name: d.points for d in entry.game.dimensions}.get(name, ""))
    return cell


def table_columns(board: Leaderboard, mine: int | None) -> list[Column]:
    """Every column the board has, in the order shown."""
    has_luck = bool(board.luck)
    several_seeds = len({e.game.seed for e in board.ranked}) > 1

    def team(entry: Entry) -> Text:
        own = entry.game.id == mine
        same = board.same_decisions(entry.game.id) is not None  # marked before the name
        return Text(("► " if own else "") + (f"{MARK} " if same else "")
                    + team_name(entry.game.team),
                    style="bold" if own else "", no_wrap=True, overflow="ellipsis")

    columns = [
        Column("rank", "rank", Text("#"), 3, lambda e: _number(e.rank), 0),
        Column("team", "team", Text("Team"), 14, team, 0),
        Column("score", "score", Text("Score"), 5, lambda e: _number(e.game.score), 0),
    ]
    if has_luck:
        columns.append(Column("margin", "margin over the bot", Text("vs\nbot"), 5,
                              _margin_cell, 1))
    columns.append(Column("outcome", "outcome", Text("Outcome"), 12,
                          lambda e: outcome_cell(e.game.outcome), 3))
    for name, top in board.dimensions:
        columns.append(Column(
            f"dimension:{name}", name, Text(f"{DIMENSION_HEADERS.get(name, name)}\n/{top}"), 5,
            _dimension_cell(name), 2))
    if several_seeds:
        columns.append(Column("seed", "seed", Text("Seed"), 7,
                              lambda e: _number(e.game.seed), 4))
        if has_luck:
            columns.append(Column(
                "luck", "luck", Text("Luck\nkinder"), 6,
                lambda e: _number(f"{e.luck.kinder_percent}%" if e.luck else ""), 4))
    return columns


CELL_PADDING = 2
"""Spaces a DataTable adds to each column (one each side)."""


COMPACT_OUTCOME = Column("outcome-mark", "outcome", Text("Out"), 3,
                         lambda e: outcome_cell(e.game.outcome, mark_only=True), 3)
"""The outcome as its mark alone, for narrow terminals (the notes give the key)."""


def fitting_columns(columns: list[Column], width: int) -> list[Column]:
    """The columns that fit `width` in full: the team column gives up to 4 characters,
    then the outcome shrinks to its mark, then the least important columns go."""
    def needed(cols: list[Column]) -> int:
        return sum(col.width + CELL_PADDING for col in cols)

    kept = list(columns)
    squeeze = min(4, max(0, needed(kept) - width))
    if squeeze:
        kept = [dataclasses.replace(col, width=col.width - squeeze)
                if col.key == "team" else col for col in kept]
    if needed(kept) > width:
        kept = [COMPACT_OUTCOME if col.key == "outcome" else col for col in kept]
    while needed(kept) > width:
        worst = max(range(len(kept)), key=lambda i: (kept[i].priority, i))
        if kept[worst].priority == 0:
            break
        del kept[worst]
    return kept


def board_summary(board: Leaderboard) -> Text:
    """The title, what the ranking is by, and the baseline on the same luck."""
    text = Text(board.title, style="bold")
    ranked = len(board.ranked)
    text.append(f"\n{ranked} team{'s' if ranked != 1 else ''} ranked, each verified by "
                "replaying its game log ✓", style=c("good") if ranked else c("muted"))
    if board.rank_by == "margin":
        text.append("\nThe seeds differ, so teams are ranked by their margin over the "
                    "cautious bot on their own seed.", style=c("muted"))
    if len(board.luck) == 1:
        luck = board.luck[0]
        text.append(f"\nBaseline on the same luck: the cautious bot scored "
                    f"{luck.baseline_score}. {luck.luck_sentence()}")
    elif not board.luck:
        text.append("\nNo luck-adjusted margins (no baseline computed).", style=c("muted"))
    return text


def board_notes(board: Leaderboard) -> Text:
    """The flagged entries with their reasons, then the repeats."""
    text = Text()
    if not board.ranked and not board.flagged and not board.repeats:
        text.append("No games recorded yet.\n", style=c("muted"))
    if board.flagged:
        count = len(board.flagged)
        text.append(f"⚑ FLAGGED — {count} entr{'y' if count == 1 else 'ies'} left out of "
                    "the ranking: the stored game does not replay to its recorded "
                    "result.\n", style=f"bold {c('bad')}")
        for entry in board.flagged:
            text.append(f"  ⚑ {team_name(entry.game.team)}", style="bold")
            text.append(f" (game #{entry.game.id}, recorded {entry.game.score} points): "
                        f"{entry.reason}\n")
    if board.repeats:
        text.append("\n" if board.flagged else "")
        text.append("↻ Repeats", style="bold")
        text.append(" (not ranked: each team's first game counts):\n")
        for entry in board.repeats:
            text.append(f"  ↻ {team_name(entry.game.team)}: {entry.game.score} points "
                        f"(game #{entry.game.id})\n")
    if board.copies:
        text.append("\n" if board.flagged or board.repeats else "")
        text.append(f"{MARK} SAME DECISIONS — one log may be a copy handed in under another "
                    "team name:\n", style=f"bold {c('warn')}")
        for group in board.copies:
            text.append(f"  {MARK} {group.note()}\n")
    return text


class LeaderboardScreen(Screen[None]):
    """Who did well, verified, and by how much their decisions beat the same luck."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("c", "choose", "Other code"),
        Binding("r", "reload", "Reload"),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
    ]

    @dataclass
    class Progress(Message):
        """One stage of building the leaderboard moved on."""

        stage: str
        done: int
        total: int

        def can_replace(self, message: Message) -> bool:
            return (isinstance(message, LeaderboardScreen.Progress)
                    and message.stage == self.stage)

    @dataclass
    class Built(Message):
        """The leaderboard, or why there is none."""

        board: Leaderboard | None
        problem: str = ""

    def __init__(self, selection: Selection, session: GameSession | None = None,
                 db: Path | None = None) -> None:
        super().__init__()
        self.selection = selection
        self.db = db
        """The results store (None: the default one, in the data folder)."""
        self.session = session
        """The game just finished (from the debrief): its recording is waited for, and
        its entry marked ► in the table."""
        self.board: Leaderboard | None = None
        self.problem = ""
        self._shown: tuple[str, ...] = ()
        self._dropped: list[str] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="lb-body"):
            yield Static(Text(f"Leaderboard: {self.selection.describe()}", style="bold"),
                         id="lb-summary")
            yield WorkProgress(STAGES["verifying"], id="lb-progress")
            table = DataTable(id="lb-table", cursor_type="none", zebra_stripes=True,
                              header_height=2, show_cursor=False)
            table.can_focus = False  # the page scrolls as one: table, then the flagged
            yield table
            yield Static(id="lb-notes")
            yield DecisionsPanel(id="lb-decisions")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#lb-table").display = False
        self.query_one("#lb-body").focus()
        self.build()

    # ------------------------------------------------------------ building
    @work(thread=True, exclusive=True, group="leaderboard", exit_on_error=False)
    def build(self) -> None:
        """Verify, rank and compute the baselines; report back by messages."""
        from pmsim.results import build_leaderboard

        progress = reporter(lambda stage, done, total: self.post_message(
            self.Progress(stage, done, total)))
        if self.session is not None:
            self.session.record_done.wait(RECORD_WAIT_SECONDS)
        s = self.selection
        try:
            board = build_leaderboard(self.db, workshop=s.workshop,
                                      scenario=s.scenario, seed=s.seed, jobs=worker_jobs(),
                                      progress=progress)
        except Cancelled:
            return
        except Exception as exc:  # shown on the screen; the game goes on
            self.post_message(self.Built(None, str(exc)))
            return
        self.post_message(self.Built(board))

    @on(Progress)
    def _progress(self, message: Progress) -> None:
        for widget in self.query("#lb-progress").results(WorkProgress):
            widget.show(message.done, message.total, STAGES.get(message.stage,
                                                                message.stage))

    @on(Built)
    def _built(self, message: Built) -> None:
        self.board, self.problem = message.board, message.problem
        self.query_one("#lb-progress").display = False
        table = self.query_one("#lb-table", DataTable)
        if message.board is None:
            text = Text(f"Leaderboard: {self.selection.describe()}\n", style="bold")
            text.append(f"No leaderboard: {message.problem}\n", style=c("bad"))
            text.append("c: type another workshop code · esc: back", style=c("muted"))
            self.query_one("#lb-summary", Static).update(text)
            table.display = False
            self.query_one("#lb-notes", Static).update("")
            self.query_one(DecisionsPanel).show_for(())
            return
        board = message.board
        self.query_one("#lb-summary", Static).update(board_summary(board))
        self.fill(table, board)
        table.display = bool(board.ranked)
        self.query_one("#lb-notes", Static).update(self.notes())
        self.query_one(DecisionsPanel).show_for(board.ranked if board.workshop else ())
        self.query_one("#lb-body").focus()

    def fill(self, table: DataTable, board: Leaderboard) -> None:
        """One row per ranked team, with the columns that fit the width in full (a
        number cut in half would read as another number): rank, team, score, margin
        and outcome first, then the dimensions, then seed and luck."""
        columns = fitting_columns(table_columns(board, self.mine_id()),
                                  table.size.width or self.app.size.width - 2)
        table.clear(columns=True)
        for column in columns:
            table.add_column(column.header, width=column.width, key=column.key)
        for entry in board.ranked:
            table.add_row(*[column.cell(entry) for column in columns],
                          key=str(entry.game.id))
        self._shown = tuple(col.key for col in columns)
        self._dropped = [col.name for col in table_columns(board, None)
                         if col.key not in self._shown and col.key != "outcome"]

    def mine_id(self) -> int | None:
        recorded = self.session.recorded if self.session is not None else None
        return recorded.id if recorded is not None else None

    def on_resize(self) -> None:
        if self.board is not None and self.board.ranked:
            table = self.query_one("#lb-table", DataTable)
            before = self._dropped
            self.fill(table, self.board)
            if before != self._dropped:
                self.query_one("#lb-notes", Static).update(self.notes())

    def notes(self) -> Text:
        """The key to the columns, then the flagged entries and the repeats."""
        assert self.board is not None
        key = Text()
        if self.board.ranked:
            if "margin" in self._shown:
                key.append("vs bot: points over the cautious bot facing the same luck — "
                           "what the team's decisions were worth. ", style=c("muted"))
            if "outcome-mark" in self._shown:
                key.append("Out: ✓ successful, ~ challenged, ✗ failed. ", style=c("muted"))
            if self._dropped:
                key.append(f"A wider terminal also shows: {', '.join(self._dropped)}.",
                           style=c("muted"))
        notes = board_notes(self.board)
        if key.plain and notes.plain:
            key.append("\n\n")
        return Text.assemble(key, notes)

    # ------------------------------------------------------------ keys
    def action_back(self) -> None:
        self.app.pop_screen()

    def action_quit(self) -> None:
        self.app.exit()

    def action_reload(self) -> None:
        self.query_one("#lb-table").display = False
        progress = self.query_one("#lb-progress", WorkProgress)
        progress.display = True
        progress.show(0, None, STAGES["verifying"])
        self.build()

    @work(exclusive=True, group="ask")
    async def action_choose(self) -> None:
        code = await self.app.push_screen_wait(AskText(
            "Leaderboard of a workshop", "The workshop code, e.g. K7QX-M3RT-AC.",
            default=format_code(self.selection.workshop) if self.selection.workshop
            else "", placeholder="K7QX-M3RT-AC"))
        if code:
            self.selection = Selection(workshop=code)
            self.query_one("#lb-summary", Static).update(
                Text(f"Leaderboard: {self.selection.describe()}", style="bold"))
            self.action_reload()

    def action_help(self) -> None:
        self.app.push_screen(HelpDialog("Leaderboard", [
            ("↑ ↓ pgup pgdn", "scroll: the ranking, the flagged entries and repeats, then "
                              "(for a workshop) the decisions side by side and the branch "
                              "points"),
            ("c", "the leaderboard of another workshop code"),
            ("r", "reload (games recorded since)"),
            ("esc", "back"),
            ("q", "quit"),
        ], "Every entry is verified by replaying its stored game log; an entry that does "
           "not replay to its recorded result is flagged (⚑) with the reason and left out "
           "of the ranking. Each team's first game counts; later ones are repeats (↻). "
           f"Games that made the same decisions in the same order are marked {MARK}: one "
           "log may be a copy handed in under another team name. "
           "'vs bot' is the team's score minus the cautious bot's on the same seed: what "
           "the team's decisions were worth, whatever the dice."))
