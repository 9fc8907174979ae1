"""One workshop's hub as it runs: its state on disk, its tokens, the games connected
now, the facilitator's round clock (and lockstep rounds), pause, end, and the scenario's
inject catalogue. `pmsim.hub.server` serves it over HTTP and WebSocket."""

from __future__ import annotations

import asyncio
import os
import time
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from pmsim.errors import UserError
from pmsim.hub.protocol import Command
from pmsim.hub.state import HubState, TeamLive
from pmsim.parallel import process_pool
from pmsim.scenario.schema import Scenario

REPLAY_WORKERS = max(1, min(4, (os.cpu_count() or 2) - 1))
"""Processes that verify finished games (the hub's own keeps a processor)."""


@dataclass
class Hub:
    """One workshop's hub: its state, tokens and the games connected now."""

    state: HubState
    join_token: str
    console_token: str
    origins: frozenset[str] = frozenset()
    """Origins a browser page may connect from (besides the hub's own)."""
    game: dict[str, Any] = field(default_factory=dict)
    """What a joining game is told: the workshop's code, scenario and seed."""
    catalogue: dict[str, dict[str, Any]] = field(default_factory=dict)
    """The scenario's injects by id: title, kind, text and the guide's suggested week."""
    last_week: int = 0
    """The scenario's hard stop: no inject is scheduled after it."""
    paused: bool = False
    greeting: int = 0
    """Connections open that have not said hello yet."""
    round_ends: float | None = None
    """`time.monotonic()` when the round clock runs out (None: no clock)."""
    lockstep: float = 0.0
    """Minutes per round in lockstep (0: games play at their own pace)."""
    round_week: int = 0
    """In lockstep, the last week a game may end in this round."""
    _round_timer: asyncio.TimerHandle | None = None
    _held: int = 0
    """Seconds a paused lockstep round had left."""
    ended: bool = False
    """The facilitator ended the workshop: no game joins any more (games already in
    still send their last lines, so they are recorded)."""
    sockets: dict[str, set[web.WebSocketResponse]] = field(default_factory=dict)
    started: float = field(default_factory=time.time)
    _replays: Executor | None = None

    def replays(self) -> Executor:
        """The worker processes that verify finished games by replay (a replay is
        CPU-bound: in the hub's own process it would hold up every game's messages)."""
        if self._replays is None:
            self._replays = process_pool(REPLAY_WORKERS)
        return self._replays

    def close_replays(self) -> None:
        """Stop the replay workers (the hub is stopping)."""
        if self._replays is not None:
            self._replays.shutdown(wait=False, cancel_futures=True)
            self._replays = None

    def clock_left(self) -> int:
        """Whole seconds left on the round clock (0: none runs)."""
        if self.round_ends is None:
            return 0
        return max(0, round(self.round_ends - time.monotonic()))

    def status(self) -> dict[str, Any]:
        """`/api/status`: the workshop, its clock and one row per team."""
        now = time.time()
        return {
            "workshop": self.state.code, "paused": self.paused, "ended": self.ended,
            "clock": {"started": self.started, "now": now,
                      "round_seconds_left": self.clock_left() or None,
                      "lockstep_week": self.round_week if self.lockstep else None},
            "teams": [t.to_json(now) for t in self.state.teams.values()],
        }

    def earliest_inject_week(self) -> int:
        """The first week an inject can be scheduled for: after the week of every game
        still playing, so each meets it at the start of the same week."""
        weeks = [t.week for t in self.state.teams.values() if not t.finished]
        return max(weeks, default=0) + 1

    def injects(self) -> dict[str, Any]:
        """`GET /api/injects`: the catalogue, what is scheduled, and from which week."""
        return {"catalogue": [{"id": k, **v} for k, v in self.catalogue.items()],
                "scheduled": dict(self.state.injects),
                "earliest_week": self.earliest_inject_week(), "last_week": self.last_week}

    def schedule_inject(self, inject_id: str, week: int) -> Command:
        """Check and keep an inject for `week` (`UserError`: why not)."""
        spec = self.catalogue.get(inject_id)
        if spec is None:
            known = ", ".join(self.catalogue) or "none"
            raise UserError(f"this workshop's scenario has no inject '{inject_id}' "
                            f"(it has: {known}).")
        if inject_id in self.state.injects:
            raise UserError(f"'{spec['title']}' is scheduled for week "
                            f"{self.state.injects[inject_id]} already.")
        earliest = self.earliest_inject_week()
        if not earliest <= week <= max(earliest, self.last_week):
            raise UserError(f"schedule it for week {earliest} or later (up to week "
                            f"{self.last_week}): a game is in week {earliest - 1} already, "
                            "and every team meets an inject at the start of the same week.")
        self.state.schedule(inject_id, week)
        return Command(type="inject", inject=inject_id, week=week, text=str(spec["title"]))

    def playing(self) -> list[TeamLive]:
        """The teams whose game is not finished."""
        return [t for t in self.state.teams.values() if not t.finished]

    def round_command(self) -> Command:
        """The round in force, as a game is told it (`week` 0: no lockstep)."""
        return Command(type="round", week=self.round_week if self.lockstep else 0,
                       seconds=self.clock_left())

    def stop_rounds(self) -> None:
        """Stop the lockstep round's timer (lockstep ends, or the hub stops)."""
        if self._round_timer is not None:
            self._round_timer.cancel()
            self._round_timer = None

    async def start_lockstep(self, minutes: float) -> int:
        """Lockstep rounds of `minutes` (0 stops): the first round lets every game end
        the week the furthest one is in; how many games heard it."""
        self.stop_rounds()
        self.lockstep = minutes
        if minutes <= 0:
            self.round_ends, self.round_week = None, 0
            return await self.broadcast(self.round_command())
        self.round_week = max((t.week for t in self.playing()), default=1) or 1
        return await self._open_round()

    async def _open_round(self, seconds: float | None = None) -> int:
        """Start the round's clock (`seconds`, or the whole round) and tell every game."""
        seconds = 60 * self.lockstep if seconds is None else seconds
        self.round_ends = time.monotonic() + seconds
        loop = asyncio.get_running_loop()
        self._round_timer = loop.call_later(
            seconds, lambda: loop.create_task(self.end_round()))
        return await self.broadcast(self.round_command())

    async def hold(self, paused: bool) -> int:
        """Pause or resume every game; how many heard it. A lockstep round's clock stops
        while the room is paused, and goes on with the time it had left."""
        self.paused = paused
        if paused and self.lockstep and self._round_timer is not None:
            self._held, self.round_ends = self.clock_left(), None
            self.stop_rounds()
        sent = await self.broadcast(Command(type="pause" if paused else "resume"))
        if not paused and self.lockstep and self._held:
            await self._open_round(self._held)
            self._held = 0
        return sent

    async def end_round(self) -> None:
        """The round's time is up: every game still in its week ends it as it is; the
        next round opens."""
        if not self.lockstep:
            return
        await self.broadcast(Command(type="round_end", week=self.round_week))
        self.round_week += 1
        await self._open_round()

    async def maybe_next_round(self) -> None:
        """In lockstep, when every game still playing has ended the round's week, the
        next round opens at once (no waiting for the clock)."""
        playing = self.playing()
        if self.lockstep and playing and all(t.week > self.round_week for t in playing):
            self.stop_rounds()
            self.round_week += 1
            if self.paused:  # its clock starts when the room resumes
                self._held, self.round_ends = round(60 * self.lockstep), None
                await self.broadcast(self.round_command())
            else:
                await self._open_round()

    async def broadcast(self, command: Command) -> int:
        """Send a command to every connected game; how many received it."""
        text = command.model_dump_json()
        sent = 0
        for sockets in self.sockets.values():
            for ws in list(sockets):
                if not ws.closed:
                    await ws.send_str(text)
                    sent += 1
        return sent



def inject_catalogue(scenario: Scenario) -> dict[str, dict[str, Any]]:
    """A scenario's injects as the hub offers them to the console."""
    return {x.id: {"title": x.title, "kind": x.kind, "text": x.text, "week": x.week}
            for x in scenario.injects}
