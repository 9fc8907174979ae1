"""The event feed: what happened, and why, newest first, grouped by week."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import RenderableType
from rich.text import Text
from textual.containers import VerticalScroll
from textual.reactive import reactive

from pmsim.engine.turn import FeedEvent
from pmsim.engine.view import PlayerView
from pmsim.tui.format import c
from pmsim.tui.plain import Group, Static, Table

KINDS = {
    "risk": ("✗", "risk", "bad"),
    "opportunity": ("▲", "opportunity", "good"),
    "change": ("±", "change", "warn"),
    "team": ("☺", "team", "accent"),
    "stakeholder": ("◎", "stakeholder", "accent"),
    "board": ("■", "board", "warn"),
    "scope": ("◧", "scope", "warn"),
    "milestone": ("◆", "milestone", "good"),
    "hint": ("i", "hint", "accent"),
    "decision": ("►", "you", "text"),
    "info": ("·", "info", "muted"),
}
"""Event kind → (symbol, label, colour role)."""
LABEL_WIDTH = max(len(symbol) + 1 + len(label) for symbol, label, _ in KINDS.values())
"""Columns the label takes, so the longest ('◎ stakeholder') is never cut."""


def kind_marks(*kinds: str) -> str:
    """The symbols of these event kinds, for the help: '✗ ▲ ±'."""
    return " ".join(KINDS[kind][0] for kind in kinds)


def event_label(event: FeedEvent) -> Text:
    """'✗ risk' in the colour of its kind."""
    symbol, label, role = KINDS.get(event.kind, ("·", event.kind, "muted"))
    return Text(f"{symbol} {label}", style=c(role))


def event_body(event: FeedEvent) -> Text:
    """What happened, and why ('— because …', muted)."""
    text = Text(event.text)
    if event.cause:
        text.append(f" — {event.cause}", style=c("muted"))
    return text


def week_heading(week: int, current_week: int, newest_first: bool = True) -> str:
    """'Week 4 (this week)', 'Week 3 (last week)', 'Week 2'. A week's news arrives as it
    ends and the next one opens, so the newest news is in both; a timeline (in order,
    after the game) says neither."""
    when = {current_week: "this week", current_week - 1: "last week"}.get(week)
    return f"Week {week}" + (f" ({when})" if when and newest_first else "")


def feed_text(events: Sequence[FeedEvent], current_week: int,
              newest_first: bool = True) -> RenderableType:
    """Events under a heading per week, newest first (or in order, for a timeline); each
    event's text wraps under its own start, beside its label."""
    parts: list[RenderableType] = []
    table: Table | None = None
    week = None
    for event in (reversed(events) if newest_first else events):
        if event.week != week or table is None:
            week = event.week
            heading = week_heading(week, current_week, newest_first)
            parts.append(Text(f"── {heading} ──", style=f"bold {c('muted')}"))
            table = Table.grid(padding=(0, 1))
            table.add_column(width=LABEL_WIDTH, no_wrap=True)
            table.add_column()
            parts.append(table)
        table.add_row(event_label(event), event_body(event))
    if not parts:
        parts.append(Text("Nothing has happened yet.", style=c("muted")))
    return Group(*parts)


class EventFeed(VerticalScroll, can_focus=True):
    """The feed, scrollable with the arrow keys once focused."""

    DEFAULT_CSS = """
    EventFeed { height: 1fr; padding: 0 1; }
    EventFeed > Static { width: 1fr; }
    """

    view: reactive[PlayerView | None] = reactive(None, always_update=True)

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(id="feed-text")

    def watch_view(self) -> None:
        if self.view is not None and self.is_mounted:
            self.query_one("#feed-text", Static).update(
                feed_text(self.view.feed, self.view.week))

    def on_mount(self) -> None:
        self.watch_view()
