"""Tolerances (PRINCE2): the deadline and budget in force, and the forecast breaches of
time, cost, scope, quality, benefits and risk tolerances that the board is to hear
about (`breach_list`), each with its size, so a breach can be told from one that got
materially worse."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pmsim.engine import risks
from pmsim.scoring.outcome import beyond_cost_tolerance

if TYPE_CHECKING:
    from pmsim.engine.simulation import Simulation

COST_FORECAST_FROM = 0.15
"""Cost forecasts from CPI are trusted once this share of the work is earned."""


def deadline(sim: Simulation) -> int:
    """The deadline week in force (original plus approved extensions)."""
    return min(
        sim.scenario.calendar.hard_stop_week,
        sim.board.deadline_week + sim.board.deadline_extension + sim.board.rebaseline_weeks,
    )


def estimate_at_completion(sim: Simulation) -> float:
    """EAC from the latest figures (BAC / CPI), or the BAC before any figures exist."""
    return sim.history[-1].eac_cpi if sim.history else sim.ledger.money.bac


def baseline_value(sim: Simulation) -> float:
    """Value of the baseline scope."""
    return sum(s.value for s in sim.scenario.scope if not s.proposed) or 1.0


def dropped_value(sim: Simulation) -> float:
    """Value of baseline scope cut or deferred."""
    return sum(
        s.value for s in sim.scenario.scope
        if not s.proposed and sim.scope[s.id].status in ("cut", "deferred")
    )


@dataclass(frozen=True)
class Breach:
    """A tolerance the forecast breaks: why, in a sentence, and by how much."""

    sentence: str
    size: float
    """How far beyond the tolerance, in the units of `MATERIALLY_WORSE`."""


MATERIALLY_WORSE = {"time": 1.0, "cost": 0.05, "scope": 0.05, "quality": 0.05,
                    "benefits": 0.05, "risk": 0.25}
"""How much bigger a breach the board already has must grow before the PM may raise
it again early: time in weeks of the P80 finish; cost as a fraction of the budget;
scope, quality and benefits as fractions (of the planned value, of the work done, of
the planned value); risk as a fraction of the exposure tolerance."""


def _time_breach(sim: Simulation) -> Breach | None:
    tol = sim.scenario.tolerances
    limit = deadline(sim) + tol.time_weeks
    p80 = sim.forecast().p80_week
    if p80 <= limit + 1e-9:
        return None
    return Breach(f"P80 finish week {p80} is beyond the deadline week {deadline(sim)} plus "
                  f"{tol.time_weeks:g} weeks' tolerance", p80 - limit)


def earned_share(sim: Simulation) -> float:
    """Share of the BAC earned so far (EV / BAC)."""
    money = sim.ledger.money
    return sim.history[-1].ev / money.bac if sim.history and money.bac > 0 else 0.0


def cost_forecast_trusted(sim: Simulation) -> bool:
    """Whether enough work is earned (`COST_FORECAST_FROM`) to trust the CPI's EAC."""
    return earned_share(sim) >= COST_FORECAST_FROM


def _cost_breach(sim: Simulation) -> Breach | None:
    tol = sim.scenario.tolerances
    eac = estimate_at_completion(sim)
    money = sim.ledger.money
    beyond = beyond_cost_tolerance(eac, money.authorised, tol.cost_fraction)
    if not cost_forecast_trusted(sim) or beyond is None:
        return None
    return Breach(f"EAC {eac:,.0f} exceeds the authorised budget {money.authorised:,.0f} "
                  f"by {beyond:.1%}, beyond the {tol.cost_fraction:.0%} tolerance (the rule "
                  "the outcome is judged by)", beyond - tol.cost_fraction)


def _scope_breach(sim: Simulation) -> Breach | None:
    tol = sim.scenario.tolerances
    share = dropped_value(sim) / baseline_value(sim)
    if share <= tol.scope_fraction + 1e-9:
        return None
    return Breach(f"{share:.0%} of the planned value has been dropped (tolerance "
                  f"{tol.scope_fraction:.0%})", share - tol.scope_fraction)


def rework_share(sim: Simulation) -> float:
    """Share of the work done so far that reviews and tests found flawed (rework)."""
    done = sum(t.done for t in sim.tasks.values())
    found = sum(t.found_flaws for t in sim.tasks.values())
    return found / done if done > 1e-9 else 0.0


def _quality_breach(sim: Simulation) -> Breach | None:
    tol = sim.scenario.tolerances.quality_rework_fraction
    share = rework_share(sim)
    if earned_share(sim) < COST_FORECAST_FROM or share <= tol + 1e-9:
        return None
    return Breach(f"{share:.0%} of the work done so far was found flawed (tolerance "
                  f"{tol:.0%})", share - tol)


def forecast_benefit(sim: Simulation) -> float:
    """The business case's forecast net benefit: the value of the scope still in the
    project (accepted changes included) less the estimate at completion (the BAC until
    the cost forecast is trusted)."""
    value = sum(item.value for item in sim.scope.values()
                if item.status in ("planned", "delivered"))
    cost = (estimate_at_completion(sim) if cost_forecast_trusted(sim)
            else sim.ledger.money.bac)
    return value - cost


def planned_benefit(sim: Simulation) -> float:
    """The plan's net benefit: the baseline scope's value less the baseline's BAC."""
    return baseline_value(sim) - sim.plan.baseline.bac


def _benefits_breach(sim: Simulation) -> Breach | None:
    tol = sim.scenario.tolerances.benefits_fraction
    shortfall = (planned_benefit(sim) - forecast_benefit(sim)) / baseline_value(sim)
    if shortfall <= tol + 1e-9:
        return None
    return Breach(f"the forecast net benefit has fallen by {shortfall:.0%} of the planned "
                  f"value (tolerance {tol:.0%})", shortfall - tol)


def register_exposure(sim: Simulation) -> float:
    """Total exposure of the risks on the project's register (escalated ones left it)."""
    return sum(risks.exposure(r, sim) for r in sim.risks.values()
               if r.id not in sim.board.escalated)


def _risk_breach(sim: Simulation) -> Breach | None:
    tol = sim.scenario.tolerances.risk_exposure
    exposure = register_exposure(sim)
    if exposure <= tol:
        return None
    return Breach(f"risk exposure {exposure:,.0f} exceeds {tol:,.0f}",
                  (exposure - tol) / max(tol, 1.0))


BREACH_CHECKS = (("time", _time_breach), ("cost", _cost_breach), ("scope", _scope_breach),
                 ("quality", _quality_breach), ("benefits", _benefits_breach),
                 ("risk", _risk_breach))
"""The six PRINCE2 tolerances, each with the check of its forecast."""


def breach_list(sim: Simulation) -> dict[str, Breach]:
    """Tolerances the current forecast breaches, each with its sentence and size."""
    out = {}
    for name, check in BREACH_CHECKS:
        found = check(sim)
        if found is not None:
            out[name] = found
    return out


def breaches(sim: Simulation) -> dict[str, str]:
    """Tolerances the current forecast breaches, each with a sentence of why."""
    return {name: b.sentence for name, b in breach_list(sim).items()}


def reportable_since(sim: Simulation, name: str, since: int) -> int:
    """The week from which the PM could raise this breach: when it began, or, for one
    the board already has and that is no worse, when `repeat_weeks` have passed."""
    current = breach_list(sim).get(name)
    if name not in sim.board.raised or current is None:
        return since
    week, size = sim.board.raised[name]
    if current.size >= size + MATERIALLY_WORSE[name] - 1e-9:
        return since
    return max(since, week + sim.scenario.board.repeat_weeks)
