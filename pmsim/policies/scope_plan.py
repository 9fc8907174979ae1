"""How the cautious bot moves deferred scope: out when the project would otherwise end
unfinished at the hard stop, back in when the time it needs is there."""

from __future__ import annotations

from pmsim.engine import decisions as d
from pmsim.engine.view import PlayerView
from pmsim.policies.common import ABLE_SKILL, critical_people, item_weeks

RESTORE_MARGIN_WEEKS = 0
"""Weeks the P80 forecast must leave before the deadline to restore deferred scope (0:
once the P80 week is the deadline's; deferred work whose people are paid anyway only
lowers the budget)."""


def past_hard_stop(view: PlayerView) -> list[d.Decision]:
    """When even the P50 forecast runs past the hard stop, the project would end
    unfinished: defer a planned should- or could-have whose own work is forecast to
    finish after the hard stop (it would not be delivered anyway), the least valuable
    first and one a week. `restore` brings it back when the forecast allows."""
    if view.forecast.p50_week <= view.hard_stop_week:
        return []
    late = {t.scope for t in view.tasks if t.status in ("waiting", "active")
            and (t.likely_finish_week or 0) > view.hard_stop_week}
    items = [s for s in view.scope if s.priority != "must" and s.status == "planned"
             and s.id in late]
    if not items:
        return []
    return [d.DeferScope(min(items, key=lambda s: (s.value, s.id)).id)]


def restore(view: PlayerView) -> list[d.Decision]:
    """Bring deferred scope back, most valuable first and one a week, when its own work
    (`item_weeks`) still fits: before the deadline while on course (no breach, the P80
    forecast leaves `RESTORE_MARGIN_WEEKS`); before the P50 finish (and the hard stop)
    when even that is past the deadline, since people who would otherwise wait for the
    late path are paid anyway. Value the time allows is value the sponsor wanted. Not
    while its people are on the critical path (what the bot's focus rule deferred waits
    for them), nor when nobody left on the team can do one of its tasks."""
    forecast = view.forecast
    if not view.breaches and forecast.p80_week <= view.deadline_week - RESTORE_MARGIN_WEEKS:
        until = view.deadline_week
    elif forecast.p50_week > view.deadline_week:
        until = min(forecast.p50_week, view.hard_stop_week)
    else:
        return []
    on_path = critical_people(view)
    team = [p for p in view.people if p.status == "active"]
    deferred = [s for s in view.scope if s.status == "deferred"
                and view.week + item_weeks(view, s.id) <= until
                and all(any(p.skills.get(t.skill, 0.0) > ABLE_SKILL for p in team)
                        for t in view.tasks if t.scope == s.id)
                and not any(a in on_path for t in view.tasks if t.scope == s.id
                            for a in t.assignees)]
    if not deferred:
        return []
    return [d.RestoreScope(max(deferred, key=lambda s: s.value).id)]
