"""`pmsim play`: the game. Until the Textual game lands, a headless demo game."""

from __future__ import annotations

import argparse
import secrets

from pmsim.cli.common import seed_int
from pmsim.scenario import DEFAULT_SCENARIO, load_scenario


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `play`."""
    p = sub.add_parser("play", help="play a scenario (the default one if none is named)")
    p.add_argument("scenario", nargs="?", default=DEFAULT_SCENARIO, metavar="SCENARIO",
                   help="built-in id or path to a .toml file")
    p.add_argument("--seed", type=seed_int, default=None, help="seed (drawn if not given)")
    p.add_argument("--team", default="", help="team name shown in results")
    p.add_argument("--autoplay", default="cautious", metavar="POLICY",
                   help="bot that plays (passive, cautious, reckless, random)")
    p.set_defaults(func=cmd_play)


def cmd_play(args: argparse.Namespace) -> int:
    """Play a game headless with a bot and print how it went."""
    from pmsim.policies import get_policy, play_game

    scenario = load_scenario(args.scenario)
    seed = args.seed if args.seed is not None else secrets.randbelow(1_000_000)
    policy = get_policy(args.autoplay)
    print(f"{scenario.meta.title} — seed {seed}, played by the '{args.autoplay}' bot")
    sim = play_game(scenario, seed, policy)
    outcome = sim.outcome()
    print(outcome.summary)
    for dim in outcome.dimensions:
        print(f"  {dim.name:<13} {dim.sentence}")
    return 0
