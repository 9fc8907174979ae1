"""The final facts of a game: what scoring reads, and nothing else.

The engine builds a `FinalFacts` when a game is over (`pmsim.engine.final_facts.final_facts`)
and hands it to `pmsim.scoring.score`; scoring never sees the simulation. A test can
score a game it makes up by writing one of these by hand.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StakeholderFacts:
    """One stakeholder at the end of the game."""

    name: str
    """Their name, as the scenario gives it."""
    power: float
    """Their power on the grid, the weight of their satisfaction (scenario units)."""
    satisfaction: float
    """Their satisfaction at the end, 0-100."""
    interest: float = 0.5
    """Their interest on the grid (scenario units); with power, the weight of their
    engagement."""
    weekly_satisfaction: tuple[float, ...] = ()
    """Their satisfaction at the end of each week played (empty: only the end counts)."""
    engagement: str = "neutral"
    """Their engagement level at the end (a column of the engagement assessment
    matrix)."""
    desired: str = "neutral"
    """The engagement level the project needed from them."""
    engagement_gap: int = 0
    """Columns of the matrix their engagement was below the desired level at the end."""
    weekly_engagement_gap: tuple[int, ...] = ()
    """That gap at the end of each week played (empty: only the end counts)."""


@dataclass(frozen=True)
class FinalFacts:
    """Everything about a finished game that its score depends on."""

    scenario_id: str
    """The scenario played."""
    seed: int
    """The seed it was played on."""
    currency: str
    """The scenario's currency label, for the sentences."""

    # ---------------------------------------------------------------- how it ended
    end_reason: str
    """Why the game ended: `complete`, `hard_stop`, or the reason the board closed it."""
    completed: bool
    """Every must-have was delivered and the project finished (`end_reason` complete)."""
    finish_week: int
    """The week the project finished, or the week the game stopped."""
    closed_by_board: bool
    """The board closed the project early."""
    closure_justified: bool
    """The closure was right: the business case had failed when it was recommended."""

    # ---------------------------------------------------------------- schedule
    deadline_week: float
    """The original commitment: the deadline week of the plan the game started with."""
    deadline_extension: float
    """Weeks the sponsor or approved change requests added to the deadline (forgiven at
    the curves' `extension_credit`)."""
    rebaseline_weeks: float
    """Weeks board-approved re-baselines added to the deadline (forgiven at the curves'
    `rebaseline_credit`)."""
    board_deadline_week: int
    """The deadline on the board's plan (re-baselined weeks counted whole, capped at the
    hard stop), named in the schedule sentence after a re-baseline."""

    # ---------------------------------------------------------------- cost
    actual_cost: float
    """Actual cost at the end (AC), in currency."""
    budget: float
    """Budget at completion of the baseline in force (BAC: cuts, changes and funded risk
    responses included), less the management reserve re-baselines added to it (that
    counts as authorised), in currency."""
    authorised_budget: float
    """What the PM was authorised to spend: BAC plus drawn contingency plus granted
    management reserve."""
    approved_budget: float
    """BAC plus the whole contingency reserve plus granted management reserve: the
    budget the PMBOK cost baseline and its reserves allow (judges `on_budget`)."""

    # ---------------------------------------------------------------- scope
    planned_value: float
    """Business value the project was asked for, in currency: the original items (at
    their value at the end) and every change that was asked for, at its full value,
    whatever the answer. Change control decides which changes to deliver (PMBOK's
    Perform Integrated Change Control); the value of one turned down, or cut down in
    negotiation, is value the project chose not to deliver, and the scope score says
    so. A change never asked for is not in it."""
    delivered_count: int
    """Scope items delivered."""
    delivered_value: float
    """Value of the scope items delivered (approved changes included), in currency."""
    missing_musts: tuple[str, ...]
    """Names of the baseline must-haves not delivered, in scenario order."""

    # ---------------------------------------------------------------- quality
    delivered_work: float
    """Work done on the finished tasks of delivered scope, in person-days."""
    hidden_defects: float
    """Flawed work still hidden in that delivered work, in person-days."""

    # ---------------------------------------------------------------- people
    stakeholders: tuple[StakeholderFacts, ...]
    """Every stakeholder at the end, in scenario order."""
    weekly_morale: tuple[float, ...]
    """Team morale (0-1) at the end of each week played, or the morale at the end when
    no week was completed; never empty."""
    resignations: int
    """People who resigned during the game."""
    end_fatigue: float
    """Mean fatigue (0-1) at the end of the people still on the project and of those who
    left it in its last weeks (`people.closing_fatigue`)."""

    # ---------------------------------------------------------------- the board's terms
    time_tolerance_weeks: float
    """Weeks late the board tolerates before a finish is an exception."""
    cost_tolerance: float
    """Fraction over budget the board tolerates before the cost is an exception."""

    # ---------------------------------------------------------------- the original commitment
    commitment_budget: float = 0.0
    """BAC of the original plan, before any cut, change or re-baseline (0: unknown)."""
    commitment_planned_weeks: float = 0.0
    """Planned duration of the original plan, in weeks (0: unknown); the original
    deadline is `deadline_week`."""
    rebaselines: int = 0
    """How many times the board re-baselined (each made a new performance measurement
    baseline)."""
