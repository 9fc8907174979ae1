"""The briefing: the project charter a player reads before week 1."""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer

from pmsim.engine.view import PlayerView
from pmsim.scenario import Scenario
from pmsim.tui.dialogs.help import HelpDialog
from pmsim.tui.format import PRIORITY, c, money, percent
from pmsim.tui.messages import StartPlaying
from pmsim.tui.plain import Group, Static, Table
from pmsim.tui.prose import prose
from pmsim.tui.widgets.stakeholders import cares_text, power_interest_grid
from pmsim.wording import span


def _table(*columns: str) -> Table:
    table = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold",
                  expand=False)
    for col in columns:
        table.add_column(col)
    return table


def weeks(n: float) -> str:
    """'1 week', '2 weeks', '1.5 weeks'."""
    return f"{n:g} week" + ("" if n == 1 else "s")


def heading(text: str) -> Text:
    return Text(f"\n{text}", style=f"bold underline {c('accent')}")


def attention_line(view: PlayerView) -> str:
    """'20 h a week, 19 after the weekly summary status report (p changes it), for …':
    the budget and what the standing reports take of it, so that it matches the header's
    'Attention 19/19 h'."""
    use = "for meetings, negotiations and reviews"
    if view.report_hours <= 0:
        return f"{view.attention_hours:g} h a week {use}"
    return (f"{view.attention_hours:g} h a week, {view.attention_budget:g} after the weekly "
            f"{view.reporting} status report ({view.report_hours:g} h; p changes it), {use}")


def charter(scenario: Scenario, view: PlayerView) -> list[RenderableType]:
    """The briefing's sections, top to bottom."""
    return [*_title(scenario, view),
            heading("The situation"), *prose(scenario.meta.briefing),
            heading("Objectives and constraints"), _goals(scenario, view),
            heading("Scope (MoSCoW)"), scope_table(view),
            heading("The team"), *_team(view, scenario.budget.currency),
            heading("Stakeholders (power ▲, interest ▶)"), *_stakeholders(view),
            heading("Known risks"), _risks(view),
            *_teaches(scenario)]


def _title(scenario: Scenario, view: PlayerView) -> list[RenderableType]:
    """The scenario's title and, under it, difficulty, length, domain and seed."""
    meta = scenario.meta
    sub = Text(f"{meta.difficulty} · about {meta.play_minutes} minutes", style=c("muted"))
    if meta.domain:
        sub.append(f" · {meta.domain}")
    sub.append(f" · seed {view.seed}")
    return [Text(meta.title, style="bold"), sub]


def _goals(scenario: Scenario, view: PlayerView) -> Table:
    """Deadline, budget, contingency, reserve, tolerances and the PM's attention."""
    cal, cur = scenario.calendar, scenario.budget.currency
    m, tol = view.money, scenario.tolerances
    goals = Table.grid(padding=(0, 2))
    goals.add_column(style=c("muted"))
    goals.add_column()
    goals.add_row("Deadline", f"end of week {cal.deadline_week} "
                  f"({cal.days_per_week}-day weeks); hard stop week {cal.hard_stop_week}")
    goals.add_row("Budget (BAC)", money(m.bac, cur))
    goals.add_row("Contingency", f"{money(m.contingency_left, cur)} — yours to draw (g)")
    goals.add_row("Mgmt reserve", f"{money(m.reserve_left, cur)} — the sponsor's (m)")
    goals.add_row("Tolerances", f"time +{weeks(tol.time_weeks)} (P80), cost "
                  f"+{percent(tol.cost_fraction)}, scope −{percent(tol.scope_fraction)}; "
                  f"report a breach within {weeks(tol.report_weeks)} (z)")
    goals.add_row("Your attention", attention_line(view))
    return goals


def scope_table(view: PlayerView) -> Table:
    """The deliverables by priority, with their value and any status but 'planned' (a
    must-have nothing else can be used without says it is not negotiable)."""
    scope = _table("Priority", "Deliverable", "Value", "")
    for s in view.scope:
        note = s.status if s.status != "planned" else "" if s.negotiable else "not negotiable"
        scope.add_row(PRIORITY.get(s.priority, s.priority), s.name, money(s.value),
                      Text(note, style=c("muted")))
    return scope


def _team(view: PlayerView, cur: str) -> list[RenderableType]:
    """The team's table and, if anyone could be hired, the candidates' table."""
    team = _table("Person", "Role", "Skills", f"{cur}/day")
    for p in view.people:
        part = f" ({percent(p.availability)} time)" if p.availability < 1.0 else ""
        team.add_row(p.name, p.role + part,
                     ", ".join(f"{k} {v:.1f}" for k, v in p.skills.items()), money(p.daily_rate))
    if not view.candidates:
        return [team]
    pool = _table("Could hire", "Role", "Skills", f"{cur}/day", "Lead time")
    for x in view.candidates:
        pool.add_row(x.name, x.role, ", ".join(f"{k} {v:.1f}" for k, v in
                                              x.skills.items()),
                     money(x.daily_rate), f"{x.lead_time_weeks} wk")
    return [team, Text(""), pool]


def _stakeholders(view: PlayerView) -> list[RenderableType]:
    """The power/interest grid and the stakeholders' table."""
    holders = _table("Stakeholder", "Role", "Cares about", "Satisfaction")
    for h in view.stakeholders:
        holders.add_row(("★ " if h.sponsor else "") + h.name, h.role, cares_text(h),
                        f"{h.satisfaction:.0f}/100")
    return [power_interest_grid(view.stakeholders, room=59), holders]


def _risks(view: PlayerView) -> Table:
    """The known risks: kind, probability, window, impact and planned responses."""
    register = _table("Risk", "Kind", "Prob.", "Weeks", "Impact", "Responses")
    for r in view.risks:
        register.add_row(r.name, r.kind, percent(r.probability),
                         span(*r.window), r.impact,
                         ", ".join(r.responses) or "accept")
    return register


def _teaches(scenario: Scenario) -> list[RenderableType]:
    """'What this scenario teaches' and its objectives, if it names any."""
    objectives = scenario.meta.learning_objectives
    if not objectives:
        return []
    return [heading("What this scenario teaches"),
            *(Text(f"  • {objective}") for objective in objectives)]


class BriefingScreen(Screen[None]):
    """Read the charter; enter starts the project (or returns to it)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", "Start the project"),
        Binding("escape", "back", "Back"),
        Binding("question_mark", "help", "Help"),
    ]

    def __init__(self, scenario: Scenario, view: PlayerView, review: bool = False) -> None:
        super().__init__()
        self.scenario, self.player_view, self.review = scenario, view, review

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="briefing"):
            yield Static(Group(*charter(self.scenario, self.player_view)), id="charter")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#briefing").focus()

    def action_start(self) -> None:
        if self.review:
            self.app.pop_screen()
        else:
            self.post_message(StartPlaying())

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_help(self) -> None:
        self.app.push_screen(HelpDialog("Briefing", [
            ("↑ ↓ pgup pgdn", "scroll the charter"),
            ("enter", "back to the dashboard" if self.review else "start the project "
             "(week 1; the game is saved from now on)"),
            ("esc", "back" if self.review else "back to the start screen"),
        ], "The charter: what you must deliver, by when, with what money, team and "
           "stakeholders, and the risks already known."))
