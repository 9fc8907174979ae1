"""The scenario's inject catalogue (`[[injects]]`): events a facilitator drops into every
team's game at once, in the week they choose, during a live workshop."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from pmsim.scenario.limits import MAX_WEEKS
from pmsim.scenario.register import ChangeTerms, Event
from pmsim.scenario.types import MAX_TEXT, MAX_TITLE, Id, Line, Money, Prose

InjectKind = Literal["message", "change_request", "budget_cut", "person_leaves",
                     "deadline_forward", "risk_certain"]


class Inject(ChangeTerms):
    """One inject (`[[injects]]`). Each kind reads its own fields: `change_request` the
    change-request fields an event has (`requested_by`, `adds_scope`, …);
    `budget_cut` `amount`; `person_leaves` `person`; `deadline_forward` `weeks`;
    `risk_certain` `risk`; `message` only its title and text. Every team meets it at
    the start of the week the facilitator picks, before deciding that week; the game's
    log records it, so the replay that verifies the game meets it too."""

    id: Id
    """Identifier, unique among the injects (and apart from the events' ids)."""
    kind: InjectKind
    """`message`: news in the feed; `change_request`: a change request to answer, as
    an event's; `budget_cut`: the sponsor takes back `amount` from the reserves not yet
    drawn (the contingency first, then the management reserve); `person_leaves`:
    `person` leaves at the end of the week, with no counter-offer; `deadline_forward`:
    the deadline comes `weeks` earlier (never before the week it happens in);
    `risk_certain`: `risk` happens this week, whatever its window and chance, at the
    size its responses so far leave (nothing, if it was avoided or has happened)."""
    title: Line = Field(min_length=1, max_length=MAX_TITLE)
    """Headline, as the teams see it."""
    text: Prose = Field(default="", max_length=MAX_TEXT)
    """Full text, as the teams see it."""
    week: int | None = Field(default=None, ge=1, le=MAX_WEEKS)
    """The week the guide suggests (the facilitator chooses the week in the console)."""
    amount: Money = 0.0
    """`budget_cut`: money taken back."""
    person: Id | None = None
    """`person_leaves`: who leaves (someone on the starting team)."""
    weeks: int = Field(default=0, ge=0, le=52)
    """`deadline_forward`: weeks the deadline comes forward."""
    risk: Id | None = None
    """`risk_certain`: the risk on the register that happens."""

    def as_event(self, week: int) -> Event:
        """A change-request inject as the event the engine raises in `week`."""
        terms = ChangeTerms.model_fields
        return Event(id=self.id, week=week, kind="change_request", title=self.title,
                     text=self.text, **{name: getattr(self, name) for name in terms})
