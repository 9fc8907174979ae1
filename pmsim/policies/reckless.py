"""`reckless`: maximum overtime, yes to every change, hires late, ignores the register."""

from __future__ import annotations

from pmsim.engine import decisions as d
from pmsim.engine.turn import DecisionRequest
from pmsim.engine.view import PlayerView
from pmsim.policies.common import staff_orphans

HIRE_FROM_SHARE = 0.6
"""Panic-hires once this share of the schedule is gone and the forecast is late."""


def panic_hires(view: PlayerView) -> list[d.Decision]:
    """Once `HIRE_FROM_SHARE` of the schedule is gone and the P50 forecast is late: hire
    every candidate and put each on the most critical open task they can work on."""
    late = view.forecast.p50_week > view.deadline_week
    if view.week < HIRE_FROM_SHARE * view.deadline_week or not late:
        return []
    critical = sorted((t for t in view.tasks if t.status in ("waiting", "active")),
                      key=lambda t: -t.criticality)
    out: list[d.Decision] = []
    for c in view.candidates:
        for t in critical:
            if c.skills.get(t.skill, 0) > 0 and len(t.assignees) < t.max_staff:
                out += [d.Hire(c.id), d.Assign(c.id, t.id)]
                break
    return out


class RecklessPolicy:
    """The PM who pushes: long hours, every request accepted, people thrown at lateness."""

    name = "reckless"

    def decide(self, view: PlayerView) -> list[d.Decision]:
        """Maximum overtime; late in the game, hire everyone and put them on critical work."""
        out: list[d.Decision] = [d.SetOvertime(view.max_overtime), *staff_orphans(view)]
        if view.week == 1 and view.stakeholders:
            out.append(d.SetReporting("none"))
        return out + panic_hires(view)

    def answer(self, view: PlayerView, request: DecisionRequest) -> str:
        """Yes to every change; otherwise whatever needs no thought."""
        if request.kind == "change_request":
            return "accept"
        if request.kind == "resignation":
            return "accept"
        return request.default
