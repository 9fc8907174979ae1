"""Working hours: 1.0 is a normal week; longer weeks pay the overtime premium to those
working and tire the team."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from pmsim.engine import costs
from pmsim.engine.rules.base import Decision, DecisionError, DecisionRule, Figures, Names, Preview
from pmsim.engine.turn import week_hours
from pmsim.engine.work import hours_factor, overtime_breakeven_weeks, sustained_productivity

if TYPE_CHECKING:
    from pmsim.engine.simulation import Simulation


@dataclass(frozen=True)
class SetOvertime(Decision):
    """Set the team's working hours: 1.0 = 40-hour weeks, 1.5 = 60-hour weeks."""

    kind: ClassVar[str] = "overtime"
    level: float


OVERTIME_LEVELS = (1.0, 1.1, 1.2, 1.3, 1.4, 1.5)
"""The working-hours levels a player may choose (up to the scenario's `max_overtime`)."""


class OvertimeRule(DecisionRule[SetOvertime]):
    """Set the team's working hours."""

    decision = SetOvertime
    key, menu, group = "o", "Set working hours (overtime)", "Team"
    order = 50

    def check(self, sim: Simulation, x: SetOvertime) -> None:
        cap = sim.scenario.model.max_overtime
        if not any(abs(x.level - lv) < 1e-9 for lv in OVERTIME_LEVELS) or x.level > cap + 1e-9:
            allowed = ", ".join(f"{lv:g}" for lv in OVERTIME_LEVELS if lv <= cap + 1e-9)
            raise DecisionError(f"overtime level {x.level!r} is not allowed; choose one of "
                                f"{allowed}")

    def apply(self, sim: Simulation, x: SetOvertime) -> None:
        sim.mood.overtime = _level(x.level)
        hours = week_hours(sim.mood.overtime, sim.days_per_week)
        sim.note("decision", f"Working hours set to {hours:.0f} h a week.")

    def figures(self, sim: Simulation, x: SetOvertime) -> Figures:
        level = _level(x.level)
        paid = sum(p.daily_rate * p.availability for p in sim.people.values()
                   if p.status in ("active", "leaving") and costs.paid_overtime(sim, p))
        change = costs.overtime_share(sim, level) - costs.overtime_share(sim, sim.mood.overtime)
        return {"premium": costs.overtime_share(sim, level), "cost_per_day": paid * change}

    def sentence(self, sim: Simulation, x: SetOvertime, p: Preview) -> str:
        normal = week_hours(1.0, sim.days_per_week)
        hours = week_hours(_level(x.level), sim.days_per_week)
        if x.level <= 1.0:
            return f"{normal:.0f}-hour weeks: no premium; fatigue eases over the coming weeks"
        model = sim.scenario.model
        level = _level(x.level)
        text = (f"{hours:.0f}-hour weeks: pay +{p.premium:.0%} for those working; each hour "
                f"yields {hours_factor(model.overtime_hourly_loss, level):.0%} at once, "
                f"about {sustained_productivity(model, level):.0%} after months as fatigue "
                "builds, and quality suffers")
        weeks = overtime_breakeven_weeks(model, level)
        if weeks is None:
            return text
        return (f"{text} (kept up for {weeks} weeks from rested, less work done in total "
                f"than at {normal:.0f} h)")

    def describe(self, x: SetOvertime, names: Names) -> str:
        return f"Working hours set to {week_hours(x.level, names.days_per_week):.0f} h a week."


def _level(level: float) -> float:
    """The allowed level nearest to `level`."""
    return min(OVERTIME_LEVELS, key=lambda lv: abs(lv - level))


RULES = (OvertimeRule(),)
"""The rules of this module (the registry finds them here)."""
