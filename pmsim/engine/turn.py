"""What the engine tells the player: feed events, decision requests, turn reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

EventKind = Literal[
    "info", "risk", "opportunity", "change", "team", "stakeholder", "board", "scope",
    "milestone", "hint", "decision",
]

HOURS_PER_DAY = 8
"""Hours in a normal working day. A scenario's normal week is `days_per_week` such days
(40 h in a 5-day week, 32 h in a 4-day one); overtime levels are shares of it."""


def week_hours(level: float, days_per_week: int) -> float:
    """Hours a week at an overtime level (1.0 is the normal week): 1.0 in a 5-day week
    is 40 h, 1.0 in a 4-day week 32 h, and 1.5 in a 4-day week 48 h."""
    return level * days_per_week * HOURS_PER_DAY


def money_text(amount: float, currency: str) -> str:
    """'1,200 GBP', and 'no money' for nothing (a response or purchase that is free)."""
    return "no money" if abs(amount) < 0.5 else f"{amount:,.0f} {currency}"


@dataclass(frozen=True)
class FeedEvent:
    """Something that happened, with its cause, for the event feed and the debrief."""

    week: int
    day: float
    kind: EventKind
    text: str
    cause: str = ""


@dataclass(frozen=True)
class RequestOption:
    """One way to answer a request, with a preview of its cost and effect."""

    id: str
    label: str
    preview: str
    attention: float = 0.0


@dataclass(frozen=True)
class DecisionRequest:
    """Something that needs the player's answer before the game goes on."""

    id: str
    kind: Literal["change_request", "risk", "resignation", "escalation", "board", "reserve"]
    title: str
    text: str
    options: tuple[RequestOption, ...]
    default: str
    source: str = ""
    """The id of what raised it: event, risk, person or stakeholder."""
    details: dict[str, float | str] = field(default_factory=dict)
    """Figures behind the request, for bots and the screen (e.g. effort, value)."""

    def option(self, option_id: str) -> RequestOption | None:
        """The option with this id, if there is one."""
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class TurnReport:
    """What one call of `advance()` brought: events, and any request now pending."""

    week: int
    day: float
    events: tuple[FeedEvent, ...]
    pending: tuple[DecisionRequest, ...] = field(default=())
    week_ended: bool = False
    finished: bool = False


@dataclass(frozen=True)
class WeekRecord:
    """The figures of one week, for charts and the debrief."""

    week: float
    pv: float
    ev: float
    ac: float
    morale: float
    satisfaction: float
    """Power-weighted mean stakeholder satisfaction."""
    forecast_week: int
    """P50 forecast finish week at the end of the week; the hard stop week + 1 stands
    for any later week (the game ends at the hard stop, finished or not)."""
    attention_used: float
    overtime: float
