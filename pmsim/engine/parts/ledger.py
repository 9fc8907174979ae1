"""The ledger of money: what has been spent and authorised, and the rates at which
the team and the fixed costs are booked."""

from __future__ import annotations

from dataclasses import dataclass, field

from pmsim.engine.state import Money


@dataclass
class Ledger:
    """The project's books and the cost rates in force."""

    money: Money
    """Budget at completion, actual cost and the reserves left."""
    fixed_rate: float = 0.0
    """Fixed costs booked per working day of the plan."""
    cost_rate: float = 0.0
    """Daily cost of the team as it is now (overtime paid only to those working)."""
    cost_synced: float = 0.0
    """Day up to which costs and overtime have been booked."""
    overtime_now: dict[str, float] = field(default_factory=dict)
    """Each person's overtime in force (hours factor above 1) while working."""
    overtime_days: dict[str, float] = field(default_factory=dict)
    """Each person's overtime worked this week, in extra days (feeds fatigue)."""
    plan_cost: dict[str, float] = field(default_factory=dict)
    """Labour cost booked to each task (only kept while the plan itself is played)."""
    unallocated_plan_cost: float = 0.0
    """Labour cost of the plan booked while no task was running."""
