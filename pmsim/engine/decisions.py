"""Player decisions: plain frozen data, serialisable into the game log.

Each kind is a frozen dataclass beside its rule (`pmsim.engine.rules`); this module is
where the rest of the game finds them: `Decision`, `DecisionError`, `DECISION_TYPES`
(every registered kind by name, read from the rule registry) and `decision_from_dict`,
which rebuilds a logged decision of any registered kind. The kinds of the built-in rules
are re-exported here by name (`decisions.SetOvertime`); a new kind needs no line here.

Each decision is validated by `Simulation.apply`; an invalid one raises
`DecisionError` and changes nothing. `kind` is the stable name used in logs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping

from pmsim.engine.rules.base import Decision, DecisionError
from pmsim.engine.rules.board_requests import (
    NegotiateDeadline,
    NegotiateScope,
    RaiseException,
    RecommendClosure,
)
from pmsim.engine.rules.engagement import MeetStakeholder, SetReporting, SteeringCommittee
from pmsim.engine.rules.hiring import Hire, Release
from pmsim.engine.rules.morale import Recognise, TeamEvent, Train
from pmsim.engine.rules.overtime import SetOvertime
from pmsim.engine.rules.registry import all_rules, rule_by_kind
from pmsim.engine.rules.reserves import DrawContingency, RequestReserve
from pmsim.engine.rules.risk import RespondToRisk
from pmsim.engine.rules.schedule import Crash, FastTrack
from pmsim.engine.rules.scope_changes import CutScope, DeferScope, RestoreScope
from pmsim.engine.rules.staffing import Assign, Unassign

__all__ = [
    "DECISION_TYPES",
    "Assign",
    "Crash",
    "CutScope",
    "Decision",
    "DecisionError",
    "DeferScope",
    "DrawContingency",
    "FastTrack",
    "Hire",
    "MeetStakeholder",
    "NegotiateDeadline",
    "NegotiateScope",
    "RaiseException",
    "Recognise",
    "RecommendClosure",
    "Release",
    "RequestReserve",
    "RespondToRisk",
    "RestoreScope",
    "SetOvertime",
    "SetReporting",
    "SteeringCommittee",
    "TeamEvent",
    "Train",
    "Unassign",
    "decision_from_dict",
]


class _Kinds(Mapping[str, type[Decision]]):
    """Every registered decision kind by its name in logs, read from the registry each
    time (so a rule registered later is in it too)."""

    def _table(self) -> dict[str, type[Decision]]:
        return {rule.kind: rule.decision for rule in all_rules()}

    def __getitem__(self, kind: str) -> type[Decision]:
        return self._table()[kind]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


DECISION_TYPES: Mapping[str, type[Decision]] = _Kinds()
"""Decision kind (as in logs) → its frozen dataclass, for every registered rule."""


def decision_from_dict(data: object) -> Decision:
    """Rebuild a decision from `to_dict` data; raise `DecisionError` when it is malformed."""
    if not isinstance(data, dict):
        raise DecisionError("a decision must be an object with a 'kind'")
    kind = data.get("kind")
    rule = rule_by_kind(kind) if isinstance(kind, str) else None
    if rule is None:
        kinds = ", ".join(sorted(r.kind for r in all_rules()))
        raise DecisionError(f"unknown decision kind {kind!r}; the kinds are {kinds}")
    cls = rule.decision
    fields = {f.name: f.type for f in dataclasses.fields(cls)}
    args = {k: v for k, v in data.items() if k != "kind"}
    if set(args) != set(fields):
        raise DecisionError(f"decision {kind!r} needs exactly the fields "
                            f"{', '.join(sorted(fields))}")
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
