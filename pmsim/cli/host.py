"""`pmsim host`: run a workshop's live hub (`pmsim.hub`) until Ctrl+C; `pmsim console`:
the facilitator's live view of it (`pmsim.tui.console`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from pmsim.cli.serve import DEFAULT_HOST, check_port, is_loopback, port_int, url_host
from pmsim.errors import UserError
from pmsim.paths import data_dir

DEFAULT_HUB_PORT = 8765
"""The hub's TCP port unless `--port` says otherwise."""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `pmsim host`."""
    p = sub.add_parser(
        "host", help="run a workshop's live hub: games join it, the facilitator watches",
        description="Run the live hub of a workshop: games started with `pmsim play --join "
        "LINK --team NAME` stream their logs to it as they play, and each finished game is "
        "verified and recorded in the results store at once. It prints a join link (for "
        "the teams) and a console link (for you alone: it can pause every game). By default "
        "only this computer can connect; --host 0.0.0.0 opens it to the room's network. "
        "Stop it with Ctrl+C; started again, it carries on where it stopped.")
    p.add_argument("--workshop", required=True, metavar="CODE",
                   help="the workshop's code (from `pmsim workshop new`)")
    p.add_argument("--host", default=DEFAULT_HOST,
                   help=f"address to listen on (default {DEFAULT_HOST}: this computer only)")
    p.add_argument("--port", type=port_int, default=DEFAULT_HUB_PORT,
                   help=f"TCP port (default {DEFAULT_HUB_PORT})")
    p.add_argument("--db", default=None, metavar="PATH",
                   help="the results store (default: this computer's)")
    p.set_defaults(func=cmd_host)
    c = sub.add_parser(
        "console", help="the facilitator's live view of a workshop hub",
        description="Every team of a live workshop, refreshed every second: week, SPI(t), "
        "CPI, chance of meeting the deadline, requests waiting, when last heard from, and "
        "the verified score once finished. p pauses every game, r resumes, c starts a "
        "round clock in every game, k starts lockstep rounds (every team plays the same "
        "week, which ends at the clock or when all are ready), i schedules an inject of "
        "the scenario's catalogue for a week, m shows a message in every game, s changes "
        "the order, "
        "l shows the verified leaderboard, E ends the workshop, q quits.")
    c.add_argument("link", metavar="CONSOLE_LINK",
                   help="the console link `pmsim host` printed (keep it to yourself)")
    c.set_defaults(func=cmd_console)


def hub_folder(code: str) -> Path:
    """Where the hub of a workshop keeps the teams' logs and its tokens."""
    return data_dir() / "hub" / code


def cmd_host(args: argparse.Namespace) -> int:
    """Check the workshop and the address, print the links, serve until Ctrl+C."""
    from aiohttp import web

    from pmsim.hub.live import Hub, inject_catalogue
    from pmsim.hub.server import make_app
    from pmsim.hub.state import HubState, hub_tokens
    from pmsim.results.workshop_codes import format_code, get_workshop
    from pmsim.scenario import load_scenario

    host = args.host.strip()
    workshop = get_workshop(args.db, args.workshop)
    check_port(host, args.port)
    folder = hub_folder(workshop.code)
    join, console = hub_tokens(folder)
    db = Path(args.db) if args.db else None
    scenario = load_scenario(workshop.scenario_ref)
    hub = Hub(HubState(workshop.code, folder, db), join_token=join, console_token=console,
              game={"workshop": workshop.code, "scenario": workshop.scenario_ref,
                    "scenario_hash": workshop.scenario_hash, "seed": workshop.seed},
              catalogue=inject_catalogue(scenario),
              last_week=scenario.calendar.hard_stop_week)
    base = f"http://{url_host(host)}:{args.port}"
    reach = ("only this computer can connect (--host 0.0.0.0 opens it to the network)"
             if is_loopback(host) else "open to whoever can reach this address")
    print(f"Workshop hub for {format_code(workshop.code)} on {base}: {reach}.\n"
          f"  Join link (give it to the teams): {base}/join/{join}\n"
          f"  Console link (keep it to yourself): {base}/api/status?token={console}\n"
          "Press Ctrl+C to stop; start it again to carry on.", flush=True)
    try:
        web.run_app(make_app(hub), host=host, port=args.port, print=None,
                    handle_signals=True)
    except OSError as exc:
        raise UserError(f"the hub cannot listen on {host} port {args.port} ({exc}).") from None
    return 0


def cmd_console(args: argparse.Namespace) -> int:
    """Check the link, then show the console until q."""
    from pmsim.hub.console_client import parse_console_link
    from pmsim.tui.console import ConsoleApp

    parse_console_link(args.link)  # a wrong link ends here, before the screen opens
    ConsoleApp(args.link).run()
    return 0
