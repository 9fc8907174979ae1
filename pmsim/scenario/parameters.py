"""Scenario tables of reference-model parameters, scoring weights and curves, and
tolerances."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from pmsim.scenario.limits import MAX_FORECAST_ITERATIONS
from pmsim.scenario.types import Days, Fraction, Money, Strict


class Model(Strict):
    """Parameters of the reference model (the optional `[model]` table). The defaults
    are the published figures cited in the README; override them only with a reason."""

    effort_distribution: Literal["pert", "triangular", "lognormal", "fixed"] = "pert"
    """How true task efforts are drawn from their three-point estimates; `fixed` makes
    every task take exactly its most likely effort (for exercises and checks)."""
    max_overtime: float = Field(default=1.5, ge=1.0, le=2.0)
    """Largest hours factor a player may order (1.5 = half as long again as a normal
    week: 60 hours in a 5-day week)."""
    overtime_premium: float = Field(default=1.5, ge=1.0, le=3.0)
    """Pay multiplier for hours beyond the normal week."""
    fatigue_weeks: float = Field(default=4.0, ge=1.0, le=12.0)
    """Weeks over which overtime is averaged into fatigue."""
    training_drag: Fraction = 0.25
    """Share of an experienced team-mate's time taken by each new hire under training."""
    catch_up_days: Days = 10.0
    """Days a person joining a task in progress needs to catch up before producing,
    scaled by how much of the task is already done, and never more than the person-days
    done on it."""
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
    fast_track_penalty: Fraction = 0.8
    """Share of a fast-tracked task's work that proves wrong (hidden flaws, found later
    as rework) when done at the deepest overlap allowed (its predecessors just
    `fast_track_threshold` done); convex in the overlap, it falls with the square of the
    predecessor work still open (0.8: 80 % at the start of the overlap, 20 % halfway,
    about 27 % over an overlap that runs its course; Krishnan, Eppinger & Whitney 1997,
    Roemer, Ahmadi & Wang 2000)."""
    crash_cost_rise: float = Field(default=2.0, ge=0.0, le=10.0)
    """How steeply crashing a task gets dearer (the convex time–cost curve of Kelley &
    Walker 1959): the price of a further day bought on a task is its `crash_cost_per_day`
    × (1 + this × the share of its crash limit already bought), so with 2 the last day
    costs three times the first and crashing all the way costs twice the list price on
    average (COCOMO's schedule multipliers rise about as steeply: 14 % more effort for a
    schedule 85 % of nominal, 43 % for 75 %; Boehm et al. 2000)."""
    crash_max_share: Fraction = 0.25
    """Most a task can be shortened by crashing, as a share of its planned duration
    (its planned work at its planned staff's pace): below about 75 % of the nominal
    schedule is the "impossible region" (Boehm 1981; Boehm et al. 2000). A task's own
    `crash_max_days` may set a lower limit."""
    morale_initial: Fraction = 0.7
    """Team morale at the start (0 = despair, 1 = elation; 0.7 is a normal healthy team)."""
    morale_adjust: Fraction = 0.3
    """Share of the gap to its target that morale closes each week."""
    attention_hours: float = Field(default=20.0, ge=1.0, le=80.0)
    """Hours of the PM's attention per week for meetings, reports and responses."""
    forecast_iterations: int = Field(default=300, ge=50, le=MAX_FORECAST_ITERATIONS)
    """Monte Carlo iterations of the in-game finish forecast."""
    forecast_risks: bool = False
    """Whether the in-game forecast also draws the known risks of the register in each
    iteration (a risk-adjusted forecast; the dashboard says which one it shows)."""

    # ---- people figures from published studies (docs/model.md gives the sources) ----
    overtime_hourly_loss: float = Field(default=0.2, ge=0.0, le=1.0)
    """Share of hourly productivity lost at once per unit of extra hours: the factor is
    1 − loss·(h − 1) for h × normal hours (0.2: 5 % at 50-hour weeks, 10 % at 60 from
    the first week; Thomas & Raynar 1997 measured 10–15 % losses at 50–60 hours)."""
    fatigue_loss: float = Field(default=0.55, ge=0.0, le=2.0)
    """Share of hourly productivity lost per unit of fatigue f (extra hours smoothed over
    `fatigue_weeks`, as a share of the normal week): the factor is 1 − loss·f. With
    `overtime_hourly_loss`, months of 60-hour weeks settle at about 0.65 of normal
    hourly productivity (Business Roundtable 1980; Hanna, Taylor & Sullivan 2005)."""
    new_hire_experience: Fraction = 0.5
    """Productivity of a new hire on arrival, relative to an assimilated person
    (new staff are 35–50 % less productive: Abdel-Hamid 1989, after Boehm 1981)."""
    assimilation_days: Days = 40.0
    """Time constant, in working days, of a new hire's assimilation: the gap to full
    productivity shrinks as e^(−t/T), so 95 % of it is gone after 3·T (40: about 24
    weeks, near the five months the literature reports; Abdel-Hamid 1989's NASA case,
    drawn from a familiar pool of contractors, had 20)."""
    resignation_rate: Fraction = 0.2
    """Yearly chance that a person resigns at normal morale (about 20 % a year in
    Abdel-Hamid 1989's NASA case; 30 % or more in many IT departments); rises as morale
    falls and fatigue grows."""
    resignation_morale_factor: float = Field(default=8.0, ge=0.0, le=50.0)
    """Rise of the resignation hazard per unit of morale below 0.6: the hazard is
    multiplied by 1 + this × the shortfall (8: a team at morale 0.35 resigns three times
    as often)."""
    resignation_fatigue_factor: float = Field(default=3.0, ge=0.0, le=50.0)
    """Rise of the resignation hazard per unit of a person's fatigue: the hazard is
    multiplied by 1 + this × fatigue (3: after months of 60-hour weeks, fatigue 0.5,
    people resign 2.5 times as often)."""
    counter_offer_raise: Fraction = 0.2
    """Pay rise offered to keep a person who resigns (0.2 = 20 % more a day)."""
    counter_offer_failure: Fraction = 0.3
    """Chance that a person who resigned turns the counter-offer down and leaves anyway
    (about 3 in 10: 73 % of those offered one accepted it in a 2021 survey of 2,061 US
    employees)."""


SCORE_TOTAL = 1000
"""Points a game is scored out of; the `[scoring]` weights must add up to it."""


class ScoringCurves(Strict):
    """How a game's final figures become points (the optional `[scoring.curves]` table).
    Each dimension earns a share of its weight between 0 and 1; these are the slopes,
    end points and caps of those shares, and the points that class an outcome. The
    defaults are the published curves; change one only with a reason the debrief can
    give."""

    late_week_penalty: Fraction = 0.2
    """Share of the schedule points lost per week finished after the deadline the
    schedule is judged against: the original commitment plus the forgiven share of its
    moves (0.2 = a fifth of them a week: nothing left five weeks late)."""
    extension_credit: Fraction = 0.5
    """Share of the weeks the sponsor or an approved change request added to the deadline
    that is forgiven, of those the finish used: the schedule is judged against the
    original commitment plus this share of them (0.5 = half; every other week of delay
    counts as late, and weeks granted but not used earn nothing)."""
    rebaseline_credit: Fraction = 0.5
    """Share of the weeks a board-approved re-baseline added to the deadline that is
    forgiven, of those the finish used: the schedule is judged against the original
    commitment plus this share of them (0.5 = half)."""
    justified_closure_share: Fraction = 0.6
    """Share of the schedule points kept by closing the project early when its business
    case had failed (closing one whose business case still held keeps nothing)."""
    authorised_overrun_cost: float = Field(default=1.5, ge=0.0, le=100.0, allow_inf_nan=False)
    """Share of the cost points lost per unit of overrun covered by drawn contingency or
    granted management reserve (1.5 = 1.5 % of the points per 1 % over the budget)."""
    unauthorised_overrun_cost: float = Field(default=4.0, ge=0.0, le=100.0, allow_inf_nan=False)
    """Share of the cost points lost per unit of overrun nobody authorised (4 = 4 % of
    the points per 1 % over what was authorised)."""
    missing_must_cap: Fraction = 0.3
    """Largest share of the scope points a game keeps when a must-have is missing,
    whatever the value delivered."""
    defect_density_zero: float = Field(default=0.08, gt=0.0, le=1.0, allow_inf_nan=False)
    """Residual defect density at which quality scores nothing: the share of delivered
    work (person-days) still hiding flaws at the end. Quality falls in a straight line
    from full points at no hidden flaws to nothing at this density."""
    satisfaction_zero: float = Field(default=25.0, ge=0.0, le=100.0, allow_inf_nan=False)
    """Power-weighted stakeholder satisfaction over the game (0-100) at which the
    satisfaction part of the stakeholder points is nothing; it rises in a straight line
    to full at `satisfaction_full`."""
    satisfaction_full: float = Field(default=90.0, ge=0.0, le=100.0, allow_inf_nan=False)
    """Power-weighted stakeholder satisfaction over the game (0-100) that earns the full
    satisfaction part of the stakeholder points; must be above `satisfaction_zero`."""
    satisfaction_end_weight: Fraction = 0.25
    """Weight of the last week in a stakeholder's satisfaction (and engagement) over the
    game; the rest is the mean of every week played (0.25 = a quarter the end, three
    quarters the mean of the weeks)."""
    engagement_share: Fraction = 0.3
    """Share of the stakeholder points earned by closing the gap between each
    stakeholder's engagement and the level the project needs from them (the rest is
    satisfaction)."""
    engagement_gap_zero: float = Field(default=2.0, gt=0.0, le=4.0, allow_inf_nan=False)
    """Columns of the engagement assessment matrix (unaware, resistant, neutral,
    supportive, leading) below the desired level at which a stakeholder's engagement
    earns nothing; none below earns full, in a straight line between."""
    morale_zero: Fraction = 0.3
    """Mean team morale over the game (0-1) at which the team points are nothing; they
    rise in a straight line to full at `morale_full`."""
    morale_full: Fraction = 0.75
    """Mean team morale over the game (0-1) that earns full team points; must be above
    `morale_zero`."""
    resignation_penalty: Fraction = 0.15
    """Share of the team points lost per person who resigned."""
    fatigue_penalty: Fraction = 0.5
    """Share of the team points lost per unit of the team's fatigue at the end, counting
    those who left in the project's last weeks (`people.CLOSING_WEEKS`) as tired as they
    left (0.5 with a fatigue of 30 % costs 15 % of the points)."""
    successful_points: int = Field(default=650, ge=0, le=SCORE_TOTAL)
    """Fewest points of a successful game (it must also finish within the time and cost
    tolerances with every must-have); below them a game is at best challenged."""
    failed_points: int = Field(default=400, ge=0, le=SCORE_TOTAL)
    """A game under this many points has failed, whatever else; must not be above
    `successful_points`."""


class Scoring(Strict):
    """Points per dimension (the optional `[scoring]` table); they should total 1000."""

    schedule: int = Field(default=200, ge=0, le=SCORE_TOTAL)
    """Points for finishing by the deadline."""
    cost: int = Field(default=200, ge=0, le=SCORE_TOTAL)
    """Points for finishing within budget."""
    scope: int = Field(default=200, ge=0, le=SCORE_TOTAL)
    """Points for the value delivered (must-haves first)."""
    quality: int = Field(default=150, ge=0, le=SCORE_TOTAL)
    """Points for few defects left at the end."""
    stakeholders: int = Field(default=150, ge=0, le=SCORE_TOTAL)
    """Points for stakeholder satisfaction, weighted by power."""
    team: int = Field(default=100, ge=0, le=SCORE_TOTAL)
    """Points for team morale and keeping people."""
    curves: ScoringCurves = Field(default_factory=ScoringCurves)
    """How the final figures become points, and the points that class an outcome."""

    def weights(self) -> dict[str, int]:
        """Points per dimension, in scoring order (the table without its curves)."""
        return self.model_dump(exclude={"curves"})


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
    """Largest acceptable total risk exposure of the register in currency: each threat's
    probability × (cost impact + delay priced at the project's daily cost + extra work at
    the team's day rate); escalated risks have left the register."""
    report_weeks: int = Field(default=2, ge=0, le=26)
    """Weeks a breach may stand before the board finds out by itself."""
    quality_rework_fraction: Fraction = 0.15
    """Largest share of the work done so far that reviews and tests may have found
    flawed (rework the engine tracks); beyond it quality is out of tolerance. Sensible
    play stays near 0.05-0.10; overtime, fast-tracking and a tired team push it up."""
    benefits_fraction: Fraction = 0.2
    """Largest fall of the business case's forecast net benefit (value of the scope
    still in the project less the estimate at completion), against the plan's (value of
    the baseline scope less the BAC), as a fraction of the baseline scope's value.
    Dropped scope and cost overruns both eat into it."""
