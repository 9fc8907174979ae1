"""A game's link to the hub: store-and-forward of its log file.

`HubLink.run()` connects, says hello, learns how many lines the hub holds and sends
the rest of the log file, then sends new lines whenever `nudge()` says the file grew
(and `status()` figures at the end of each turn). A lost connection is retried with a
growing pause; the file is the store, so a game that loses the hub keeps playing and
catches up when it returns, and lines the hub already holds are never counted twice.
The facilitator's commands reach `on_command`."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import aiohttp
from pydantic import TypeAdapter, ValidationError

from pmsim.errors import UserError
from pmsim.hub.protocol import LINES_LIMIT, Ack, Command, Hello, Lines, Refusal, Status, Welcome

RETRY_SECONDS = (0.5, 1.0, 2.0, 5.0)
"""Pauses between attempts to reach the hub again (the last one repeats)."""
HubReply = Welcome | Ack | Command | Refusal
REPLY: TypeAdapter[HubReply] = TypeAdapter(HubReply)


def socket_url(join_link: str) -> str:
    """The WebSocket address of a join link (`http://HOST:PORT/join/TOKEN`)."""
    parts = urlsplit(join_link.strip())
    path = parts.path.rstrip("/")
    if parts.scheme not in ("http", "https") or not parts.netloc or "/join/" not in path:
        raise UserError(f"'{join_link}' is not a join link: the hub prints one as "
                        "http://HOST:PORT/join/TOKEN; copy it whole.")
    token = path.rsplit("/join/", 1)[1]
    scheme = "wss" if parts.scheme == "https" else "ws"
    return urlunsplit((scheme, parts.netloc, "/ws/game", f"token={token}", ""))


class HubRefused(UserError):
    """The hub refused this game (its reason is the message)."""


class HubLink:
    """Streams one game's log file to the hub."""

    def __init__(self, join_link: str, team: str, log_path: Path,
                 on_command: Callable[[Command], None] = lambda c: None,
                 team_token: str | None = None,
                 status_of: Callable[[], Status] | None = None,
                 on_welcome: Callable[[str], None] = lambda token: None) -> None:
        self.url, self.team, self.log_path = socket_url(join_link), team, log_path
        self.on_command, self.team_token = on_command, team_token
        self.status_of = status_of
        """The game's figures now, sent with each batch of news (None: none sent)."""
        self.on_welcome = on_welcome
        """Told the team's token each time the hub takes the game in (to keep it)."""
        self.have = 0
        """Lines the hub acknowledged."""
        self.recorded: int | None = None
        """The results-store id the hub recorded the finished game under."""
        self.problem: str | None = None
        """Why the hub could not record the finished game, if it could not."""
        self.connected = False
        self._sent = 0
        self._wake = asyncio.Event()
        self._status_due = True
        self._done = False
        self._log_lines, self._ended = 0, False
        """Lines in the log when it was last read, and whether its end line was there."""

    def nudge(self) -> None:
        """The game moved on (its log grew): send the news."""
        self._status_due = True
        self._wake.set()

    def finished(self) -> bool:
        """Whether the hub holds the whole log of a finished game (as the log was when
        it was last read to send)."""
        return self._ended and self.have >= self._log_lines

    def delivered(self) -> bool:
        """Whether the hub holds the finished game and has recorded it (or said why
        it could not)."""
        return self.finished() and (self.recorded is not None or self.problem is not None)

    def _lines(self) -> list[str]:
        try:
            text = self.log_path.read_text(encoding="utf-8")
        except OSError:
            return []
        return text[: text.rfind("\n") + 1].splitlines()

    async def run(self) -> None:
        """Keep the hub up to date until the finished game is all there (or `stop`).
        Raises `HubRefused` when the hub will not take this game."""
        attempt = 0
        async with aiohttp.ClientSession() as http:
            while not self._done:
                try:
                    async with http.ws_connect(self.url, max_msg_size=0) as ws:
                        attempt = 0
                        await self._session(ws)
                except (TimeoutError, aiohttp.ClientError, OSError):
                    pass
                self.connected = False
                if self._done or self.delivered():
                    return
                await asyncio.sleep(RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)])
                attempt += 1

    def stop(self) -> None:
        """Stop trying (the game is closing)."""
        self._done = True
        self._wake.set()

    async def _session(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        await ws.send_str(Hello(type="hello", team=self.team,
                                team_token=self.team_token).model_dump_json())
        welcome = await self._reply(ws)
        if not isinstance(welcome, Welcome):
            return
        self.team_token, self.have, self.connected = welcome.team_token, welcome.have, True
        self._sent, self._status_due = welcome.have, True
        self.on_welcome(welcome.team_token)
        self.recorded, self.problem = welcome.recorded, welcome.problem
        reader = asyncio.ensure_future(self._read(ws))
        try:
            while not self._done and not ws.closed:
                await self._send(ws)
                if self.delivered():
                    return
                self._wake.clear()
                waiter = asyncio.ensure_future(self._wake.wait())
                await asyncio.wait({waiter, reader}, return_when=asyncio.FIRST_COMPLETED)
                waiter.cancel()
                if reader.done():
                    reader.result()
                    return
        finally:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await reader

    async def _send(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        if self._status_due and self.status_of is not None:
            self._status_due = False
            await ws.send_str(self.status_of().model_dump_json())
        lines = self._lines()
        self._log_lines, self._ended = len(lines), bool(lines) and '"end"' in lines[-1]
        self._sent = max(self._sent, self.have)
        while self._sent < len(lines):
            batch = lines[self._sent:self._sent + LINES_LIMIT]
            await ws.send_str(Lines(type="lines", first=self._sent,
                                    lines=batch).model_dump_json())
            self._sent += len(batch)

    async def _reply(self, ws: aiohttp.ClientWebSocketResponse) -> HubReply | None:
        msg = await ws.receive()
        if msg.type != aiohttp.WSMsgType.TEXT:
            return None
        try:
            reply = REPLY.validate_json(msg.data)
        except ValidationError:
            return None
        if isinstance(reply, Refusal):
            self._done = True
            raise HubRefused(f"the workshop hub refused this game: {reply.message}")
        return reply

    async def _read(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        while not ws.closed:
            reply = await self._reply(ws)
            if reply is None:
                return
            if isinstance(reply, Ack):
                self.have = max(self.have, reply.have)
                self.recorded = reply.recorded if reply.recorded is not None else self.recorded
                self.problem = reply.problem or self.problem
                self._wake.set()
            elif isinstance(reply, Command):
                self.on_command(reply)
