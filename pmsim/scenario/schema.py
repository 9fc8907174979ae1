"""The scenario format: a pydantic schema for the TOML files in `scenarios/`.

Every field carries a docstring; these docstrings are the reference that scenario
authors read (`pmsim schema` and `docs/authoring.md` are generated from them).
Unknown keys are errors everywhere. Cross-references (task → scope item, risk →
task, …) are checked in `pmsim.scenario.validate`, not here. The tables of the
reference model and of the risk register live in `parameters.py` and `register.py`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from pmsim.scenario.injects import Inject
from pmsim.scenario.limits import (
    MAX_EVENTS,
    MAX_HIRE_POOL,
    MAX_INJECTS,
    MAX_OBJECTIVES,
    MAX_PREDECESSORS,
    MAX_RISKS,
    MAX_SCOPE_ITEMS,
    MAX_SKILLS,
    MAX_STAFF,
    MAX_STAKEHOLDERS,
    MAX_TASKS,
    MAX_TEAM,
    MAX_WEEKS,
)
from pmsim.scenario.parameters import Model, Scoring, ScoringCurves, Tolerances
from pmsim.scenario.register import (
    Event,
    Impact,
    Negotiation,
    Response,
    Responses,
    Risk,
    Trigger,
)
from pmsim.scenario.types import (
    MAX_BRIEFING,
    MAX_NAME,
    MAX_ROLE,
    MAX_TEXT,
    MAX_TITLE,
    Days,
    Fraction,
    Id,
    Line,
    Money,
    Prose,
    Skill,
    Strict,
)


class Meta(Strict):
    """Who the scenario is for and what it teaches (the `[meta]` table)."""

    id: Id
    """Stable identifier, used on the command line and in game logs, e.g. `"city-app"`."""
    title: Line = Field(min_length=1, max_length=MAX_TITLE)
    """Title shown in the scenario list and on the briefing."""
    briefing: Prose = Field(min_length=1, max_length=MAX_BRIEFING)
    """The player's briefing: the situation, the goal and what matters, in plain words."""
    difficulty: Literal["tutorial", "beginner", "standard", "advanced"] = "standard"
    """How hard the scenario is: `tutorial`, `beginner`, `standard` or `advanced`."""
    domain: Line = Field(default="", max_length=MAX_ROLE)
    """The kind of project, e.g. "software", "construction", "event"."""
    learning_objectives: list[Annotated[Prose, Field(max_length=MAX_TEXT)]] = Field(
        default_factory=list, max_length=MAX_OBJECTIVES)
    """What a player should take away; shown on the briefing and used in the debrief."""
    play_minutes: int = Field(default=40, ge=1, le=600)
    """Roughly how long one play-through takes in a workshop, in minutes."""
    unwinnable: bool = False
    """True when the scenario is meant to be lost (e.g. to teach closing a failing project)."""


class Calendar(Strict):
    """Time frame of the project (the `[calendar]` table). Week 1 is the first week."""

    deadline_week: int = Field(ge=1, le=MAX_WEEKS)
    """The week by whose end all in-scope work is due."""
    hard_stop_week: int = Field(ge=1, le=MAX_WEEKS)
    """The game ends at the end of this week whatever is unfinished. Must be ≥ deadline."""
    days_per_week: int = Field(default=5, ge=1, le=7)
    """Working days in one turn."""


class Budget(Strict):
    """Money (the `[budget]` table). The budget at completion (BAC) is not written here:
    it is the cost of the baseline plan, worked out from the team's rates and the
    tasks' expected efforts, so the plan and its budget always agree."""

    currency: Line = Field(default="EUR", min_length=1, max_length=8)
    """Currency code or symbol shown with every amount."""
    contingency: Money = 0.0
    """Contingency reserve the PM may draw on for known risks, in currency units."""
    management_reserve: Money = 0.0
    """Management reserve held by the sponsor; released only through a request."""
    spent: Money = 0.0
    """Money already spent when you take over a project in flight; it counts in the
    actual cost and in the budget at completion."""
    fixed_costs: Money = 0.0
    """Time-related costs outside labour (site, licences, hosting) over the planned
    duration: paid at that daily rate until the project actually finishes, so a late
    project pays more and an early one less."""


class ScopeItem(Strict):
    """A deliverable (`[[scope]]`), prioritised with MoSCoW."""

    id: Id
    """Identifier, referenced by tasks and change requests."""
    name: Line = Field(min_length=1, max_length=MAX_TITLE)
    """Name shown to the player."""
    priority: Literal["must", "should", "could"]
    """MoSCoW priority: must-haves cannot be cut without the sponsor's agreement."""
    value: Money
    """Business value when delivered, in currency units."""
    description: Prose = Field(default="", max_length=MAX_TEXT)
    """What the deliverable is, for the briefing."""
    proposed: bool = False
    """True for scope that only a change request brings in; not in the baseline plan."""
    negotiable: bool = True
    """False for a must-have nothing else can be used without (a go-live, a completion
    certificate, the move itself): the sponsor never agrees to make it a should-have."""


class Task(Strict):
    """A work package (`[[tasks]]`) with a three-point estimate in person-days."""

    id: Id
    """Identifier, referenced by predecessors, risks and decisions."""
    name: Line = Field(min_length=1, max_length=MAX_TITLE)
    """Name shown to the player."""
    scope: Id
    """The scope item this task delivers."""
    skill: Id
    """The skill the work needs, e.g. `"dev"`; people work at their level in it."""
    optimistic: Days
    """Best-case effort in person-days at skill level 1."""
    likely: Days
    """Most likely effort in person-days. The plan and its budget count on the expected
    effort, (optimistic + 4 × likely + pessimistic) / 6 with the default beta-PERT."""
    pessimistic: Days
    """Worst-case effort in person-days."""
    predecessors: list[Id] = Field(default_factory=list, max_length=MAX_PREDECESSORS)
    """Tasks that must finish before this one starts (finish-to-start)."""
    staff: list[Id] = Field(default_factory=list, min_length=1, max_length=MAX_STAFF)
    """Team members planned on the task; the baseline plan and its budget use them."""
    max_staff: int = Field(default=4, ge=1, le=MAX_STAFF)
    """Most people who can usefully work on the task at once."""
    kind: Literal["work", "test"] = "work"
    """`test` tasks find hidden flaws in their scope item's work and fix them."""
    crash_cost_per_day: Money | None = None
    """Cost of buying one day of schedule with contractors; absent means no crashing."""
    crash_max_days: Days = 0.0
    """Most days the task can be shortened by crashing."""
    progress: Fraction = 0.0
    """Share of the task already done when the game starts (a project taken over in
    flight); 1.0 means finished. Work done before you arrived hides its share of flaws."""


class Person(Strict):
    """A member of the starting team (`[[team]]`)."""

    id: Id
    """Identifier, used in task staffing and decisions."""
    name: Line = Field(min_length=1, max_length=MAX_NAME)
    """Name shown to the player."""
    role: Line = Field(default="", max_length=MAX_ROLE)
    """Job title."""
    skills: dict[Id, Skill] = Field(min_length=1, max_length=MAX_SKILLS)
    """Skill levels: 1.0 is a competent professional, 0.5 a beginner, 1.3 an expert."""
    daily_rate: Money
    """Cost of one normal working day, full time."""
    availability: float = Field(default=1.0, gt=0.0, le=1.0, allow_inf_nan=False)
    """Share of a normal week the person gives the project: 1.0 full time, 0.5
    half-time (alongside a day job, or shared with another project). Their output and
    their cost are both that share of a full-timer's."""
    experience: Fraction = 1.0
    """How assimilated the person is (1.0 = fully; a new hire starts lower)."""
    fatigue: float = Field(default=0.0, ge=0.0, le=1.0, allow_inf_nan=False)
    """Fatigue at the start: overtime already worked, as the smoothed extra share of a
    normal week (0.2 ≈ weeks of 48-hour weeks; 0.5 = weeks of 60-hour weeks). For a
    project taken over from a team that has been pushed hard."""


class Candidate(Strict):
    """Someone who can be hired (`[[hire_pool]]`)."""

    id: Id
    """Identifier used by the hire decision."""
    name: Line = Field(min_length=1, max_length=MAX_NAME)
    """Name shown to the player."""
    role: Line = Field(default="", max_length=MAX_ROLE)
    """Job title."""
    skills: dict[Id, Skill] = Field(min_length=1, max_length=MAX_SKILLS)
    """Skill levels, as for team members."""
    daily_rate: Money
    """Cost of one normal working day."""
    lead_time_weeks: int = Field(default=2, ge=0, le=52)
    """Weeks between the decision to hire and the first day at work."""
    hiring_cost: Money = 0.0
    """One-off cost (agency fee, equipment) paid when hired."""


class Cares(Strict):
    """How much a stakeholder cares about each dimension (relative weights)."""

    schedule: float = Field(default=1.0, ge=0.0, le=10.0)
    """Weight on the finish date."""
    cost: float = Field(default=1.0, ge=0.0, le=10.0)
    """Weight on spending."""
    scope: float = Field(default=1.0, ge=0.0, le=10.0)
    """Weight on the value delivered."""
    quality: float = Field(default=1.0, ge=0.0, le=10.0)
    """Weight on defects."""


EngagementLevel = Literal["unaware", "resistant", "neutral", "supportive", "leading"]
"""A column of PMBOK's stakeholder engagement assessment matrix, from least to most
engaged."""


class Stakeholder(Strict):
    """A person or group with a stake in the project (`[[stakeholders]]`)."""

    id: Id
    """Identifier used by stakeholder actions and change requests."""
    name: Line = Field(min_length=1, max_length=MAX_NAME)
    """Name shown to the player."""
    role: Line = Field(default="", max_length=MAX_ROLE)
    """Their position, e.g. "Sponsor", "Head of Sales"."""
    power: Fraction
    """Influence over the project (0-1); ≥ 0.5 counts as high on the grid."""
    interest: Fraction
    """How closely they follow it (0-1); ≥ 0.5 counts as high on the grid."""
    engagement: EngagementLevel = "neutral"
    """Engagement level at the start, a column of PMBOK's stakeholder engagement
    assessment matrix: unaware, resistant, neutral, supportive or leading."""
    desired_engagement: EngagementLevel | None = None
    """The engagement level the project needs from them (the matrix's "desired" column).
    Meetings move engagement toward it, never past it, and the stakeholder points reward
    closing the gap. Absent: set by their place on the power/interest grid — the sponsor
    leading; manage closely and keep informed supportive; keep satisfied and monitor
    neutral."""
    satisfaction: float = Field(default=60.0, ge=0.0, le=100.0)
    """Starting satisfaction, 0-100."""
    cares: Cares = Field(default_factory=Cares)
    """What they weigh when judging the project."""
    sponsor: bool = False
    """The sponsor chairs the board: approves reserve, deadline and scope changes."""


class BoardRules(Strict):
    """How the project board decides (the optional `[board]` table): what it weighs when
    the PM raises an exception or asks for management reserve, and what asking and
    escalating cost in the sponsor's goodwill. The board's rules are stated, so players
    can learn them; the defaults follow PRINCE2's management by exception."""

    recovery_weeks: float = Field(default=2.0, ge=0.0, le=52.0, allow_inf_nan=False)
    """Weeks the P80 finish may lie beyond the time tolerance for the board still to
    believe a recovery plan that keeps the targets."""
    recovery_cost_fraction: Fraction = 0.05
    """Fraction of the budget the estimate at completion may lie beyond the cost
    tolerance for the board still to believe a recovery plan."""
    recovery_plans: int = Field(default=2, ge=0, le=20)
    """Recovery plans the board approves in one project; after that it wants a new plan
    (a re-baseline or less scope) instead of another promise."""
    rebaseline_confidence: float = Field(default=50.0, ge=0.0, le=100.0, allow_inf_nan=False)
    """Sponsor satisfaction (0-100) at or above which the board trusts the PM enough to
    approve a re-baseline."""
    rebaseline_until: Fraction = 0.9
    """Share of the budget earned (EV / BAC) from which the board no longer re-baselines:
    a project this near its end has no plan left to change, only a slip to approve
    after the fact."""
    rebaseline_goodwill: float = Field(default=5.0, ge=0.0, le=100.0, allow_inf_nan=False)
    """Sponsor satisfaction an approved re-baseline costs (the business has to plan
    around a later, dearer project)."""
    repeat_weeks: int = Field(default=4, ge=1, le=52)
    """Weeks after which a breach the board already has may be raised again; before
    that only a new breach or one materially worse may be. Also the weeks a re-baseline
    must run before the board approves another."""
    first_rebaseline_week: int = Field(default=4, ge=1, le=52)
    """First week in which the board re-baselines the approved plan for a breach a
    recovery plan could still win back: before it, the plan has not been tried, and
    the board wants the PM's own authority and contingency used first (a baseline is
    not re-set to absorb early variances). A breach too big to recover is re-baselined
    from week 1. A scenario whose plan the PM inherits already broken sets 1."""
    repeat_goodwill: float = Field(default=3.0, ge=0.0, le=100.0, allow_inf_nan=False)
    """Sponsor satisfaction each earlier exception costs when the PM raises another (the
    third exception costs twice this): reporting is a duty, not a way to win favour."""
    refusal_goodwill: float = Field(default=3.0, ge=0.0, le=100.0, allow_inf_nan=False)
    """Sponsor satisfaction a recommendation the board turns down costs."""
    reserve_confidence: float = Field(default=45.0, ge=0.0, le=100.0, allow_inf_nan=False)
    """Sponsor satisfaction (0-100) at or above which the sponsor releases management
    reserve, and then only for a forecast gap the contingency left cannot cover."""
    reserve_goodwill: float = Field(default=5.0, ge=0.0, le=100.0, allow_inf_nan=False)
    """Sponsor satisfaction a request for management reserve costs, granted or not."""
    escalation_goodwill: float = Field(default=4.0, ge=0.0, le=100.0, allow_inf_nan=False)
    """Sponsor satisfaction escalating a risk to the board costs (they now own it)."""


class Scenario(Strict):
    """A complete scenario file."""

    format: Literal[1] = 1
    """Version of this format."""
    meta: Meta
    """Who it is for and what it teaches."""
    calendar: Calendar
    """Deadline and hard stop."""
    budget: Budget = Field(default_factory=Budget)
    """Reserves and fixed costs; the BAC follows from the plan."""
    model: Model = Field(default_factory=Model)
    """Reference-model parameters (defaults are the published figures)."""
    scoring: Scoring = Field(default_factory=Scoring)
    """Points per dimension, and the curves that turn the final figures into them."""
    tolerances: Tolerances = Field(default_factory=Tolerances)
    """The board's tolerances."""
    board: BoardRules = Field(default_factory=BoardRules)
    """How the board decides on exceptions and reserve, and what asking costs."""
    scope: list[ScopeItem] = Field(min_length=1, max_length=MAX_SCOPE_ITEMS)
    """Deliverables."""
    tasks: list[Task] = Field(min_length=1, max_length=MAX_TASKS)
    """Work packages."""
    team: list[Person] = Field(min_length=1, max_length=MAX_TEAM)
    """The starting team."""
    hire_pool: list[Candidate] = Field(default_factory=list, max_length=MAX_HIRE_POOL)
    """People who can be hired."""
    stakeholders: list[Stakeholder] = Field(default_factory=list,
                                            max_length=MAX_STAKEHOLDERS)
    """Stakeholders."""
    risks: list[Risk] = Field(default_factory=list, max_length=MAX_RISKS)
    """The risk register (threats and opportunities)."""
    events: list[Event] = Field(default_factory=list, max_length=MAX_EVENTS)
    """Scripted change requests and messages."""
    injects: list[Inject] = Field(default_factory=list, max_length=MAX_INJECTS)
    """The facilitator's inject catalogue: events a trainer drops into every team's game
    in a live workshop (never in a game played alone)."""


__all__ = [
    "BoardRules", "Budget", "Calendar", "Candidate", "Cares", "EngagementLevel", "Event",
    "Impact", "Inject", "Meta", "Model",
    "Negotiation", "Person", "Response", "Responses", "Risk", "Scenario", "ScopeItem",
    "Scoring", "ScoringCurves", "Stakeholder", "Task", "Tolerances", "Trigger",
]
