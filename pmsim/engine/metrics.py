"""Earned value management and earned schedule, as a PMO reports them each week.

Definitions (PMBOK; Lipke for earned schedule):
  CV = EV − AC, SV = EV − PV, CPI = EV / AC, SPI = EV / PV,
  EAC(CPI) = BAC / CPI, EAC(AC+ETC at plan rate) = AC + (BAC − EV),
  EAC(CPI×SPI) = AC + (BAC − EV) / (CPI · SPI), ETC = EAC − AC, VAC = BAC − EAC,
  TCPI = (BAC − EV) / (BAC − AC),
  ES = C + (EV − PV_C) / (PV_{C+1} − PV_C) with C the last week whose PV ≤ EV,
  SPI(t) = ES / AT, SV(t) = ES − AT, IEAC(t) = PD / SPI(t).
Ratios with a zero denominator are reported as 1.0 (nothing to judge yet), and TCPI
as None once the budget is spent.

EAC(CPI) needs a CPI above zero. Before any cost is booked CPI is 1.0 by the rule above,
so EAC = BAC; when money has been spent and nothing earned yet (CPI = 0) BAC / CPI is
undefined, and the figure falls back to AC + (BAC − EV) (the rest at the planned rate).
Which formula gave the figure is never silent: `eac_method` names it.

The PV curve has one point per week end; the last point sits at the planned finish PD
(which may fall mid-week) unless the baseline was changed after that week, when the
curve goes on week by week to the week of the change (a current-period adjustment:
PV of weeks already ended never changes).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

EAC_CPI = "BAC / CPI"
"""EAC from the cost efficiency so far."""
EAC_NO_COST = "BAC (no cost yet)"
"""EAC before any cost is booked: the budget itself."""
EAC_FALLBACK = "AC + (BAC − EV) (CPI is 0)"
"""EAC when money was spent and nothing earned yet: the rest at the planned rate."""


@dataclass(frozen=True)
class Metrics:
    """Earned value and earned schedule figures at the end of one week."""

    week: float
    """Actual time AT, in weeks."""
    pv: float
    ev: float
    ac: float
    bac: float
    cv: float
    sv: float
    cpi: float
    spi: float
    eac_cpi: float
    """EAC assuming the cost efficiency so far continues: BAC / CPI (see `eac_method`)."""
    eac_plan: float
    """EAC assuming the rest goes to plan: AC + (BAC − EV)."""
    eac_cpi_spi: float
    """EAC weighing cost and schedule efficiency: AC + (BAC − EV) / (CPI · SPI)."""
    etc: float
    """Estimate to complete, from EAC(CPI)."""
    vac: float
    tcpi: float | None
    es: float
    """Earned schedule, in weeks."""
    spi_t: float
    sv_t: float
    ieac_t: float
    """Independent estimate of the duration at completion, in weeks."""
    eac_method: str = EAC_CPI
    """The formula that gave `eac_cpi` (and so `etc` and `vac`): `EAC_CPI` (BAC / CPI),
    `EAC_NO_COST` (BAC: nothing spent yet, CPI taken as 1) or `EAC_FALLBACK`
    (AC + BAC − EV: money spent and nothing earned, so CPI is 0 and BAC / CPI has no
    value)."""


def _ratio(num: float, den: float) -> float:
    return num / den if abs(den) > 1e-9 else 1.0


def _times(pv_curve: Sequence[float], planned_weeks: float) -> list[float]:
    """Time of each PV point: the end of week k, but a last point in the week of the
    planned finish sits at the planned finish, which may fall mid-week."""
    times = [float(k) for k in range(len(pv_curve))]
    last = len(times) - 1
    if last > 0 and last == math.ceil(planned_weeks - 1e-9):
        times[last] = max(float(last - 1), min(float(last), planned_weeks))
    return times


def earned_schedule(ev: float, pv_curve: Sequence[float], planned_weeks: float) -> float:
    """Weeks of the plan whose planned value the work so far has earned."""
    if not pv_curve:
        return 0.0
    times = _times(pv_curve, planned_weeks)
    if ev >= pv_curve[-1] - 1e-9:
        for k, value in enumerate(pv_curve):
            if value >= pv_curve[-1] - 1e-9:
                return times[k]
    c = 0
    for k, value in enumerate(pv_curve):
        if value <= ev + 1e-12:
            c = k
        else:
            break
    if c + 1 >= len(pv_curve):
        return times[c]
    step = pv_curve[c + 1] - pv_curve[c]
    span = times[c + 1] - times[c]
    return times[c] + ((ev - pv_curve[c]) / step * span if step > 1e-12 else 0.0)


def compute_metrics(
    at_weeks: float, ev: float, ac: float, bac: float, pv_curve: Sequence[float],
    planned_weeks: float,
) -> Metrics:
    """All figures for actual time `at_weeks`; `pv_curve[k]` is the PV at the end of week k
    (the last point at the planned finish, `planned_weeks`, the planned duration PD)."""
    pv = planned_value(pv_curve, at_weeks, planned_weeks)
    cpi = _ratio(ev, ac) if ac > 0 else 1.0
    spi = _ratio(ev, pv) if pv > 0 else 1.0
    eac_cpi, method = eac_from_cpi(bac, ac, ev, cpi)
    eac_plan = ac + (bac - ev)
    both = cpi * spi
    eac_cpi_spi = ac + (bac - ev) / both if both > 1e-9 else eac_plan
    tcpi = (bac - ev) / (bac - ac) if bac - ac > 1e-9 else None
    es = earned_schedule(ev, pv_curve, planned_weeks)
    spi_t = es / at_weeks if at_weeks > 1e-9 else 1.0
    ieac_t = planned_weeks / spi_t if spi_t > 1e-9 else float(planned_weeks) * 10
    return Metrics(
        week=at_weeks, pv=pv, ev=ev, ac=ac, bac=bac, cv=ev - ac, sv=ev - pv, cpi=cpi, spi=spi,
        eac_cpi=eac_cpi, eac_plan=eac_plan, eac_cpi_spi=eac_cpi_spi, etc=max(0.0, eac_cpi - ac),
        vac=bac - eac_cpi, tcpi=tcpi, es=es, spi_t=spi_t, sv_t=es - at_weeks, ieac_t=ieac_t,
        eac_method=method,
    )


def eac_from_cpi(bac: float, ac: float, ev: float, cpi: float) -> tuple[float, str]:
    """EAC(CPI) and the name of the formula that gave it (`Metrics.eac_method`)."""
    if ac <= 0:
        return bac, EAC_NO_COST
    if cpi > 1e-9:
        return bac / cpi, EAC_CPI
    return ac + (bac - ev), EAC_FALLBACK


def planned_value(pv_curve: Sequence[float], at_weeks: float, planned_weeks: float) -> float:
    """PV at a (possibly fractional) week, interpolated; the BAC after the planned finish."""
    if not pv_curve:
        return 0.0
    times = _times(pv_curve, planned_weeks)
    if at_weeks >= times[-1] - 1e-9:
        return pv_curve[-1]
    lo = min(int(at_weeks), len(times) - 2)
    span = times[lo + 1] - times[lo]
    frac = (at_weeks - times[lo]) / span if span > 1e-12 else 1.0
    return pv_curve[lo] + frac * (pv_curve[lo + 1] - pv_curve[lo])
