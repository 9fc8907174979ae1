"""Small staffing and scope judgements the bots share."""

from __future__ import annotations

from pmsim.engine import decisions as d
from pmsim.engine.view import PersonView, PlayerView, TaskView

TESTER_SKILL = 0.5
"""The least skill at which `second_testers` lines someone up for a test."""
CRITICAL = 0.5
"""Criticality index from which a task counts as on the critical path."""
OFF_PATH = 0.2
"""Criticality below which a task is off the critical path (its work can wait)."""
ABLE_SKILL = 0.3
"""The skill above which someone can work on a task at all (for the bots)."""


def best_person(people: list[PersonView], task: TaskView, busy: dict[str, int]) -> str | None:
    """The most skilled, least loaded person who can do a task."""
    able = [p for p in people if p.skills.get(task.skill, 0) > ABLE_SKILL and p.status != "leaving"]
    if not able:
        return None
    return max(able, key=lambda p: (p.skills[task.skill] - 0.3 * busy.get(p.id, 0), p.id)).id


def staff_orphans(view: PlayerView) -> list[d.Decision]:
    """Put someone on every open task that nobody (or only a leaver) works on."""
    out: list[d.Decision] = []
    people = [p for p in view.people if p.status in ("active", "arriving")]
    busy = {p.id: len(p.assignments) for p in people}
    open_tasks = [t for t in view.tasks if t.status in ("waiting", "active")]
    for t in sorted(open_tasks, key=lambda t: -t.criticality):
        if t.assignees and all(view.person(a).status != "leaving" for a in t.assignees):
            continue
        who = best_person(people, t, busy)
        if who is not None and len(t.assignees) < t.max_staff:
            out.append(d.Assign(who, t.id))
            busy[who] += 1
    return out


def critical_people(view: PlayerView) -> set[str]:
    """The people working on an active task of the critical path (`CRITICAL`)."""
    return {a for t in view.tasks if t.status == "active" and t.criticality >= CRITICAL
            for a in t.assignees}


def second_testers(view: PlayerView, taken: set[str]) -> list[d.Decision]:
    """Line up a second tester for each test still waiting to start with one person on
    it: someone with the skill (`TESTER_SKILL`), not in `taken` (the people the critical
    path needs, and those given work this week), each on one test at most. Testing
    capacity planned ahead finds flaws while they are cheap to fix."""
    out: list[d.Decision] = []
    taken = set(taken)
    for t in view.tasks:
        if (t.kind != "test" or t.status != "waiting" or len(t.assignees) != 1
                or t.max_staff < 2):
            continue
        who = next((p.id for p in view.people if p.status == "active"
                    and p.id not in t.assignees and p.id not in taken
                    and p.skills.get(t.skill, 0) >= TESTER_SKILL), None)
        if who is not None:
            out.append(d.Assign(who, t.id))
            taken.add(who)
    return out


def item_weeks(view: PlayerView, scope_id: str) -> float:
    """Weeks a scope item's open tasks take, counted from the end of this week: along
    its longest chain, each task's remaining estimate shared by as many people with the
    skill as it takes, after any outside predecessor's likely finish. No one else's
    work is in the way (optimistic), but the count starts a week late (this week is
    left as margin): `view.week` plus this is the last week it could finish in."""
    tasks = {t.id: t for t in view.tasks if t.scope == scope_id and t.status != "done"}
    able = [p for p in view.people if p.status == "active"]
    ends: dict[str, float] = {}

    def end(task: TaskView) -> float:
        if task.id not in ends:
            start = 0.0
            for pred in task.predecessors:
                if pred in tasks:
                    start = max(start, end(tasks[pred]))
                    continue
                other = view.task(pred)
                if other.status != "done" and other.likely_finish_week is not None:
                    start = max(start, (other.likely_finish_week - view.week) * view.days_per_week)
            people = sum(1 for p in able if p.skills.get(task.skill, 0.0) > ABLE_SKILL)
            ends[task.id] = start + max(0.0, task.estimate - task.done) / max(
                1, min(task.max_staff, people))
        return ends[task.id]

    return max((end(t) for t in tasks.values()), default=0.0) / view.days_per_week


def replacement_hire(view: PlayerView) -> list[d.Decision]:
    """Hire for a skill that open work needs and nobody on the team has (the only
    designer resigned, say): without someone able, that work never finishes, so this is
    not Brooks' law's late hire but the only way through. The most critical such task
    first, the candidate with the most of the skill per euro; a leaver still counts
    until gone (a counter-offer may keep them)."""
    if view.frozen_until_week >= view.week:
        return []
    team = [p for p in view.people if p.status in ("active", "arriving", "leaving")]
    open_tasks = [t for t in view.tasks if t.status in ("waiting", "active")]
    for t in sorted(open_tasks, key=lambda t: -t.criticality):
        if any(p.skills.get(t.skill, 0.0) > ABLE_SKILL for p in team):
            continue
        able = [c for c in view.candidates if c.skills.get(t.skill, 0.0) > ABLE_SKILL]
        if able:
            best = max(able, key=lambda c: (c.skills[t.skill] / c.daily_rate, c.id))
            return [d.Hire(best.id), d.Assign(best.id, t.id)]
    return []


def sole_holder(view: PlayerView, person: str) -> bool:
    """Whether open work needs a skill that only `person` has on the team (above
    `ABLE_SKILL`): without them it waits for a hire, if the pool has one."""
    me = next((p for p in view.people if p.id == person), None)
    if me is None:
        return False
    others = [p for p in view.people if p.id != person and p.status in ("active", "arriving")]
    needed = {t.skill for t in view.tasks if t.status in ("waiting", "active")}
    return any(me.skills.get(skill, 0.0) > ABLE_SKILL
               and not any(o.skills.get(skill, 0.0) > ABLE_SKILL for o in others)
               for skill in needed)



def idle_releases(view: PlayerView, given: set[str]) -> list[d.Decision]:
    """Release the people with nothing left to do: on the team, on no open task, not
    given work this week (`given`), and whose skills someone staying has at least as
    well for every task still open (a change not yet asked for may never come). They
    are paid while idle; PMBOK's "release resources" hands them back as soon as the
    project no longer needs them."""
    staying = [p for p in view.people if p.status in ("active", "arriving")]
    ahead = [t for t in view.tasks if t.status in ("waiting", "active")]
    open_ids = {t.id for t in ahead}
    out: list[d.Decision] = []
    for p in staying:
        if (p.status != "active" or p.id in given
                or any(a in open_ids for a in p.assignments)):
            continue
        others = [q for q in staying if q.id != p.id]
        if all(p.skills.get(t.skill, 0.0) <= ABLE_SKILL
               or any(q.skills.get(t.skill, 0.0) >= p.skills[t.skill] for q in others)
               for t in ahead):
            out.append(d.Release(p.id))
            staying.remove(p)
    return out
