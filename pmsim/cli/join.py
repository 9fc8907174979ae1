"""`pmsim play --join LINK`: ask the workshop hub which game to play."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from urllib.parse import urlsplit, urlunsplit

from pmsim.errors import UserError
from pmsim.hub.client import socket_url

ASK_SECONDS = 10.0
"""How long to wait for the hub's answer before saying it cannot be reached."""


def ask_hub(join_link: str) -> tuple[str, str, int]:
    """The workshop's code, built-in scenario and seed, from the hub of `join_link`
    (a `UserError` when the link is wrong, the hub cannot be reached or refuses, or the
    scenario is not one this pmsim has)."""
    from pmsim.scenario import builtin_paths, load_scenario, scenario_hash

    socket_url(join_link)  # a link that is not a join link ends here
    parts = urlsplit(join_link.strip())
    token = parts.path.rstrip("/").rsplit("/join/", 1)[1]
    url = urlunsplit((parts.scheme, parts.netloc, "/api/join", f"token={token}", ""))
    try:
        with urllib.request.urlopen(url, timeout=ASK_SECONDS) as reply:
            game = json.loads(reply.read(65_536).decode("utf-8"))
        code, scenario, seed = str(game["workshop"]), str(game["scenario"]), int(game["seed"])
    except urllib.error.HTTPError as exc:
        raise UserError(f"the workshop hub at {parts.netloc} refused the join link "
                        f"({exc.code}): check it with your facilitator.") from None
    except (urllib.error.URLError, OSError, ValueError, KeyError, TypeError) as exc:
        raise UserError(f"cannot reach the workshop hub at {parts.netloc} ({exc}). Is it "
                        "running, and is this computer on the room's network? Without it, "
                        "play with `pmsim play --workshop CODE --team NAME` and hand in "
                        "the log.") from None
    if scenario not in builtin_paths():
        raise UserError(f"the workshop plays a scenario from a file ('{scenario[:80]}'), "
                        "which this computer does not have: ask your facilitator for the "
                        "file and play with `pmsim play --workshop CODE`.")
    if scenario_hash(load_scenario(scenario)) != game.get("scenario_hash"):
        raise UserError(f"this pmsim's '{scenario}' differs from the workshop's (another "
                        "version): install the facilitator's pmsim version to join.")
    return code, scenario, seed
