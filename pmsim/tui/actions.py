"""Every decision of the engine as a keyboard action: its key, name and group come from
its rule (`pmsim.engine.rules`); this module adds how to ask the player for what it
needs (a task, a person, an amount…) before the preview: the pickers, by decision kind.

A builder gets an `ActionContext` (the view, a way to show a dialog and wait for its
answer, and the item under the cursor of the dashboard) and returns the `Decision`, or
None when the player goes back. It never touches the game: the dashboard checks the
decision, shows its preview, and applies it once confirmed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from rich.text import Text

from pmsim.engine import costs
from pmsim.engine import decisions as d
from pmsim.engine.board import MAX_DEADLINE_WEEKS
from pmsim.engine.rules import DecisionRule, all_rules
from pmsim.engine.rules.engagement import REPORTING_HOURS
from pmsim.engine.rules.morale import SKILL_CAP, SKILL_STEP
from pmsim.engine.rules.overtime import OVERTIME_LEVELS
from pmsim.engine.turn import money_text, week_hours
from pmsim.engine.view import PlayerView, ScopeView
from pmsim.tui.dialogs.ask import AskNumber
from pmsim.tui.dialogs.choose import ChooseDialog
from pmsim.tui.format import PRIORITY, c, money, percent
from pmsim.tui.widgets.work import CRITICAL
from pmsim.wording import count, span


class ActionContext(Protocol):
    """What a builder may use."""

    view: PlayerView

    async def ask(self, screen: Any) -> Any:
        """Show a dialog and wait for its answer."""
        ...

    def selected(self, kind: str) -> str | None:
        """Id of the task / person / stakeholder / risk / scope item under the cursor."""
        ...


Builder = Callable[[ActionContext], Awaitable[d.Decision | None]]


@dataclass(frozen=True)
class Action:
    """A decision reachable from the keyboard: its rule and its picker."""

    rule: DecisionRule[Any]
    build: Builder

    @property
    def key(self) -> str:
        """Its key on the dashboard and in the menu."""
        return self.rule.key

    @property
    def name(self) -> str:
        """Its line in the menu."""
        return self.rule.menu

    @property
    def group(self) -> str:
        """Its group in the menu."""
        return self.rule.group

    @property
    def decision(self) -> type[d.Decision]:
        """The decision class it builds."""
        return self.rule.decision

    @property
    def attention(self) -> float | None:
        """PM hours it takes (None: it depends on the choice, as for risk responses)."""
        return None if self.rule.attention_varies else self.rule.decision.attention


# ---------------------------------------------------------------- item lists


def task_items(view: PlayerView, statuses: Sequence[str]) -> list[tuple[str, Text]]:
    """Tasks in these statuses, critical ones marked ◆."""
    people = {p.id: p.name.split()[0] for p in view.people}
    items = []
    for t in view.tasks:
        if t.status not in statuses:
            continue
        text = Text("◆ " if t.criticality >= 0.5 else "  ", style=c("bad"))
        text.append(t.name, style="bold")
        staff = ", ".join(people.get(a, a) for a in t.assignees) or "nobody"
        text.append(f"  {t.status} {percent(t.progress)} · {t.skill} · "
                    f"{len(t.assignees)}/{t.max_staff}: {staff}", style=c("muted"))
        items.append((t.id, text))
    return items


def person_items(view: PlayerView, skill: str | None = None,
                 statuses: Sequence[str] = ("active",)) -> list[tuple[str, Text]]:
    """People on the team now (and, with "arriving" in `statuses`, new hires still to
    come), with their skill for `skill` (or all skills) and load."""
    items = []
    people = sorted(view.people, key=lambda p: -p.skills.get(skill, 0.0)) if skill else list(
        view.people)
    for p in people:
        if p.status not in statuses:
            continue
        text = Text(p.name, style="bold")
        if skill is not None:
            level = p.skills.get(skill, 0.0)
            text.append(f"  {skill} {level:.1f}" if level else f"  no {skill} skill",
                        style=c("muted") if level else c("bad"))
        else:
            text.append("  " + ", ".join(f"{k} {v:.1f}" for k, v in p.skills.items()),
                        style=c("muted"))
        busy = sum(1 for a in p.assignments if view.task(a).status == "active")
        text.append(f" · busy on {count(busy, 'active task')}" if busy else " · idle",
                    style=c("muted"))
        if p.arrival_week > view.week:
            text.append(f" · arrives week {p.arrival_week}", style=c("muted"))
        items.append((p.id, text))
    return items


def scope_items(view: PlayerView, statuses: Sequence[str],
                priorities: Sequence[str] = ("must", "should", "could", "wont"),
                keep: Callable[[ScopeView], bool] = lambda s: True,
                ) -> list[tuple[str, Text]]:
    """Scope items in these statuses and priorities (and that `keep` keeps)."""
    items = []
    for s in view.scope:
        if s.status in statuses and s.priority in priorities and keep(s):
            text = Text(f"{PRIORITY.get(s.priority, s.priority):<6} ", style="bold")
            text.append(s.name)
            text.append(f"  {money(s.value, view.money.currency)} · {s.status} "
                        f"{percent(s.progress)}", style=c("muted"))
            items.append((s.id, text))
    return items


async def choose(ctx: ActionContext, title: str, text: str,
                 items: list[tuple[str, Text]], kind: str = "",
                 fits: Callable[[str], bool] = lambda key: True) -> str | None:
    """Ask for one item, starting on the one under the dashboard's cursor when it `fits`
    the decision, else on the first that does: enter at once never picks someone
    without the skill, or the person the critical path needs."""
    keys = [key for key, _ in items]
    under = ctx.selected(kind) if kind else None
    start = under if under in keys and fits(under) else next(
        (key for key in keys if fits(key)), None)
    return await ctx.ask(ChooseDialog(title, text, items, start, pick_first=False))


def on_critical_path(view: PlayerView, person: str) -> bool:
    """The person works on an open critical task (the work view's ◆, `CRITICAL`)."""
    return any(t.status in ("waiting", "active") and t.criticality >= CRITICAL
               and person in t.assignees for t in view.tasks)


# ---------------------------------------------------------------- builders


async def overtime(ctx: ActionContext) -> d.Decision | None:
    v = ctx.view
    items = []
    for lv in OVERTIME_LEVELS:
        if lv > v.max_overtime + 1e-9:
            continue
        text = Text(f"{week_hours(lv, v.days_per_week):.0f}-hour weeks", style="bold")
        extra = costs.premium_share(lv, v.overtime_premium)
        text.append("  normal hours" if lv == 1.0 else f"  pay +{extra:.0%} for those "
                    "working", style=c("muted"))
        if abs(lv - v.overtime) < 1e-9:
            text.append("  ← now", style=c("accent"))
        items.append((f"{lv:g}", text))
    level = await ctx.ask(ChooseDialog("Working hours", "Overtime buys output now and "
                                       "costs fatigue later; the extra hours are paid at "
                                       "the overtime rate.", items, f"{v.overtime:g}"))
    return d.SetOvertime(float(level)) if level else None


async def assign(ctx: ActionContext) -> d.Decision | None:
    task = await choose(ctx, "Assign: which task?", "Waiting and active tasks.",
                        task_items(ctx.view, ("waiting", "active")), "task")
    if not task:
        return None
    t = ctx.view.task(task)
    # whoever is on the task already cannot join it again: only the others are offered
    on_it = [p.name for p in ctx.view.people if p.id in t.assignees]
    text = f"The task needs {t.skill}." + (f" Already on it: {', '.join(on_it)}."
                                           if on_it else "")
    # a new hire can be given work before arriving, and starts on it on arrival
    people = [(p, x) for p, x in person_items(ctx.view, t.skill, ("active", "arriving"))
              if p not in t.assignees]
    person = await choose(ctx, f"Assign to '{t.name}': who?", text, people, "person",
                          lambda p: ctx.view.person(p).skills.get(t.skill, 0.0) > 0)
    return d.Assign(person, task) if person else None


async def unassign(ctx: ActionContext) -> d.Decision | None:
    items = [(t, x) for t, x in task_items(ctx.view, ("waiting", "active"))
             if ctx.view.task(t).assignees]
    task = await choose(ctx, "Unassign: from which task?", "", items, "task")
    if not task:
        return None
    t = ctx.view.task(task)
    people = [(p, x) for p, x in person_items(ctx.view, t.skill) if p in t.assignees]
    person = await choose(ctx, f"Take whom off '{t.name}'?", "", people, "person")
    return d.Unassign(person, task) if person else None


async def hire(ctx: ActionContext) -> d.Decision | None:
    v = ctx.view
    items = []
    for cand in v.candidates:
        text = Text(cand.name, style="bold")
        text.append(f" — {cand.role}  " if cand.role else "  ")
        text.append(", ".join(f"{k} {x:.1f}" for k, x in cand.skills.items()) +
                    f" · {money(cand.daily_rate)}/day · starts in {cand.lead_time_weeks} "
                    f"week{'' if cand.lead_time_weeks == 1 else 's'} · hiring "
                    f"{money(cand.hiring_cost)}", style=c("muted"))
        items.append((cand.id, text))
    who = await choose(ctx, "Hire whom?", "Candidates in the hire pool." if items else
                       "The hire pool is empty: nobody is looking for this project now.",
                       items)
    return d.Hire(who) if who else None


async def release(ctx: ActionContext) -> d.Decision | None:
    items = person_items(ctx.view, statuses=("active", "arriving"))
    for key, text in items:
        if on_critical_path(ctx.view, key):
            text.append(" · ◆ on the critical path", style=c("bad"))
    arriving = any(p.status == "arriving" for p in ctx.view.people)
    who = await choose(ctx, "Release whom from the project?", "A new hire not yet "
                       "arrived is cancelled." if arriving else "", items, "person",
                       lambda p: not on_critical_path(ctx.view, p))
    return d.Release(who) if who else None


async def crash(ctx: ActionContext) -> d.Decision | None:
    items = [(t, x) for t, x in task_items(ctx.view, ("waiting", "active"))
             if ctx.view.task(t).can_crash_days > 0]
    task = await choose(ctx, "Crash which task?", "Tasks where contractors can buy days.",
                        items, "task")
    if not task:
        return None
    t = ctx.view.task(task)
    days = await ctx.ask(AskNumber(
        f"Crash '{t.name}'", f"Days to buy: up to {count(t.can_crash_days, 'day')}, at "
        f"{money(t.crash_cost_per_day or 0, ctx.view.money.currency)} for the next day, each "
        "further day dearer.",
        0.5, t.can_crash_days, min(2.0, t.can_crash_days)))
    return d.Crash(task, float(days)) if days else None


async def fast_track(ctx: ActionContext) -> d.Decision | None:
    items = [(t, x) for t, x in task_items(ctx.view, ("waiting",))
             if ctx.view.task(t).predecessors and not ctx.view.task(t).fast_tracked]
    task = await choose(ctx, "Fast-track which task?", "It starts before its predecessors "
                        "finish, at the price of rework.", items, "task")
    return d.FastTrack(task) if task else None


def _scope_builder(cls: Callable[[str], d.Decision],
                   title: str, statuses: Sequence[str],
                   priorities: Sequence[str] = ("should", "could", "wont"),
                   keep: Callable[[ScopeView], bool] = lambda s: True) -> Builder:
    async def build(ctx: ActionContext) -> d.Decision | None:
        item = await choose(ctx, title, "", scope_items(ctx.view, statuses, priorities, keep),
                            "scope")
        return cls(item) if item else None
    return build


def response_effects(probability: float, response: dict[str, float | str],
                     name: str) -> str:
    """'probability 40% → 20% · impact unchanged': a response's two effects side by
    side (a transfer moves the cost impact to someone else, not the delay)."""
    factor = float(response["probability_factor"])
    impact = float(response["impact_factor"])
    chance = (f"probability {percent(probability)} → {percent(min(1.0, probability * factor))}"
              if factor != 1.0 else "probability unchanged")
    what = "cost impact" if name == "transfer" else "impact"
    hit = f"{what} × {impact:.2g}" if impact != 1.0 else f"{what} unchanged"
    return f"{chance} · {hit}"


async def risk_response(ctx: ActionContext) -> d.Decision | None:
    v = ctx.view
    items = []
    live_first = sorted(v.risks, key=lambda r: (not r.in_window, r.window[0]))
    for r in live_first:
        if r.closed or r.response:
            continue
        text = Text(("▼ " if r.kind == "threat" else "▲ ") + r.name, style="bold")
        weeks = "week" if r.window[0] == r.window[1] else "weeks"
        text.append(f"  {percent(r.probability)} in {weeks} {span(*r.window)}"
                    + (" · live now" if r.in_window else ""), style=c("muted"))
        items.append((r.id, text))
    risk = await choose(ctx, "Respond to which risk?", "Open risks with no response yet.",
                        items, "risk")
    if not risk:
        return None
    r = next(x for x in v.risks if x.id == risk)
    options = []
    for name, resp in r.responses.items():
        text = Text(name, style="bold")
        cost = money_text(float(resp["cost"]), v.money.currency)
        about = str(resp["description"]).rstrip(". ")
        text.append(f"  {about + ' — ' if about else ''}{cost}, "
                    f"{float(resp['attention']):g} h", style=c("muted"))
        text.append(f"\n    {response_effects(r.probability, resp, name)}", style=c("muted"))
        options.append((name, text))
    options.append(("accept", Text("accept", style="bold").append(
        "  record the risk as accepted; nothing is spent", style=c("muted"))))
    response = await ctx.ask(ChooseDialog(f"Response to '{r.name}'", r.description, options))
    return d.RespondToRisk(risk, response) if response else None


async def draw_contingency(ctx: ActionContext) -> d.Decision | None:
    left = ctx.view.money.contingency_left
    amount = await ctx.ask(AskNumber("Draw contingency", f"Move money from the contingency "
                                     f"reserve into the budget ({money(left)} left).",
                                     1, max(left, 1), min(10_000, left)))
    return d.DrawContingency(float(amount)) if amount else None


async def request_reserve(ctx: ActionContext) -> d.Decision | None:
    left = ctx.view.money.reserve_left
    amount = await ctx.ask(AskNumber("Request management reserve", "Ask the sponsor to "
                                     f"release reserve into the budget ({money(left)} left).",
                                     1, max(left, 1), min(20_000, left)))
    return d.RequestReserve(float(amount)) if amount else None


async def meet(ctx: ActionContext) -> d.Decision | None:
    items = []
    for h in ctx.view.stakeholders:
        text = Text(h.name, style="bold")
        text.append(f"  {h.role} · {h.quadrant} · satisfaction {h.satisfaction:.0f}",
                    style=c("muted"))
        items.append((h.id, text))
    who = await choose(ctx, "Meet whom?", "", items, "stakeholder")
    return d.MeetStakeholder(who) if who else None


async def reporting(ctx: ActionContext) -> d.Decision | None:
    names = {"none": "no status reports", "summary": "summary reports",
             "detailed": "detailed reports"}
    items = [(k, Text(f"{names[k]} ({hours:g} h a week)"
                      + ("  ← now" if k == ctx.view.reporting else "")))
             for k, hours in REPORTING_HOURS.items()]
    level = await ctx.ask(ChooseDialog("Status reporting", "", items, ctx.view.reporting))
    return d.SetReporting(level) if level else None


async def negotiate_deadline(ctx: ActionContext) -> d.Decision | None:
    weeks = await ctx.ask(AskNumber("Negotiate the deadline", f"Weeks to ask for (deadline "
                                    f"now week {ctx.view.deadline_week}).", 1,
                                    MAX_DEADLINE_WEEKS, 1, integer=True))
    return d.NegotiateDeadline(int(weeks)) if weeks else None


async def train(ctx: ActionContext) -> d.Decision | None:
    who = await choose(ctx, "Train whom?", "", person_items(ctx.view), "person")
    if not who:
        return None
    p = ctx.view.person(who)
    skills = sorted({t.skill for t in ctx.view.tasks} | set(p.skills))
    items = [(s, Text(f"{s}  {p.skills.get(s, 0.0):.1f} → "
                      f"{min(SKILL_CAP, p.skills.get(s, 0.0) + SKILL_STEP):.1f}"))
             for s in skills if p.skills.get(s, 0.0) < SKILL_CAP]
    skill = await ctx.ask(ChooseDialog(f"Train {p.name} in which skill?", "", items))
    return d.Train(who, skill) if skill else None


def _plain(decision: d.Decision) -> Builder:
    async def build(ctx: ActionContext) -> d.Decision | None:
        return decision
    return build


PICKERS: dict[str, Builder] = {
    "assign": assign, "unassign": unassign, "crash": crash, "fast_track": fast_track,
    "overtime": overtime, "hire": hire, "release": release, "training": train,
    "cut": _scope_builder(d.CutScope, "Cut which item for good?", ("planned",)),
    "defer": _scope_builder(d.DeferScope, "Defer which item?", ("planned",)),
    "restore": _scope_builder(d.RestoreScope, "Restore which item?", ("deferred",),
                              ("must", "should", "could", "wont")),
    "risk_response": risk_response, "draw_contingency": draw_contingency,
    "request_reserve": request_reserve, "meet": meet, "reporting": reporting,
    "negotiate_deadline": negotiate_deadline,
    "negotiate_scope": _scope_builder(d.NegotiateScope, "Make which must-have a "
                                      "should-have?", ("planned",), ("must",),
                                      lambda s: s.negotiable),
}
"""Decision kind → how to ask the player for its arguments. A decision without fields
needs no picker: it is taken as it is."""


def builder(rule: DecisionRule[Any]) -> Builder:
    """The picker of a rule's decision; `KeyError` when one with fields has none."""
    picker = PICKERS.get(rule.kind)
    if picker is not None:
        return picker
    if dataclasses.fields(rule.decision):
        raise KeyError(f"decision kind {rule.kind!r} needs a picker in pmsim.tui.actions")
    return _plain(rule.decision())


def menu_actions() -> tuple[Action, ...]:
    """Every registered decision as a keyboard action, in menu order."""
    return tuple(Action(rule, builder(rule)) for rule in all_rules())


ACTIONS: tuple[Action, ...] = menu_actions()
"""Every decision type, in menu order; `key` works on the dashboard and in the menu."""

ACTION_BY_KEY = {a.key: a for a in ACTIONS}
