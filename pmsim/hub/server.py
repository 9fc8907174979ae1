"""The hub's aiohttp app: a WebSocket for games (`/ws/game`, join token) and a JSON API
for the facilitator (`/api/…`, console token).

- Tokens: the join token travels in the join link and lets a game join; the console
  token only in the console link, never to a game. A team name already taken needs
  that team's own token (the hub gives it in `Welcome`).
- A WebSocket from a web page must come from the hub's own origin (`Origin`); a
  game's own client sends none.
- Messages are bounded (`protocol.MESSAGE_BYTES`) and rated (`RATE` a second, with a
  burst): a client that floods is refused, clearly, and the connection closed.
- A finished game is verified by replay and recorded in the results store at once,
  off the event loop; its row on `/api/status` then carries the verified score.
"""

from __future__ import annotations

import asyncio
import hmac
import time

from aiohttp import WSCloseCode, WSMsgType, web
from pydantic import ValidationError

from pmsim.errors import UserError
from pmsim.hub.live import Hub
from pmsim.hub.protocol import (
    CLIENT,
    MESSAGE_BYTES,
    TEXT_LIMIT,
    Ack,
    Command,
    Hello,
    Lines,
    Refusal,
    Status,
    Welcome,
)
from pmsim.hub.state import TeamLive, leaderboard_json, record_entry
from pmsim.text import clean_line

RATE = 20.0
"""Messages a second a game may send on average."""
BURST = 60.0
"""Messages a game may send at once before the rate applies."""
HELLO_SECONDS = 10.0
"""How long a new connection has to say who it is."""
MAX_CONNECTIONS = 400
"""Game connections the hub holds at once (a room of 30 teams needs 30; the bound keeps
a flood of connections from exhausting the trainer's computer)."""
HUB = web.AppKey("hub", Hub)


def make_app(hub: Hub) -> web.Application:
    """The aiohttp application serving `hub`."""
    app = web.Application(client_max_size=64 * 1024)
    app[HUB] = hub
    app.router.add_routes([
        web.get("/join/{token}", join_page), web.get("/api/join", api_join),
        web.get("/ws/game", game_socket), web.get("/api/status", api_status),
        web.get("/api/injects", api_injects), web.get("/api/leaderboard", api_leaderboard),
        web.post("/api/pause", api_pause), web.post("/api/resume", api_resume),
        web.post("/api/broadcast", api_broadcast), web.post("/api/clock", api_clock),
        web.post("/api/inject", api_inject), web.post("/api/end", api_end),
    ])
    app.on_shutdown.append(_close_games)
    return app


async def _close_games(app: web.Application) -> None:
    """On shutdown, close the games' connections (they reconnect to the next hub) and
    the replay workers."""
    hub = app[HUB]
    hub.stop_rounds()
    for sockets in hub.sockets.values():
        for ws in list(sockets):
            await ws.close(code=WSCloseCode.GOING_AWAY, message=b"the hub is stopping")
    hub.close_replays()


# ---------------------------------------------------------------------------- tokens
def _token(request: web.Request) -> str:
    auth = request.headers.get("Authorization", "")
    if auth.startswith("Bearer "):
        return auth[len("Bearer "):].strip()
    return request.query.get("token", "")


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def _console(request: web.Request) -> Hub:
    hub = request.app[HUB]
    if not _same(_token(request), hub.console_token):
        raise web.HTTPUnauthorized(text="This needs the console token of the console link.\n")
    return hub


def _origin_ok(request: web.Request, hub: Hub) -> bool:
    origin = request.headers.get("Origin")
    if origin is None:
        return True  # not a browser page: a game's own client
    own = f"{request.scheme}://{request.host}"
    return origin == own or origin in hub.origins


# ---------------------------------------------------------------------------- the API
async def join_page(request: web.Request) -> web.Response:
    """The join link opened in a browser: how to join with it."""
    hub = request.app[HUB]
    if not _same(request.match_info["token"], hub.join_token):
        raise web.HTTPForbidden(text="This is not this workshop's join link.\n")
    return web.Response(text=(
        f"This is the join link of pmsim workshop {hub.state.code}.\n"
        f"Join with:  pmsim play --join {request.url} --team \"YOUR TEAM\"\n"))


async def api_join(request: web.Request) -> web.Response:
    """What a joining game needs (join token): the workshop's code, scenario and seed."""
    hub = request.app[HUB]
    if not _same(_token(request), hub.join_token):
        raise web.HTTPForbidden(text="This needs the join token of the join link.\n")
    return web.json_response(hub.game)


async def api_status(request: web.Request) -> web.Response:
    """Every team's row, for the console."""
    return web.json_response(_console(request).status())


async def api_leaderboard(request: web.Request) -> web.Response:
    """The verified leaderboard of the workshop (replayed in a worker process)."""
    hub = _console(request)
    board = await asyncio.get_running_loop().run_in_executor(
        hub.replays(), leaderboard_json, hub.state.db, hub.state.code)
    return web.json_response(board)


async def api_pause(request: web.Request) -> web.Response:
    """Pause every game (and a lockstep round's clock)."""
    return web.json_response({"sent": await _console(request).hold(True)})


async def api_resume(request: web.Request) -> web.Response:
    """Let every game go on."""
    return web.json_response({"sent": await _console(request).hold(False)})


async def api_clock(request: web.Request) -> web.Response:
    """Start the round clock: JSON `{"minutes": 5}` for this week's round in every game
    (0 stops it). Each game counts down from what it receives. With `"lockstep": true`,
    rounds of that length follow each other: round K lets every game end week K, and
    ends at the clock (a game still in its week ends it as it is) or as soon as every
    game has ended week K; minutes 0 stops lockstep."""
    hub = _console(request)
    try:
        body = await request.json()
        minutes = float(body["minutes"])
    except (ValueError, KeyError, TypeError):
        raise web.HTTPBadRequest(text='Send JSON {"minutes": 5}.\n') from None
    if not 0 <= minutes <= 120:
        raise web.HTTPBadRequest(text="A round lasts from 0 (stop the clock) to 120 minutes.\n")
    if body.get("lockstep") or (hub.lockstep and minutes == 0):
        sent = await hub.start_lockstep(minutes)
        return web.json_response({"sent": sent, "seconds": hub.clock_left(),
                                  "week": hub.round_week})
    hub.round_ends = time.monotonic() + 60 * minutes if minutes > 0 else None
    command = Command(type="clock", seconds=hub.clock_left())
    return web.json_response({"sent": await hub.broadcast(command),
                              "seconds": command.seconds})


async def api_injects(request: web.Request) -> web.Response:
    """The scenario's inject catalogue and what is scheduled, for the console."""
    return web.json_response(_console(request).injects())


async def api_inject(request: web.Request) -> web.Response:
    """Schedule an inject for every game: JSON `{"inject": "budget-cut", "week": 7}`."""
    hub = _console(request)
    try:
        body = await request.json()
        inject_id, week = str(body["inject"]), int(body["week"])
    except (ValueError, KeyError, TypeError):
        raise web.HTTPBadRequest(text='Send JSON {"inject": "its-id", "week": 7}.\n') from None
    try:
        command = hub.schedule_inject(inject_id, week)
    except UserError as exc:
        raise web.HTTPConflict(text=f"{exc}\n") from None
    return web.json_response({"sent": await hub.broadcast(command), "week": week})


async def api_end(request: web.Request) -> web.Response:
    """End the workshop: every game is told, the clock stops, no new game joins."""
    hub = _console(request)
    hub.ended, hub.round_ends = True, None
    if hub.lockstep:
        await hub.start_lockstep(0)
    await hub.broadcast(Command(type="clock", seconds=0))
    sent = await hub.broadcast(Command(type="message", text="The workshop has ended: "
                                       "finish your week; your result is recorded."))
    return web.json_response({"sent": sent})


async def api_broadcast(request: web.Request) -> web.Response:
    """Show a message in every game: JSON `{"text": "…"}`."""
    hub = _console(request)
    try:
        body = await request.json()
        text = clean_line(str(body["text"])).strip()
    except (ValueError, KeyError, TypeError):
        raise web.HTTPBadRequest(text='Send JSON {"text": "the message"}.\n') from None
    if not text or len(text) > TEXT_LIMIT:
        raise web.HTTPBadRequest(text=f"A message has 1 to {TEXT_LIMIT} characters.\n")
    return web.json_response({"sent": await hub.broadcast(Command(type="message", text=text))})


# ---------------------------------------------------------------------------- games
class _Bucket:
    """A token bucket: `RATE` a second, `BURST` at most."""

    def __init__(self) -> None:
        self.level, self.at = BURST, time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.level = min(BURST, self.level + (now - self.at) * RATE)
        self.at = now
        if self.level < 1.0:
            return False
        self.level -= 1.0
        return True


async def _refuse(ws: web.WebSocketResponse, message: str) -> web.WebSocketResponse:
    await ws.send_str(Refusal(message=message).model_dump_json())
    await ws.close()
    return ws


async def game_socket(request: web.Request) -> web.StreamResponse:
    """A game's connection: hello, then its log lines and figures; commands back."""
    hub = request.app[HUB]
    if not _same(request.query.get("token", ""), hub.join_token):
        raise web.HTTPForbidden(text="This needs the join token of the join link.\n")
    if not _origin_ok(request, hub):
        raise web.HTTPForbidden(text="A page from another site cannot join this hub.\n")
    if sum(len(s) for s in hub.sockets.values()) + hub.greeting >= MAX_CONNECTIONS:
        raise web.HTTPServiceUnavailable(text="The hub holds as many games as it can.\n")
    ws = web.WebSocketResponse(max_msg_size=MESSAGE_BYTES, heartbeat=20.0)
    await ws.prepare(request)
    hub.greeting += 1  # connections still to say hello count against the bound too
    try:
        first = await ws.receive(timeout=HELLO_SECONDS)
        hello = CLIENT.validate_json(first.data) if first.type == WSMsgType.TEXT else None
    except (TimeoutError, ValidationError):
        hello = None
    finally:
        hub.greeting -= 1
    if not isinstance(hello, Hello):
        return await _refuse(ws, "a game starts by saying hello with its team's name")
    known = hub.state.teams.get(hello.team)
    if hub.ended and known is None:  # a game already in may come back to finish
        return await _refuse(ws, "the workshop has ended; no new team can join")
    try:
        team, token = hub.state.join(hello.team, hello.team_token)
    except UserError as exc:
        return await _refuse(ws, str(exc))
    hub.sockets.setdefault(team.team, set()).add(ws)
    team.connected += 1
    team.last_seen = time.time()
    try:
        await ws.send_str(Welcome(team=team.team, team_token=token, have=team.have,
                                  recorded=team.recorded,
                                  problem=team.problem).model_dump_json())
        if hub.paused:
            await ws.send_str(Command(type="pause").model_dump_json())
        if hub.lockstep:  # a game joining mid-round plays the same round
            await ws.send_str(hub.round_command().model_dump_json())
        elif hub.clock_left():  # and sees the same clock
            await ws.send_str(Command(type="clock", seconds=hub.clock_left()).model_dump_json())
        for inject_id, week in hub.state.injects.items():  # and every inject scheduled
            await ws.send_str(Command(type="inject", inject=inject_id, week=week,
                                      text=str(hub.catalogue.get(inject_id, {}).get(
                                          "title", ""))).model_dump_json())
        await _serve_game(ws, hub, team)
    finally:
        team.connected -= 1
        hub.sockets.get(team.team, set()).discard(ws)
    return ws


async def _serve_game(ws: web.WebSocketResponse, hub: Hub, team: TeamLive) -> None:
    bucket = _Bucket()
    async for msg in ws:
        if msg.type != WSMsgType.TEXT:
            await _refuse(ws, "the hub reads text messages only")
            return
        if not bucket.take():
            await _refuse(ws, "too many messages: a game sends a few a turn")
            return
        try:
            message = CLIENT.validate_json(msg.data)
        except ValidationError as exc:
            await _refuse(ws, f"a message the hub cannot read ({exc.error_count()} "
                          "problems): is this a pmsim game?")
            return
        team.last_seen = time.time()
        if isinstance(message, Status):
            hub.state.note_status(team, message)
            await hub.maybe_next_round()
        elif isinstance(message, Lines):
            try:
                ended = hub.state.append(team, message.first, list(message.lines))
            except UserError as exc:
                await _refuse(ws, str(exc))
                return
            if ended:
                entry = await asyncio.get_running_loop().run_in_executor(
                    hub.replays(), record_entry, hub.state.db,
                    hub.state.log_path(team.team), hub.state.code)
                hub.state.recorded(team, entry)
                await hub.maybe_next_round()  # a finished game waits for no round
            await ws.send_str(Ack(have=team.have, recorded=team.recorded,
                                  problem=team.problem).model_dump_json())
        else:
            await _refuse(ws, "this connection said hello already")
            return
