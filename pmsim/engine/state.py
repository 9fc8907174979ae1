"""The engine's mutable state. Only the engine touches it; players see `PlayerView`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from pmsim.scenario.schema import Candidate, Cares, Person, Risk, Stakeholder, Task

TaskStatus = Literal["proposed", "waiting", "active", "done", "cut", "deferred"]
ScopeStatus = Literal["proposed", "planned", "delivered", "cut", "deferred", "rejected"]
ENGAGEMENT_LEVELS = ("unaware", "resistant", "neutral", "supportive", "leading")
STAKEHOLDER_CONCERNS = tuple(Cares.model_fields)
"""What a stakeholder judges the project on (schedule, cost, scope, quality: the weights
of `[stakeholders.cares]`), each with its own perceived performance."""


@dataclass
class TaskState:
    """A task as it is in this game: true effort, work done, hidden flaws, staffing."""

    spec: Task
    true_effort: float
    planned_effort: float = 0.0
    """The estimate the plan counts on (the expected effort), before any negotiation."""
    status: TaskStatus = "waiting"
    scale: float = 1.0
    """Share of the original task kept (a negotiated change request keeps less)."""
    work_total: float = 0.0
    """Work that must be done in all: true effort plus rework and risk effects."""
    done: float = 0.0
    """Work done so far (including flawed work not yet found)."""
    hidden_flaws: float = 0.0
    """Flawed work not yet discovered, in person-days."""
    found_flaws: float = 0.0
    """Flawed work discovered so far (and turned into rework)."""
    known_extra: float = 0.0
    """Work known to have been added beyond the estimate, in person-days: rework found
    and a fired risk's extra effort, less the work crashing or an opportunity took off
    (the team re-estimates with it; the true effort stays hidden)."""
    assignees: list[str] = field(default_factory=list)
    start_day: float | None = None
    finish_day: float | None = None
    rate: float = 0.0
    quality: float = 1.0
    last_sync: float = 0.0
    blocked_until: float = 0.0
    pending_hold: float = 0.0
    fast_tracked: bool = False
    crashed_days: float = 0.0
    joined: dict[str, float] = field(default_factory=dict)
    """Person id → day their catch-up on this task ends."""
    proc: Any = None
    wake: Any = None
    test_progress_seen: float = 0.0

    @property
    def id(self) -> str:
        """The task id."""
        return self.spec.id

    @property
    def estimate(self) -> float:
        """The player's estimate: the expected effort, scaled by negotiation."""
        return self.planned_effort * self.scale

    @property
    def remaining(self) -> float:
        """True work still to do."""
        return max(0.0, self.work_total - self.done)

    @property
    def reported_progress(self) -> float:
        """Progress as the team reports it: work done against the estimate, never 100 %
        until the task is really finished (the "90 % done" syndrome)."""
        if self.status == "done":
            return 1.0
        if self.estimate <= 0:
            return 0.0
        return min(self.done / self.estimate, 0.95)


@dataclass
class PersonState:
    """A person on (or coming to, or leaving) the project."""

    spec: Person | Candidate
    skills: dict[str, float]
    daily_rate: float
    experience: float
    status: Literal["arriving", "active", "leaving", "gone"] = "active"
    arrival_week: int = 1
    leave_week: int | None = None
    fatigue: float = 0.0
    """Smoothed overtime: the average hours factor above 1.0 over recent weeks."""
    training_until: float = 0.0
    hired: bool = False
    days_on_project: float = 0.0

    @classmethod
    def of(cls, spec: Person, rested: bool = False) -> PersonState:
        """A team member as the game starts (`rested`: without the fatigue the scenario
        gives them, as when planning)."""
        return cls(spec=spec, skills=dict(spec.skills), daily_rate=spec.daily_rate,
                   experience=spec.experience, fatigue=0.0 if rested else spec.fatigue)

    @property
    def id(self) -> str:
        """The person id."""
        return self.spec.id

    @property
    def availability(self) -> float:
        """Share of a normal week given to the project (hires are full time)."""
        return float(getattr(self.spec, "availability", 1.0))


@dataclass
class StakeholderState:
    """A stakeholder's current view of the project and mood."""

    spec: Stakeholder
    satisfaction: float
    engagement: str
    perceived: dict[str, float]
    history: list[float] = field(default_factory=list)
    """Satisfaction at the start and at the end of each week played."""
    desired: str = "neutral"
    """The engagement level the project needs from them (the scenario's, or their
    quadrant's default)."""
    engagement_history: list[str] = field(default_factory=list)
    """Engagement level at the start and at the end of each week played."""
    contact_load: float = 0.0
    """How recently and often they were met one-to-one: each meeting adds
    `MEETING_FILL`, each week takes away a cadence's share; a meeting is worth less the
    higher it is (`pmsim.engine.stakeholders.meeting_points`)."""
    last_meeting_week: int = -99
    """Week of the last one-to-one with them."""
    last_steering_week: int = -99
    """Week of the last steering committee they sat on."""
    last_escalation_week: int = -99
    last_contact_week: int = 0

    @property
    def id(self) -> str:
        """The stakeholder id."""
        return self.spec.id


@dataclass
class RiskState:
    """A register entry in this game: its response, factors and firings."""

    spec: Risk
    uniforms: Any
    """Pre-drawn luck, one row per week: fire, day in week, three impact draws."""
    known: bool = True
    response: str | None = None
    probability_factor: float = 1.0
    impact_factor: float = 1.0
    cost_factor: float = 1.0
    fired_weeks: list[int] = field(default_factory=list)
    closed: bool = False
    forced_week: int = 0
    """The week an inject made it certain (`risk_certain`): it fires then (0: never)."""

    @property
    def id(self) -> str:
        """The risk id."""
        return self.spec.id


@dataclass
class Money:
    """Where the money stands."""

    bac: float
    """Budget at completion of the current baseline."""
    contingency_left: float
    reserve_left: float
    contingency_drawn: float = 0.0
    reserve_granted: float = 0.0
    change_budget: float = 0.0
    actual_cost: float = 0.0
    labour: float = 0.0
    overtime_premium: float = 0.0
    contractors: float = 0.0
    risk_costs: float = 0.0
    savings: float = 0.0
    responses: float = 0.0
    hiring: float = 0.0
    team_costs: float = 0.0
    fixed: float = 0.0
    inherited: float = 0.0
    """Spent before the game started (a project taken over in flight)."""

    @property
    def authorised(self) -> float:
        """The budget the PM may spend: BAC plus drawn contingency and granted reserve."""
        return self.bac + self.contingency_drawn + self.reserve_granted

    def spend(self, amount: float, account: str) -> None:
        """Record spending on one account (negative amounts are savings)."""
        self.actual_cost += amount
        setattr(self, account, getattr(self, account) + amount)
