"""The dashboard's views, one a tab: work, team, stakeholders, risks, scope and money,
and the feed. Each pane binds its widgets to its own `view`."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Static

from pmsim.engine.view import PlayerView
from pmsim.tui.widgets.feed import EventFeed
from pmsim.tui.widgets.money import MoneyPanel, ScopeTable
from pmsim.tui.widgets.risks import RiskTable
from pmsim.tui.widgets.stakeholders import PowerInterestGrid, StakeholderTable
from pmsim.tui.widgets.table import ViewPane
from pmsim.tui.widgets.team import TeamView, team_summary
from pmsim.tui.widgets.work import LEGEND, WorkView


class WorkPane(ViewPane):
    """Tasks as a Gantt-like table, with a legend and the selected task's detail."""

    def compose(self) -> ComposeResult:
        yield WorkView(id="work-table").data_bind(ViewPane.view)
        yield Static(classes="detail")
        yield Static(LEGEND, classes="legend")


class TeamSummary(Static):
    """Morale, fatigue, hours and burn of the whole team."""

    view: reactive[PlayerView | None] = reactive(None, always_update=True)

    def watch_view(self) -> None:
        if self.view is not None:
            self.update(team_summary(self.view))


class TeamPane(ViewPane):
    """The people, their state and work."""

    def compose(self) -> ComposeResult:
        yield TeamSummary(classes="summary").data_bind(ViewPane.view)
        yield TeamView(id="team-table").data_bind(ViewPane.view)
        yield Static(classes="detail")


class StakeholdersPane(ViewPane):
    """The power/interest grid beside the table."""

    def compose(self) -> ComposeResult:
        with Horizontal(classes="split"):
            yield PowerInterestGrid().data_bind(ViewPane.view)
            yield StakeholderTable(id="stakeholder-table").data_bind(ViewPane.view)
        yield Static(classes="detail")


class RisksPane(ViewPane):
    """The known risk register."""

    def compose(self) -> ComposeResult:
        yield RiskTable(id="risk-table").data_bind(ViewPane.view)
        yield Static(classes="detail")


class ScopePane(ViewPane):
    """Scope items, then the money and earned-value figures."""

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield ScopeTable(id="scope-table").data_bind(ViewPane.view)
            yield Static(classes="detail")
            yield MoneyPanel().data_bind(ViewPane.view)


class FeedPane(ViewPane):
    """What happened, newest first."""

    def compose(self) -> ComposeResult:
        yield EventFeed(id="feed").data_bind(ViewPane.view)
