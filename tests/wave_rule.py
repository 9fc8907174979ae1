"""A decision kind no engine knows, for the tests that register one: wave at the team
(half an hour of attention, a line in the feed, nothing else)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from pmsim.engine import decisions as d
from pmsim.engine.rules import DecisionRule, Names, Preview

if TYPE_CHECKING:
    from pmsim.engine.simulation import Simulation


@dataclass(frozen=True)
class Wave(d.Decision):
    """A decision no engine knows: wave at the team."""

    kind: ClassVar[str] = "wave"
    attention: ClassVar[float] = 0.5


class WaveRule(DecisionRule[Wave]):
    """Its rule: half an hour, a line in the feed, nothing else."""

    decision = Wave
    key, menu, group = "Q", "Wave at the team", "Team"

    def apply(self, sim: Simulation, x: Wave) -> None:
        sim.note("decision", "You waved at the team.")

    def sentence(self, sim: Simulation, x: Wave, p: Preview) -> str:
        return "A friendly wave"

    def describe(self, x: Wave, names: Names) -> str:
        return "Waved at the team."
