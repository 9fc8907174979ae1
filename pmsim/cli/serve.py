"""`pmsim serve`: the Textual game in web browsers, through textual-serve, for
participants without Python. Each browser tab runs its own `python -m pmsim play`.

It binds to this computer only (127.0.0.1) unless told otherwise, and says so. What the
server does for a room (each game its browser's, the page's own origin only, at most
--max-games at once) is in `pmsim.cli.serve_app`.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import importlib.util
import ipaddress
import os
import re
import shlex
import socket
import sys
from collections.abc import Sequence
from typing import Any

from pmsim.cli.common import positive_int
from pmsim.errors import UserError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def port_int(text: str) -> int:
    """A TCP port: a whole number from 1 to 65535."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a port is a whole number, got {text!r}") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"a port is from 1 to 65535, got {value}")
    return value


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `pmsim serve`."""
    p = sub.add_parser(
        "serve", help="serve the game to web browsers (for players without Python)",
        description="Serve the pmsim game over HTTP with textual-serve: each browser that "
        "opens the address plays its own game, run on this computer. By default only this "
        "computer can connect; --host 0.0.0.0 opens it to the network (there is no "
        "password: do that only on a network you trust). Stop it with Ctrl+C.")
    p.add_argument("--host", default=DEFAULT_HOST,
                   help=f"address to listen on (default {DEFAULT_HOST}: this computer "
                   "only; 0.0.0.0 for every network interface)")
    p.add_argument("--port", type=port_int, default=DEFAULT_PORT,
                   help=f"TCP port (default {DEFAULT_PORT})")
    p.add_argument("--public-url", default=None, metavar="URL",
                   help="the address players type, when it differs from the one they "
                   "reach the server by (e.g. behind a proxy): https://pmsim.example.org")
    p.add_argument("--max-games", type=positive_int, default=None, metavar="N",
                   help="the most games played at once; more browsers get a page saying "
                   "all are taken (default: as many as this computer's memory and "
                   "processors hold, at most 100)")
    p.add_argument("--console", default=None, metavar="CONSOLE_LINK",
                   help="serve the facilitator's console of a live workshop (`pmsim "
                   "console CONSOLE_LINK`) instead of the game, to a browser on this "
                   "computer only (e.g. for the projector)")
    p.add_argument("play_args", nargs="*", metavar="PLAY_ARG",
                   help="arguments for the game each browser starts, as for `pmsim play`, "
                   "after `--`: e.g. `pmsim serve -- --workshop K7QX-M3RT-AC` plays a workshop "
                   "(each finished game is recorded in this computer's results store, for "
                   "`pmsim report --workshop`), `pmsim serve -- --join LINK` makes every "
                   "game join a live workshop's hub (each player names their team), "
                   "`pmsim serve -- office-move --seed 5` preselects a scenario and seed")
    p.set_defaults(func=cmd_serve)


def play_command(play_args: Sequence[str] = ()) -> str:
    """The shell command textual-serve runs for each browser session."""
    return " ".join(shlex.quote(a) for a in (sys.executable, "-m", "pmsim", "play",
                                             *play_args))


def console_command(link: str) -> str:
    """The shell command textual-serve runs for the served console."""
    return " ".join(shlex.quote(a) for a in (sys.executable, "-m", "pmsim", "console", link))


def check_console(link: str, host: str, play_args: Sequence[str]) -> None:
    """Refuse a served console that would steer the room from the network, or a link
    that is not a console link."""
    from pmsim.hub.console_client import parse_console_link

    parse_console_link(link)
    if play_args:
        raise UserError("--console serves the facilitator's console, not a game: leave out "
                        "the game's arguments after `--`.")
    if not is_loopback(host):
        raise UserError("the console pauses, paces and ends every team's game, so it is "
                        "served to this computer only: leave out --host (open the page in "
                        "a browser here, e.g. on the projector).")


def check_play_args(play_args: Sequence[str]) -> None:
    """Refuse, before serving, what `pmsim play` would refuse in every browser."""
    if not play_args:
        return
    from pmsim.cli import build_parser

    args, unknown = build_parser().parse_known_args(["play", *play_args])
    if unknown:
        raise UserError(f"`pmsim play` does not take {' '.join(unknown)}; the arguments "
                        "after `--` are the game's (see `pmsim play --help`).")
    if args.browser is not None:
        raise UserError("--browser is given to each game by `pmsim serve` itself (it names "
                        "the browser the game is played in); leave it out.")
    if args.resume is not None:
        raise UserError("--resume continues one saved game; served to every browser, all "
                        "players would share it. Serve without --resume: each player "
                        "continues their own game from the start screen.")
    if args.scenario is not None:
        from pmsim.scenario import load_scenario

        load_scenario(args.scenario)  # a bad scenario ends here with its problems
    if getattr(args, "workshop", None):
        from pmsim.results.workshop_codes import resolve_workshop

        resolve_workshop(args.workshop, getattr(args, "db", None))  # unknown code: a message
    if args.join is not None:
        if args.team.strip():
            raise UserError("with --join each browser's player names their own team on the "
                            "start screen; leave out --team (every browser would be one "
                            "team).")
        from pmsim.cli.join import ask_hub

        ask_hub(args.join)  # a wrong link, or a hub not running, ends here


def is_loopback(host: str) -> bool:
    """Whether `host` is reachable from this computer only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def url_host(host: str) -> str:
    """`host` as written in a URL (IPv6 addresses in brackets)."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def check_port(host: str, port: int) -> None:
    """Bind and release the address as the server will, so a busy port or a wrong host is
    a clear message before anything starts."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                   flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise UserError(f"cannot listen on host '{host}' ({exc.strerror}); give an address "
                        f"of this computer, e.g. --host {DEFAULT_HOST} (this computer only) "
                        "or --host 0.0.0.0 (every network).") from None
    for family, kind, proto, _, address in infos:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
            except OSError as exc:
                raise _bind_error(host, port, exc) from None


def _bind_error(host: str, port: int, exc: OSError) -> UserError:
    if exc.errno == errno.EADDRINUSE:
        return UserError(f"port {port} on {host} is already in use: another program (or "
                         f"another pmsim serve) is listening there. Stop it, or choose "
                         f"another port, e.g. --port {port + 1 if port < 65535 else 8001}.")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return UserError(f"not allowed to listen on port {port} (ports below 1024 need "
                         f"administrator rights); choose a port such as {DEFAULT_PORT}.")
    if exc.errno == errno.EADDRNOTAVAIL:
        return UserError(f"{host} is not an address of this computer, so pmsim cannot listen "
                         f"there; use --host {DEFAULT_HOST} (this computer only) or --host "
                         "0.0.0.0 (every network).")
    return UserError(f"cannot listen on {host} port {port} ({exc.strerror or exc}).")


def _local_addresses() -> list[str]:
    """This computer's network addresses, as best known, to tell players what to type."""
    found: set[str] = set()
    with contextlib.suppress(OSError):
        found.update(socket.gethostbyname_ex(socket.gethostname())[2])
    # the address of the way out: connecting a UDP socket sends nothing
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("198.51.100.1", 9))
        found.add(probe.getsockname()[0])
    return sorted(a for a in found if not a.startswith(("127.", "0.")))


def start_message(host: str, port: int, public_url: str | None) -> str:
    """What `pmsim serve` says on start: where, and who can connect."""
    url = public_url or f"http://{url_host(host)}:{port}"
    if is_loopback(host):
        return (f"Serving pmsim on {url} — only this computer can connect; use "
                "--host 0.0.0.0 to open it to the network. Press Ctrl+C to stop.")
    if host in ("0.0.0.0", "::", "[::]"):
        where = ", ".join(f"http://{url_host(a)}:{port}" for a in _local_addresses())
        hint = (f" Players open {where}" if where else
                f" Players open http://<this computer's address>:{port}")
        return (f"Serving pmsim on {url} — open to the network: anyone who can reach this "
                f"computer can play (there is no password).{hint}. Press Ctrl+C to stop.")
    return (f"Serving pmsim on {url} — open to whoever can reach {host} (there is no "
            "password). Press Ctrl+C to stop.")


def make_server(host: str, port: int, public_url: str | None = None,
                play_args: Sequence[str] = (), max_games: int | None = None,
                console_link: str | None = None) -> Any:
    """The textual-serve server for the game (`pmsim.cli.serve_app.GameServer`). The
    page's own links (scripts, the websocket) follow the address the browser used, so a
    player who typed this computer's network address is not sent to 0.0.0.0 or
    localhost; `public_url` fixes them."""
    if importlib.util.find_spec("textual_serve") is None:
        raise UserError("`pmsim serve` needs the textual-serve package, which is not "
                        "installed: pip install textual-serve")
    from pmsim.cli.serve_app import GameServer, default_max_games

    return GameServer(play_args, host=host, port=port, public_url=public_url,
                      bind_url=f"http://{url_host(host)}:{port}",
                      max_games=max_games or default_max_games(),
                      start_message=start_message(host, port, public_url),
                      console_link=console_link)


def cmd_serve(args: argparse.Namespace) -> int:
    """Check the address, then serve until Ctrl+C."""
    host = args.host.strip()
    public_url = args.public_url.rstrip("/") if args.public_url else None
    if public_url is not None and not re.match(r"^https?://[^\s/]+$", public_url):
        raise UserError(f"--public-url must be the address players type, such as "
                        f"http://192.168.1.20:{args.port} or https://pmsim.example.org, "
                        f"without a path; got {args.public_url!r}.")
    if args.console is not None:
        check_console(args.console, host, args.play_args)
    else:
        check_play_args(args.play_args)
    server = make_server(host.strip("[]") if ":" in host else host, args.port, public_url,
                         args.play_args, args.max_games, args.console)
    check_port(server.host, args.port)
    # each browser session's game knows it is served: "continue" then only offers the
    # games of its own browser (sessions share this data folder)
    os.environ["PMSIM_SERVED"] = "1"
    try:
        server.serve()
    except OSError as exc:  # lost a race for the port since the check
        raise _bind_error(host, args.port, exc) from None
    return 0
