"""The web side of `pmsim serve`: textual-serve's server (an aiohttp app that starts one
`pmsim play` per browser websocket), with what a room of participants needs.

- Each game belongs to the browser that started it. The page gives every browser a
  secret key in a cookie (HttpOnly, SameSite=Lax) and each game the owner id derived
  from it (`pmsim play --browser ID`); a game is offered to continue only where the
  same key comes back. A team name typed on the start screen opens nothing.
- The websocket accepts only the page's own origin: a web page from anywhere else,
  open in a browser on this computer, cannot start or drive games. Names of this
  computer are accepted as they are; other names only as `--public-url` gives them
  (so a DNS name rebound to 127.0.0.1 does not pass as the page's own).
- At most `max_games` games at once (a clear page says when all are taken), and a
  terminal size within bounds.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import html
import ipaddress
import os
import re
import secrets
import shlex
import socket
from collections.abc import Sequence
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

from aiohttp import web
from textual_serve.server import Server
from yarl import URL

from pmsim.text import clean_line

if TYPE_CHECKING:
    from textual_serve.app_service import AppService

FIRST_SCREEN_GRACE = 6.0
"""Seconds a new browser session gets to start the game and draw its first screen."""
FAVICON_WAIT = 12.0
"""Longest wait before the favicon is answered anyway."""
FAVICON_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
    b'<rect width="32" height="32" rx="5" fill="#0c3d6b"/>'
    b'<rect x="5" y="7" width="12" height="4" fill="#ffffff"/>'
    b'<rect x="11" y="14" width="10" height="4" fill="#8fb3d9"/>'
    b'<rect x="17" y="21" width="10" height="4" fill="#ffa62b"/></svg>'
)
"""The tab icon: three bars of a Gantt chart."""
HOST_HEADER = re.compile(r"^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")
"""A Host header fit to build the page's URLs from (a name or address, and a port)."""
BROWSER_COOKIE = "pmsim_browser"
"""The cookie that holds a browser's secret key."""
BROWSER_KEY = re.compile(r"[A-Za-z0-9_-]{32,64}")
COOKIE_DAYS = 90
SIZE_LIMITS = {"width": (20, 400), "height": (8, 150)}
"""The smallest and largest terminal a game is drawn in (columns, rows)."""
GAME_MEGABYTES = 300
"""Memory set aside for one game (its process, and the bot's games of its debrief)."""

_session_command: ContextVar[str | None] = ContextVar("pmsim_session_command", default=None)
"""The command of the game the websocket being handled starts (its browser's id)."""


def default_max_games() -> int:
    """Games at once this computer can hold: by its memory and its processors."""
    cpus = os.cpu_count() or 2
    try:
        megabytes = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
    except (AttributeError, ValueError, OSError):
        megabytes = 4096
    return max(2, min(100, cpus * 10, megabytes // GAME_MEGABYTES))


def browser_owner(key: str) -> str:
    """The owner id a browser's games are noted with: derived from its secret key, so
    the id (seen in the process list, noted beside the logs) does not give the key."""
    return hashlib.sha256(f"pmsim browser {key}".encode()).hexdigest()[:32]


def _this_computers_names() -> set[str]:
    names = {"localhost"}
    with contextlib.suppress(OSError):
        host = socket.gethostname().lower()
        names |= {host, f"{host}.local", socket.getfqdn().lower()}
    return names


def _origin(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an origin or URL; None when it is not http(s)."""
    try:
        parsed = URL(url)
    except (ValueError, TypeError):
        return None
    if parsed.scheme not in ("http", "https") or not parsed.host or parsed.port is None:
        return None
    return parsed.scheme, parsed.host.lower().strip("[]"), parsed.port


def page(title: str, paragraph: str, status: int) -> web.Response:
    """A small HTML page that says what happened (no socket left half-open)."""
    body = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>pmsim: "
            f"{html.escape(title)}</title></head><body style='font-family:sans-serif;"
            f"max-width:40em;margin:3em auto;line-height:1.5'><h1>{html.escape(title)}</h1>"
            f"<p>{html.escape(paragraph)}</p></body></html>")
    return web.Response(status=status, text=body, content_type="text/html",
                        headers={"Cache-Control": "no-store", "Retry-After": "30"}
                        if status == 503 else {"Cache-Control": "no-store"})


class _BoundedSize:
    """The game's process, as textual-serve drives it, with resizes kept in bounds."""

    def __init__(self, service: Any) -> None:
        self._service = service

    def __getattr__(self, name: str) -> Any:
        return getattr(self._service, name)

    async def set_terminal_size(self, width: int, height: int) -> None:
        await self._service.set_terminal_size(bounded("width", width),
                                              bounded("height", height))


def bounded(name: str, value: Any) -> int:
    """A terminal width or height within `SIZE_LIMITS` (the default if not a number)."""
    low, high = SIZE_LIMITS[name]
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 80 if name == "width" else 24
    return max(low, min(high, number))


PAGE_STYLE = (b"<style>html, body { margin: 0; height: 100%; overflow: hidden; "
              b"background: #121212; } .xterm, .xterm-viewport, .xterm-screen "
              b"{ background-color: #121212 !important; }</style></head>")
"""Under textual-serve's own style: no margin, and the game's own background below the
last row of the terminal (the rows fill the window but for a part of one)."""
ENDED = (b"Your game has closed. It is saved as you played it: press Restart, then c on "
         b"the start screen to continue it in this browser, or start a new one.")
"""What the page says when its game ends or its connection closes (textual-serve's
own page says only "Session ended.")."""


def own_page(body: bytes) -> bytes:
    """textual-serve's page with pmsim's style and end-of-game words."""
    return body.replace(b"</head>", PAGE_STYLE, 1).replace(b"Session ended.", ENDED, 1)


OUTSIDE_LINK = re.compile(rb"<link\b[^>]*\bhref=\"https?://([^/\">]*)[^>]*>", re.IGNORECASE)
"""A link element with an absolute address (group 1: its host); those to another host
than the page's own are dropped (textual-serve's page links a web font)."""


class GameServer(Server):
    """textual-serve, with pmsim's start message, URLs from the request, a favicon that
    waits for the game's first screen, and the limits above."""

    session_started: float | None = None
    """When the newest browser session connected (event-loop clock)."""

    def __init__(self, play_args: Sequence[str], *, host: str, port: int,
                 public_url: str | None, bind_url: str, max_games: int,
                 start_message: str, console_link: str | None = None) -> None:
        self.play_args = list(play_args)
        self.console_link = console_link
        """Served instead of the game: the facilitator's console of this hub link."""
        self.max_games = max_games
        self.games = 0
        """Games running now (websockets open)."""
        self.fixed_url = public_url
        self.start_message = start_message
        self.bind_url = bind_url
        self.names = _this_computers_names()
        if public_url:
            public = _origin(public_url)
            if public is not None:
                self.names.add(public[1])
        super().__init__(self.game_command(None), host=host, port=port, title="pmsim",
                         public_url=public_url or bind_url)

    # textual-serve reads `self.command` when a websocket starts its game: the command
    # of the browser being served, in that websocket's own context
    @property
    def command(self) -> str:
        return _session_command.get() or self._command

    @command.setter
    def command(self, value: str) -> None:
        self._command = value

    def game_command(self, owner: str | None) -> str:
        """The shell command of one browser's game (or of the console)."""
        from pmsim.cli.serve import console_command, play_command

        if self.console_link is not None:
            return console_command(self.console_link)
        return play_command([*self.play_args, *(("--browser", owner) if owner else ())])

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.router.add_get("/favicon.ico", self.handle_favicon)
        return app

    # ------------------------------------------------------------ checks
    def host_allowed(self, request: web.Request) -> bool:
        """Whether the Host the browser used names this computer (an address, one of its
        names, or the --public-url's): a page from a name rebound to this computer's
        address is not this page."""
        where = _origin(f"http://{request.host}") if HOST_HEADER.match(request.host or "") \
            else None
        if where is None:
            return False
        try:
            ipaddress.ip_address(where[1])
        except ValueError:
            return where[1] in self.names or where[1].endswith(".localhost")
        return True

    def origin_allowed(self, request: web.Request) -> bool:
        """Whether a websocket comes from the game's own page: its Origin is the address
        the page was loaded from (the Host it was sent to), or the --public-url."""
        origin = _origin(request.headers.get("Origin", ""))
        if origin is None:
            return False
        if self.fixed_url and origin == _origin(self.fixed_url):
            return True
        return (self.host_allowed(request)
                and origin == _origin(f"{request.scheme}://{request.host}"))

    def refuse(self, request: web.Request, why: str) -> None:
        """Say on the server's console that a request was refused, and why."""
        print(clean_line(f"Refused {request.method} {request.path!r} (Origin "
                         f"{request.headers.get('Origin', 'none')!r}, Host {request.host!r}): "
                         f"{why}"), flush=True)

    def full_page(self) -> web.Response:
        return page("All games are taken", f"This pmsim server runs at most "
                    f"{self.max_games} games at once, and all are being played. Try again "
                    "in a minute (reload this page), or ask your trainer to restart it with "
                    "a higher --max-games.", 503)

    # ------------------------------------------------------------ handlers
    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        if not self.host_allowed(request):
            self.refuse(request, "not an address of this computer")
            return page("Unknown address", f"This pmsim server answers at the addresses "
                        f"of this computer, such as {self.bind_url}, not at "
                        f"{request.host!r}. A trainer serving under a name of their own "
                        "gives it with --public-url.", 421)
        if self.games >= self.max_games:
            return self.full_page()
        if self.fixed_url is None:
            self.public_url = (f"{request.scheme}://{request.host}"
                               if HOST_HEADER.match(request.host or "") else self.bind_url)
        response: web.StreamResponse = await super().handle_index(request)
        if isinstance(response, web.Response) and isinstance(response.body, bytes):
            # the page works in a room without internet: no web font from outside (the
            # terminal falls back to the browser's own monospace fonts)
            own = urlsplit(self.public_url).netloc.encode()
            response.body = own_page(OUTSIDE_LINK.sub(
                lambda link: link[0] if link[1] == own else b"", response.body))
        key = request.cookies.get(BROWSER_COOKIE, "")
        if not BROWSER_KEY.fullmatch(key):
            key = secrets.token_urlsafe(32)
        response.set_cookie(BROWSER_COOKIE, key, max_age=COOKIE_DAYS * 86400, path="/",
                            httponly=True, samesite="Lax",
                            secure=(self.fixed_url or "").startswith("https:"))
        response.headers["Cache-Control"] = "no-store"
        return response

    # textual-serve annotates this route handler as returning a WebSocketResponse;
    # aiohttp takes any StreamResponse from a handler, and the refusals below are pages.
    async def handle_websocket(  # type: ignore[override]
            self, request: web.Request) -> web.StreamResponse:
        if not self.origin_allowed(request):
            self.refuse(request, "a websocket from another page than the game's")
            return page("Refused", "A game is started only from its own page.", 403)
        if request.headers.get("Upgrade", "").lower() != "websocket":
            return page("Not a page", "This address is the game's connection; open the "
                        "page at / instead.", 400)
        if self.games >= self.max_games:
            self.refuse(request, f"all {self.max_games} games are taken")
            return self.full_page()
        key = request.cookies.get(BROWSER_COOKIE, "")
        owner = browser_owner(key) if BROWSER_KEY.fullmatch(key) else None
        _session_command.set(self.game_command(owner))
        query = {**request.query, **{n: str(bounded(n, request.query.get(n)))
                                     for n in SIZE_LIMITS}}
        self.games += 1
        self.session_started = asyncio.get_running_loop().time()
        try:
            return await super().handle_websocket(
                request.clone(rel_url=request.rel_url.with_query(query)))
        finally:
            self.games -= 1

    async def _process_messages(self, websocket: web.WebSocketResponse,
                                app_service: AppService) -> None:
        # _BoundedSize stands in for the AppService it wraps (every other attribute is
        # the service's own).
        await super()._process_messages(websocket,
                                        cast("AppService", _BoundedSize(app_service)))

    async def handle_favicon(self, request: web.Request | None) -> web.Response:
        """The tab icon, answered once the session the page opened has had
        `FIRST_SCREEN_GRACE` seconds to draw (at most `FAVICON_WAIT` after asking).
        A person sees the icon a moment late; a headless browser taking a
        screenshot after a virtual-time budget waits for this pending request, so
        the picture shows the game and not the loading splash."""
        loop = asyncio.get_running_loop()
        asked = loop.time()
        while loop.time() - asked < FAVICON_WAIT:
            started = self.session_started
            if (started is not None and started >= asked - FIRST_SCREEN_GRACE
                    and loop.time() - started >= FIRST_SCREEN_GRACE):
                break
            await asyncio.sleep(0.1)
        return web.Response(body=FAVICON_SVG, content_type="image/svg+xml",
                            headers={"Cache-Control": "max-age=86400"})

    async def on_startup(self, app: web.Application) -> None:
        print(self.start_message, flush=True)
        if self.play_args:
            print(f"Each browser starts: pmsim play {shlex.join(self.play_args)}",
                  flush=True)
        print(f"At most {self.max_games} games at once (--max-games). Each game is kept "
              "for the browser that started it.", flush=True)
