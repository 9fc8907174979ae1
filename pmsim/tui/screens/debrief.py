"""The debrief: the score and why, the luck-adjusted result, charts over the weeks, the
timeline of the game.

The luck-adjusted result comes from the cautious bot playing this seed and a couple of
hundred others (`pmsim.results.luck_report`): the first time for a scenario that takes
a while, so it runs in a worker thread with a progress bar while the debrief stays
usable; later the store's cache answers at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, TabbedContent, TabPane
from textual.worker import Worker

from pmsim.engine.view import PlayerView
from pmsim.parallel import worker_jobs
from pmsim.paths import data_dir
from pmsim.results import LuckReport
from pmsim.results.workshop_codes import format_code
from pmsim.scoring import Outcome, outcome_words
from pmsim.tui.dialogs.help import HelpDialog
from pmsim.tui.format import bar, c, short_money, tab_keys, tab_label
from pmsim.tui.messages import BackToStart, Rewind, ShowLeaderboard
from pmsim.tui.plain import Group, Static, Table
from pmsim.tui.widgets.baselines import baseline_text
from pmsim.tui.widgets.chart import LineChart, Reference, Series
from pmsim.tui.widgets.feed import feed_text
from pmsim.tui.widgets.figures import NARROW
from pmsim.tui.widgets.progress import Cancelled, WorkProgress, reporter
from pmsim.wording import team_label

if TYPE_CHECKING:
    from pmsim.session.game import GameSession

OUTCOME_MARKS = {"successful": ("✓", "good"), "challenged": ("~", "warn"),
                 "stopped": ("■", "good"), "failed": ("✗", "bad")}
LUCK_WORK = ("Luck-adjusted result: the cautious bot is playing this seed and other "
             "seeds to see how kind your dice were. The first time for a scenario this "
             "takes a while; the debrief is usable meanwhile.")


END_REASONS = {
    "complete": "complete",
    "hard_stop": "stopped at the hard stop",
    "closed": "closed on your recommendation",
    "closed_by_board": "closed by the board",
}
"""How the game ended (the engine's `end_reason`), in words."""


def score_head(outcome: Outcome, view: PlayerView, team: str) -> RenderableType:
    """Total, outcome class, and what was played."""
    mark, role = OUTCOME_MARKS.get(outcome.outcome, ("•", "text"))
    head = Text(f"Score {outcome.score} / 1000   ", style="bold")
    head.append(f"{mark} {outcome_words(outcome.outcome).upper()}", style=f"bold {c(role)}")
    who = f" · {team_label(team)}" if team else ""
    how = END_REASONS.get(outcome.end_reason, outcome.end_reason.replace('_', ' '))
    when = (f"finished in week {outcome.finish_week}" if outcome.completed else
            f"{how} in week {outcome.finish_week}, unfinished")
    sub = Text(f"{view.title} · seed {outcome.seed}{who} · {when} (deadline week "
               f"{view.deadline_week})", style=c("muted"))
    return Group(head, sub)


def score_dimensions(outcome: Outcome) -> RenderableType:
    """The six dimensions with their sentences (wrapped in their own column), and the
    summary."""
    table = Table.grid(padding=(0, 1), expand=True)
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
    return Group(table, Text(""), Text(outcome.summary))


def luck_text(report: LuckReport, score: int) -> Text:
    """The luck-adjusted result: the plain sentences, then the figures behind them."""
    margin = report.margin(score)
    mark, role = ("▲", "good") if margin > 0 else ("▼", "bad") if margin < 0 else ("=", "text")
    text = Text()
    text.append("Luck-adjusted result  ", style="bold")
    signed = f"+{margin}" if margin > 0 else f"−{-margin}" if margin < 0 else "±0"
    text.append(f"{mark} {signed} points vs. the baseline", style=f"bold {c(role)}")
    text.append(f"\n{report.explain(score)}\n")
    text.append(f"Baseline: the {report.policy} bot scored {report.baseline_score} on this "
                f"seed, and {report.reference_mean:.0f} on average over "
                f"{report.reference_runs} other seeds.", style=c("muted"))
    return text


def score_tab(screen: DebriefScreen) -> ComposeResult:
    """The score, the luck-adjusted result, the dimensions and where the log is."""
    with VerticalScroll():
        yield Static(score_head(screen.outcome, screen.player_view, screen.session.team),
                     id="score-text")
        yield from screen.luck_widgets()
        yield Static(score_dimensions(screen.outcome), id="score-dimensions")
        yield Static(Text(screen.takeover, style=c("accent" if screen.measured else "muted")),
                     id="takeover-text")
        yield Static(screen.log_line(), id="log-line")


def money_tab(screen: DebriefScreen) -> ComposeResult:
    """The S-curve (planned, earned, actual cost) and the forecast finish week."""
    v, weeks = screen.player_view, screen.player_view.weeks
    stop = v.hard_stop_week  # a forecast week after it reads "after stop"
    yield LineChart(
        [Series("PV planned", "P", "muted", [w.pv for w in weeks]),
         Series("EV earned", "E", "good", [w.ev for w in weeks]),
         Series("AC actual cost", "A", "bad", [w.ac for w in weeks])],
        fmt=short_money, reference=Reference("budget (BAC)", v.money.bac),
        low=0, id="s-curve")
    yield LineChart(
        [Series("forecast finish week (P50)", "F", "accent",
                [w.forecast_week for w in weeks])],
        fmt=lambda x: f"wk {x:.0f}" if x <= stop else "after stop",
        reference=Reference(f"deadline week {v.deadline_week}", v.deadline_week),
        id="forecast-chart")


def people_tab(screen: DebriefScreen) -> ComposeResult:
    """Team morale and stakeholder satisfaction over the weeks."""
    weeks = screen.player_view.weeks
    yield LineChart([Series("team morale %", "M", "accent",
                            [w.morale * 100 for w in weeks])],
                    fmt=lambda x: f"{x:.0f}%", low=0, high=100, id="morale-chart")
    yield LineChart([Series("stakeholder satisfaction (power-weighted)", "S",
                            "good", [w.satisfaction for w in weeks])],
                    fmt=lambda x: f"{x:.0f}", low=0, high=100, id="satisfaction-chart")


def timeline_tab(screen: DebriefScreen) -> ComposeResult:
    """The baseline log, then the game's feed, in order."""
    v = screen.player_view
    with VerticalScroll():
        yield Static(baseline_text(v), id="baseline-text")
        yield Static(feed_text(v.feed, v.week, newest_first=False), id="timeline-text")


@dataclass(frozen=True)
class DebriefTab:
    """One tab of the debrief: id, label, what the help says it shows, its content."""

    id: str
    label: str
    shows: str
    content: Callable[[DebriefScreen], ComposeResult]


TABS: tuple[DebriefTab, ...] = (
    DebriefTab("score", "Score", "score", score_tab),
    DebriefTab("money", "Cost & schedule", "cost and schedule charts", money_tab),
    DebriefTab("people", "Team & stakeholders", "team and stakeholder charts", people_tab),
    DebriefTab("timeline", "Timeline", "timeline", timeline_tab),
)
"""The debrief's tabs in key order (key 1 shows the first): the tab labels, the number
keys and the help are made from it."""


class DebriefScreen(Screen[None]):
    """How the project went, for the room to discuss."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *[Binding(str(i), f"tab('{tab.id}')", show=False)
          for i, tab in enumerate(TABS, start=1)],
        Binding("s", "save_svg", "Save SVG"),
        Binding("l", "leaderboard", "Leaderboard"),
        Binding("w", "rewind", "Rewind"),
        Binding("f", "what_if", "What if"),
        Binding("n", "new_game", "New game"),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
    ]

    @dataclass
    class LuckProgress(Message):
        """Bot games played so far for the luck-adjusted result."""

        done: int
        total: int

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, DebriefScreen.LuckProgress)

    @dataclass
    class LuckDone(Message):
        """The luck-adjusted result, or why there is none."""

        report: LuckReport | None
        problem: str = ""

    def __init__(self, session: GameSession, db: Path | None = None) -> None:
        super().__init__()
        self.session = session
        self.db = db
        """The results store (None: the default one, in the data folder)."""
        self.outcome = session.outcome()
        self.player_view = session.view()
        self.luck: LuckReport | None = None
        self.luck_problem = ""
        self.luck_progress: tuple[int, int | None] = (0, None)
        self._luck_worker: Worker[None] | None = None
        self.measured = False
        self.takeover = ("Measuring your decisions against the cautious bot's on this "
                         "game's luck…" if session.log_path else "")

    def compose(self) -> ComposeResult:
        with TabbedContent(id="debrief-tabs"):
            for number, tab in enumerate(TABS, start=1):
                with TabPane(tab_label(number, tab.label), id=tab.id):
                    yield from tab.content(self)
        yield Footer()

    def on_resize(self, event: events.Resize) -> None:
        """Under `NARROW` columns the tabs lose their left padding, so all four fit."""
        self.set_class(event.size.width < NARROW, "narrow")

    def on_mount(self) -> None:
        self.call_after_refresh(self._focus_tab)
        self.start_luck()
        if self.session.log_path is not None:
            self.measure(self.session.log_path)

    @work(thread=True, exclusive=True, group="takeover", exit_on_error=False)
    def measure(self, log: Path) -> None:
        """What the player's decisions were worth against the cautious bot on this
        game's luck (`pmsim.report.takeover`), shown under the dimensions when known."""
        from pmsim.report.takeover import takeover_advice

        try:
            text = takeover_advice(log).sentence()
        except Exception as exc:  # the debrief stands without it
            text = f"No measured advice: {exc}"
        self.app.call_from_thread(self._measured, text)

    def _measured(self, text: str) -> None:
        self.takeover, self.measured = text, True
        for widget in self.query("#takeover-text").results(Static):
            widget.update(Text(text, style=c("accent")))

    def _focus_tab(self) -> None:
        """Keys scroll the active tab when it scrolls (the score, the timeline). Asked
        for the tab active when it runs: focusing a widget of a hidden tab would bring
        that tab back."""
        tabs = self.query_one(TabbedContent)
        scrolls = self.query_one(f"#{tabs.active}", TabPane).query(VerticalScroll)
        if scrolls:
            scrolls.first().focus()

    def start_luck(self) -> None:
        """Compute the luck-adjusted result, unless it is known or under way."""
        running = self._luck_worker is not None and not self._luck_worker.is_finished
        if self.luck is None and not self.luck_problem and not running:
            self._luck_worker = self.compute_luck(self.session.scenario_ref,
                                                  self.outcome.seed, self.db)

    def on_screen_resume(self) -> None:
        self.start_luck()  # after the leaderboard, which plays (and caches) the same games

    # ------------------------------------------------------------ luck-adjusted result
    def luck_widgets(self) -> ComposeResult:
        """The result when known, else the progress of the bot's games (or the problem)."""
        if self.luck is not None:
            yield Static(luck_text(self.luck, self.outcome.score), id="luck-text")
        elif self.luck_problem:
            yield Static(Text(f"No luck-adjusted result: {self.luck_problem}",
                              style=c("muted")), id="luck-text")
        else:
            done, total = self.luck_progress
            yield WorkProgress(LUCK_WORK, done, total, id="luck-progress")

    @work(thread=True, exclusive=True, group="luck", exit_on_error=False)
    def compute_luck(self, scenario_ref: str, seed: int, db: Path | None) -> None:
        """Play (or read from the cache) the bot's games; report back by messages."""
        from pmsim.results import cached_luck, luck_report

        progress = reporter(lambda done, total: self.post_message(
            self.LuckProgress(done, total)))
        try:
            report = cached_luck(scenario_ref, seed, db)
            if report is None:
                report = luck_report(scenario_ref, seed, db, jobs=worker_jobs(),
                                     progress=progress)
        except Cancelled:
            return
        except Exception as exc:  # shown in the debrief; the score stands without it
            self.post_message(self.LuckDone(None, str(exc)))
            return
        self.post_message(self.LuckDone(report))

    @on(LuckProgress)
    def _luck_progress(self, message: LuckProgress) -> None:
        self.luck_progress = (message.done, message.total)
        for widget in self.query("#luck-progress").results(WorkProgress):
            widget.show(message.done, message.total)

    @on(LuckDone)
    async def _luck_done(self, message: LuckDone) -> None:
        self.luck, self.luck_problem = message.report, message.problem
        for old in self.query("#luck-progress, #luck-text"):
            await old.remove()
        await self.query_one("#score-text").parent.mount_all(  # type: ignore[union-attr]
            list(self.luck_widgets()), after="#score-text")

    def log_line(self) -> Text:
        """Where the game was saved, and its results-store entry (or why there is none)."""
        where, recorded = self.session.log_path, self.session.recorded
        if where is None:
            return Text("This game was not saved.", style=c("muted"))
        text = Text(f"Game log: {where}\n(s saves this screen as {self.svg_path().name} "
                    "beside it)", style=c("muted"))
        if self.session.handed_over:
            text.append(f"\nA bot played this game from week {self.session.handed_over_week}: "
                        "it is not on a leaderboard; the margin above is partly the bot's.")
        elif recorded is not None:
            workshop = (f" for workshop {format_code(recorded.workshop_code)}"
                        if recorded.workshop_code else "")
            text.append(f"\n✓ Recorded{workshop} as game #{recorded.id} in "
                        f"{recorded.db_path} (l shows the leaderboard).", style=c("good"))
        return text

    def show_recorded(self) -> None:
        """The game is in the results store now: say so under the score."""
        self.query_one("#log-line", Static).update(self.log_line())

    def action_tab(self, tab_id: str) -> None:
        """Show a tab; the keys then scroll it (the score and the timeline are longer
        than 24 lines)."""
        self.query_one(TabbedContent).active = tab_id
        self.call_after_refresh(self._focus_tab)

    def svg_path(self) -> Path:
        """Beside the game log: <log name>-debrief.svg."""
        log = self.session.log_path
        if log is not None:
            return log.with_name(f"{log.stem}-debrief.svg")
        return data_dir() / f"{self.player_view.scenario_id}-{self.outcome.seed}-debrief.svg"

    def action_save_svg(self) -> None:
        from pmsim.errors import UserError
        from pmsim.files import write_file

        path = self.svg_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            saved = write_file(path, self.app.export_screenshot(), "picture of the debrief")
        except OSError as exc:
            self.notify(f"Could not save {path}: {exc.strerror}", severity="error", markup=False)
            return
        except UserError as exc:  # a folder, link, FIFO or device there: left untouched
            self.notify(str(exc), severity="error", timeout=12, markup=False)
            return
        self.notify(f"Saved {saved}", title="Debrief saved", timeout=8, markup=False)

    def action_leaderboard(self) -> None:
        from pmsim.tui.screens.leaderboard import Selection

        if self._luck_worker is not None and not self._luck_worker.is_finished:
            # the leaderboard plays the same baseline games, with its own progress bar;
            # the debrief reads them from the cache when it shows again
            self._luck_worker.cancel()
            self._luck_worker = None
        code = self.session.workshop_code
        selection = (Selection(workshop=code) if code else
                     Selection(scenario=self.session.scenario_ref, seed=self.outcome.seed))
        self.post_message(ShowLeaderboard(selection, self.session))

    @work(exclusive=True, group="ask")
    async def action_rewind(self) -> None:
        """Back to the start of a week of this game, to play on with the same luck."""
        from pmsim.tui.dialogs.ask import AskNumber

        log = self.session.log_path
        if log is None:
            self.notify("This game was not saved, so there is no log to rewind.",
                        severity="warning")
            return
        last = self.player_view.week
        week = await self.app.push_screen_wait(AskNumber(
            "Rewind: play on from the start of a week",
            f"Back to the start of week 1 to {last}, with the same luck: the same true "
            "efforts and risk draws; only the decisions from then on can differ. A request "
            "that came at the end of the week before waits for a new answer. The game "
            "goes on in a new log; this one stays as it is.",
            low=1, high=last, default=max(1, last - 3), integer=True))
        if week is not None:
            self.post_message(Rewind(int(week)))

    @work(exclusive=True, group="ask")
    async def action_what_if(self) -> None:
        """What if you had taken a decision in an earlier week: its real futures."""
        from pmsim.tui.what_if import what_if_in_the_past

        await what_if_in_the_past(self.app, self.session, self.player_view.week)

    def action_new_game(self) -> None:
        self.post_message(BackToStart())

    def action_quit(self) -> None:
        self.app.exit()

    def action_help(self) -> None:
        self.app.push_screen(HelpDialog("Debrief", [
            (tab_keys(len(TABS)), ", ".join(tab.shows for tab in TABS)),
            ("↑ ↓ pgup pgdn", "scroll the score or the timeline"),
            ("tab", "move to the tab bar (then ← → change tabs)"),
            ("s", "save this screen as an SVG picture beside the game log"),
            ("l", "the leaderboard: this workshop's teams (or everyone who played this "
             "scenario and seed), verified"),
            ("w", "rewind: play on from the start of an earlier week with the same luck "
             "(a new log; this one is kept)"),
            ("f", "what if: choose a week and a decision, and see its real futures from "
             "that week, with it and without it"),
            ("n", "back to the start screen for a new game"),
            ("q", "quit"),
        ], "The score is the engine's: 1000 points over six dimensions, each with the "
           "sentence that explains it. Under it, the luck-adjusted result: your margin "
           "over the cautious bot playing the same seed (the same luck), and how kind the "
           "dice were compared with other seeds. Charts read without colour: each line "
           "has its letter."))
