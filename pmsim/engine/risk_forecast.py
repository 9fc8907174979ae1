"""The risk register in the forecast: each run draws which risks fire, when, and how hard.

Risk-adjusted schedule forecasting (Monte Carlo schedule risk analysis with a risk
register, as in Hulett's *Practical Schedule Risk Analysis* and the risk-driver
method): in every iteration each open risk fires or not, week by week, with the
engine's own weekly hazard (`risks.weekly_hazard`: the probability over the window
spread evenly over its weeks, triggers judged on today's state, responses already
taken applied); a risk that is not recurring fires at most once. A firing lands on
each of its tasks that is not finished by then, as in the game: the task is held up
for the drawn delay and gets the drawn extra effort (a threat), or loses work (an
opportunity). The draws come from the forecast's own stream, never the game's luck.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from pmsim.engine import risks
from pmsim.engine.state import RiskState

if TYPE_CHECKING:
    from pmsim.engine.forecast import Hits
    from pmsim.engine.simulation import Simulation


def register(sim: Simulation, known_only: bool) -> list[RiskState]:
    """The risks the forecast counts: the game's register (only those the player knows
    of if `known_only`), or, in a plan without risks, the scenario's whole register."""
    if sim.risks:
        return [r for r in sim.risks.values()
                if not r.closed and (r.known or not known_only)]
    return [RiskState(spec=r, uniforms=None, known=r.known) for r in sim.scenario.risks
            if r.known or not known_only]


def _triangle(rng: np.random.Generator, bounds: list[float] | None,
              shape: tuple[int, ...]) -> np.ndarray:
    """Draws from a `[low, most likely, high]` range (zeros when there is none)."""
    if bounds is None:
        return np.zeros(shape)
    low, mode, high = (float(x) for x in bounds)
    if high <= low:
        return np.full(shape, low)
    return rng.triangular(low, mode, high, size=shape)


def risk_hits(sim: Simulation, rng: np.random.Generator, iterations: int,
              rates: dict[str, float], known_only: bool = True) -> Hits:
    """Each task's hits in every iteration, by its index in the scenario's task list:
    (day the risk fires, days it adds to the task if it lands before the task
    finishes), one pair per risk and week it may fire in. A threat adds its delay plus
    its extra effort at the task's planned rate (`rates`, person-days a day); an
    opportunity takes work away (negative days). Tasks not in `rates` are not open."""
    dpw = sim.days_per_week
    now = sim.day()
    first_week = sim.week + 1 if sim.week_started else sim.week
    index = {t.id: j for j, t in enumerate(sim.scenario.tasks)}
    hits: Hits = {}
    for r in register(sim, known_only):
        start, last = max(r.spec.window[0], first_week), r.spec.window[1]
        targets = [t for t in r.spec.tasks if t in rates]
        hazard = risks.weekly_hazard(sim, r)
        if start > last or not targets or hazard <= 0:
            continue
        weeks = last - start + 1
        fires = rng.random((iterations, weeks)) < hazard
        if not r.spec.recurring:  # only the first firing counts
            fires &= np.cumsum(fires, axis=1) == 1
        day = (np.arange(start - 1, last) + rng.random((iterations, weeks))) * dpw
        day = np.where(fires, np.maximum(day, now), np.inf)
        impact = r.spec.impact
        delay = _triangle(rng, impact.delay_days, day.shape) * r.impact_factor
        effort = _triangle(rng, impact.effort_days, day.shape) * r.impact_factor
        if not r.spec.recurring:  # one column: the week it fires in, if any
            week = np.argmax(fires, axis=1)[:, None]
            day, delay, effort = (np.take_along_axis(x, week, axis=1)
                                  for x in (day, delay, effort))
        for tid in targets:
            rate = max(rates[tid], 1e-9)
            if r.spec.kind == "opportunity":
                extra = -(effort + delay * max(rate, 1.0)) / rate
            else:
                extra = delay + effort / rate
            hits.setdefault(index[tid], []).extend(
                (day[:, w], extra[:, w]) for w in range(day.shape[1]))
    return hits
