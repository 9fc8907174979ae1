"""The dashboard: key figures, the views by tab, and every decision by key.

The screen holds no game state and reads only the `PlayerView`: it reads
`session.view()` into its `view` reactive (bound to every widget) after each of the
session's intents (`apply`, `answer`, `advance`, ...). Multi-step flows (a decision's
questions, a week with its requests) run as async workers that wait on dialogs; moving
to another screen is asked of the app by message (`pmsim.tui.messages`). The tabs are
`pmsim.tui.widgets.panes.TABS`.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, TabbedContent, TabPane

from pmsim.engine.decisions import DecisionError
from pmsim.engine.view import PlayerView
from pmsim.errors import UserError
from pmsim.gamelog import LogError
from pmsim.policies import SENSIBLE
from pmsim.session.news import NEWS_SECONDS, autoplay_toast_seconds, news_toast, tips
from pmsim.tui.actions import ACTION_BY_KEY, ACTIONS
from pmsim.tui.dialogs.actions_menu import ActionsMenu
from pmsim.tui.dialogs.confirm import ConfirmDialog
from pmsim.tui.dialogs.end_week import EndWeekDialog
from pmsim.tui.dialogs.help import HelpDialog
from pmsim.tui.dialogs.request import RequestDialog
from pmsim.tui.dialogs.tips import TipsDialog
from pmsim.tui.format import forecast_change, tab_keys, tab_label
from pmsim.tui.messages import GameOver, ShowBriefing
from pmsim.tui.what_if import futures_run
from pmsim.tui.widgets.figures import NARROW, KeyFigures
from pmsim.tui.widgets.panes import TABS
from pmsim.tui.widgets.table import ViewPane

if TYPE_CHECKING:
    from pmsim.session.game import GameSession

PANE_OF_KIND = {tab.kind: tab.id for tab in TABS if tab.kind}


LABEL_OF_TAB = {tab.id: tab_label(i, tab.label) for i, tab in enumerate(TABS, start=1)}
"""Each tab's label with its key, by tab id."""


class _Context:
    """What a decision's builder may use (see `pmsim.tui.actions.ActionContext`)."""

    def __init__(self, screen: DashboardScreen) -> None:
        self.screen = screen
        self.view = screen.session.view()

    async def ask(self, dialog: Any) -> Any:
        return await self.screen.app.push_screen_wait(dialog)

    def selected(self, kind: str) -> str | None:
        return self.screen.selected(kind)


SCHEDULE_KINDS = frozenset({
    "assign", "unassign", "hire", "release", "overtime", "crash", "fast_track", "training",
    "defer", "cut", "restore"})
"""Decisions whose preview adds the forecast before and after (`forecast_change`)."""


class DashboardScreen(Screen[None]):
    """Play the project week by week."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "end_week", "End week"),
        Binding("a", "actions", "Decisions"),
        *[Binding(str(i), f"tab('{tab.id}')", tab_label(i, tab.label), show=False)
          for i, tab in enumerate(TABS, start=1)],
        Binding("B", "briefing", "Briefing", show=False),
        Binding("ctrl+z", "undo", "Undo", show=False),
        Binding("U", "undo", "Undo", show=False),
        Binding("H", "hand_over", "Hand over to the bot", show=False),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Save & quit"),
        Binding("space", "pause", "Pause / play"),
        *[Binding(a.key, f"act('{a.key}')", a.name, show=False) for a in ACTIONS],
    ]

    view: reactive[PlayerView | None] = reactive(None, always_update=True)
    week_open: reactive[bool] = reactive(False)

    def __init__(self, session: GameSession, delay: float = 1.0) -> None:
        super().__init__()
        self.session = session
        self.delay = delay
        self.paused = False
        self._news_seen = 0
        """Feed events up to here were announced, or needed no announcement."""
        self._tips_seen = 0
        """Hints in the feed up to here were shown in the tip box."""

    def compose(self) -> ComposeResult:
        label = f"seed {self.session.view().seed}"
        if self.session.team:
            label += f" · team {self.session.team}"
        if self.session.branched_from:
            label += f" · rewound to week {self.session.branched_from[1]}"
        if self.session.policy is not None:
            label = f"AUTOPLAY {self.session.policy_name} · " + label
        figures = KeyFigures(id="figures")
        figures.label = figures.base_label = label
        yield figures.data_bind(DashboardScreen.view, DashboardScreen.week_open)
        with TabbedContent(id="tabs"):
            for number, tab in enumerate(TABS, start=1):
                with TabPane(tab_label(number, tab.label), id=tab.id):
                    yield tab.pane(id=f"{tab.id}-pane").data_bind(DashboardScreen.view)
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_view()
        view = self.session.view()
        feed = len(view.feed)
        # a game not yet begun shows its opening hints (in autoplay, with the bot's first
        # step); a continued one was read before
        fresh = not view.actions_taken
        self._tips_seen = 0 if fresh else feed
        self._news_seen = 0 if fresh and self.session.policy is not None else feed
        self.focus_pane("work")
        if self.session.policy is not None:
            self.autoplay()
        elif self.session.finished:
            self.call_after_refresh(self.post_message, GameOver())
        elif view.pending:
            self.answer_waiting()
        elif self._tips_seen < feed:
            self.show_opening_tips()

    def on_resize(self, event: events.Resize) -> None:
        """Under `NARROW` columns the view tabs lose their left padding, so all six fit
        in 60 columns."""
        self.set_class(event.size.width < NARROW, "narrow")

    # ------------------------------------------------------------ reading
    def refresh_view(self) -> None:
        """Re-read the game into every widget (a note on the last undo goes: the game
        moved on)."""
        self.query_one(KeyFigures).note = ""
        self.view = view = self.session.view()
        self.week_open = view.week_started
        error = self.session.take_log_error()
        if error is not None:
            self.notify(str(error), title="Not saved", severity="error", timeout=30)

    def selected(self, kind: str) -> str | None:
        """Id of the item under the cursor in the pane for this kind of item."""
        pane_id = PANE_OF_KIND.get(kind)
        if pane_id is None:
            return None
        return self.query_one(f"#{pane_id}-pane", ViewPane).selected_id

    def focus_pane(self, tab_id: str) -> None:
        """Show a tab and put the focus in it."""
        self.query_one(TabbedContent).active = tab_id
        pane = self.query_one(f"#{tab_id}-pane", ViewPane)
        focusable = [w for w in pane.query("*") if w.can_focus]
        if focusable:
            focusable[0].focus()

    # ------------------------------------------------------------ keys
    def action_tab(self, tab_id: str) -> None:
        self.focus_pane(tab_id)

    def action_help(self) -> None:
        keys = [("e", "end the week (shows what is open and your attention left)"),
                ("a", "menu of every decision"),
                (tab_keys(len(TABS)), "views: " + ", ".join(tab.label for tab in TABS)),
                ("↑ ↓", "move in the current view; the detail line follows"),
                ("B", "read the briefing again"),
                ("ctrl+z or U", "undo this week's last decision or answer (again for the "
                                "one before), until the week goes on"),
                ("H", f"hand the rest of the game to the {SENSIBLE} bot (to see where a "
                      "choice leads; the game is then not recorded on a leaderboard)"),
                ("space", "pause or resume (autoplay)"),
                ("q", "save and quit (continue later from the start screen)")]
        keys += [(a.key, a.name) for a in ACTIONS]
        text = ("Plan the week with decisions, then end it; the game runs the week and "
                "stops for requests that need you. Every decision shows its cost and "
                "effect before you confirm. Decisions use the item under the cursor of "
                "the matching view as their first suggestion.")
        tab = self.query_one(TabbedContent).active
        pane = self.query_one(f"#{tab}-pane", ViewPane) if tab in LABEL_OF_TAB else None
        section = ((f"This view: {LABEL_OF_TAB[tab]}", pane.LEGEND)
                   if pane is not None and pane.LEGEND else None)
        self.app.push_screen(HelpDialog("Dashboard", keys, text, section))

    def action_briefing(self) -> None:
        self.post_message(ShowBriefing())

    def action_quit(self) -> None:
        self.app.exit()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In autoplay the bot decides: the player's keys hide, pause shows."""
        autoplay = self.session.policy is not None
        if action == "pause":
            return autoplay
        if action in ("end_week", "actions", "act", "hand_over"):
            return not autoplay
        return True

    def action_pause(self) -> None:
        if self.session.policy is not None:
            self.paused = not self.paused
            self.notify("Paused" if self.paused else "Playing on", timeout=2)

    def action_actions(self) -> None:
        if self._autoplaying():
            return
        self.choose_action()

    def action_act(self, key: str) -> None:
        if self._autoplaying():
            return
        self.act_on(key)

    def action_undo(self) -> None:
        if self._autoplaying():
            return
        self.undo_last()

    @work(exclusive=True, group="flow")
    async def undo_last(self) -> None:
        """Take back the last decision or answer (`GameSession.undo`) and say which."""
        try:
            what = self.session.undo()
        except (UserError, LogError) as exc:
            self.query_one(KeyFigures).note = ""  # an older undo's word would contradict it
            self.notify(str(exc), title="Nothing undone", severity="warning", timeout=6)
            return
        feed = len(self.session.view().feed)
        self._news_seen, self._tips_seen = min(self._news_seen, feed), min(self._tips_seen, feed)
        self.refresh_view()
        self.query_one(KeyFigures).note = f"↶ Undone: {what.rstrip('.')} (U: one more)"

    def action_hand_over(self) -> None:
        if self._autoplaying():
            return
        self.hand_over()

    @work(exclusive=True, group="flow")
    async def hand_over(self) -> None:
        """After a confirmation, the sensible bot plays the rest of the game on screen."""
        text = (f"The {SENSIBLE} bot ends this week as you left it, answering what comes, "
                "then plays to the end, as the debrief's replays do: enter another team's "
                "decisions of a week first to see where they lead. You cannot take the "
                "game back, and it is not recorded on a leaderboard (the log is kept).")
        if not await self.app.push_screen_wait(
                ConfirmDialog("Hand the game over to the bot", text)):
            return
        try:
            self.session.hand_over()
        except UserError as exc:
            self.notify(str(exc), title="Not handed over", severity="warning")
            return
        self.notify(f"The {SENSIBLE} bot plays on (space pauses it).", timeout=5)
        self.refresh_view()
        self.autoplay()

    def action_end_week(self) -> None:
        hub = getattr(self.app, "hub", None)
        wait = hub.may_end_week() if hub is not None else None
        if wait is not None:  # a lockstep round: the other teams are not ready yet
            self.notify(wait, title="Lockstep", timeout=6)
        elif not self._autoplaying():
            self.play_week()

    def _autoplaying(self) -> bool:
        if self.session.policy is not None:
            self.notify("A bot is playing this game (space pauses it).", timeout=3)
            return True
        if self.session.finished:
            self.post_message(GameOver())
            return True
        return False

    # ------------------------------------------------------------ decisions
    @work(exclusive=True, group="flow")
    async def choose_action(self) -> None:
        view = self.session.view()
        key = await self.app.push_screen_wait(ActionsMenu(view.attention_left))
        if key:
            await self._decide(key)

    @work(exclusive=True, group="flow")
    async def act_on(self, key: str) -> None:
        await self._decide(key)

    async def _decide(self, key: str) -> None:
        action = ACTION_BY_KEY[key]
        try:
            decision = await action.build(_Context(self))
        except (KeyError, StopIteration, ValueError) as exc:
            self.notify(f"{action.name}: {exc}", severity="error")
            return
        if decision is None:
            return
        view = self.session.view()
        text = self.session.preview(decision)
        refusal = self.session.check(decision)
        if refusal is None and decision.kind in SCHEDULE_KINDS:
            both = await asyncio.to_thread(self.session.forecast_with, decision)
            if both is not None:
                text = f"{text}\n{forecast_change(*both)}"
        futures = futures_run(self.session, decision, self.app)
        if not await self.app.push_screen_wait(
                ConfirmDialog(action.name, text, refusal, view.attention_left, futures)):
            return
        try:
            self.session.apply(decision)
        except DecisionError as exc:
            self.notify(str(exc), title="Not possible", severity="error")
        self.refresh_view()
        self._announce_new_events(quiet=True)  # the player knows what they just did
        if self.session.view().pending and not self.session.finished:
            # the decision asked for an answer (an exception: the board decides), so
            # it comes now, not with the end of the week
            await self._answer_all()
            self._announce_new_events(quiet=True)
        if self.session.finished:
            self.post_message(GameOver())

    # ------------------------------------------------------------ the week
    @work(exclusive=True, group="flow")
    async def play_week(self) -> None:
        view = self.session.view()
        if view.pending:
            if not await self._answer_all():
                return
            if self.session.finished or not self.session.view().week_started:
                self.week_done()
                return
        elif not await self.app.push_screen_wait(
                EndWeekDialog(view, self.session.decided_this_week(),
                              resuming=view.week_started)):
            return
        while not self.session.finished:
            report = self.session.advance()
            self.refresh_view()
            await self._show_tips()
            if report.pending and not await self._answer_all():
                return
            if report.week_ended or report.finished:
                break
        self.week_done()

    @work(exclusive=True, group="flow")
    async def answer_waiting(self) -> None:
        """Put the pending request(s) before the player (e.g. after resuming)."""
        if await self._answer_all() and self.session.view().week_started:
            self.notify("Press e to play on with the week.", timeout=4)
        self.week_done(quiet=True)

    async def _answer_all(self) -> bool:
        """Ask about each pending request; False if the player wants to look first."""
        while (view := self.session.view()).pending and not self.session.finished:
            request = view.pending[0]
            option = await self.app.push_screen_wait(RequestDialog(request, view))
            if option is None:
                self.refresh_view()
                return False
            try:
                self.session.answer(request.id, option)
            except DecisionError as exc:
                self.notify(str(exc), title="Not possible", severity="error")
            self.refresh_view()
        return True

    def week_done(self, quiet: bool = False) -> None:
        self.refresh_view()
        self._announce_new_events(quiet=quiet)
        if self.session.finished:
            self.post_message(GameOver())

    # ------------------------------------------------------------ hints and news
    @work(exclusive=True, group="flow")
    async def show_opening_tips(self) -> None:
        """The hints a new game opens with (the tutorial's tour of the dashboard)."""
        await self._show_tips()

    async def _show_tips(self) -> None:
        """Put the hints that arrived since the last look in the tip box, and wait until
        the player has read them (they also stay in the feed)."""
        feed = self.session.view().feed
        new = tips(feed[self._tips_seen:], self.session.scenario)
        self._tips_seen = len(feed)
        if new and not self.session.finished:
            await self.app.push_screen_wait(TipsDialog(new))

    def _announce_new_events(self, quiet: bool = False) -> None:
        """One toast for the news since the last announcement (quiet: only catch up).
        A person gets the week's news once the week is over (hints have the tip box);
        in autoplay, each step's news and hints, if the bot is slow enough to read them.
        Nothing once the game is over: the debrief tells it all."""
        feed = self.session.view().feed
        new = feed[self._news_seen:]
        self._news_seen = len(feed)
        autoplay = self.session.policy is not None
        if autoplay:
            self._tips_seen = len(feed)
        seconds = autoplay_toast_seconds(self.delay) if autoplay else NEWS_SECONDS
        if quiet or seconds is None or self.session.finished:
            return
        toast = news_toast(new, with_hints=autoplay)
        if toast is not None:
            self.notify(toast.message, title=toast.title, severity=toast.severity,
                        timeout=seconds)

    # ------------------------------------------------------------ autoplay
    @work(exclusive=True, group="autoplay")
    async def autoplay(self) -> None:
        while not self.session.finished:
            if self.paused:
                await asyncio.sleep(0.05)
                continue
            try:
                self.session.autoplay_step()
            except DecisionError as exc:  # a bot should not do this; say so and stop
                self.notify(str(exc), title="The bot was refused", severity="error")
                return
            self.refresh_view()
            self._announce_new_events()
            await asyncio.sleep(self.delay)
        self.post_message(GameOver())
