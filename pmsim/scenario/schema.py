"""The scenario format: a pydantic schema for the TOML files in `scenarios/`.

Every field carries a docstring; these docstrings are the reference that scenario
authors read (`pmsim schema` and `docs/authoring.md` are generated from them).
Unknown keys are errors everywhere. Cross-references (task → scope item, risk →
task, …) are checked in `pmsim.scenario.validate`, not here.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Id = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9_-]{0,47}$",
        description="lower-case letters, digits, '-' and '_', 1-48 characters",
    ),
]
Fraction = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
Money = Annotated[float, Field(ge=0.0, le=1e12, allow_inf_nan=False)]
Days = Annotated[float, Field(ge=0.0, le=100_000, allow_inf_nan=False)]
Week = Annotated[int, Field(ge=0, le=520)]
Skill = Annotated[float, Field(ge=0.0, le=2.0, allow_inf_nan=False)]
Range = Annotated[
    list[Annotated[float, Field(ge=-1e9, le=1e9, allow_inf_nan=False)]],
    Field(min_length=3, max_length=3),
]
"""A three-point range written `[low, most likely, high]`."""


class Strict(BaseModel):
    """Base for every table: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, use_attribute_docstrings=True, populate_by_name=False
    )


class Meta(Strict):
    """Who the scenario is for and what it teaches (the `[meta]` table)."""

    id: Id
    """Stable identifier, used on the command line and in game logs, e.g. `"city-app"`."""
    title: str = Field(min_length=1, max_length=120)
    """Title shown in the scenario list and on the briefing."""
    briefing: str = Field(min_length=1)
    """The player's briefing: the situation, the goal and what matters, in plain words."""
    difficulty: Literal["tutorial", "beginner", "standard", "advanced"] = "standard"
    """How hard the scenario is: `tutorial`, `beginner`, `standard` or `advanced`."""
    domain: str = ""
    """The kind of project, e.g. "software", "construction", "event"."""
    learning_objectives: list[str] = Field(default_factory=list)
    """What a player should take away; shown on the briefing and used in the debrief."""
    play_minutes: int = Field(default=40, ge=1, le=600)
    """Roughly how long one play-through takes in a workshop, in minutes."""
    unwinnable: bool = False
    """True when the scenario is meant to be lost (e.g. to teach closing a failing project)."""


class Calendar(Strict):
    """Time frame of the project (the `[calendar]` table). Week 1 is the first week."""

    deadline_week: int = Field(ge=1, le=520)
    """The week by whose end all in-scope work is due."""
    hard_stop_week: int = Field(ge=1, le=520)
    """The game ends at the end of this week whatever is unfinished. Must be ≥ deadline."""
    days_per_week: int = Field(default=5, ge=1, le=7)
    """Working days in one turn."""


class Budget(Strict):
    """Money (the `[budget]` table). The budget at completion (BAC) is not written here:
    it is the cost of the baseline plan, worked out from the team's rates and the
    tasks' most-likely efforts, so the plan and its budget always agree."""

    currency: str = Field(default="EUR", min_length=1, max_length=8)
    """Currency code or symbol shown with every amount."""
    contingency: Money = 0.0
    """Contingency reserve the PM may draw on for known risks, in currency units."""
    management_reserve: Money = 0.0
    """Management reserve held by the sponsor; released only through a request."""
    fixed_costs: Money = 0.0
    """Costs outside labour (licences, materials), spent evenly over the planned duration."""


class Model(Strict):
    """Parameters of the reference model (the optional `[model]` table). The defaults
    are the published figures cited in the README; override them only with a reason."""

    effort_distribution: Literal["pert", "triangular", "lognormal", "fixed"] = "pert"
    """How true task efforts are drawn from their three-point estimates; `fixed` makes
    every task take exactly its most likely effort (for exercises and checks)."""
    max_overtime: float = Field(default=1.5, ge=1.0, le=2.0)
    """Largest hours factor a player may order (1.5 = 60-hour weeks)."""
    overtime_premium: float = Field(default=1.5, ge=1.0, le=3.0)
    """Pay multiplier for hours beyond the normal week."""
    fatigue_weeks: float = Field(default=4.0, ge=1.0, le=12.0)
    """Weeks over which overtime is averaged into fatigue."""
    fatigue_curvature: float = Field(default=2.5, ge=0.0, le=10.0)
    """Productivity loss per squared unit of averaged overtime: multiplier = 1 − c·(h−1)²
    (0.9 at 48-hour weeks with the default)."""
    new_hire_experience: Fraction = 0.5
    """Productivity of a new hire on arrival, relative to an assimilated person."""
    assimilation_days: Days = 20.0
    """Working days for a new hire to become fully productive."""
    training_drag: Fraction = 0.25
    """Share of an experienced team-mate's time taken by each new hire under training."""
    catch_up_days: Days = 10.0
    """Days a person joining a task in progress needs to catch up before producing,
    scaled by how much of the task is already done."""
    communication_overhead: float = Field(default=0.0006, ge=0.0, le=0.01)
    """Fraction of capacity lost to communication per n² for a team of n (0.0006 = 6 % at 10)."""
    right_first_time: Fraction = 0.9
    """Fraction of work done right first time by a rested, assimilated person."""
    rework_discovery_weeks: float = Field(default=3.0, ge=0.5, le=52.0)
    """Average delay before flawed work is discovered and comes back as rework."""
    test_discovery: Fraction = 0.8
    """Share of the scope item's hidden flaws a test task finds over its course."""
    fast_track_threshold: Fraction = 0.6
    """A fast-tracked task may start when its predecessors are this far done."""
    fast_track_penalty: Fraction = 0.4
    """Quality lost by fast-tracked work, times the share of predecessor work still open."""
    morale_initial: Fraction = 0.7
    """Team morale at the start (0 = despair, 1 = elation; 0.7 is a normal healthy team)."""
    morale_adjust: Fraction = 0.3
    """Share of the gap to its target that morale closes each week."""
    resignation_rate: Fraction = 0.2
    """Yearly chance that a person resigns at normal morale; rises as morale falls."""
    attention_hours: float = Field(default=20.0, ge=1.0, le=80.0)
    """Hours of the PM's attention per week for meetings, reports and responses."""
    forecast_iterations: int = Field(default=300, ge=50, le=5000)
    """Monte Carlo iterations of the in-game finish forecast."""


class Scoring(Strict):
    """Points per dimension (the optional `[scoring]` table); they should total 1000."""

    schedule: int = Field(default=200, ge=0, le=1000)
    """Points for finishing by the deadline."""
    cost: int = Field(default=200, ge=0, le=1000)
    """Points for finishing within budget."""
    scope: int = Field(default=200, ge=0, le=1000)
    """Points for the value delivered (must-haves first)."""
    quality: int = Field(default=150, ge=0, le=1000)
    """Points for few defects left at the end."""
    stakeholders: int = Field(default=150, ge=0, le=1000)
    """Points for stakeholder satisfaction, weighted by power."""
    team: int = Field(default=100, ge=0, le=1000)
    """Points for team morale and keeping people."""


class Tolerances(Strict):
    """PRINCE2 tolerances set by the project board (the optional `[tolerances]` table).
    When the forecast breaches one, the PM should raise an exception."""

    time_weeks: float = Field(default=2.0, ge=0.0, le=52.0)
    """Weeks the P80 finish may run past the deadline."""
    cost_fraction: Fraction = 0.1
    """Fraction by which the estimate at completion may exceed the budget."""
    scope_fraction: Fraction = 0.2
    """Fraction of planned scope value that may be dropped."""
    risk_exposure: Money = 1e12
    """Largest acceptable total risk exposure (probability × cost impact) in currency."""
    report_weeks: int = Field(default=2, ge=0, le=26)
    """Weeks a breach may stand before the board finds out by itself."""


class ScopeItem(Strict):
    """A deliverable (`[[scope]]`), prioritised with MoSCoW."""

    id: Id
    """Identifier, referenced by tasks and change requests."""
    name: str = Field(min_length=1, max_length=120)
    """Name shown to the player."""
    priority: Literal["must", "should", "could"]
    """MoSCoW priority: must-haves cannot be cut without the sponsor's agreement."""
    value: Money
    """Business value when delivered, in currency units."""
    description: str = ""
    """What the deliverable is, for the briefing."""
    proposed: bool = False
    """True for scope that only a change request brings in; not in the baseline plan."""


class Task(Strict):
    """A work package (`[[tasks]]`) with a three-point estimate in person-days."""

    id: Id
    """Identifier, referenced by predecessors, risks and decisions."""
    name: str = Field(min_length=1, max_length=120)
    """Name shown to the player."""
    scope: Id
    """The scope item this task delivers."""
    skill: Id
    """The skill the work needs, e.g. `"dev"`; people work at their level in it."""
    optimistic: Days
    """Best-case effort in person-days at skill level 1."""
    likely: Days
    """Most likely effort in person-days; the plan and its budget use it."""
    pessimistic: Days
    """Worst-case effort in person-days."""
    predecessors: list[Id] = Field(default_factory=list)
    """Tasks that must finish before this one starts (finish-to-start)."""
    staff: list[Id] = Field(default_factory=list, min_length=1)
    """Team members planned on the task; the baseline plan and its budget use them."""
    max_staff: int = Field(default=4, ge=1, le=50)
    """Most people who can usefully work on the task at once."""
    kind: Literal["work", "test"] = "work"
    """`test` tasks find hidden flaws in their scope item's work and fix them."""
    crash_cost_per_day: Money | None = None
    """Cost of buying one day of schedule with contractors; absent means no crashing."""
    crash_max_days: Days = 0.0
    """Most days the task can be shortened by crashing."""


class Person(Strict):
    """A member of the starting team (`[[team]]`)."""

    id: Id
    """Identifier, used in task staffing and decisions."""
    name: str = Field(min_length=1, max_length=80)
    """Name shown to the player."""
    role: str = ""
    """Job title."""
    skills: dict[Id, Skill] = Field(min_length=1)
    """Skill levels: 1.0 is a competent professional, 0.5 a beginner, 1.3 an expert."""
    daily_rate: Money
    """Cost of one normal working day."""
    experience: Fraction = 1.0
    """How assimilated the person is (1.0 = fully; a new hire starts lower)."""


class Candidate(Strict):
    """Someone who can be hired (`[[hire_pool]]`)."""

    id: Id
    """Identifier used by the hire decision."""
    name: str = Field(min_length=1, max_length=80)
    """Name shown to the player."""
    role: str = ""
    """Job title."""
    skills: dict[Id, Skill] = Field(min_length=1)
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


class Stakeholder(Strict):
    """A person or group with a stake in the project (`[[stakeholders]]`)."""

    id: Id
    """Identifier used by stakeholder actions and change requests."""
    name: str = Field(min_length=1, max_length=80)
    """Name shown to the player."""
    role: str = ""
    """Their position, e.g. "Sponsor", "Head of Sales"."""
    power: Fraction
    """Influence over the project (0-1); ≥ 0.5 counts as high on the grid."""
    interest: Fraction
    """How closely they follow it (0-1); ≥ 0.5 counts as high on the grid."""
    engagement: Literal["unaware", "resistant", "neutral", "supportive", "leading"] = "neutral"
    """Current engagement level."""
    satisfaction: float = Field(default=60.0, ge=0.0, le=100.0)
    """Starting satisfaction, 0-100."""
    cares: Cares = Field(default_factory=Cares)
    """What they weigh when judging the project."""
    sponsor: bool = False
    """The sponsor chairs the board: approves reserve, deadline and scope changes."""


class Trigger(Strict):
    """A condition on the project state that multiplies a risk's weekly hazard."""

    metric: Literal["spi_t", "cpi", "morale", "fatigue", "satisfaction", "overtime"]
    """The figure watched."""
    below: float | None = None
    """The trigger holds when the figure is below this value."""
    above: float | None = None
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

    description: str = ""
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
    """Hand the risk to the project board; outside the PM's authority."""
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
    name: str = Field(min_length=1, max_length=120)
    """Name shown on the register."""
    description: str = ""
    """Cause, event and effect, in plain words."""
    kind: Literal["threat", "opportunity"] = "threat"
    """Threats hurt when they fire; opportunities help."""
    probability: Fraction
    """Chance that it fires at least once within its window."""
    window: list[Week] = Field(min_length=2, max_length=2)
    """First and last week (inclusive) in which it can fire, `[from, to]`."""
    tasks: list[Id] = Field(default_factory=list)
    """Tasks the impact lands on."""
    impact: Impact = Field(default_factory=Impact)
    """What happens when it fires."""
    triggers: list[Trigger] = Field(default_factory=list)
    """State conditions that raise (or lower) the weekly hazard."""
    responses: Responses = Field(default_factory=Responses)
    """Responses the PM may take, in advance or when it fires."""
    known: bool = True
    """Whether the risk is on the register from the start (unknown risks surprise)."""
    recurring: bool = False
    """Whether it can fire more than once."""


class Negotiation(Strict):
    """The scaled-down version a PM can negotiate for a change request."""

    effort_factor: Fraction = 0.5
    """Share of the change's effort kept."""
    value_factor: Fraction = 0.6
    """Share of the change's value kept."""


class Event(Strict):
    """A scripted event (`[[events]]`): a change request or a message."""

    id: Id
    """Identifier; change requests are answered by it."""
    week: int = Field(ge=1, le=520)
    """Week at whose start the event happens."""
    kind: Literal["change_request", "message"]
    """`change_request` asks the PM to decide; `message` just appears in the feed."""
    title: str = Field(min_length=1, max_length=120)
    """Headline."""
    text: str = ""
    """Full text."""
    probability: Fraction = 1.0
    """Chance the event happens at all (1 = scripted for certain)."""
    requested_by: Id | None = None
    """Stakeholder who raises it (change requests need one)."""
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
    hint: bool = False
    """Show as a tutorial hint rather than news."""


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
    """Points per dimension."""
    tolerances: Tolerances = Field(default_factory=Tolerances)
    """The board's tolerances."""
    scope: list[ScopeItem] = Field(min_length=1)
    """Deliverables."""
    tasks: list[Task] = Field(min_length=1)
    """Work packages."""
    team: list[Person] = Field(min_length=1)
    """The starting team."""
    hire_pool: list[Candidate] = Field(default_factory=list)
    """People who can be hired."""
    stakeholders: list[Stakeholder] = Field(default_factory=list)
    """Stakeholders."""
    risks: list[Risk] = Field(default_factory=list)
    """The risk register (threats and opportunities)."""
    events: list[Event] = Field(default_factory=list)
    """Scripted change requests and messages."""
