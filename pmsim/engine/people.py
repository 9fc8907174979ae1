"""People: arrivals, assimilation, fatigue, morale, resignations and departures."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

from pmsim.engine.state import PersonState
from pmsim.engine.turn import DecisionRequest, RequestOption
from pmsim.engine.work import next_fatigue

if TYPE_CHECKING:
    from pmsim.engine.simulation import Simulation

NOTICE_WEEKS = 2
"""Weeks between a resignation and the person leaving."""
RESIGNATION_MORALE = 0.6
"""Morale below which the resignation hazard rises (by `resignation_morale_factor`)."""
MORALE_FATIGUE = 0.8
"""Fall of the morale target per unit of the team's average fatigue."""
PRESSURE_FOCUS = 0.1
"""Lateness (1 − SPI(t)) up to which schedule pressure focuses people and lifts morale."""
PRESSURE_LIFT = 0.5
"""Rise of the morale target per unit of lateness, up to `PRESSURE_FOCUS`."""
PRESSURE_DRAG = 0.8
"""Fall of the morale target per unit of lateness beyond `PRESSURE_FOCUS`."""
LEAVING_MORALE_HIT = 0.05
"""Morale the team loses when someone's resignation is accepted."""
COUNTER_OFFER_MORALE_HIT = 0.01
"""Morale the team loses when someone is paid to stay (others notice)."""


def start_week(sim: Simulation) -> None:
    """Hires whose lead time is over arrive; new hires assimilate a week further."""
    model = sim.scenario.model
    keep = (
        math.exp(-sim.days_per_week / model.assimilation_days)
        if model.assimilation_days > 0 else 0.0
    )
    for p in sim.people.values():
        if p.status == "arriving" and p.arrival_week <= sim.week:
            p.status = "active"
            sim.lookups.staffing_changed()
            sim.note("team", f"{p.spec.name} joined the team ({p.spec.role or 'new hire'}).",
                     "hired earlier; new people need time to become productive")
        elif (
            p.status in ("active", "leaving") and p.hired and p.experience < 1.0
            and p.arrival_week < sim.week
        ):
            # first-order assimilation (Madachy): the gap to full productivity shrinks
            # by a constant share each week, with time constant `assimilation_days`
            p.experience = 1.0 - (1.0 - p.experience) * keep
            if p.experience > 0.99:
                p.experience = 1.0


def end_week(sim: Simulation) -> None:
    """Fatigue follows the hours worked; morale moves toward its target; people leave."""
    model = sim.scenario.model
    for p in sim.people.values():
        if p.status not in ("active", "leaving"):
            continue
        excess = sim.ledger.overtime_days.get(p.id, 0.0) / sim.days_per_week
        p.fatigue = next_fatigue(p.fatigue, excess, model.fatigue_weeks)
        if p.fatigue < 1e-9:
            p.fatigue = 0.0
    sim.ledger.overtime_days.clear()
    update_morale(sim)
    for p in list(sim.people.values()):
        if p.status == "leaving" and p.leave_week is not None and p.leave_week <= sim.week:
            depart(sim, p)
    if not sim.plan_mode:
        check_resignations(sim)


def team_fatigue(sim: Simulation) -> float:
    """Average fatigue of the people on the project."""
    return _mean_fatigue(p for p in sim.people.values() if p.status in ("active", "leaving"))


def _mean_fatigue(people: Iterable[PersonState]) -> float:
    here = [p.fatigue for p in people]
    return sum(here) / len(here) if here else 0.0


CLOSING_WEEKS = 4
"""Weeks before the end within which someone who left still counts in the team's fatigue
at the end (`closing_fatigue`)."""


def closing_fatigue(sim: Simulation) -> float:
    """The team's fatigue at the end, for the score: the mean over the people on the
    project and those who left it in its last `CLOSING_WEEKS` weeks, as tired as they
    left. Releasing the tiredest people just before the end does not hide it."""
    return _mean_fatigue(p for p in sim.people.values()
                         if p.status in ("active", "leaving")
                         or (p.status == "gone" and p.leave_week is not None
                             and p.leave_week > sim.week - CLOSING_WEEKS))


def pressure_effect(spi_t: float) -> float:
    """Schedule pressure on morale, an inverted U: a little lateness focuses people,
    a lot demoralises them."""
    late = max(0.0, 1.0 - spi_t)
    if late <= PRESSURE_FOCUS:
        return PRESSURE_LIFT * late
    return PRESSURE_LIFT * PRESSURE_FOCUS - PRESSURE_DRAG * (late - PRESSURE_FOCUS)


def update_morale(sim: Simulation) -> None:
    """Morale closes part of the gap to its target each week."""
    model = sim.scenario.model
    spi_t = sim.history[-1].spi_t if sim.history and not sim.plan_mode else 1.0
    target = (
        model.morale_initial - MORALE_FATIGUE * team_fatigue(sim) + pressure_effect(spi_t)
        + sim.mood.morale_boost
    )
    target = min(1.0, max(0.05, target))
    sim.mood.morale += model.morale_adjust * (target - sim.mood.morale)
    sim.mood.morale = min(1.0, max(0.0, sim.mood.morale))
    sim.mood.morale_boost *= 0.5
    if abs(sim.mood.morale_boost) < 1e-6:
        sim.mood.morale_boost = 0.0


def depart(sim: Simulation, p: PersonState) -> None:
    """A person leaves the project; their tasks lose them."""
    sim.accrue()
    p.status = "gone"
    for t in sim.tasks.values():
        if p.id in t.assignees:
            t.assignees.remove(p.id)
            t.joined.pop(p.id, None)
    sim.lookups.staffing_changed()
    sim.mood.departures += 1
    orphaned = [
        t.spec.name for t in sim.tasks.values()
        if t.status in ("active", "waiting") and sim.in_scope(t) and not t.assignees
    ]
    cause = f"tasks now without anyone: {', '.join(orphaned)}" if orphaned else ""
    sim.note("team", f"{p.spec.name} has left the project.", cause)
    sim.touch_all()


def resignation_hazard(sim: Simulation, p: PersonState) -> float:
    """Weekly chance that this person resigns: the yearly base rate, raised by low
    morale and by fatigue."""
    model = sim.scenario.model
    base = 1.0 - (1.0 - model.resignation_rate) ** (1.0 / 52.0)
    shortfall = max(0.0, RESIGNATION_MORALE - sim.mood.morale)
    factor = (1.0 + model.resignation_morale_factor * shortfall
              + model.resignation_fatigue_factor * p.fatigue)
    return min(1.0, base * factor)


def resignation_cause(sim: Simulation, p: PersonState) -> str:
    """Why this person resigned, as far as the game knows: what raised the hazard
    (`resignation_hazard`), or the base rate when nothing did."""
    raised = []
    if sim.mood.morale < RESIGNATION_MORALE:
        raised.append(f"team morale of {sim.mood.morale:.0%}")
    if p.fatigue > 0:
        raised.append(f"their fatigue of {p.fatigue:.0%}")
    if not raised:
        return "people leave projects now and then, whatever the mood (the base rate)"
    return " and ".join(raised) + " raised the odds"


def check_resignations(sim: Simulation) -> None:
    """Draw this week's resignations (each person has their own stream of luck)."""
    for p in sim.people.values():
        if p.status != "active":
            continue
        u = sim.luck.uniform(f"resign:{p.id}", sim.week)
        if u < resignation_hazard(sim, p):
            request_resignation(sim, p)


def counter_offer_fails(sim: Simulation, p: PersonState) -> bool:
    """Whether the person turns this week's counter-offer down (their own stream of
    luck, `counter-offer:<person>`, so no other draw shifts)."""
    u = sim.luck.uniform(f"counter-offer:{p.id}", sim.week)
    return u < sim.scenario.model.counter_offer_failure


def set_leaving(sim: Simulation, p: PersonState, week: int, morale_hit: float = 0.0) -> None:
    """`p` leaves the project at the end of `week`; the team's morale takes `morale_hit`."""
    p.status, p.leave_week = "leaving", week
    sim.lookups.staffing_changed()
    sim.mood.morale_boost -= morale_hit


def request_resignation(sim: Simulation, p: PersonState) -> None:
    """Ask the player how to handle a resignation."""
    sim.mood.resignations += 1
    model = sim.scenario.model
    raise_cost = p.daily_rate * model.counter_offer_raise
    leave_week = sim.week + NOTICE_WEEKS
    stays = 1.0 - model.counter_offer_failure
    req = DecisionRequest(
        id=f"resign:{p.id}:w{sim.week}",
        kind="resignation",
        title=f"{p.spec.name} has handed in their notice",
        text=(
            f"{p.spec.name} ({p.spec.role or 'team member'}) is resigning and would leave in "
            f"{NOTICE_WEEKS} weeks. Team morale is {sim.mood.morale:.0%}; fatigue "
            f"{p.fatigue:.0%} of a normal week in overtime."
        ),
        options=(
            RequestOption("accept", "Accept the resignation",
                          f"{p.spec.name} leaves at the end of week {leave_week}; "
                          "the team's morale dips."),
            RequestOption("counter", "Make a counter-offer",
                          f"Pay {model.counter_offer_raise:.0%} more (+{raise_cost:,.0f} a "
                          f"day); a {stays:.0%} chance they stay (the rest of the team "
                          "notices), otherwise they leave all the same.", attention=1.0),
        ),
        default="accept",
        source=p.id,
    )

    def leave(reason: str) -> None:
        set_leaving(sim, p, leave_week, LEAVING_MORALE_HIT)
        sim.note("team", f"{p.spec.name} will leave at the end of week {p.leave_week}.", reason)

    def handle(option: str) -> None:
        if option != "counter":
            leave(resignation_cause(sim, p))
        elif counter_offer_fails(sim, p):
            sim.note("team", f"{p.spec.name} turned the counter-offer down.",
                     f"about {model.counter_offer_failure:.0%} of counter-offers fail")
            leave("the counter-offer did not change their mind")
        else:
            p.daily_rate *= 1.0 + model.counter_offer_raise
            sim.mood.morale_boost -= COUNTER_OFFER_MORALE_HIT
            sim.note("team", f"{p.spec.name} accepted a counter-offer and stays.",
                     "paid to stay: costlier, and others may expect the same")

    sim.request(req, handle)
