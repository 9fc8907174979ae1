"""How the cautious bot answers a change request: accept one that pays for itself and
fits in the time left, negotiate one that would fit at half size, otherwise say no."""

from __future__ import annotations

from collections.abc import Callable

from pmsim.engine.turn import DecisionRequest
from pmsim.engine.view import PlayerView
from pmsim.policies.common import ABLE_SKILL, critical_people, item_weeks

CHANGE_CREW = 2
"""People a change's work is assumed to have at once when judging whether it fits: its
tasks sit with the few people who have their skills, not spread over the whole team."""
CHANGE_PAYBACK = 1.5
"""How many times its net cost (after any budget it brings) a change's value must be for
the bot to accept it whole."""
CLEAR_PAYBACK = 3.0
"""A change worth this many times its net cost is accepted whole when its work fits
beside the critical path (`fits_beside`), though the P80 forecast leaves
less room than `CHANGE_CREW` would need: its own people carry it."""
SMALL_CHANGE_WEEKS = 0.25
"""A change this small (in weeks of `CHANGE_CREW`) fits even when the P80 leaves no room:
it is lost in the forecast's own spread."""

def fits_beside(view: PlayerView, scope: str, extension: float, funded: bool = False) -> bool:
    """Whether a change's own work fits beside the critical path: each of its tasks
    has someone able off the path (`critical_people`), its chain (`item_weeks`)
    ends by the deadline, and the P80 forecast is within it, unless the change is
    `funded` (its budget covers its cost): then a late project takes it too, because
    its own people carry it off the path and the business pays for its value."""
    on_path = critical_people(view)
    free = [p for p in view.people if p.status == "active" and p.id not in on_path]
    spare = all(any(p.skills.get(t.skill, 0.0) > ABLE_SKILL for p in free)
                for t in view.tasks if t.scope == scope)
    until = view.deadline_week + extension
    return (spare and view.week + item_weeks(view, scope) <= until
            and (funded or view.forecast.p80_week <= until))


def judge_change(view: PlayerView, request: DecisionRequest,
                 can: Callable[[str], bool]) -> str:
    """Accept a change that pays for itself AND fits in the time left (at
    `CHANGE_CREW`, within the room the P80 forecast leaves; or, one that clearly
    pays, `CLEAR_PAYBACK`, beside the critical path: `fits_beside`); negotiate one
    that would fit at half size; otherwise say no."""
    info = request.details
    value = float(info.get("value", 0.0))
    cost = float(info.get("cost", 0.0)) - float(info.get("budget_increase", 0.0))
    effort = float(info.get("effort", 0.0))
    extension = float(info.get("deadline_extension_weeks", 0.0))
    people = max(1, sum(1 for p in view.people if p.status == "active"))
    weeks = effort / (min(people, CHANGE_CREW) * view.days_per_week)
    room = view.deadline_week + extension - view.forecast.p80_week
    worth = value > CHANGE_PAYBACK * max(cost, 1.0)
    fits = weeks <= room or weeks <= SMALL_CHANGE_WEEKS
    sure = view.forecast.p_on_time > 0.7
    if not fits and value > CLEAR_PAYBACK * max(cost, 1.0):
        fits = sure = fits_beside(view, str(info.get("scope", "")), extension, cost <= 0)
    if worth and fits and sure:
        return "accept"
    if value > 2 * max(cost, 1.0) and weeks / 2 <= room and can("negotiate"):
        return "negotiate"
    return "reject"
