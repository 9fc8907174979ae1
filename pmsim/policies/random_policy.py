"""`random`: uniformly random valid decisions and answers, for testing the engine."""

from __future__ import annotations

from typing import cast

import numpy as np

from pmsim.engine import decisions as d
from pmsim.engine.rng import named_stream
from pmsim.engine.rules import all_rules
from pmsim.engine.rules.engagement import REPORTING_HOURS, ReportingLevel
from pmsim.engine.rules.overtime import OVERTIME_LEVELS
from pmsim.engine.rules.risk import ResponseName
from pmsim.engine.turn import DecisionRequest
from pmsim.engine.view import PlayerView

LISTED_HERE = frozenset(kind.kind for kind in (
    d.SetOvertime, d.SetReporting, d.Assign, d.Unassign, d.Crash, d.FastTrack, d.Hire,
    d.Release, d.CutScope, d.DeferScope, d.NegotiateScope, d.RestoreScope, d.RespondToRisk,
    d.MeetStakeholder, d.SteeringCommittee, d.NegotiateDeadline, d.Recognise, d.TeamEvent,
    d.Train, d.DrawContingency, d.RequestReserve, d.RaiseException, d.RecommendClosure,
))
"""The kinds `RandomPolicy.candidates` lists itself, in its own order (closure is its
rare separate pick); any other registered kind is offered through its rule's
`candidates`, so a new kind is tried without an edit here."""


class RandomPolicy:
    """Picks 0-3 random candidate decisions a week and random options; its luck comes
    from the game seed, so a random game is reproducible."""

    name = "random"

    def __init__(self) -> None:
        self.rng: np.random.Generator | None = None

    def _rng(self, view: PlayerView) -> np.random.Generator:
        if self.rng is None:
            self.rng = named_stream(view.seed, "policy:random")
        return self.rng

    def candidates(self, view: PlayerView) -> list[d.Decision]:
        """Every decision that has a chance of being valid now."""
        out: list[d.Decision] = [d.SetOvertime(lv) for lv in OVERTIME_LEVELS
                                 if lv <= view.max_overtime]
        out += [d.SetReporting(cast(ReportingLevel, level)) for level in REPORTING_HOURS]
        here = [p for p in view.people if p.status in ("active", "arriving")]
        open_tasks = [t for t in view.tasks if t.status in ("waiting", "active")]
        for t in open_tasks:
            for p in here:
                if p.id in t.assignees:
                    out.append(d.Unassign(p.id, t.id))
                elif p.skills.get(t.skill, 0) > 0:
                    out.append(d.Assign(p.id, t.id))
            if t.can_crash_days > 0:
                out.append(d.Crash(t.id, min(2.0, t.can_crash_days)))
            if t.status == "waiting" and t.predecessors:
                out.append(d.FastTrack(t.id))
        out += [d.Hire(c.id) for c in view.candidates]
        out += [d.Release(p.id) for p in here]
        for s in view.scope:
            if s.status == "planned":
                out += [d.CutScope(s.id), d.DeferScope(s.id)]
                if s.priority == "must" and s.negotiable:
                    out.append(d.NegotiateScope(s.id))
            elif s.status == "deferred":
                out.append(d.RestoreScope(s.id))
        for r in view.risks:
            if r.response is None and not r.closed:
                out += [d.RespondToRisk(r.id, cast(ResponseName, name))
                        for name in [*r.responses, "accept"]]
        for h in view.stakeholders:
            out.append(d.MeetStakeholder(h.id))
        if view.stakeholders:
            out += [d.SteeringCommittee(), d.NegotiateDeadline(1), d.NegotiateDeadline(2)]
        out += [d.Recognise(), d.TeamEvent()]
        for p in here:
            for skill in p.skills:
                out.append(d.Train(p.id, skill))
        if view.money.contingency_left > 1:
            out.append(d.DrawContingency(round(view.money.contingency_left / 2, 2)))
        if view.money.reserve_left > 1:
            out.append(d.RequestReserve(round(view.money.reserve_left / 2, 2)))
        if view.breaches:
            out.append(d.RaiseException())
        out += [x for rule in all_rules() if rule.kind not in LISTED_HERE
                for x in rule.candidates(view)]
        return out

    def decide(self, view: PlayerView) -> list[d.Decision]:
        """Up to three random candidates (closure only very rarely)."""
        rng = self._rng(view)
        pool = self.candidates(view)
        count = int(rng.integers(0, 4))
        picks = [pool[int(i)] for i in rng.integers(0, len(pool), size=count)] if pool else []
        if rng.random() < 0.002:
            picks.append(d.RecommendClosure())
        return picks

    def answer(self, view: PlayerView, request: DecisionRequest) -> str:
        """A random option among those the attention left allows."""
        rng = self._rng(view)
        allowed = [o.id for o in request.options if o.attention <= view.attention_left]
        if not allowed:
            return request.default
        return allowed[int(rng.integers(0, len(allowed)))]
