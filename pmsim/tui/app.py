"""The Textual app: it owns the one `GameSession` and moves between the screens.

Screens ask for a move by posting an intent message (`pmsim.tui.messages`); the `on_…`
handlers here are the one place that acts on them. Build the app with `make_app(...)`
(the command line, the tests and the benchmarks all do).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.theme import Theme

from pmsim.errors import UserError
from pmsim.executors import LocalPool
from pmsim.gamelog import read_log
from pmsim.parallel import worker_jobs
from pmsim.results.workshop_codes import format_code
from pmsim.session import saves
from pmsim.session.game import GameSession
from pmsim.text import clean_line
from pmsim.tui import format as fmt
from pmsim.tui import messages as intent
from pmsim.tui.hub_link import HubConnection
from pmsim.tui.screens.briefing import BriefingScreen
from pmsim.tui.screens.dashboard import DashboardScreen
from pmsim.tui.screens.debrief import DebriefScreen
from pmsim.tui.screens.leaderboard import LeaderboardScreen, Selection
from pmsim.tui.screens.start import StartScreen

DEFAULT_DELAY = 1.0
"""Seconds between the bot's steps in autoplay."""
TERMINAL_CHECK_SECONDS = 2.0
"""How often a game played in a terminal checks that the terminal is still there."""
HANGUP_STATUS = 129
"""Exit status when the terminal went away: a hang-up's (128 + SIGHUP)."""


class PmsimApp(App[None]):
    """pmsim, the game."""

    CSS_PATH = "pmsim.tcss"
    TITLE = "pmsim"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+t", "toggle_dark", "Light/dark", show=False),
    ]

    def __init__(self, scenario: str | None = None, seed: int | None = None, team: str = "",
                 autoplay: str | None = None, delay: float = DEFAULT_DELAY,
                 resume: Path | None = None, workshop: str | None = None,
                 workshop_name: str = "", db: Path | None = None,
                 branch: GameSession | None = None, served: bool | None = None,
                 owner: str | None = None, join: str | None = None) -> None:
        super().__init__()
        self.join = join
        """The workshop hub's join link, when the game streams to a hub."""
        self.hub: HubConnection | None = None
        self.scenario_ref = scenario
        self.seed = seed if seed is not None else secrets.randbelow(1_000_000)
        self.team = clean_line(team)
        self.autoplay_policy = autoplay
        self.delay = delay
        self.resume_path = resume
        self.workshop = workshop
        """The workshop code (canonical) every new game counts for, if any."""
        self.workshop_name = clean_line(workshop_name)
        self.db = db
        """The results store (None: results.sqlite in the data folder)."""
        self.branch = branch
        self.served = saves.served() if served is None else served
        """Played in a browser beside other players' games (`pmsim.session.saves.served`)."""
        self.owner = owner
        """Served: the id of the browser playing (from `pmsim serve`), whose games these
        are; None when it is not known (then no served game is offered to continue)."""
        self.session: GameSession | None = None
        self._futures_pool: LocalPool | None = None

    def futures_pool(self) -> LocalPool | None:
        """The worker processes what-if previews play their futures in, started on the
        first preview and kept until the app ends (warm for the next); None when the
        game may use one process only (`pmsim.parallel.worker_jobs`), or in a browser,
        where the players' games share the machine."""
        jobs = worker_jobs()
        if self._futures_pool is None and jobs > 1 and not self.served:
            self._futures_pool = LocalPool(jobs)
        return self._futures_pool

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Textual's notification, its message always plain text: a message may quote a
        team name, a file name or a scenario's text (`markup` is ignored on purpose;
        every screen's and widget's `notify` ends here)."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def on_mount(self) -> None:
        if not self.is_headless and not self.served and os.isatty(0):
            self.set_interval(TERMINAL_CHECK_SECONDS, self._exit_if_terminal_gone)
        self._use_theme(self.current_theme)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.push_screen(StartScreen(self.scenario_ref, self.seed, self.team,
                                     workshop=self.workshop,
                                     workshop_name=self.workshop_name,
                                     served=self.served, owner=self.owner))
        try:
            if self.resume_path is not None:
                self.resume_game(self.resume_path)
            elif self.branch is not None:
                self.play_branch(self.branch)
            elif self.autoplay_policy:
                from pmsim.scenario import DEFAULT_SCENARIO

                self.session = GameSession.new(self.scenario_ref or DEFAULT_SCENARIO,
                                               self.seed, self.team, self.autoplay_policy,
                                               workshop_code=self.workshop)
                self.start_playing()
        except UserError as exc:
            self.notify(str(exc), title="Cannot start", severity="error", timeout=20)

    # ------------------------------------------------------------ moving between screens
    def new_game(self, scenario_ref: str, seed: int, team: str) -> None:
        """A new game of this scenario: read its briefing first."""
        try:
            self.session = GameSession.new(scenario_ref, seed, team,
                                           workshop_code=self.workshop)
        except UserError as exc:
            self.notify(str(exc), title="Cannot start", severity="error", timeout=15)
            return
        self.push_screen(BriefingScreen(self.session.scenario, self.session.view()))

    # ------------------------------------------------------------ what screens ask for
    def on_new_game(self, message: intent.NewGame) -> None:
        self.new_game(message.scenario_ref, message.seed, message.team)

    def on_start_playing(self, message: intent.StartPlaying) -> None:
        if self.session is not None:
            self.start_playing()

    def on_continue_game(self, message: intent.ContinueGame) -> None:
        try:
            self.resume_game(message.path)
        except UserError as exc:
            self.notify(str(exc), title=message.failure, severity="error", timeout=15)

    def on_show_briefing(self, message: intent.ShowBriefing) -> None:
        self.show_briefing(review=True)

    def on_game_over(self, message: intent.GameOver) -> None:
        self.show_debrief()

    def on_rewind(self, message: intent.Rewind) -> None:
        if self.session is None:
            return
        try:
            branch = self.session.rewind(message.week)
        except UserError as exc:
            self.notify(str(exc), title="Cannot rewind", severity="error", timeout=15)
            return
        self.play_branch(branch)

    def on_show_leaderboard(self, message: intent.ShowLeaderboard) -> None:
        self.show_leaderboard(message.selection, message.session)

    def on_back_to_start(self, message: intent.BackToStart) -> None:
        self.back_to_start()

    def start_playing(self) -> None:
        """Begin saving the new game and open the dashboard."""
        assert self.session is not None
        try:
            path = self.session.start_log()
        except UserError as exc:
            self.notify(f"{exc} The game is not being saved.", title="Not saved",
                        severity="error", timeout=20)
        else:
            self._claim(path)
            if self.join is not None:
                self.hub = HubConnection(self, self.join, self.session)
        screen = DashboardScreen(self.session, self.delay)
        if isinstance(self.screen, BriefingScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def _claim(self, path: Path) -> None:
        """Served: the new game is this browser's, and only this browser's to continue."""
        if not self.served:
            return
        if self.owner is not None:
            try:
                saves.claim(path, self.owner)
            except OSError:
                pass
            else:
                self.notify("Your game is saved as you play, for this browser: if the tab "
                            "closes, open the same address in this browser again and press "
                            "c to continue.", title="Saved for this browser", timeout=10)
                return
        self.notify("This browser cannot be told apart from others (it keeps no cookies), "
                    "so this game cannot be continued once its tab closes.",
                    title="Not kept for later", severity="warning", timeout=15)

    def resume_game(self, path: Path) -> None:
        """Continue the unfinished game saved in `path` (raises `UserError`)."""
        self.session = GameSession.resume(path)
        self.hub = HubConnection.rejoin(self, self.session)  # a joined game joins again
        self.push_screen(DashboardScreen(self.session, self.delay))

    def play_branch(self, session: GameSession) -> None:
        """Play on from a game rewound to the start of a week, saving it in a new log."""
        if self.session is not None:
            self.session.close()
        self.session = session
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.start_playing()
        week = session.branched_from[1] if session.branched_from else session.view().week
        self.notify(f"Back at the start of week {week}, with the same luck. This game is "
                    f"saved as a new log; the original is left as it was.",
                    title="Rewound", timeout=8)

    def show_leaderboard(self, selection: Selection,
                         session: GameSession | None = None) -> None:
        """The verified leaderboard of a workshop, or of a scenario and seed."""
        self.push_screen(LeaderboardScreen(selection, session, db=self.db))

    def show_briefing(self, review: bool = True) -> None:
        """The briefing again, from the dashboard."""
        if self.session is not None:
            self.push_screen(BriefingScreen(self.session.scenario, self.session.view(),
                                            review=review))

    def show_debrief(self) -> None:
        """The game is over: record the result and show the debrief."""
        if self.session is None or isinstance(self.screen, DebriefScreen):
            return
        self.clear_notifications()  # the last week's news point at dashboard keys
        try:
            self.session.finish()
        except UserError as exc:
            self.notify(str(exc), title="Result not saved", severity="error", timeout=20)
        if self.hub is not None:
            self.hub.finished()  # the end line is in the log: the hub records the game
        while not isinstance(self.screen, DashboardScreen) and len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(DebriefScreen(self.session, db=self.db))
        self.record_result(self.session)

    @work(thread=True, group="record", exit_on_error=False)
    def record_result(self, session: GameSession) -> None:
        """Record the finished game in the results store, off the screen's thread (it
        replays the log). A failure is shown, never raised: the log stays on disk."""
        if session.handed_over:  # a bot's play is no team's entry (a demo: no news)
            session.record_done.set()
            demo = session.policy is not None and session.bot_from_start
            if session.workshop_code or not demo:
                self.call_from_thread(
                    self.notify, "A bot played this game, so it is not recorded on a "
                    "leaderboard; its log is kept.", title="Not recorded", timeout=12)
            return
        try:
            recorded = session.record(self.db)
        except Exception as exc:  # a store problem must never end the game
            hint = ""
            if session.log_path is not None:
                flags = (f" --workshop {format_code(session.workshop_code)}"
                         if session.workshop_code else "") + (
                    f" --db {self.db}" if self.db is not None else "")
                hint = (f" The game log is kept: `pmsim record {session.log_path}{flags}` "
                        "records it later.")
            self.call_from_thread(self.notify, f"{exc}{hint}",
                                  title="Result not recorded", severity="error", timeout=30)
            return
        self.call_from_thread(self._recorded, session, recorded)

    def _recorded(self, session: GameSession, recorded: object) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, DebriefScreen) and screen.session is session:
                screen.show_recorded()

    def back_to_start(self) -> None:
        """Close the game and return to the start screen, set for the next game: the same
        team and scenario with a fresh seed, or, after a workshop's game, that workshop
        again (its scenario and seed)."""
        session, self.session = self.session, None
        if session is not None:
            session.close()
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if session is None:
            if isinstance(self.screen, StartScreen):
                self.screen.refresh_saved()
            return
        self.team = session.team
        if session.workshop_code and session.workshop_code != self.workshop:
            # a workshop's game continued or rewound: its scenario and seed are the
            # workshop's
            self.workshop, self.workshop_name = session.workshop_code, ""
            self.scenario_ref, self.seed = session.scenario_ref, session.view().seed
        elif not self.workshop:
            self.scenario_ref, self.seed = session.scenario_ref, secrets.randbelow(1_000_000)
        self.switch_screen(StartScreen(self.scenario_ref, self.seed, self.team,
                                       workshop=self.workshop,
                                       workshop_name=self.workshop_name,
                                       served=self.served, owner=self.owner))
        if not self.workshop:
            self.notify(f"A fresh seed for the next game: {self.seed}. Type "
                        f"{session.view().seed} as the seed to face the same luck again.",
                        title="New game", timeout=8)

    # ------------------------------------------------------------ looks
    def _theme_changed(self, theme: Theme) -> None:
        self._use_theme(theme)
        for screen in self.screen_stack:
            if isinstance(screen, DashboardScreen):
                screen.refresh_view()
            elif isinstance(screen, DebriefScreen):
                screen.refresh(recompose=True)

    def _use_theme(self, theme: Theme) -> None:
        fmt.use_theme(self.theme_variables, theme.dark)

    def _exit_if_terminal_gone(self) -> None:
        """A closed terminal window (or a dropped SSH session) that sent no hang-up
        leaves the game reading end-of-file forever, a core busy with nobody playing
        (Textual's input thread loops on it). End the process instead, at once: the
        game is saved as it is played (closed here, so `--resume` continues it), and an
        orderly exit would wait forever for a screen writer the closed terminal has
        stopped."""
        if os.isatty(0):
            return
        if self.session is not None:
            self.session.close()
            self.session = None
        os._exit(HANGUP_STATUS)

    def on_unmount(self) -> None:
        if self.session is not None:
            self.session.close()
        if self._futures_pool is not None:
            self._futures_pool.close()

    def run(self, **kwargs: Any) -> None:
        """Run the game; once the screen is gone, say in the terminal where an
        unfinished game was saved and how to continue it (not in a browser, whose
        terminal nobody sees, nor headless)."""
        result = super().run(**kwargs)
        note = saved_note(self.session)
        if note and not kwargs.get("headless") and not os.environ.get("TEXTUAL_DRIVER"):
            print(note)
        return result


def saved_note(session: GameSession | None) -> str | None:
    """One line for the terminal after the game closes: the unfinished game is saved,
    and how to continue it (None when no game is left unfinished)."""
    if session is None or session.finished or session.log_path is None:
        return None
    path = session.log_path
    try:
        saved = len(read_log(path).actions)
    except UserError as exc:
        return f"The game could not be saved completely: {exc}"
    view = session.view()
    if saved < view.actions_taken:
        return (f"The game was saved only up to its action {saved} of {view.actions_taken} "
                f"(saving failed): `pmsim play --resume {path}` continues it from there.")
    return (f"Game saved ({view.scenario_id}, week {view.week}). Continue with "
            "pmsim play --resume, or c on the start screen.")


def make_app(scenario: str | None = None, seed: int | None = None, team: str = "",
             autoplay: str | None = None, delay: float = DEFAULT_DELAY,
             resume: Path | None = None, workshop: str | None = None,
             workshop_name: str = "", db: Path | None = None,
             branch: GameSession | None = None, served: bool | None = None,
             owner: str | None = None, join: str | None = None) -> PmsimApp:
    """The game, ready to `run()` (or `run_test()`): start screen, or straight into an
    autoplayed game, a resumed one, or one rewound from a log (`branch`).

    With `workshop` (a code; `scenario` and `seed` must be the workshop's, from
    `pmsim.results.resolve_workshop`) every game counts for that workshop. Finished
    games are recorded in the results store `db` (default: in the data folder).

    `served` (default: the environment, `pmsim.session.saves.served`) says the game runs in
    a browser beside other players' games, so continue offers only the games of the
    browser `owner` (the id `pmsim serve` gives it). With `join` (a workshop hub's join
    link) the game streams to the hub as it plays (`pmsim.tui.hub_link`)."""
    return PmsimApp(scenario=scenario, seed=seed, team=team, autoplay=autoplay, delay=delay,
                    resume=resume, workshop=workshop, workshop_name=workshop_name, db=db,
                    branch=branch, served=served, owner=owner, join=join)
