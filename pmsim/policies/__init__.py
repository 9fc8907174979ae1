"""Bots that play pmsim through the same API as a human: passive, cautious, reckless,
random."""

from __future__ import annotations

from collections.abc import Callable

from pmsim.errors import UserError
from pmsim.policies.base import Policy, answer_pending, end_week_as_left, play_game, take_turn
from pmsim.policies.cautious import CautiousPolicy
from pmsim.policies.passive import PassivePolicy
from pmsim.policies.random_policy import RandomPolicy
from pmsim.policies.reckless import RecklessPolicy

POLICIES: dict[str, Callable[[], Policy]] = {
    "passive": PassivePolicy,
    "cautious": CautiousPolicy,
    "reckless": RecklessPolicy,
    "random": RandomPolicy,
}
"""Policy name → factory (a fresh instance per game: policies may keep notes)."""
SENSIBLE = "cautious"
"""The bot that stands for sensible play: the one a player hands a game over to, and
the one a debrief's replays play on with."""


def get_policy(name: str) -> Policy:
    """A fresh policy by name; an unknown name is a `UserError` listing the known ones."""
    factory = POLICIES.get(name)
    if factory is None:
        raise UserError(f"unknown policy '{name}'; choose one of {', '.join(POLICIES)}")
    return factory()


__all__ = [
    "POLICIES",
    "SENSIBLE",
    "CautiousPolicy",
    "PassivePolicy",
    "Policy",
    "RandomPolicy",
    "RecklessPolicy",
    "answer_pending",
    "end_week_as_left",
    "get_policy",
    "play_game",
    "take_turn",
]
