"""The cautious bot's staffing beyond the orphans: a second pair of hands on the
critical path, and work for idle hands."""

from __future__ import annotations

from pmsim.engine import decisions as d
from pmsim.engine.view import PersonView, PlayerView, TaskView
from pmsim.policies.common import CRITICAL, OFF_PATH

HELP_SKILL = 0.5
"""The least skill at which someone joins a task that is someone else's."""
JOIN_BEFORE = 0.6
"""Someone joins a task under way only while less than this share of it is done."""
SECOND_HANDS_WEEKS = 0.5
"""A second pair of hands joins a critical task only with at least this many weeks of
one person's work left on it (less is over before the newcomer is up to speed)."""


def _open(t: TaskView) -> bool:
    return t.status in ("waiting", "active")


def _given(given: list[d.Decision]) -> set[str]:
    return {x.person for x in given if isinstance(x, d.Assign)}


def second_hands(view: PlayerView, given: list[d.Decision]) -> list[d.Decision]:
    """A second pair of hands on the critical path: someone whose own open work is all
    off the path (it can wait) and who has the skill (`HELP_SKILL`) joins a critical
    task with room, the one with the most work left first, while little of it is done
    (`JOIN_BEFORE`) and enough is left to be worth it (`SECOND_HANDS_WEEKS`). The best
    skilled joins; each person once a week, and not one already given work (`given`).
    Critical-path resourcing: PMBOK 6 §6.5.2.3 (resource optimization) and the
    "crashing by adding resources" of §6.5.2.6."""
    taken = _given(given)
    tasks = {t.id: t for t in view.tasks}

    def can_wait(p: PersonView) -> bool:
        return all(tasks[a].criticality < OFF_PATH for a in p.assignments
                   if a in tasks and _open(tasks[a]))

    out: list[d.Decision] = []
    for t in sorted(view.tasks, key=lambda t: (-t.criticality, t.done - t.estimate)):
        if (not _open(t) or t.kind == "test" or t.criticality < CRITICAL
                or not t.assignees or len(t.assignees) >= t.max_staff
                or t.progress >= JOIN_BEFORE
                or t.estimate - t.done < SECOND_HANDS_WEEKS * view.days_per_week):
            continue
        able = [p for p in view.people
                if p.status == "active" and p.id not in taken and p.id not in t.assignees
                and p.skills.get(t.skill, 0) >= HELP_SKILL and can_wait(p)]
        if able:
            who = max(able, key=lambda p: (p.skills[t.skill], p.id))
            out.append(d.Assign(who.id, t.id))
            taken.add(who.id)
    return out


def idle_hands(view: PlayerView, given: list[d.Decision],
               free: frozenset[str] | set[str] = frozenset()) -> list[d.Decision]:
    """Idle people (paid either way) help a test under way first (flaws found before
    the customer finds them), then the most critical open task they can, an active one
    while enough of it is left to be worth joining (`JOIN_BEFORE`), or one still
    waiting for its predecessors (they start on it when it can start)."""
    out: list[d.Decision] = []
    taken = _given(given)
    open_tasks = [t for t in view.tasks if _open(t)]
    active = {t.id for t in open_tasks if t.status == "active"}
    testing = [t for t in open_tasks if t.kind == "test" and t.status == "active"]
    for p in view.people:
        if p.status != "active" or p.id in taken or any(a in active for a in p.assignments):
            continue
        for t in [*testing, *sorted(open_tasks, key=lambda t: -t.criticality)]:
            if p.id in free and t.criticality < CRITICAL:
                continue
            if (t.progress < JOIN_BEFORE and p.skills.get(t.skill, 0) >= HELP_SKILL
                    and len(t.assignees) < t.max_staff and p.id not in t.assignees):
                out.append(d.Assign(p.id, t.id))
                break
    return out
