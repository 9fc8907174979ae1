"""The facilitator's side of the hub's API, for `pmsim console`: read every team's row,
pause, resume, broadcast. The console link (`http://HOST:PORT/api/status?token=T`, as
`pmsim host` prints it) carries the console token."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit, urlunsplit

import aiohttp

from pmsim.errors import UserError

TIMEOUT = aiohttp.ClientTimeout(total=10)


def parse_console_link(link: str) -> tuple[str, str]:
    """The hub's base address and the console token of a console link."""
    parts = urlsplit(link.strip())
    token = parse_qs(parts.query).get("token", [""])[0]
    if parts.scheme not in ("http", "https") or not parts.netloc or not token:
        raise UserError(f"'{link}' is not a console link: `pmsim host` prints one as "
                        "http://HOST:PORT/api/status?token=TOKEN; copy it whole.")
    return urlunsplit((parts.scheme, parts.netloc, "", "", "")), token


class ConsoleClient:
    """Talks to one hub with the console token."""

    def __init__(self, link: str) -> None:
        self.base, token = parse_console_link(link)
        self.headers = {"Authorization": f"Bearer {token}"}

    async def _call(self, method: str, path: str, body: dict[str, Any] | None = None
                    ) -> dict[str, Any]:
        try:
            async with aiohttp.ClientSession(timeout=TIMEOUT) as http, http.request(
                    method, self.base + path, json=body, headers=self.headers) as reply:
                if reply.status == 401:
                    raise UserError("the hub refused the console token: use the console "
                                    "link `pmsim host` printed for this workshop.")
                if reply.status != 200:
                    raise UserError(f"the hub answered {reply.status}: "
                                    f"{(await reply.text())[:200]}")
                data = await reply.json()
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            raise UserError(f"cannot reach the hub at {self.base} ({exc or 'no answer'})."
                            ) from None
        return data if isinstance(data, dict) else {}

    async def status(self) -> dict[str, Any]:
        """The workshop, its clock and every team's row."""
        return await self._call("GET", "/api/status")

    async def pause(self) -> int:
        """Pause every game; how many games heard it."""
        return int((await self._call("POST", "/api/pause")).get("sent", 0))

    async def resume(self) -> int:
        """Let every game go on."""
        return int((await self._call("POST", "/api/resume")).get("sent", 0))

    async def broadcast(self, text: str) -> int:
        """Show a message in every game."""
        return int((await self._call("POST", "/api/broadcast", {"text": text})).get("sent", 0))

    async def clock(self, minutes: float, lockstep: bool = False) -> int:
        """Start the round clock in every game (0 stops it); with `lockstep`, rounds of
        that length, each ending a week for every team."""
        body = {"minutes": minutes, "lockstep": lockstep}
        return int((await self._call("POST", "/api/clock", body)).get("sent", 0))

    async def leaderboard(self) -> dict[str, Any]:
        """The workshop's verified leaderboard (`pmsim leaderboard --json`'s object)."""
        return await self._call("GET", "/api/leaderboard")

    async def end(self) -> int:
        """End the workshop (every game is told; no new team joins)."""
        return int((await self._call("POST", "/api/end")).get("sent", 0))

    async def injects(self) -> dict[str, Any]:
        """The scenario's inject catalogue, what is scheduled, and from which week."""
        return await self._call("GET", "/api/injects")

    async def inject(self, inject_id: str, week: int) -> int:
        """Schedule an inject for `week` in every game."""
        body = {"inject": inject_id, "week": week}
        return int((await self._call("POST", "/api/inject", body)).get("sent", 0))
