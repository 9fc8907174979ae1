"""`PlayerView`: everything a player (or a bot) may know, as frozen data.

Estimates, not true efforts; forecasts, not future risk draws. The Textual game
renders only this, and the bots decide only from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pmsim.engine.metrics import Metrics
from pmsim.engine.outlook import Outlook
from pmsim.engine.parts.plan_in_force import BaselineEntry, Commitment
from pmsim.engine.turn import DecisionRequest, FeedEvent, WeekRecord, week_hours

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class TaskView:
    """A task as the team reports it."""

    id: str
    name: str
    scope: str
    skill: str
    kind: str
    status: str
    estimate: float
    """The effort the plan counts on (expected value of the three-point estimate)."""
    optimistic: float
    likely: float
    pessimistic: float
    done: float
    progress: float
    assignees: tuple[str, ...]
    max_staff: int
    predecessors: tuple[str, ...]
    start_week: int | None
    finish_week: int | None
    planned_start_week: int | None
    planned_finish_week: int | None
    criticality: float
    likely_finish_week: int | None
    """The week it likely finishes in the forecast's deterministic plan (each remaining
    task at its expected effort, people's time split between their tasks as the game
    splits it); None when it is not open."""
    total_float: float | None
    """Working days it can slip in that plan without moving the finish (total float);
    None when it is not open."""
    rate: float
    held_until_day: float
    fast_tracked: bool
    can_crash_days: float
    """Days that may still be bought on it by crashing (none once its crash limit is
    reached)."""
    crash_cost_per_day: float | None
    """Price of the next day bought by crashing it (each day costs more than the one
    before); None when it cannot be crashed."""
    crash_cost_slope: float
    """How much each further day bought adds to `crash_cost_per_day`."""
    rework_found: float


@dataclass(frozen=True)
class PersonView:
    """A person on, coming to, or leaving the project."""

    id: str
    name: str
    role: str
    skills: dict[str, float]
    daily_rate: float
    status: str
    experience: float
    fatigue: float
    assignments: tuple[str, ...]
    arrival_week: int
    new_hire: bool
    in_training: bool
    availability: float = 1.0
    """Share of a normal week given to the project (0.5: half-time)."""


@dataclass(frozen=True)
class CandidateView:
    """Someone in the hire pool not yet hired."""

    id: str
    name: str
    role: str
    skills: dict[str, float]
    daily_rate: float
    lead_time_weeks: int
    hiring_cost: float


@dataclass(frozen=True)
class StakeholderView:
    """A stakeholder as the PM sees them."""

    id: str
    name: str
    role: str
    power: float
    interest: float
    quadrant: str
    engagement: str
    satisfaction: float
    trend: float
    """Change in satisfaction since a week ago: over the last week, and this week's
    decisions so far (a meeting shows at once)."""
    cares: dict[str, float]
    sponsor: bool
    history: tuple[float, ...]
    desired_engagement: str = "neutral"
    """The engagement level the project needs from them (meetings move toward it)."""
    last_meeting_week: int = -99
    """Week of the last one-to-one with them (negative: never)."""
    last_steering_week: int = -99
    """Week of the last steering committee they sat on (negative: never)."""


@dataclass(frozen=True)
class RiskView:
    """A known entry of the risk register."""

    id: str
    name: str
    description: str
    kind: str
    probability: float
    window: tuple[int, int]
    tasks: tuple[str, ...]
    exposure: float
    """Expected cost: probability × (most likely cost impact + most likely delay × the
    project's cost of a day + extra work × the team's day rate) (threats, while open)."""
    exposure_days: float
    """Expected schedule hit: probability × most likely delay and extra work, summed over
    the tasks it lands on (threats, while open)."""
    impact: str
    delay_days: float
    """Most likely hold-up of each affected task, in working days."""
    effort_days: float
    """Most likely extra (or saved) work on each affected task, in person-days."""
    cost_impact: float
    """Most likely cost (or saving)."""
    response: str | None
    responses: dict[str, dict[str, float | str]]
    fired_weeks: tuple[int, ...]
    closed: bool
    in_window: bool


@dataclass(frozen=True)
class ScopeView:
    """A deliverable and where it stands."""

    id: str
    name: str
    priority: str
    value: float
    status: str
    progress: float
    description: str
    negotiable: bool = True
    """Whether the sponsor could agree to make it a should-have (a must-have the rest
    cannot be used without is not)."""


@dataclass(frozen=True)
class MoneyView:
    """Budget and spending."""

    currency: str
    bac: float
    actual_cost: float
    authorised: float
    contingency_left: float
    contingency_drawn: float
    reserve_left: float
    reserve_granted: float
    eac: float
    burn_per_day: float
    contingency_cover: float = 0.0
    """Contingency the PM may draw now: the larger of the forecast gap and the cost of
    fired threats earlier draws do not cover, within what is left."""


@dataclass(frozen=True)
class PlayerView:
    """The whole visible state of the game."""

    scenario_id: str
    title: str
    seed: int
    week: int
    day: float
    days_per_week: int
    deadline_week: int
    original_deadline_week: int
    hard_stop_week: int
    finished: bool
    end_reason: str
    week_started: bool
    """Whether this week's work has begun (decisions now act mid-week)."""
    overtime: float
    max_overtime: float
    overtime_premium: float
    """Extra pay per extra share of hours (the scenario's `model.overtime_premium`)."""
    reporting: str
    morale: float
    fatigue: float
    attention_left: float
    attention_budget: float
    """PM hours a week after standing commitments (the weekly status reports)."""
    attention_hours: float
    """PM hours a week before standing commitments (the scenario's attention budget)."""
    frozen_until_week: int
    money: MoneyView
    metrics: Metrics | None
    history: tuple[Metrics, ...]
    weeks: tuple[WeekRecord, ...]
    """Weekly figures for charts: PV, EV, AC, morale, satisfaction, forecast."""
    forecast: Outlook
    tasks: tuple[TaskView, ...]
    people: tuple[PersonView, ...]
    candidates: tuple[CandidateView, ...]
    stakeholders: tuple[StakeholderView, ...]
    risks: tuple[RiskView, ...]
    scope: tuple[ScopeView, ...]
    pending: tuple[DecisionRequest, ...]
    """The requests waiting for the player's answer, oldest first; each must be answered
    before the week plays on."""
    breaches: dict[str, str]
    feed: tuple[FeedEvent, ...]
    """Every event of the game so far, oldest first (the news since a look are the
    events after the length of the feed then)."""
    business_case_holds: bool
    actions_taken: int
    """How many decisions and answers the game has taken (0: a game not yet begun)."""
    baselines: tuple[BaselineEntry, ...] = ()
    """The baseline log: every change to the performance measurement baseline, with its
    week, kind, BAC before and after, and reason (the first line is the original plan)."""
    commitment: Commitment | None = None
    """The original commitment (BAC, planned duration, deadline, PV curve), kept whatever
    the baseline became."""
    raisable: tuple[str, ...] = ()
    """The breaches the board would hear now (never raised, materially worse, or raised
    long enough ago); an exception with none of them is refused as a repeat."""
    recognition_week: int = 0
    """The week the team was last recognised (0: not yet); recognition wears off when it
    comes more often than about monthly."""
    team_event_week: int = 0
    """The week of the last team event (0: none yet)."""

    @property
    def week_hours(self) -> float:
        """The team's hours a week at the working hours set now (40 in a normal 5-day
        week, 32 in a 4-day one)."""
        return week_hours(self.overtime, self.days_per_week)

    @property
    def report_hours(self) -> float:
        """PM hours a week the status reports take."""
        return max(0.0, self.attention_hours - self.attention_budget)

    def task(self, task_id: str) -> TaskView:
        """The task with this id."""
        return next(t for t in self.tasks if t.id == task_id)

    def person(self, person_id: str) -> PersonView:
        """The person with this id."""
        return next(p for p in self.people if p.id == person_id)
