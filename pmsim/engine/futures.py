"""Fresh luck for a game's future, so a what-if preview plays it on without peeking.

A what-if preview plays a game on from now many times (`pmsim.whatif`). Played on with
the game's own luck, every future would meet the same true efforts and the same risk
draws as the real game will: the preview would tell the player how big the tasks really
are. So each future gets luck of its own from now on (`reseed`): its own named streams
(`future:<n>:<label>`), drawn from the same distributions as the game's:

- a task nobody has started gets a fresh true effort from its three-point estimate;
- a started task gets a fresh true effort too, drawn from the same estimate given what
  the player knows: the work done so far did not finish it (a draw that would have is
  drawn again);
- every risk's weekly draws from this week on, and every other chance (resignations,
  counter-offers) from this week on, come from the future's streams;
- whether an optional scripted event (a change request that may or may not come) comes
  is drawn at the start of a game: for one not yet due, the future draws it afresh.

What already happened stays as it happened. The game itself is never touched: futures
are replicas rebuilt from its actions. No user-interface imports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from pmsim.engine.distributions import sample_three_point
from pmsim.engine.draws import Luck
from pmsim.engine.rng import named_stream
from pmsim.engine.state import TaskState

if TYPE_CHECKING:
    from pmsim.engine.simulation import Simulation

TRIES = 64
"""Draws a started task's fresh effort may take to come out above the work done; past
them (the task already ran beyond nearly all its estimate) it takes the work done and
`OVERRUN_SHARE` of its likely effort more."""
OVERRUN_SHARE = 0.05
"""What a task that ran past its estimate is taken to have left, as a share of its
likely effort, when no draw came out above the work done."""


class FutureLuck(Luck):
    """The luck of one future: the game's own before `first_week`, the future's own
    streams (`<prefix>:<label>`) from then on, and for every week of the `unsettled`
    labels (draws made at the start of the game about what has not happened yet)."""

    def __init__(self, past: Luck, prefix: str, first_week: int,
                 unsettled: frozenset[str] = frozenset()) -> None:
        super().__init__(past.scenario, past.seed, past.plan_mode)
        self.past = past
        self.prefix = prefix
        self.first_week = first_week
        self.unsettled = unsettled

    def uniform(self, label: str, week: int) -> float:
        """The game's draw for a week already played; the future's own after."""
        if week < self.first_week and label not in self.unsettled:
            return self.past.uniform(label, week)
        return super().uniform(f"{self.prefix}:{label}", week)


def reseed(sim: Simulation, future: int) -> None:
    """Give `sim` (a replica of a game, at a decision point) future number `future`'s
    own luck from now on (see the module)."""
    prefix = f"future:{future}"
    first = sim.week + (1 if sim.week_started else 0)
    unsettled = frozenset(f"event:{e.id}" for e in sim.scenario.events if e.week > sim.week)
    sim.luck = FutureLuck(sim.luck, prefix, first, unsettled)
    for r in sim.risks.values():
        past = np.asarray(r.uniforms)
        fresh = named_stream(sim.seed, f"{prefix}:risk:{r.spec.id}").random(past.shape)
        r.uniforms = np.concatenate([past[:first], fresh[first:]])
    for t in sim.tasks.values():
        if t.status != "done":
            _redraw(sim, t, prefix)
    sim.lookups.tasks_changed()
    sim.touch_all()


def _redraw(sim: Simulation, t: TaskState, prefix: str) -> None:
    """A fresh true effort for a task not finished, above what its work done shows."""
    spec = t.spec
    dist = sim.scenario.model.effort_distribution
    if sim.plan_mode or dist == "fixed" or spec.pessimistic <= spec.optimistic:
        return
    scale = t.scale if t.scale > 0 else 1.0
    extra = t.work_total - t.true_effort * scale  # rework and risk effects, all known
    floor = (t.done - extra) / scale if t.done > 0 else 0.0
    rng = named_stream(sim.seed, f"{prefix}:effort:{spec.id}")
    draws = sample_three_point(rng, spec.optimistic, spec.likely, spec.pessimistic, dist,
                               size=TRIES)
    above = draws[draws > floor]
    effort = float(above[0]) if above.size else floor + OVERRUN_SHARE * spec.likely
    t.true_effort = max(effort, 1e-6)
    t.work_total = t.true_effort * scale + extra
