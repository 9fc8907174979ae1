"""Meaning checks on a scenario that passed the schema: references, cycles, numbers."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Iterable

from pmsim.scenario.parameters import SCORE_TOTAL, ScoringCurves
from pmsim.scenario.problems import Problem
from pmsim.scenario.register import DECISION_KINDS, ChangeTerms
from pmsim.scenario.schema import Candidate, Person, Scenario, Task

Add = Callable[[str, str, str], None]
"""How a check reports a problem: add(item, field, message)."""

THREAT_RESPONSES = ("avoid", "mitigate", "transfer", "escalate")
OPPORTUNITY_RESPONSES = ("exploit", "enhance", "share", "escalate")


def find_cycle(graph: dict[str, list[str]]) -> list[str] | None:
    """Return one dependency cycle as a list of ids (first id repeated last), or None."""
    colour: dict[str, int] = {}
    for root in graph:
        if colour.get(root):
            continue
        stack: list[tuple[str, Iterable[str]]] = [(root, iter(graph.get(root, ())))]
        path = [root]
        colour[root] = 1
        while stack:
            node, children = stack[-1]
            for child in children:
                if child not in graph:
                    continue
                if colour.get(child) == 1:
                    return [*path[path.index(child):], child]
                if not colour.get(child):
                    colour[child] = 1
                    path.append(child)
                    stack.append((child, iter(graph.get(child, ()))))
                    break
            else:
                colour[node] = 2
                path.pop()
                stack.pop()
    return None


def check_meaning(s: Scenario, label: str) -> list[Problem]:
    """Every meaning problem of a schema-valid scenario; empty when it is playable.

    The checks run in the order of `MEANING_CHECKS`, which is the order problems are
    listed in."""
    out: list[Problem] = []

    def add(item: str, field: str, message: str) -> None:
        out.append(Problem(label, item, field, message))

    for check in MEANING_CHECKS:
        check(s, add)
    return out


def _check_unique_ids(s: Scenario, add: Add) -> None:
    """Ids are unique within each table (team and hire pool share one)."""
    tables = (("scope", [x.id for x in s.scope]),
              ("tasks", [x.id for x in s.tasks]),
              ("team/hire_pool", [x.id for x in s.team] + [x.id for x in s.hire_pool]),
              ("stakeholders", [x.id for x in s.stakeholders]),
              ("risks", [x.id for x in s.risks]),
              ("events", [x.id for x in s.events]),
              ("injects", [x.id for x in s.injects]))
    for table, ids in tables:
        for dup, count in Counter(ids).items():
            if count > 1:
                add(f"{table} '{dup}'", "id", f"is used {count} times; ids must be unique")


def _check_calendar(s: Scenario, add: Add) -> None:
    """The deadline is on or before the hard stop."""
    cal = s.calendar
    if cal.deadline_week > cal.hard_stop_week:
        add("calendar", "deadline_week",
            f"is {cal.deadline_week}, after hard_stop_week {cal.hard_stop_week}; "
            "the deadline must be on or before the hard stop")


def _everyone(s: Scenario) -> list[Person | Candidate]:
    """The team and the hire pool."""
    return [*s.team, *s.hire_pool]


def _check_people(s: Scenario, add: Add) -> None:
    """Everyone in the team and the hire pool costs something and has a skill."""
    people = {x.id for x in s.team}
    for p in _everyone(s):
        table = "team" if p.id in people else "hire_pool"
        if p.daily_rate <= 0:
            add(f"{table} '{p.id}'", "daily_rate", "must be more than 0")
        if not any(v > 0 for v in p.skills.values()):
            add(f"{table} '{p.id}'", "skills", "needs at least one skill level above 0")


def _check_tasks(s: Scenario, add: Add) -> None:
    """Each task's scope, estimates, predecessors, skill, staff and crash cost."""
    scope = {x.id: x for x in s.scope}
    tasks = [x.id for x in s.tasks]
    people = {x.id: x for x in s.team}
    skills_available = {k for p in _everyone(s) for k, v in p.skills.items() if v > 0}
    for t in s.tasks:
        item = f"tasks '{t.id}'"
        if t.scope not in scope:
            add(item, "scope", f"names scope item '{t.scope}', which is not in [[scope]] "
                f"{_unknown(t.scope, scope)}")
        _check_estimates(t, item, add)
        _check_predecessors(t, item, tasks, add)
        if t.skill not in skills_available:
            add(item, "skill", f"needs skill '{t.skill}', which nobody in the team or the "
                f"hire pool has {_unknown(t.skill, skills_available)}")
        _check_staff(t, item, people, add)
        if t.crash_cost_per_day is None and t.crash_max_days > 0:
            add(item, "crash_cost_per_day", "is needed when crash_max_days is set")


def _check_estimates(t: Task, item: str, add: Add) -> None:
    """Three-point estimates in order, and some effort."""
    if not t.optimistic <= t.likely <= t.pessimistic:
        add(item, "likely", f"estimates must satisfy optimistic ≤ likely ≤ pessimistic "
            f"(got {t.optimistic:g}, {t.likely:g}, {t.pessimistic:g})")
    if t.likely <= 0:
        add(item, "likely", "effort must be more than 0 person-days")


def _check_predecessors(t: Task, item: str, tasks: list[str], add: Add) -> None:
    """Predecessors are other tasks that exist, each listed once."""
    for pred in t.predecessors:
        if pred == t.id:
            add(item, "predecessors", "a task cannot be its own predecessor")
        elif pred not in tasks:
            add(item, "predecessors", f"names task '{pred}', which is not in [[tasks]] "
                f"{_unknown(pred, tasks)}")
    for dup, n in Counter(t.predecessors).items():
        if n > 1:
            add(item, "predecessors", f"lists '{dup}' {n} times")


def _check_staff(t: Task, item: str, people: dict[str, Person], add: Add) -> None:
    """The planned staff are team members, listed once, at least one of them with the
    task's skill, and no more than `max_staff`."""
    for who in t.staff:
        if who not in people:
            add(item, "staff", f"names '{who}', who is not in [[team]] "
                f"{_unknown(who, people)}")
    for dup, n in Counter(t.staff).items():
        if n > 1:
            add(item, "staff", f"lists '{dup}' {n} times")
    if not t.staff:
        # The schema asks for at least one, but pydantic does not check the default
        # of an omitted key; a task nobody is planned on never moves in the plan.
        add(item, "staff", f"plans nobody; list at least one [[team]] member who has "
            f"skill '{t.skill}' (known: {_known(people)})")
    staffed = [people[w] for w in t.staff if w in people]
    if staffed and not any(p.skills.get(t.skill, 0) > 0 for p in staffed):
        add(item, "staff", f"nobody planned on it has skill '{t.skill}'; "
            "plan at least one person who has it")
    if len(t.staff) > t.max_staff:
        add(item, "staff", f"plans {len(t.staff)} people but max_staff is {t.max_staff}")


def _check_cycle(s: Scenario, add: Add) -> None:
    """The predecessors form no loop."""
    cycle = find_cycle({t.id: list(t.predecessors) for t in s.tasks})
    if cycle:
        add(f"tasks '{cycle[0]}'", "predecessors",
            "dependency cycle: " + " → ".join(cycle) + "; predecessors must form no loop")


def _check_sponsor(s: Scenario, add: Add) -> None:
    """At most one stakeholder is the sponsor."""
    sponsors = [x.id for x in s.stakeholders if x.sponsor]
    if len(sponsors) > 1:
        add("stakeholders", "sponsor",
            f"{len(sponsors)} stakeholders are marked sponsor ({', '.join(sponsors)}); "
            "at most one may be")


def _check_scoring(s: Scenario, add: Add) -> None:
    """The `[scoring]` weights add up to `SCORE_TOTAL`, and the curves are coherent."""
    weights = s.scoring.weights()
    if sum(weights.values()) != SCORE_TOTAL:
        shown = ", ".join(f"{k} {v}" for k, v in weights.items())
        add("scoring", "", f"the weights total {sum(weights.values())} ({shown}); they must "
            f"total {SCORE_TOTAL}, so that scores of every scenario compare")
    _check_curves(s.scoring.curves, add)


def _check_curves(curves: ScoringCurves, add: Add) -> None:
    """Each straight-line curve earns nothing at a lower figure than it earns full points
    (or its slope is undefined), and the failure line is not above the success line."""
    for zero, full in (("satisfaction_zero", "satisfaction_full"),
                       ("morale_zero", "morale_full")):
        if getattr(curves, zero) >= getattr(curves, full):
            add("scoring.curves", zero, f"is {getattr(curves, zero):g}, not below {full} "
                f"({getattr(curves, full):g}); the points rise from {zero} to {full}")
    if curves.failed_points > curves.successful_points:
        add("scoring.curves", "failed_points", f"is {curves.failed_points}, above "
            f"successful_points ({curves.successful_points}); a game under failed_points "
            "fails, one with at least successful_points may succeed")


def _known(table: Iterable[str]) -> str:
    names = sorted(table)
    shown = ", ".join(names[:8])
    return shown + (", …" if len(names) > 8 else "") if names else "none"


def _unknown(name: str, known: Iterable[str]) -> str:
    """'did you mean 'x'? known: a, b, …' for a name that is not among `known`."""
    names = list(known)
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return f"({hint}known: {_known(names)})"


def _check_scope(s: Scenario, add: Add) -> None:
    """Every scope item has tasks and can be delivered; baseline work never waits for
    proposed scope."""
    tasks_of: dict[str, list[str]] = {x.id: [] for x in s.scope}
    for t in s.tasks:
        tasks_of.setdefault(t.scope, []).append(t.id)
    proposed = {x.id for x in s.scope if x.proposed}
    task_scope = {t.id: t.scope for t in s.tasks}
    for item in s.scope:
        if not tasks_of.get(item.id):
            add(f"scope '{item.id}'", "", "has no tasks; every scope item needs at least one")
    if not any(not x.proposed for x in s.scope):
        add("scope", "", "every scope item is `proposed`; the baseline needs at least one")
    for t in s.tasks:
        if t.scope in proposed:
            continue
        for pred in t.predecessors:
            if task_scope.get(pred) in proposed:
                add(f"tasks '{t.id}'", "predecessors",
                    f"depends on '{pred}', which belongs to proposed scope "
                    f"'{task_scope[pred]}'; baseline work cannot wait for an unapproved change")
    brought = {e.adds_scope for e in (*s.events, *s.injects) if e.adds_scope}
    for item in s.scope:
        if item.proposed and item.id not in brought:
            add(f"scope '{item.id}'", "proposed",
                "is proposed but no change request adds it; it could never be delivered")
        if item.proposed and item.priority == "must":
            add(f"scope '{item.id}'", "priority",
                "a proposed (change-request) item cannot be a must-have of the baseline; "
                "use should or could")
        if not item.negotiable and (item.priority != "must" or item.proposed):
            add(f"scope '{item.id}'", "negotiable",
                "only a must-have of the baseline can be marked not negotiable; remove "
                "`negotiable = false` or make it a must-have")


def _check_risks(s: Scenario, add: Add) -> None:
    """Each risk's window, tasks, impact ranges, responses and triggers."""
    tasks = {t.id for t in s.tasks}
    for r in s.risks:
        item = f"risks '{r.id}'"
        first, last = r.window
        if first < 1 or first > last:
            add(item, "window", f"must be [first, last] with 1 ≤ first ≤ last (got [{first}, "
                f"{last}])")
        if first > s.calendar.hard_stop_week:
            add(item, "window", f"starts in week {first}, after the hard stop "
                f"(week {s.calendar.hard_stop_week}); it could never fire")
        for tid in r.tasks:
            if tid not in tasks:
                add(item, "tasks", f"names task '{tid}', which is not in [[tasks]] "
                    f"{_unknown(tid, tasks)}")
        for name in ("delay_days", "effort_days", "cost"):
            rng = getattr(r.impact, name)
            if rng is None:
                continue
            low, mid, high = rng
            if not low <= mid <= high:
                add(item, f"impact.{name}", f"must be [low, likely, high] with low ≤ likely ≤ "
                    f"high (got {rng})")
            if low < 0:
                add(item, f"impact.{name}", "must not be negative; for an opportunity the "
                    "numbers are gains")
        if (r.impact.delay_days or r.impact.effort_days) and not r.tasks:
            add(item, "tasks", "the impact delays or adds work, so name the tasks it lands on")
        allowed = THREAT_RESPONSES if r.kind == "threat" else OPPORTUNITY_RESPONSES
        for name, resp in r.responses:
            if resp is not None and name not in allowed:
                add(item, f"responses.{name}",
                    f"is not a response to {'an' if r.kind == 'opportunity' else 'a'} "
                    f"{r.kind}; allowed: {', '.join(allowed)}")
        for i, trig in enumerate(r.triggers):
            if trig.below is None and trig.above is None:
                add(item, f"triggers #{i + 1}", "needs `below` or `above`")


def _check_events(s: Scenario, add: Add) -> None:
    """Each event's week, requester and the scope it adds."""
    for e in s.events:
        item = f"events '{e.id}'"
        if e.week > s.calendar.hard_stop_week:
            add(item, "week", f"is after the hard stop (week {s.calendar.hard_stop_week})")
        _check_change_terms(s, item, e, e.kind == "change_request", add)
    brought = Counter(x.adds_scope for x in (*s.events, *s.injects) if x.adds_scope)
    for sid, n in brought.items():
        if n > 1:
            add(f"scope '{sid}'", "proposed", f"is added by {n} change requests; one only")


def _check_change_terms(s: Scenario, item: str, e: ChangeTerms, change: bool,
                        add: Add) -> None:
    """An event's or inject's requester, and the scope a change request adds."""
    holders = {x.id for x in s.stakeholders}
    scope = {x.id: x for x in s.scope}
    if e.requested_by is not None and e.requested_by not in holders:
        member = any(p.id == e.requested_by for p in _everyone(s))
        why = (" (that is a team member: requests come from stakeholders; add them to "
               "[[stakeholders]] too if they also ask for things)" if member else
               f" {_unknown(e.requested_by, holders)}")
        add(item, "requested_by", f"names '{e.requested_by}', who is not in "
            f"[[stakeholders]]{why}")
    if change:
        if e.requested_by is None:
            add(item, "requested_by", "a change request needs the stakeholder who asks")
        if e.adds_scope is None:
            add(item, "adds_scope", "a change request needs the proposed scope item it adds")
    if e.adds_scope is not None:
        if not change:
            add(item, "adds_scope", "only change requests add scope")
        elif e.adds_scope not in scope:
            add(item, "adds_scope", f"names scope item '{e.adds_scope}', which is not in "
                f"[[scope]] {_unknown(e.adds_scope, scope)}")
        elif not scope[e.adds_scope].proposed:
            add(item, "adds_scope", f"scope item '{e.adds_scope}' is already in the "
                "baseline; mark it `proposed = true`")


def _check_injects(s: Scenario, add: Add) -> None:
    """Each inject names what its kind needs: the money, the person, the weeks, the
    risk, or a change request's requester and scope."""
    team = {p.id for p in s.team}
    risks = {r.id for r in s.risks}
    events = {e.id for e in s.events}
    for x in s.injects:
        item = f"injects '{x.id}'"
        if x.id in events:
            add(item, "id", "is an event's id too; an inject needs its own")
        if x.week is not None and x.week > s.calendar.hard_stop_week:
            add(item, "week", f"is after the hard stop (week {s.calendar.hard_stop_week})")
        _check_change_terms(s, item, x, x.kind == "change_request", add)
        if x.kind == "budget_cut" and x.amount <= 0:
            add(item, "amount", "a budget cut needs the money it takes back (amount > 0)")
        if x.kind == "deadline_forward" and x.weeks < 1:
            add(item, "weeks", "the deadline comes forward by at least one week (weeks ≥ 1)")
        if x.kind == "person_leaves" and x.person not in team:
            add(item, "person", f"names '{x.person or ''}', who is not on the starting team "
                f"{_unknown(x.person or '', team)}")
        if x.kind == "risk_certain" and x.risk not in risks:
            add(item, "risk", f"names '{x.risk or ''}', which is not on the register "
                f"{_unknown(x.risk or '', risks)}")


def _check_hints(s: Scenario, add: Add) -> None:
    """A hint's `unless`: only hints have one, each names a decision kind and, if it
    names an id too, one the scenario has."""
    ids = {x.id for table in (s.tasks, s.team, s.hire_pool, s.stakeholders, s.scope,
                              s.risks, s.events) for x in table}
    for e in s.events:
        item = f"events '{e.id}'"
        if e.unless and not e.hint:
            add(item, "unless", "only a hint (`hint = true`) is skipped for what the player "
                "has done")
        for ref in e.unless:
            kind, _, target = ref.partition(":")
            if kind not in DECISION_KINDS:
                add(item, "unless", f"names '{kind}', which is not a decision kind "
                    f"{_unknown(kind, DECISION_KINDS)}")
            if target and target not in ids:
                add(item, "unless", f"names '{target}', which is nothing in this scenario "
                    f"{_unknown(target, ids)}")


MEANING_CHECKS: tuple[Callable[[Scenario, Add], None], ...] = (
    _check_unique_ids, _check_calendar, _check_people, _check_tasks, _check_cycle,
    _check_scope, _check_risks, _check_events, _check_injects, _check_hints, _check_sponsor,
    _check_scoring)
"""The meaning checks `check_meaning` runs, in the order their problems are listed."""
