"""The debrief: the score and why, charts over the weeks, the timeline of the game."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static, TabbedContent, TabPane

from pmsim.engine.view import PlayerView
from pmsim.results.workshop import format_code
from pmsim.scoring import Outcome
from pmsim.tui.dialogs.help import HelpDialog
from pmsim.tui.format import bar, c, short_money
from pmsim.tui.saves import data_dir
from pmsim.tui.widgets.chart import LineChart, Reference, Series
from pmsim.tui.widgets.feed import feed_text

if TYPE_CHECKING:
    from pmsim.tui.app import PmsimApp
    from pmsim.tui.game import GameSession

OUTCOME_MARKS = {"successful": ("✓", "good"), "challenged": ("~", "warn"),
                 "failed": ("✗", "bad")}


def score_panel(outcome: Outcome, view: PlayerView, team: str) -> Group:
    """Total, outcome class, and the six dimensions with their sentences."""
    mark, role = OUTCOME_MARKS.get(outcome.outcome, ("•", "text"))
    head = Text(f"Score {outcome.score} / 1000   ", style="bold")
    head.append(f"{mark} {outcome.outcome.upper()}", style=f"bold {c(role)}")
    who = f" · team {team}" if team else ""
    sub = Text(f"{view.title} · seed {outcome.seed}{who} · finished week "
               f"{outcome.finish_week} (deadline week {view.deadline_week}) · "
               f"{outcome.end_reason}", style=c("muted"))
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True, justify="right")
    table.add_column(ratio=1)
    for dim in outcome.dimensions:
        share = dim.points / dim.max_points if dim.max_points else 0.0
        fill = "good" if share >= 0.75 else "warn" if share >= 0.4 else "bad"
        sentence = dim.sentence.rsplit(":", 1)[0]
        table.add_row(Text(dim.name.capitalize(), style="bold"), bar(share, 10, fill),
                      f"{dim.points:>3}/{dim.max_points}", sentence)
    return Group(head, sub, Text(""), table, Text(""), Text(outcome.summary))


class DebriefScreen(Screen[None]):
    """How the project went, for the room to discuss."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *[Binding(str(i), f"tab('{tid}')", show=False)
          for i, tid in enumerate(("score", "money", "people", "timeline"), start=1)],
        Binding("s", "save_svg", "Save SVG"),
        Binding("n", "new_game", "New game"),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, session: GameSession) -> None:
        super().__init__()
        self.session = session
        self.outcome = session.outcome()
        self.player_view = session.view()

    def compose(self) -> ComposeResult:
        v, weeks = self.player_view, self.player_view.weeks
        with TabbedContent(id="debrief-tabs"):
            with TabPane("1 Score", id="score"), VerticalScroll():
                yield Static(score_panel(self.outcome, v, self.session.team), id="score-text")
                yield Static(self.log_line(), id="log-line")
            with TabPane("2 Cost & schedule", id="money"):
                yield LineChart(
                    [Series("PV planned", "P", "muted", [w.pv for w in weeks]),
                     Series("EV earned", "E", "good", [w.ev for w in weeks]),
                     Series("AC actual cost", "A", "bad", [w.ac for w in weeks])],
                    fmt=short_money, reference=Reference("budget (BAC)", v.money.bac),
                    low=0, id="s-curve")
                yield LineChart(
                    [Series("forecast finish week (P50)", "F", "accent",
                            [w.forecast_week for w in weeks])],
                    fmt=lambda x: f"wk {x:.0f}",
                    reference=Reference(f"deadline week {v.deadline_week}",
                                        v.deadline_week), id="forecast-chart")
            with TabPane("3 Team & stakeholders", id="people"):
                yield LineChart([Series("team morale %", "M", "accent",
                                        [w.morale * 100 for w in weeks])],
                                fmt=lambda x: f"{x:.0f}%", low=0, high=100,
                                id="morale-chart")
                yield LineChart([Series("stakeholder satisfaction (power-weighted)", "S",
                                        "good", [w.satisfaction for w in weeks])],
                                fmt=lambda x: f"{x:.0f}", low=0, high=100,
                                id="satisfaction-chart")
            with TabPane("4 Timeline", id="timeline"), VerticalScroll():
                yield Static(feed_text(v.feed, v.week, newest_first=False), id="timeline-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(TabbedContent).focus()

    def log_line(self) -> Text:
        """Where the game was saved, for `pmsim replay` and the SVG beside it, and its
        entry in the results store once recorded."""
        where = self.session.log_path
        if where is None:
            return Text("This game was not saved.", style=c("muted"))
        text = Text(f"Game log: {where}\n(s saves this screen as {self.svg_path().name} "
                    "beside it)", style=c("muted"))
        recorded = self.session.recorded
        if recorded is not None:
            workshop = (f" for workshop {format_code(recorded.workshop_code)}"
                        if recorded.workshop_code else "")
            text.append(f"\n✓ Recorded{workshop} as game #{recorded.id} in "
                        f"{recorded.db_path} (l shows the leaderboard).", style=c("good"))
        return text

    def show_recorded(self) -> None:
        """The game is in the results store now: say so under the score."""
        self.query_one("#log-line", Static).update(self.log_line())

    def action_tab(self, tab_id: str) -> None:
        self.query_one(TabbedContent).active = tab_id

    def svg_path(self) -> Path:
        """Beside the game log: <log name>-debrief.svg."""
        log = self.session.log_path
        if log is not None:
            return log.with_name(f"{log.stem}-debrief.svg")
        return data_dir() / f"{self.player_view.scenario_id}-{self.outcome.seed}-debrief.svg"

    def action_save_svg(self) -> None:
        path = self.svg_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            saved = self.app.save_screenshot(filename=path.name, path=str(path.parent))
        except OSError as exc:
            self.notify(f"Could not save {path}: {exc.strerror}", severity="error")
            return
        self.notify(f"Saved {saved}", title="Debrief saved", timeout=8)

    def action_new_game(self) -> None:
        app: PmsimApp = self.app  # type: ignore[assignment]
        app.back_to_start()

    def action_quit(self) -> None:
        self.app.exit()

    def action_help(self) -> None:
        self.app.push_screen(HelpDialog("Debrief", [
            ("1 … 4", "score, cost and schedule charts, team and stakeholder charts, "
             "timeline"),
            ("tab / ← →", "move between the tabs"),
            ("s", "save this screen as an SVG picture beside the game log"),
            ("n", "back to the start screen for a new game"),
            ("q", "quit"),
        ], "The score is the engine's: 1000 points over six dimensions, each with the "
           "sentence that explains it. Charts read without colour: each line has its "
           "letter."))
