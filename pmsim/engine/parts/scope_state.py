"""Scope items in play: each item's status, priority and value as the game goes on."""

from __future__ import annotations

from dataclasses import dataclass

from pmsim.scenario.schema import ScopeItem


@dataclass
class ScopeState:
    """One scope item's state in play (its definition is the scenario's `ScopeItem`)."""

    status: str
    """proposed, planned, delivered, cut, deferred or rejected."""
    priority: str
    """MoSCoW priority in force (must, should, could); a board may downgrade a must."""
    value: float
    """Business value in force (an accepted change may come at a discount)."""

    @staticmethod
    def of(spec: ScopeItem) -> ScopeState:
        """The item as the game starts: planned, or proposed if it is a change to come."""
        return ScopeState(status="proposed" if spec.proposed else "planned",
                          priority=spec.priority, value=spec.value)

    @property
    def in_scope(self) -> bool:
        """Whether the item is part of the project now (planned or delivered)."""
        return self.status in ("planned", "delivered")
