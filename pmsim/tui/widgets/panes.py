"""The dashboard's views, one a tab: work, team, stakeholders, risks, scope and money,
and the feed. Each pane binds its widgets to its own `view`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import reactive

from pmsim.engine.view import PlayerView
from pmsim.tui.format import PRIORITY, status_marks
from pmsim.tui.plain import Static
from pmsim.tui.widgets.feed import KINDS, EventFeed, kind_marks
from pmsim.tui.widgets.money import MoneyPanel, ScopeTable
from pmsim.tui.widgets.risks import RiskTable
from pmsim.tui.widgets.stakeholders import PowerInterestGrid, StakeholderTable
from pmsim.tui.widgets.table import ViewPane
from pmsim.tui.widgets.team import TeamView, team_summary
from pmsim.tui.widgets.work import HELD, LEGEND, LEGEND_NARROW, WorkView


class WorkPane(ViewPane):
    """Tasks as a Gantt-like table, with a legend and the selected task's detail."""

    LEGEND: ClassVar[tuple[tuple[str, str], ...]] = (
        ("◆", "critical: on the critical path in at least half of the forecasts (a day "
         "lost there is a day lost for the project); a task's line below gives its total "
         "float, the days it can slip in the forecast's plan without moving the finish, "
         "and says whether the forecast counts the risk register"),
        ("Status", f"{status_marks('active')}, {status_marks('waiting')} (for its "
         f"predecessors or its people), {status_marks('done')}, {status_marks('proposed')}"
         f" (a change not yet accepted), {status_marks('cut', 'deferred')}; {HELD}: held up"),
        ("Progress", "the share of the task's work reported done"),
        ("Who", "the people on it; nobody! marks an open task nobody works on"),
        ("█ ▓", "an active task's bar runs from its start to the week it likely finishes: "
         "█ the share of its work done, ▓ the work still to go"),
        ("░", "a waiting task: from when it likely starts to when it likely finishes"),
        ("│ ┊ »", "the deadline; this week; a bar that goes on after the last week shown"),
    )

    def compose(self) -> ComposeResult:
        yield WorkView(id="work-table").data_bind(ViewPane.view)
        yield Static(classes="detail")
        yield Static(LEGEND, classes="legend wide-only")
        yield Static(LEGEND_NARROW, classes="legend narrow-only")


class TeamSummary(Static):
    """Morale, fatigue, hours and burn of the whole team."""

    view: reactive[PlayerView | None] = reactive(None, always_update=True)

    def watch_view(self) -> None:
        if self.view is not None:
            self.update(team_summary(self.view))


class TeamPane(ViewPane):
    """The people, their state and work."""

    LEGEND: ClassVar[tuple[tuple[str, str], ...]] = (
        ("State", "✓ ready: at work at full speed; idle, paid: no active task (waiting, or "
         "none), paid all the same; ◔ ramp: still learning, at that share of full speed; "
         "◎ training; → from wN: arrives in week N; ← leaving"),
        ("Fatigue", "tiredness: long weeks raise it, normal weeks bring it down"),
        ("Skills", "output at each kind of work, strongest first"),
        ("Tasks", "the open tasks they are on; — idle: none"),
        ("50% Name", "part-time: the share of a normal week they give the project"),
    )

    def compose(self) -> ComposeResult:
        yield TeamSummary(classes="summary").data_bind(ViewPane.view)
        yield TeamView(id="team-table").data_bind(ViewPane.view)
        yield Static(classes="detail")


class StakeholdersPane(ViewPane):
    """The power/interest grid beside the table."""

    LEGEND: ClassVar[tuple[tuple[str, str], ...]] = (
        ("Grid", "power up, interest across: manage closely (top right), keep satisfied, "
         "keep informed, monitor; ★ the sponsor"),
        ("Engagement", "unaware, resistant, neutral, supportive or leading"),
        ("Satisfaction", "0–100: ✓ 60 or more, ~ 40–59, ✗ under 40; ▲ ▼ the change "
         "since last week"),
        ("Lately", "satisfaction over the last weeks, as bar heights (wide screens)"),
        ("Cares most about", "what moves their satisfaction, with its weight"),
    )

    def compose(self) -> ComposeResult:
        with Horizontal(classes="split"):
            yield PowerInterestGrid().data_bind(ViewPane.view)
            yield StakeholderTable(id="stakeholder-table").data_bind(ViewPane.view)
        yield Static(classes="detail")


class RisksPane(ViewPane):
    """The known risk register."""

    LEGEND: ClassVar[tuple[tuple[str, str], ...]] = (
        ("Kind", "▼ threat, ▲ opportunity"),
        ("Prob.", "the chance it happens while its window is open"),
        ("Weeks", "its window: the weeks in which it can happen"),
        ("Expos.", "exposure, the expected hit: probability × most likely impact, in "
         "money (12k), or for a risk that costs only time in days of delay and extra "
         "work (3.5 d)"),
        ("Response", "the response taken (k), or — none"),
        ("State", "● live: in its window now; ○ from wN: still to come; ✗ fired; "
         "▲ happened; ✓ closed; ○ passed"),
    )

    def compose(self) -> ComposeResult:
        yield RiskTable(id="risk-table").data_bind(ViewPane.view)
        yield Static(classes="detail")


class ScopePane(ViewPane):
    """Scope items, then the money and earned-value figures."""

    LEGEND: ClassVar[tuple[tuple[str, str], ...]] = (
        ("Prio.", "MoSCoW: " + ", ".join(PRIORITY.values())),
        ("Value", "what the deliverable is worth to the business"),
        ("Status", status_marks("planned", "delivered", "cut", "deferred")),
        ("CPI SPI(t)", "earned-value indexes: 1.00 or more is on budget / on schedule "
         "(✓), a little under is ~, well under ✗"),
        ("EAC", "estimate at completion: what the project will likely cost in all"),
    )

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield ScopeTable(id="scope-table").data_bind(ViewPane.view)
            yield Static(classes="detail")
            yield MoneyPanel().data_bind(ViewPane.view)


class FeedPane(ViewPane):
    """What happened, newest first."""

    LEGEND: ClassVar[tuple[tuple[str, str], ...]] = (
        (kind_marks("risk", "opportunity", "change"),
         "a risk fired, an opportunity came true, a change"),
        (kind_marks("team", "stakeholder", "board"), "team, stakeholder and board news"),
        (kind_marks("scope", "milestone", "hint"), "scope, a milestone, a hint"),
        (" ".join(KINDS["decision"][:2]), "your own decisions and answers"),
        ("— …", "in grey after an event: why it happened"),
        ("↑ ↓", "scroll; the newest week comes first"),
    )

    def compose(self) -> ComposeResult:
        yield EventFeed(id="feed").data_bind(ViewPane.view)


@dataclass(frozen=True)
class DashboardTab:
    """One view of the dashboard: its tab, its pane, and the kind of item it lists."""

    id: str
    label: str
    pane: type[ViewPane]
    kind: str | None = None
    """The kind of item under its cursor that decisions take as their first suggestion
    ("task", "person", ...), if any."""


TABS: tuple[DashboardTab, ...] = (
    DashboardTab("work", "Work", WorkPane, kind="task"),
    DashboardTab("team", "Team", TeamPane, kind="person"),
    DashboardTab("stakeholders", "Stakeholders", StakeholdersPane, kind="stakeholder"),
    DashboardTab("risks", "Risks", RisksPane, kind="risk"),
    DashboardTab("scope", "Scope & money", ScopePane, kind="scope"),
    DashboardTab("feed", "Feed", FeedPane),
)
"""The dashboard's views in key order (key 1 shows the first): a new view is one entry
here and its pane. The tab labels, the number keys and the help are made from it."""


def tab_number(tab_id: str) -> int:
    """The number key that shows the dashboard tab `tab_id`."""
    return next(i for i, tab in enumerate(TABS, start=1) if tab.id == tab_id)
