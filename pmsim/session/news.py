"""What of the new events to put before the player, and how: tutorial hints in a tip box
that stays until read, other news as at most one short toast a week. No Textual here.

Every event also stays in the Feed (key 6); this only decides what interrupts play.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pmsim.engine.turn import FeedEvent
from pmsim.scenario import Scenario

NEWS_KINDS = ("risk", "opportunity", "change", "team", "stakeholder", "board", "scope")
"""Event kinds worth a toast: what changes the plan. Milestones and the player's own
decisions are not news; hints get the tip box."""
SEVERE_KINDS = ("risk", "board")
"""News shown as a warning."""
NEWS_SECONDS = 5.0
"""How long a week's news toast stays, when a person plays."""
AUTOPLAY_READABLE_DELAY = 0.5
"""In autoplay, the shortest delay between the bot's steps that still shows toasts: any
faster and they would only pile up over the screen (and the debrief) unread."""


@dataclass(frozen=True)
class Tip:
    """A tutorial hint, with its headline apart from its text when the scenario has it."""

    week: int
    title: str
    text: str


def tips(events: Sequence[FeedEvent], scenario: Scenario) -> list[Tip]:
    """The hints among `events`, newest first as the Feed lists them (scenario authors
    write a week's hints in reverse so that they read top to bottom there)."""
    scripted = {f"{e.title}. {e.text}".strip(): e for e in scenario.events if e.hint}
    found = []
    for event in reversed(events):
        if event.kind != "hint":
            continue
        source = scripted.get(event.text)
        if source is not None:
            found.append(Tip(event.week, source.title, source.text))
        else:
            found.append(Tip(event.week, "", event.text))
    return found


@dataclass(frozen=True)
class Toast:
    """One notification standing for several events."""

    title: str
    message: str
    severity: Literal["information", "warning"]


def news_toast(events: Sequence[FeedEvent], with_hints: bool = False) -> Toast | None:
    """One toast for the news among `events` (and hints first, `with_hints`, when no tip
    box shows them, as in autoplay); None when there is nothing worth it."""
    hints = [e for e in events if e.kind == "hint"] if with_hints else []
    news = [e for e in events if e.kind in NEWS_KINDS]
    shown = hints + news
    if not shown:
        return None
    first = shown[0]
    message = (f"{first.text.rstrip('.')} ({first.cause})." if first.cause else first.text)
    if len(shown) > 1:
        message += f"\n(+{len(shown) - 1} more — 6 shows the feed)"
    weeks = sorted({e.week for e in shown})
    title = ("Hint" if first.kind == "hint" else
             f"Week {weeks[0]}" if len(weeks) == 1 else f"Weeks {weeks[0]}–{weeks[-1]}")
    severe = any(e.kind in SEVERE_KINDS for e in news)
    return Toast(title, message, "warning" if severe else "information")


def autoplay_toast_seconds(delay: float) -> float | None:
    """How long a toast stays in autoplay with this delay between steps; None: no toasts
    (the bot is too fast to read them). Never more than two toasts are on screen."""
    if delay < AUTOPLAY_READABLE_DELAY:
        return None
    return min(NEWS_SECONDS, max(1.0, 1.5 * delay))
