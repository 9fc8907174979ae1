"""Player decisions: plain frozen data, serialisable into the game log.

Each decision is validated by `Simulation.apply`; an invalid one raises
`DecisionError` and changes nothing. `kind` is the stable name used in logs.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, ClassVar, Literal


class DecisionError(ValueError):
    """A decision or answer that cannot be taken now; the message says why."""


@dataclass(frozen=True)
class Decision:
    """Base of every decision."""

    kind: ClassVar[str] = ""
    attention: ClassVar[float] = 0.0
    """PM hours the decision takes from this week's attention."""

    def to_dict(self) -> dict[str, Any]:
        """The decision as JSON-ready data, with its kind."""
        return {"kind": self.kind, **dataclasses.asdict(self)}


@dataclass(frozen=True)
class SetOvertime(Decision):
    """Set the team's working hours: 1.0 = 40-hour weeks, 1.5 = 60-hour weeks."""

    kind: ClassVar[str] = "overtime"
    level: float


@dataclass(frozen=True)
class Assign(Decision):
    """Put a person on a task (they split their time between their active tasks)."""

    kind: ClassVar[str] = "assign"
    person: str
    task: str


@dataclass(frozen=True)
class Unassign(Decision):
    """Take a person off a task."""

    kind: ClassVar[str] = "unassign"
    person: str
    task: str


@dataclass(frozen=True)
class Hire(Decision):
    """Hire a candidate from the pool; they arrive after their lead time."""

    kind: ClassVar[str] = "hire"
    attention: ClassVar[float] = 2.0
    candidate: str


@dataclass(frozen=True)
class Release(Decision):
    """Release a person from the project at the end of this week."""

    kind: ClassVar[str] = "release"
    attention: ClassVar[float] = 1.0
    person: str


@dataclass(frozen=True)
class Crash(Decision):
    """Buy schedule days on a task with contractors, at the task's crash cost per day."""

    kind: ClassVar[str] = "crash"
    attention: ClassVar[float] = 1.0
    task: str
    days: float


@dataclass(frozen=True)
class FastTrack(Decision):
    """Let a waiting task start before its predecessors finish (risking rework)."""

    kind: ClassVar[str] = "fast_track"
    attention: ClassVar[float] = 1.0
    task: str


@dataclass(frozen=True)
class CutScope(Decision):
    """Drop a scope item for good; its value is lost."""

    kind: ClassVar[str] = "cut"
    attention: ClassVar[float] = 1.0
    item: str


@dataclass(frozen=True)
class DeferScope(Decision):
    """Move a scope item to a later release; it can be restored."""

    kind: ClassVar[str] = "defer"
    attention: ClassVar[float] = 1.0
    item: str


@dataclass(frozen=True)
class RestoreScope(Decision):
    """Bring a deferred scope item back into this project."""

    kind: ClassVar[str] = "restore"
    attention: ClassVar[float] = 1.0
    item: str


@dataclass(frozen=True)
class RespondToRisk(Decision):
    """Take a response to a risk on the register (its own cost and attention apply)."""

    kind: ClassVar[str] = "risk_response"
    risk: str
    response: Literal[
        "avoid", "mitigate", "transfer", "accept", "escalate", "exploit", "enhance", "share"
    ]


@dataclass(frozen=True)
class DrawContingency(Decision):
    """Move money from the contingency reserve into the working budget."""

    kind: ClassVar[str] = "draw_contingency"
    attention: ClassVar[float] = 0.5
    amount: float


@dataclass(frozen=True)
class RequestReserve(Decision):
    """Ask the sponsor to release management reserve into the budget."""

    kind: ClassVar[str] = "request_reserve"
    attention: ClassVar[float] = 3.0
    amount: float


@dataclass(frozen=True)
class MeetStakeholder(Decision):
    """A one-to-one meeting: they learn the true state and feel heard."""

    kind: ClassVar[str] = "meet"
    attention: ClassVar[float] = 2.0
    stakeholder: str


@dataclass(frozen=True)
class SetReporting(Decision):
    """Status reports from now on: none, summary (1 h a week) or detailed (3 h a week)."""

    kind: ClassVar[str] = "reporting"
    level: Literal["none", "summary", "detailed"]


@dataclass(frozen=True)
class SteeringCommittee(Decision):
    """Hold a steering committee: every high-power stakeholder sees the true state."""

    kind: ClassVar[str] = "steering"
    attention: ClassVar[float] = 5.0


@dataclass(frozen=True)
class NegotiateDeadline(Decision):
    """Ask the sponsor to move the deadline by some weeks."""

    kind: ClassVar[str] = "negotiate_deadline"
    attention: ClassVar[float] = 4.0
    weeks: int


@dataclass(frozen=True)
class NegotiateScope(Decision):
    """Ask the sponsor to downgrade a must-have item to should-have."""

    kind: ClassVar[str] = "negotiate_scope"
    attention: ClassVar[float] = 4.0
    item: str


@dataclass(frozen=True)
class Recognise(Decision):
    """Recognise the team's work in public: a small, quick lift to morale."""

    kind: ClassVar[str] = "recognition"
    attention: ClassVar[float] = 1.0


@dataclass(frozen=True)
class TeamEvent(Decision):
    """A team event: costs half a day's pay of everyone, lifts morale, eases fatigue."""

    kind: ClassVar[str] = "team_event"
    attention: ClassVar[float] = 3.0


@dataclass(frozen=True)
class Train(Decision):
    """Send a person on a 3-day course that raises one skill by 0.1 (to at most 1.3)."""

    kind: ClassVar[str] = "training"
    attention: ClassVar[float] = 1.0
    person: str
    skill: str


@dataclass(frozen=True)
class RaiseException(Decision):
    """Report a forecast tolerance breach to the project board, who then decide."""

    kind: ClassVar[str] = "raise_exception"
    attention: ClassVar[float] = 3.0


@dataclass(frozen=True)
class RecommendClosure(Decision):
    """Recommend that the board closes the project now (when the business case fails)."""

    kind: ClassVar[str] = "recommend_closure"
    attention: ClassVar[float] = 3.0


DECISION_TYPES: dict[str, type[Decision]] = {
    cls.kind: cls
    for cls in (
        SetOvertime, Assign, Unassign, Hire, Release, Crash, FastTrack, CutScope, DeferScope,
        RestoreScope, RespondToRisk, DrawContingency, RequestReserve, MeetStakeholder,
        SetReporting, SteeringCommittee, NegotiateDeadline, NegotiateScope, Recognise,
        TeamEvent, Train, RaiseException, RecommendClosure,
    )
}


def decision_from_dict(data: dict[str, Any]) -> Decision:
    """Rebuild a decision from `to_dict` data; raise `DecisionError` when it is malformed."""
    if not isinstance(data, dict):
        raise DecisionError("a decision must be an object with a 'kind'")
    kind = data.get("kind")
    cls = DECISION_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise DecisionError(f"unknown decision kind {kind!r}")
    fields = {f.name: f.type for f in dataclasses.fields(cls)}
    args = {k: v for k, v in data.items() if k != "kind"}
    if set(args) != set(fields):
        raise DecisionError(f"decision {kind!r} needs exactly the fields {sorted(fields)}")
    for name, value in args.items():
        expected = fields[name]
        ok = (
            isinstance(value, (int, float)) and not isinstance(value, bool)
            if expected in ("float", "int")
            else isinstance(value, str)
        )
        if expected == "int" and ok:
            ok = isinstance(value, int)
        if not ok:
            raise DecisionError(f"decision {kind!r}: field {name!r} has the wrong type")
    return cls(**args)
