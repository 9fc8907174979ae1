"""A game joined to a workshop hub (`pmsim play --join`): its log streams to the hub
(`pmsim.hub.client.HubLink`), with the week's figures for the facilitator's console,
and the facilitator's pause, resume and messages reach the screen."""

from __future__ import annotations

import contextlib
import time
from typing import TYPE_CHECKING

from pmsim.errors import UserError
from pmsim.hub.client import HubLink
from pmsim.hub.protocol import Command, Status
from pmsim.session.game import GameSession
from pmsim.session.saves import read_meta, write_meta
from pmsim.text import clean_line
from pmsim.tui.dialogs.paused import PausedDialog
from pmsim.tui.widgets.figures import KeyFigures

if TYPE_CHECKING:
    from pmsim.tui.app import PmsimApp

HUB_NOTE, TOKEN_NOTE = "hub", "hub_team_token"
"""The keys, in a joined game's notes, of the join link and the team's token."""


def clock_text(ends: float | None) -> str:
    """The round clock as the header shows it: '⏱ 4:05 left', or '' when none runs."""
    if ends is None:
        return ""
    left = max(0, round(ends - time.monotonic()))
    return f"⏱ {left // 60}:{left % 60:02d} left"


def status_of(session: GameSession) -> Status:
    """The figures the console shows for a game now."""
    view = session.view()
    metrics = view.metrics
    return Status(type="status", week=view.week,
                  spi_t=round(metrics.spi_t, 3) if metrics else None,
                  cpi=round(metrics.cpi, 3) if metrics else None,
                  p_on_time=round(min(max(view.forecast.p_on_time, 0.0), 1.0), 3),
                  waiting=len(view.pending))


class HubConnection:
    """The app's link to the hub for one game."""

    def __init__(self, app: PmsimApp, join_link: str, session: GameSession,
                 team_token: str | None = None) -> None:
        assert session.log_path is not None, "a joined game is saved"
        self.app, self.session, self.join_link = app, session, join_link
        self.link = HubLink(join_link, session.team, session.log_path, self.command,
                            team_token=team_token, status_of=lambda: status_of(session),
                            on_welcome=self.welcomed)
        session.listen(self.link.nudge)
        self.round_ends: float | None = None
        """`time.monotonic()` when the facilitator's round clock runs out."""
        self.clock_shown = False
        """Whether the header shows the clock now."""
        self.round_week: int | None = None
        """In lockstep, the last week this game may end in the facilitator's round."""
        app.run_worker(self._run(), name="hub link", group="hub", exit_on_error=False)
        app.set_interval(1.0, self.tick)

    @classmethod
    def rejoin(cls, app: PmsimApp, session: GameSession) -> HubConnection | None:
        """The link of a resumed game that had joined a hub (its notes keep the join
        link and the team's token), or None for any other game."""
        path = session.log_path
        meta = read_meta(path) if path is not None else {}
        link, token = meta.get(HUB_NOTE), meta.get(TOKEN_NOTE)
        if not isinstance(link, str) or not isinstance(token, str):
            return None
        return cls(app, link, session, team_token=token)

    def welcomed(self, token: str) -> None:
        """Keep the team's token beside the log, so the game rejoins as this team when
        it is continued (`rejoin`)."""
        path = self.session.log_path
        if path is None:
            return
        meta = read_meta(path)
        if meta.get(TOKEN_NOTE) != token:
            with contextlib.suppress(OSError):
                write_meta(path, {**meta, HUB_NOTE: self.join_link, TOKEN_NOTE: token})

    async def _run(self) -> None:
        try:
            await self.link.run()
        except UserError as exc:
            self.app.notify(str(exc), title="Workshop hub", severity="error", timeout=30)

    def finished(self) -> None:
        """The log's end line is written: send it."""
        self.link.nudge()

    def command(self, command: Command) -> None:
        """The facilitator's pause, resume or message."""
        paused = [s for s in self.app.screen_stack if isinstance(s, PausedDialog)]
        if command.type == "pause" and not paused:
            self.app.push_screen(PausedDialog())
        elif command.type == "resume":
            for screen in paused:
                with contextlib.suppress(Exception):
                    screen.dismiss(None)
        elif command.type == "message":
            self.app.notify(clean_line(command.text), title="From the facilitator",
                            timeout=30, markup=False)
        elif command.type == "clock":
            self.round_ends = time.monotonic() + command.seconds if command.seconds else None
            self.tick()
        elif command.type == "inject":
            self.inject(command)
        elif command.type == "round":
            self.round_week = command.week or None
            self.round_ends = time.monotonic() + command.seconds if command.seconds else None
            self.tick()
            if command.week and self.session.view().week <= command.week:
                self.app.notify(f"Every team plays to the end of week {command.week} in "
                                "this round.", title="Lockstep", timeout=10)
        elif command.type == "round_end":
            self.time_up(command.week)

    def may_end_week(self) -> str | None:
        """Why this game must wait before ending its week (lockstep), or None."""
        week = self.session.view().week
        if self.round_week is None or week <= self.round_week:
            return None
        return (f"This round ends at week {self.round_week} for every team: week {week} "
                "opens when the other teams are ready or the round's clock runs out.")

    def time_up(self, week: int) -> None:
        """The round's time ran out: a game still in week `week` or before ends its week
        as it is now (every request waiting takes its default answer)."""
        if not self.session.finished and self.session.view().week <= week:
            self.app.run_worker(self._end_week_now(), group="round", exit_on_error=False)

    async def _end_week_now(self) -> None:
        from pmsim.tui.screens.dashboard import DashboardScreen

        dashboard = next((s for s in self.app.screen_stack
                          if isinstance(s, DashboardScreen)), None)
        if dashboard is None:
            return
        self.app.workers.cancel_group(dashboard, "flow")  # a dialog of the week, if any
        while self.app.screen is not dashboard:
            self.app.pop_screen()
        start = self.session.end_week_as_it_stands()
        dashboard.week_done()
        self.app.notify(f"Time is up: week {start} ended as you left it.", title="Lockstep",
                        severity="warning", timeout=15)

    def inject(self, command: Command) -> None:
        """An inject scheduled for every game: announced now, met at its week's start
        (at once, when this game is at the start of that week already)."""
        if command.inject in self.session.injects_due:
            return  # heard before (the hub repeats them when the game reconnects)
        met = self.session.schedule_inject(command.inject, command.week)
        title = clean_line(command.text) or "an event"
        self.app.notify(f"{title}: {'it comes now' if met else f'it comes in week {command.week}'}"
                        ".", title="The facilitator schedules", timeout=20, markup=False)
        if met:
            for screen in self.app.screen_stack:
                refresh = getattr(screen, "refresh_view", None)
                if callable(refresh):
                    refresh()

    def tick(self) -> None:
        """Show the round clock in the header; say so once when it runs out."""
        left = clock_text(self.round_ends)
        if not left and not self.clock_shown:
            return  # no clock, none to take away: nothing to draw
        for screen in self.app.screen_stack:
            for figures in screen.query(KeyFigures):
                figures.label = left or figures.base_label
        self.clock_shown = bool(left)
        if self.round_ends is not None and time.monotonic() >= self.round_ends:
            self.round_ends = None
            self.app.notify("The round's time is up: end your week (e) now.",
                            title="Time", severity="warning", timeout=20)
