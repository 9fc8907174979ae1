"""The README's summary of the reference model, with its figures filled in from the code.

README.md's "The model" section lists the model's defaults between `MODEL_START` and
`MODEL_END`. The wording is the template below; every figure in it is a default of the
scenario schema (`Model`, `Scoring`, `ScoringCurves`, `Tolerances`, ...), a named engine
constant, or worked out from them (the overhead of a 10-person team, productivity at
48-hour weeks), so it cannot drift from the code: a test compares README.md with
`render_model_summary()`, and `pmsim docs --write README.md` refreshes it.
"""

from __future__ import annotations

from pydantic import BaseModel

from pmsim.engine.people import RESIGNATION_MORALE
from pmsim.engine.stakeholders import MEETING_CADENCE
from pmsim.engine.turn import week_hours
from pmsim.engine.work import (
    MORALE_NORMAL,
    MORALE_PRODUCTIVITY,
    hours_factor,
    sustained_productivity,
)
from pmsim.errors import UserError
from pmsim.scenario.builtin import load_scenario
from pmsim.scenario.parameters import SCORE_TOTAL, Model, Scoring, Tolerances
from pmsim.scenario.schema import Calendar, Candidate

MODEL_START = "<!-- model:start -->"
MODEL_END = "<!-- model:end -->"

COMMUNICATION_TEAMS = (10, 20)
"""Team sizes whose communication overhead the summary works out."""
FATIGUE_EXAMPLE_HOURS = 48.0
"""A week of moderate overtime whose productivity the summary works out."""
MORALE_STEP = 0.1
"""The step of morale the productivity change is quoted per."""
WEIGHTS_EXAMPLE = ("office-move", "stakeholders")
"""A built-in scenario that weighs a dimension differently, and that dimension."""

TEMPLATE = """\
- **Effort.** Each task's true effort is drawn once per game from its three-point
  estimate (optimistic a, likely m, pessimistic b) with beta-PERT:
  α = 1 + 4(m−a)/(b−a), β = 1 + 4(b−m)/(b−a). `triangular`, `lognormal` (PERT mean
  and spread, long right tail) and `fixed` (always m) can be chosen instead. The plan
  and its budget (BAC) are the scenario played by the engine itself with each task's
  expected effort ((a + 4m + b)/6), the planned staffing, and no luck; so a game that
  goes exactly to plan ends with SPI = CPI = 1 and EV = BAC.
- **New hires** start at {new_hire} of full productivity and close the gap to 1.0
  exponentially with a time constant of {assimilation} working days (first-order assimilation,
  Abdel-Hamid 1989, as in Madachy's Brooks' law model). Each new hire under training
  takes {training_drag} of an experienced team-mate's time; someone joining a task in progress
  reads in before producing: {catch_up} days × the share of the task already done, divided by
  their experience. Hiring has a lead time ({lead_time} weeks unless the candidate says
  otherwise).
- **Communication overhead** takes {communication}·n² of capacity for a team of n
  ({overhead_small} % at {team_small} people, {overhead_large} % at {team_large}), as in \
Madachy's Brooks' law model. Together with
  assimilation and training, adding people late to a late task can make it later.
- **Overtime** up to {max_overtime}× hours ({max_hours}-hour weeks), paid at a \
{premium}× premium. Long
  days are less productive at once: each hour of a week of h × normal hours yields
  1 − {hourly_loss}·(h − 1) ({example_now} at {example_hours} h, {max_now} at \
{max_hours} h; Thomas & Raynar 1997).
  Fatigue f is the extra hours smoothed over about {fatigue_weeks} weeks and takes a \
further
  1 − {fatigue_loss}·f, so months of {max_hours}-hour weeks settle at {max_factor} of \
normal hourly
  productivity ({example_factor} at {example_hours} h) and deliver {more_or_less} than \
{normal_hours}-hour weeks (Business
  Roundtable 1980; Hanna, Taylor & Sullivan 2005). [docs/model.md](docs/model.md)
  explains every mechanism and gives the sources.
- **Quality and rework.** {right_first_time} % of work is done right first time by a \
rested,
  assimilated person (less with fatigue, new staff and fast-tracking); hidden flaws
  come to light at a rate of 1 − e^(−1/{rework_weeks}) a week ({rework_weeks} weeks on \
average), or are found by
  test tasks ({test_discovery} % of their scope item's hidden flaws over the test), and \
come back as
  rework. Flaws still hidden at the end set
  the quality score.
- **Fast-tracking** lets a successor start when its predecessors are {fast_track} % done, \
at a
  quality cost that grows with the square of the overlap: {fast_track_penalty} of the \
work done at the deepest
  overlap proves wrong, a quarter of that halfway. **Crashing** buys days on a task on a
  convex time–cost curve: the scenario's cost per day for the first, each further day \
dearer, the last
  {crash_last} times the first; never more than {crash_share} % of the task's planned \
duration, and charged
  only for the days of work it actually removes.
- **Morale** starts at {morale_initial} and closes {morale_adjust} % of the gap to its \
target each week; the
  target falls with fatigue and rises with recognition and team events, and schedule
  pressure acts as an inverted U. Productivity moves ±{morale_effect} % per \
{morale_step} of morale around {morale_normal}.
  The resignation hazard is {resignation} % a year at normal morale, × (1 + \
{resign_morale}·shortfall) for
  morale below {resign_threshold} and × (1 + {resign_fatigue}·fatigue); a counter-offer \
({counter_raise} % more pay) fails
  {counter_failure} % of the time.
- **Risks** with probability p over a window of T weeks fire with weekly hazard
  h = 1 − (1 − p)^(1/T); triggers on the project's state (SPI(t), CPI, morale,
  fatigue, …) multiply it. Impacts are three-point ranges (delay, effort, cost) plus
  morale and satisfaction. Responses: avoid, mitigate, transfer, escalate, accept for
  threats; exploit, enhance, share, escalate, accept for opportunities.
- **The PM's attention** is {attention} hours a week for meetings, reports and responses.
- **Stakeholders** judge the project on what they believe: status reports and
  meetings move their picture toward the truth, silence lets it drift toward rumour,
  and bad news they had not heard costs satisfaction when it lands. Powerful,
  unhappy stakeholders escalate. The power/interest grid (Mendelow) sets how often a
  one-to-one is worth its points: manage closely every {cadence_close} weeks, keep \
informed every
  {cadence_informed}, keep satisfied every {cadence_satisfied} (more often annoys them), \
monitor every {cadence_monitor}; a second
  meeting the same week is worth little, a third annoys. Well-timed meetings move
  engagement a step toward the level the scenario needs (PMBOK's engagement
  assessment matrix).
- **The board** (sponsor) moves the deadline or downgrades a negotiable must-have when
  satisfied enough (stated thresholds, no dice); on an exception it decides on the PM's
  recommendation by its `[board]` rules (business case, size of the breach, sponsor
  confidence, how often asked) and says why; management reserve only covers a gap the
  contingency cannot, and asking costs goodwill.
- **Baseline control** (PMBOK; ANSI/EIA-748): every change to the performance
  measurement baseline is written in a baseline log, and the PV of weeks already ended
  never changes. Cutting or deferring scope takes its unearned budget out of BAC; an
  approved change adds its budget, phased by the engine's plan of the remaining work;
  planned risk responses are paid from contingency moved into the budget; a board
  re-baseline makes a new baseline while the original commitment is kept for scoring.
- **Tolerances** (PRINCE2; `[tolerances]`): time {time_weeks} weeks on the P80 finish, \
cost {cost_tolerance} %
  over budget, scope {scope_tolerance} % of planned value, quality {quality_tolerance} % \
of the work done
  found flawed, benefits {benefits_tolerance} % of planned value off the forecast net \
benefit; a
  breach left unreported for {report_weeks} weeks is found by the board.
- **Metrics every week**: PV, EV, AC, CV, SV, CPI, SPI, EAC (BAC/CPI, AC + BAC − EV,
  AC + (BAC − EV)/(CPI·SPI); when CPI is 0 the first falls back to AC + BAC − EV and
  says so), ETC, VAC, TCPI, and earned schedule ES, SPI(t), SV(t),
  IEAC(t) = PD / SPI(t) (Lipke, *Schedule is Different*, 2003), because classic SPI
  drifts back to 1.0 on a late project.
- **Scoring**: {total} points — schedule {schedule}, cost {cost}, scope {scope}, \
quality {quality},
  stakeholders {stakeholders}, team {team} by default; a scenario's `[scoring]` may weigh \
them
  differently ({example_scenario}, for one, puts {example_dimension} at \
{example_weight}), and its guide and the
  debrief show each dimension out of its own maximum. Schedule loses {late_week} % per
  week late against the original commitment, forgiving {extension_credit} % of granted \
extension weeks
  and {rebaseline_credit} % of re-baselined weeks the finish used, and everything if \
unfinished at the hard stop;
  cost loses {authorised} % per 1 %
  overrun covered by reserves, {unauthorised} % per 1 % otherwise; scope is the share of \
baseline
  value delivered, at most {missing_must} % with a must-have missing; quality is
  1 − residual defect density / {defect_zero} %; stakeholders score their power-weighted
  satisfaction over the whole game ({end_weight} % the end, the rest the weekly mean) \
from
  {satisfaction_zero} (nothing) to {satisfaction_full} (full) for {satisfaction_share} % \
of the points and engagement at
  the levels needed (nothing {gap_zero} columns below) for {engagement_share} %; team \
scores
  mean morale from {morale_zero} to {morale_full}, less {resignation_penalty} % per \
resignation and for lasting fatigue.
  A game is successful
  within the time and cost tolerances with every must-have and enough points,
  failed when unfinished, missing a must-have or under the failure points. Every one
  of these numbers is a default of the scenario's `[scoring.curves]`, listed with
  its meaning in [docs/authoring.md](docs/authoring.md).
"""


def _num(value: float) -> str:
    """A figure as the README writes it: 20, 0.25, 1.5, 0.0006 (no float noise)."""
    return f"{round(value, 9):g}"


def _pct(share: float) -> str:
    """A share as a percentage figure: 0.2 → 20, 0.015 → 1.5."""
    return _num(share * 100)


def _factor(value: float) -> str:
    """A productivity factor with at least one decimal: 1.0, 0.9, 0.375."""
    text = _num(value)
    return text if "." in text or "e" in text else f"{text}.0"


def _default(model: type[BaseModel], name: str) -> float:
    """The default of one field of a schema table whose other fields are required."""
    value = model.model_fields[name].default
    assert isinstance(value, int | float), (model.__name__, name)
    return value


def _effort_figures(model: Model, days: int) -> dict[str, str]:
    """New hires, communication overhead, overtime and fatigue."""
    normal = week_hours(1.0, days)
    longest = week_hours(model.max_overtime, days)
    example = FATIGUE_EXAMPLE_HOURS / normal
    small, large = COMMUNICATION_TEAMS
    sustained = sustained_productivity(model, model.max_overtime)
    return {
        "new_hire": _num(model.new_hire_experience),
        "assimilation": _num(model.assimilation_days),
        "training_drag": _num(model.training_drag),
        "catch_up": _num(model.catch_up_days),
        "lead_time": _num(_default(Candidate, "lead_time_weeks")),
        "communication": _num(model.communication_overhead),
        "team_small": str(small), "team_large": str(large),
        "overhead_small": _pct(model.communication_overhead * small * small),
        "overhead_large": _pct(model.communication_overhead * large * large),
        "max_overtime": _num(model.max_overtime), "premium": _num(model.overtime_premium),
        "fatigue_weeks": _num(model.fatigue_weeks),
        "hourly_loss": _num(model.overtime_hourly_loss),
        "fatigue_loss": _num(model.fatigue_loss),
        "normal_hours": _num(normal),
        "example_hours": _num(FATIGUE_EXAMPLE_HOURS),
        "example_now": _factor(round(hours_factor(model.overtime_hourly_loss, example), 2)),
        "max_now": _factor(round(hours_factor(model.overtime_hourly_loss, model.max_overtime),
                                 2)),
        "example_factor": _factor(round(sustained_productivity(model, example), 2)),
        "max_hours": _num(longest), "max_factor": _factor(round(sustained, 2)),
        "more_or_less": "less" if model.max_overtime * sustained < 1.0 else "more",
    }


def _team_figures(model: Model, tolerances: Tolerances) -> dict[str, str]:
    """Quality, fast-tracking, morale, attention and the tolerances."""
    return {
        "right_first_time": _pct(model.right_first_time),
        "rework_weeks": _num(model.rework_discovery_weeks),
        "test_discovery": _pct(model.test_discovery),
        "fast_track": _pct(model.fast_track_threshold),
        "fast_track_penalty": _num(model.fast_track_penalty),
        "crash_last": _num(1.0 + model.crash_cost_rise),
        "crash_share": _pct(model.crash_max_share),
        "morale_initial": _num(model.morale_initial),
        "morale_adjust": _pct(model.morale_adjust),
        "morale_effect": _pct(MORALE_PRODUCTIVITY * MORALE_STEP),
        "morale_step": _num(MORALE_STEP), "morale_normal": _num(MORALE_NORMAL),
        "resignation": _pct(model.resignation_rate),
        "resign_morale": _num(model.resignation_morale_factor),
        "resign_threshold": _num(RESIGNATION_MORALE),
        "resign_fatigue": _num(model.resignation_fatigue_factor),
        "counter_raise": _pct(model.counter_offer_raise),
        "counter_failure": _pct(model.counter_offer_failure),
        "attention": _num(model.attention_hours),
        **{f"cadence_{key}": str(MEETING_CADENCE[quadrant]) for key, quadrant in (
            ("close", "manage closely"), ("informed", "keep informed"),
            ("satisfied", "keep satisfied"), ("monitor", "monitor"))},
        "time_weeks": _num(tolerances.time_weeks),
        "cost_tolerance": _pct(tolerances.cost_fraction),
        "scope_tolerance": _pct(tolerances.scope_fraction),
        "report_weeks": _num(tolerances.report_weeks),
        "quality_tolerance": _pct(tolerances.quality_rework_fraction),
        "benefits_tolerance": _pct(tolerances.benefits_fraction),
    }


def _scoring_figures(scoring: Scoring) -> dict[str, str]:
    """The weights, a built-in scenario's other weighting, and the curves."""
    curves = scoring.curves
    scenario_id, dimension = WEIGHTS_EXAMPLE
    example = load_scenario(scenario_id).scoring.weights()[dimension]
    return {
        "total": str(SCORE_TOTAL),
        **{name: str(points) for name, points in scoring.weights().items()},
        "example_scenario": scenario_id, "example_dimension": dimension,
        "example_weight": str(example),
        "late_week": _pct(curves.late_week_penalty),
        "authorised": _num(curves.authorised_overrun_cost),
        "unauthorised": _num(curves.unauthorised_overrun_cost),
        "missing_must": _pct(curves.missing_must_cap),
        "defect_zero": _pct(curves.defect_density_zero),
        "extension_credit": _pct(curves.extension_credit),
        "rebaseline_credit": _pct(curves.rebaseline_credit),
        "end_weight": _pct(curves.satisfaction_end_weight),
        "satisfaction_share": _pct(1.0 - curves.engagement_share),
        "engagement_share": _pct(curves.engagement_share),
        "gap_zero": _num(curves.engagement_gap_zero),
        "satisfaction_zero": _num(curves.satisfaction_zero),
        "satisfaction_full": _num(curves.satisfaction_full),
        "morale_zero": f"{curves.morale_zero:.2f}", "morale_full": f"{curves.morale_full:.2f}",
        "resignation_penalty": _pct(curves.resignation_penalty),
    }


def model_figures(model: Model | None = None, scoring: Scoring | None = None,
                  tolerances: Tolerances | None = None) -> dict[str, str]:
    """Every figure of the summary by its placeholder, from the given tables (default:
    the schema's defaults)."""
    model = model or Model()
    days = int(_default(Calendar, "days_per_week"))
    return {**_effort_figures(model, days),
            **_team_figures(model, tolerances or Tolerances()),
            **_scoring_figures(scoring or Scoring())}


def render_model_summary(model: Model | None = None, scoring: Scoring | None = None,
                         tolerances: Tolerances | None = None) -> str:
    """The model section's bullet list (what goes between the markers)."""
    return ("<!-- Generated from the scenario defaults and engine constants by "
            "`pmsim docs --write README.md`; do not edit by hand. -->\n\n"
            + TEMPLATE.format(**model_figures(model, scoring, tolerances)))


def replace_model_summary(text: str, summary: str | None = None) -> str:
    """`text` with the block between the markers replaced by the current summary."""
    if text.count(MODEL_START) != 1 or text.count(MODEL_END) != 1:
        raise UserError(f"the file needs exactly one {MODEL_START} and one {MODEL_END} "
                        "line to show where the model summary goes")
    before, rest = text.split(MODEL_START, 1)
    _, after = rest.split(MODEL_END, 1)
    body = render_model_summary() if summary is None else summary
    return f"{before}{MODEL_START}\n{body}{MODEL_END}{after}"
