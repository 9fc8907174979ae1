"""The event feed: what happened, and why, newest first, grouped by week."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import Static

from pmsim.engine.reports import FeedEvent
from pmsim.engine.view import PlayerView
from pmsim.tui.format import c

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


def event_text(event: FeedEvent, with_week: bool = False) -> Text:
    """'✗ risk  Risk 'X' happened … — because …'."""
    symbol, label, role = KINDS.get(event.kind, ("·", event.kind, "muted"))
    text = Text()
    if with_week:
        text.append(f"w{event.week:<3}", style=c("muted"))
    text.append(f"{symbol} {label:<11} ", style=c(role))
    text.append(event.text)
    if event.cause:
        text.append(f" — {event.cause}", style=c("muted"))
    return text


def feed_text(events: Sequence[FeedEvent], current_week: int,
              newest_first: bool = True) -> Text:
    """Events under a heading per week, newest first (or in order, for a timeline)."""
    lines: list[Text] = []
    week = None
    for event in (reversed(events) if newest_first else events):
        if event.week != week:
            week = event.week
            latest = newest_first and week >= current_week - 1
            heading = f"── Week {week}" + (" (latest)" if latest else "")
            lines.append(Text(heading + " ──", style=f"bold {c('muted')}"))
        lines.append(event_text(event))
    if not lines:
        lines.append(Text("Nothing has happened yet.", style=c("muted")))
    return Text("\n").join(lines)


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
