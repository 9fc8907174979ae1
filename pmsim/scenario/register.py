"""Scenario tables for the risk register and scripted events."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from pmsim.scenario.limits import MAX_RISK_TASKS, MAX_TRIGGERS, MAX_WEEKS
from pmsim.scenario.types import (
    MAX_TEXT,
    MAX_TITLE,
    Fraction,
    Id,
    Line,
    Money,
    Prose,
    Range,
    Strict,
    Week,
)


class Trigger(Strict):
    """A condition on the project state that multiplies a risk's weekly hazard."""

    metric: Literal["spi_t", "cpi", "morale", "fatigue", "satisfaction", "overtime"]
    """The figure watched."""
    below: float | None = Field(default=None, allow_inf_nan=False)
    """The trigger holds when the figure is below this value."""
    above: float | None = Field(default=None, allow_inf_nan=False)
    """The trigger holds when the figure is above this value."""
    multiplier: float = Field(default=2.0, ge=0.0, le=100.0)
    """Factor on the weekly hazard while the trigger holds."""


class Impact(Strict):
    """What happens when a risk fires. Ranges are `[low, most likely, high]`; for an
    opportunity the same numbers are gains (days saved, money saved, effort removed)."""

    delay_days: Range | None = None
    """Working days the affected tasks are held up (threat) or brought forward."""
    effort_days: Range | None = None
    """Person-days of work added to (threat) or removed from each affected task."""
    cost: Range | None = None
    """Money spent (threat) or saved (opportunity)."""
    morale: float = Field(default=0.0, ge=-1.0, le=1.0)
    """Change to team morale (negative hurts)."""
    satisfaction: float = Field(default=0.0, ge=-100.0, le=100.0)
    """Change to every stakeholder's satisfaction (negative hurts)."""


class Response(Strict):
    """One available response to a risk, with its price and effect."""

    description: Prose = Field(default="", max_length=MAX_TEXT)
    """What the response means in this project."""
    cost: Money = 0.0
    """Money spent when the response is taken."""
    attention: float = Field(default=2.0, ge=0.0, le=80.0)
    """PM hours it takes."""
    probability_factor: float = Field(default=1.0, ge=0.0, le=10.0)
    """Factor applied to the probability (0 removes the risk, >1 for enhancing)."""
    impact_factor: float = Field(default=1.0, ge=0.0, le=10.0)
    """Factor applied to the impact (the cost part only, for transfer)."""


class Responses(Strict):
    """The responses a player may choose for a risk. `accept` is always possible."""

    avoid: Response | None = None
    """Change the plan so the threat cannot happen."""
    mitigate: Response | None = None
    """Reduce the threat's probability or impact."""
    transfer: Response | None = None
    """Pass the financial impact to a third party (insurance, contract)."""
    escalate: Response | None = None
    """Hand the risk to the project board (only for a risk `beyond_authority`): it
    leaves the project's register, costs the sponsor's goodwill, and its factors are the
    effect the project still feels if it happens."""
    exploit: Response | None = None
    """Make sure the opportunity happens."""
    enhance: Response | None = None
    """Raise the opportunity's probability or benefit."""
    share: Response | None = None
    """Partner with someone better placed to realise the opportunity."""


class Risk(Strict):
    """An entry of the risk register (`[[risks]]`), threat or opportunity."""

    id: Id
    """Identifier used by risk responses."""
    name: Line = Field(min_length=1, max_length=MAX_TITLE)
    """Name shown on the register."""
    description: Prose = Field(default="", max_length=MAX_TEXT)
    """Cause, event and effect, in plain words."""
    kind: Literal["threat", "opportunity"] = "threat"
    """Threats hurt when they fire; opportunities help."""
    probability: Fraction
    """Chance that it fires at least once within its window."""
    window: list[Week] = Field(min_length=2, max_length=2)
    """First and last week (inclusive) in which it can fire, `[from, to]`. The chance
    is spread evenly over these weeks, so weeks the game never reaches (after the hard
    stop, or after the work is done) take their share with them: end the window where
    the risk really ends."""
    tasks: list[Id] = Field(default_factory=list, max_length=MAX_RISK_TASKS)
    """Tasks the impact lands on."""
    impact: Impact = Field(default_factory=Impact)
    """What happens when it fires."""
    triggers: list[Trigger] = Field(default_factory=list, max_length=MAX_TRIGGERS)
    """State conditions that raise (or lower) the weekly hazard."""
    responses: Responses = Field(default_factory=Responses)
    """Responses the PM may take, in advance or when it fires."""
    known: bool = True
    """Whether the risk is on the register from the start (unknown risks surprise)."""
    recurring: bool = False
    """Whether it can fire more than once."""
    beyond_authority: bool = False
    """Whether the risk is beyond the PM's authority: only the sponsor or the board can
    act on it (a supplier's managing director, a regulator, another department's
    objectives) and the PM has no response of their own; a risk the PM can mitigate is
    theirs to manage. Only such a risk may be escalated: escalating hands its ownership
    to the board, it leaves the project's register, and its `escalate` response's
    factors are the effect the project still feels if it happens."""


DECISION_KINDS = frozenset({
    "assign", "crash", "cut", "defer", "draw_contingency", "fast_track", "hire", "meet",
    "negotiate_deadline", "negotiate_scope", "overtime", "raise_exception", "recognition",
    "recommend_closure", "release", "reporting", "request_reserve", "restore",
    "risk_response", "steering", "team_event", "training", "unassign"})
"""The decision kinds a hint's `unless` may name (the engine's rules; a test keeps the
two the same)."""
MAX_UNLESS = 10
"""Most decisions a hint's `unless` lists."""
DecisionRef = Annotated[str, Field(pattern=r"^[a-z_]{1,40}(:[a-z0-9][a-z0-9_-]{0,47})?$")]
"""A decision kind, optionally with an id it names: `reporting`, `meet:karl`."""


class Negotiation(Strict):
    """The scaled-down version a PM can negotiate for a change request."""

    effort_factor: Fraction = 0.5
    """Share of the change's effort kept."""
    value_factor: Fraction = 0.6
    """Share of the change's value kept."""


class ChangeTerms(Strict):
    """What a change request asks and offers: the fields an event or an inject that is
    a change request shares."""

    requested_by: Id | None = None
    """Stakeholder who raises it (change requests need one). The game shows their name
    before the text ("Karl asks: …"), so write `text` as the request itself."""
    adds_scope: Id | None = None
    """A `proposed` scope item brought in when the change is accepted."""
    budget_increase: Money = 0.0
    """Money added to the budget if accepted."""
    deadline_extension_weeks: int = Field(default=0, ge=0, le=52)
    """Weeks added to the deadline if accepted."""
    default: Literal["accept", "reject", "defer", "negotiate"] = "reject"
    """The answer taken when the player does not choose."""
    negotiation: Negotiation = Field(default_factory=Negotiation)
    """What a negotiated version keeps."""
    satisfaction_accept: float = Field(default=10.0, ge=-100.0, le=100.0)
    """Change in the requester's satisfaction when accepted."""
    satisfaction_reject: float = Field(default=-10.0, ge=-100.0, le=100.0)
    """Change in the requester's satisfaction when rejected."""
    defer_weeks: int = Field(default=2, ge=1, le=26)
    """Weeks until a deferred request comes back."""


class Event(ChangeTerms):
    """A scripted event (`[[events]]`): a change request or a message."""

    id: Id
    """Identifier; change requests are answered by it."""
    week: int = Field(ge=1, le=MAX_WEEKS)
    """Week at whose start the event happens."""
    kind: Literal["change_request", "message"]
    """`change_request` asks the PM to decide; `message` just appears in the feed."""
    title: Line = Field(min_length=1, max_length=MAX_TITLE)
    """Headline."""
    text: Prose = Field(default="", max_length=MAX_TEXT)
    """Full text."""
    probability: Fraction = 1.0
    """Chance the event happens at all (1 = scripted for certain)."""
    hint: bool = False
    """Show as a tutorial hint rather than news."""
    unless: list[DecisionRef] = Field(default_factory=list, max_length=MAX_UNLESS)
    """For a hint: the decisions that make it needless, each a decision kind, alone
    (`"reporting"`: any status-report setting) or with an id it names (`"meet:karl"`).
    If the player has already taken one of them, the hint does not appear: a tip never
    asks for what the player has done."""
