"""The cautious bot's hires: early for a big critical task, for a key person in a
recovery, and for a skill nobody has (`pmsim.policies.common.replacement_hire`)."""

from __future__ import annotations

from pmsim.engine import decisions as d
from pmsim.engine.view import CandidateView, PlayerView
from pmsim.policies.common import CRITICAL

HIRE_BEFORE_SHARE = 0.35
"""Hire only in the first part of the schedule (Brooks' law)."""
HIRE_SKILL = 0.8
"""The least skill a hire must bring to the work they are hired for; also the skill at
which someone counts as able to carry a skill's work for `key_person_hire`."""
BIG_TASK = 15.0
"""Person-days of work left from which a critical task is worth an early hire; and the
open work of a skill from which a key person is worth backing up."""


def hiring_window(view: PlayerView) -> bool:
    """Whether a hire may still pay: the P80 forecast is at least a week late, the week
    is in the first part of the schedule (`HIRE_BEFORE_SHARE`), and no freeze holds."""
    late_p80 = view.forecast.p80_week - view.deadline_week
    return (view.week <= HIRE_BEFORE_SHARE * view.deadline_week and late_p80 >= 1
            and view.frozen_until_week < view.week)


def best_for(view: PlayerView, skill: str) -> CandidateView | None:
    """The candidate with the most of a skill per euro, among those with `HIRE_SKILL`."""
    options = [c for c in view.candidates if c.skills.get(skill, 0) >= HIRE_SKILL]
    return max(options, key=lambda c: c.skills[skill] / c.daily_rate) if options else None


def early_hire(view: PlayerView) -> list[d.Decision]:
    """Hire for a big critical task (`BIG_TASK`) inside the hiring window, one new
    person at a time, and put them on it."""
    if not hiring_window(view) or any(p.new_hire for p in view.people):
        return []
    critical = [
        t for t in view.tasks if t.status in ("waiting", "active") and t.criticality >= CRITICAL
    ]
    for t in sorted(critical, key=lambda t: -(t.estimate - t.done)):
        if t.estimate - t.done < BIG_TASK or len(t.assignees) >= t.max_staff:
            continue
        if t.status == "active" and t.progress > 0.3:
            continue
        best = best_for(view, t.skill)
        if best is not None:
            return [d.Hire(best.id), d.Assign(best.id, t.id)]
    return []


def key_person_hire(view: PlayerView) -> list[d.Decision]:
    """Back up a key person inside the hiring window: a skill the critical path needs
    that one person alone carries (at `HIRE_SKILL`), with `BIG_TASK` of open work or
    more, gets a second person. The work of that skill queues behind them (rescue's one
    tester on every test) and a day of their sickness is a day of the project; the idle
    help rule puts the hire to work. Meant for a recovery, where the team as it is
    cannot make the date."""
    if not hiring_window(view):
        return []
    open_tasks = [t for t in view.tasks if t.status in ("waiting", "active")]
    team = [p for p in view.people if p.status in ("active", "arriving")]
    for skill in sorted({t.skill for t in open_tasks if t.criticality >= CRITICAL}):
        if sum(p.skills.get(skill, 0) >= HIRE_SKILL for p in team) != 1:
            continue
        if sum(max(0.0, t.estimate - t.done) for t in open_tasks if t.skill == skill) < BIG_TASK:
            continue
        best = best_for(view, skill)
        if best is not None:
            return [d.Hire(best.id)]
    return []
