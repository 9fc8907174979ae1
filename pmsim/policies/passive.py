"""`passive`: decides nothing and answers every request with its default."""

from __future__ import annotations

from pmsim.engine.decisions import Decision
from pmsim.engine.turn import DecisionRequest
from pmsim.engine.view import PlayerView


class PassivePolicy:
    """The PM who is not there: the plan runs as it was set up."""

    name = "passive"

    def decide(self, view: PlayerView) -> list[Decision]:
        """Nothing."""
        return []

    def answer(self, view: PlayerView, request: DecisionRequest) -> str:
        """Always the default option."""
        return request.default
