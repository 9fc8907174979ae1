"""The generated figures of docs/model.md, the trainer's guide to the model.

docs/model.md explains each mechanism in words written by hand; every figure in it
(a default, an engine constant, or a worked example of them) sits in a generated block
between `<!-- figures:NAME:start -->` and `<!-- figures:NAME:end -->`, rendered here
from the scenario schema's defaults and the engine's own functions and constants. A
test compares the page with `replace_figures()`, and `pmsim docs --write docs/model.md`
refreshes it, so the page cannot drift from the code.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from pydantic import BaseModel

from pmsim.engine import people, risks, work
from pmsim.engine.rules.overtime import OVERTIME_LEVELS
from pmsim.engine.turn import week_hours
from pmsim.errors import UserError
from pmsim.model_summary import _num, _pct
from pmsim.scenario.parameters import Model, Scoring, ScoringCurves, Tolerances
from pmsim.scenario.schema import BoardRules, Budget, Calendar, Candidate

BLOCK = re.compile(r"<!-- figures:([a-z-]+):start -->\n(.*?)<!-- figures:\1:end -->",
                   re.DOTALL)
"""A generated block of the page: its name and what is between its markers."""
MARKER = re.compile(r"<!-- figures:([a-z-]+):(start|end) -->")
NOTE = ("<!-- Generated from the scenario defaults and engine constants by "
        "`pmsim docs --write docs/model.md`; do not edit by hand. -->\n\n")
EXAMPLE_SCENARIO = "portal-launch"
"""The built-in scenario whose risk register the page works examples from."""
WEEKS_SHOWN = (1, 2, 4, 8, 12, 26, 52)
"""Weeks of sustained overtime, and of a new hire's assimilation, the tables show."""


def _days_per_week() -> int:
    value = Calendar.model_fields["days_per_week"].default
    assert isinstance(value, int)
    return value


def _f2(value: float) -> str:
    """A factor with two decimals: 0.65, 1.00."""
    return f"{value:.2f}"


def parameters(table: type[BaseModel], names: tuple[str, ...], where: str) -> str:
    """A Markdown table of some fields of a schema table: key, default, meaning."""
    rows = ["| Parameter | Default | What it does |", "|---|---|---|"]
    for name in names:
        info = table.model_fields[name]
        default = info.default
        shown = (f"`{str(default).lower()}`" if isinstance(default, bool) else
                 _num(default) if isinstance(default, int | float) else f"`{default}`")
        meaning = " ".join((info.description or "").split()).replace("|", "\\|")
        rows.append(f"| `[{where}] {name}` | {shown} | {meaning} |")
    return "\n".join(rows) + "\n"


def _constants(rows: tuple[tuple[str, str, str], ...]) -> str:
    """A Markdown table of engine constants: name, value, meaning."""
    lines = ["| Engine constant | Value | What it does |", "|---|---|---|"]
    lines += [f"| `{name}` | {value} | {meaning} |" for name, value, meaning in rows]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- blocks


def block_work() -> str:
    """Effort, communication overhead and task switching."""
    model = Model()
    sizes = (3, 5, 10, 15, 20)
    overhead = " | ".join(
        _pct(round(1 - max(work.COMMUNICATION_FLOOR,
                           1 - model.communication_overhead * n * n), 4)) + " %"
        for n in sizes)
    loads = (1, 2, 3, 4)
    share = " | ".join(
        f"{100 * max(work.SWITCHING_FLOOR, 1 - work.SWITCHING_LOSS * (k - 1)) / k:.0f} %"
        for k in loads)
    return (
        parameters(Model, ("effort_distribution", "communication_overhead"), "model")
        + "\n" + _constants((
            ("work.COMMUNICATION_FLOOR", _num(work.COMMUNICATION_FLOOR),
             "the least share of capacity communication overhead leaves"),
            ("work.SWITCHING_LOSS", _num(work.SWITCHING_LOSS),
             "share of capacity lost per extra task a person is spread over"),
            ("work.SWITCHING_FLOOR", _num(work.SWITCHING_FLOOR),
             "the least share of capacity task switching leaves"),
        )) + "\n"
        + "| Team size | " + " | ".join(str(n) for n in sizes) + " |\n"
        + "|---" * (len(sizes) + 1) + "|\n"
        + f"| Capacity lost to communication | {overhead} |\n\n"
        + "| Tasks a person is spread over | " + " | ".join(str(k) for k in loads) + " |\n"
        + "|---" * (len(loads) + 1) + "|\n"
        + f"| Each task gets, of the person's time | {share} |\n"
    )


def block_overtime() -> str:
    """The overtime parameters and the week-by-week curve at each allowed level."""
    model = Model()
    days = _days_per_week()
    levels = [lv for lv in OVERTIME_LEVELS if 1.0 < lv <= model.max_overtime + 1e-9]
    shown = [levels[len(levels) // 2 - 1], levels[-1]] if len(levels) > 1 else levels
    out = parameters(Model, ("max_overtime", "overtime_premium", "overtime_hourly_loss",
                             "fatigue_weeks", "fatigue_loss"), "model")
    out += "\n" + _constants((("work.FATIGUE_FLOOR", _num(work.FATIGUE_FLOOR),
                               "the least hourly productivity fatigue leaves"),)) + "\n"
    for level in shown:
        out += _overtime_table(model, level, days) + "\n"
    out += "| Hours a week | At once | After months | A week's output, after months | "
    out += "Ahead of normal hours until week |\n|---|---|---|---|---|\n"
    for level in levels:
        weeks = work.overtime_breakeven_weeks(model, level)
        sustained = work.sustained_productivity(model, level)
        out += (f"| {_num(week_hours(level, days))} | "
                f"{_f2(work.hours_factor(model.overtime_hourly_loss, level))} | "
                f"{_f2(sustained)} | {_f2(level * sustained)} | "
                f"{'never behind' if weeks is None else weeks} |\n")
    premium = (1 + (model.max_overtime - 1) * model.overtime_premium) / model.max_overtime
    out += (f"\nA {_num(week_hours(model.max_overtime, days))}-hour week costs "
            f"{_num(round(1 + (model.max_overtime - 1) * model.overtime_premium, 3))} × a "
            f"normal week's pay, {_f2(premium)} × the normal rate per hour worked.\n")
    return out


def _overtime_table(model: Model, level: float, days: int) -> str:
    """Week by week at one level: hourly productivity, the week's output, and the total
    against normal hours."""
    hours = _num(week_hours(level, days))
    weekly = work.overtime_week_output(model, level, max(WEEKS_SHOWN))
    out = (f"| Week of {hours}-hour weeks | Output per hour | The week's output | "
           "Total so far, against normal weeks |\n|---|---|---|---|\n")
    for week in WEEKS_SHOWN:
        total = sum(weekly[:week])
        out += (f"| {week} | {_f2(weekly[week - 1] / level)} | {_f2(weekly[week - 1])} | "
                f"{_f2(total / week)} |\n")
    return out


def block_assimilation() -> str:
    """New hires: start, time constant, the curve, training and catch-up."""
    model = Model()
    days = _days_per_week()
    keep = math.exp(-days / model.assimilation_days) if model.assimilation_days > 0 else 0.0
    row = []
    for week in WEEKS_SHOWN[:-1]:
        experience = 1.0 - (1.0 - model.new_hire_experience) * keep ** (week - 1)
        row.append(_f2(1.0 if experience > 0.99 else experience))
    lost = (1.0 - model.new_hire_experience) * model.assimilation_days
    mentor = model.training_drag * model.assimilation_days
    lead = Candidate.model_fields["lead_time_weeks"].default
    return (
        parameters(Model, ("new_hire_experience", "assimilation_days", "training_drag",
                           "catch_up_days"), "model")
        + "\n| Week on the project | " + " | ".join(str(w) for w in WEEKS_SHOWN[:-1])
        + " |\n" + "|---" * len(WEEKS_SHOWN) + "|\n"
        + "| A new hire's productivity | " + " | ".join(row) + " |\n\n"
        + f"A new hire costs about {_num(round(lost))} person-days of lost output while "
        f"assimilating, and a mentor about {_num(round(mentor))} "
        f"days of training time. A candidate arrives {lead} weeks after the hiring "
        "decision unless the scenario says otherwise.\n"
    )


def block_people() -> str:
    """Resignations and counter-offers."""
    model = Model()
    weekly = 1.0 - (1.0 - model.resignation_rate) ** (1.0 / 52.0)
    cases = ((work.MORALE_NORMAL, 0.0), (people.RESIGNATION_MORALE - 0.25, 0.0),
             (work.MORALE_NORMAL, 0.5), (people.RESIGNATION_MORALE - 0.25, 0.5))
    out = parameters(Model, ("resignation_rate", "resignation_morale_factor",
                             "resignation_fatigue_factor", "counter_offer_raise",
                             "counter_offer_failure"), "model")
    out += "\n" + _constants((
        ("people.RESIGNATION_MORALE", _num(people.RESIGNATION_MORALE),
         "morale below which resignations rise"),
        ("people.NOTICE_WEEKS", str(people.NOTICE_WEEKS),
         "weeks between a resignation and the person leaving"),
        ("people.LEAVING_MORALE_HIT", _num(people.LEAVING_MORALE_HIT),
         "morale the team loses when a resignation is accepted (or a counter-offer fails)"),
        ("people.COUNTER_OFFER_MORALE_HIT", _num(people.COUNTER_OFFER_MORALE_HIT),
         "morale the team loses when someone is paid to stay"),
    ))
    out += (f"\nAt normal morale a person resigns with a chance of {_pct(round(weekly, 5))} % "
            "a week. The yearly rate in other states:\n\n"
            "| Morale | Fatigue | Resignations a year |\n|---|---|---|\n")
    for morale, fatigue in cases:
        factor = (1 + model.resignation_morale_factor
                  * max(0.0, people.RESIGNATION_MORALE - morale)
                  + model.resignation_fatigue_factor * fatigue)
        yearly = 1 - (1 - min(1.0, weekly * factor)) ** 52
        out += f"| {_num(morale)} | {_num(fatigue)} | {round(100 * yearly)} % |\n"
    return out


def block_morale() -> str:
    """Morale: start, adjustment, productivity, fatigue and schedule pressure."""
    model = Model()
    low, high = work.MORALE_FACTOR_RANGE
    out = parameters(Model, ("morale_initial", "morale_adjust"), "model") + "\n"
    out += _constants((
        ("work.MORALE_NORMAL", _num(work.MORALE_NORMAL),
         "morale at which productivity is neither raised nor lowered"),
        ("work.MORALE_PRODUCTIVITY", _num(work.MORALE_PRODUCTIVITY),
         "change of the productivity factor per unit of morale"),
        ("work.MORALE_FACTOR_RANGE", f"{_num(low)} to {_num(high)}",
         "the least and the most the morale factor can be"),
        ("people.MORALE_FATIGUE", _num(people.MORALE_FATIGUE),
         "fall of the morale target per unit of the team's fatigue"),
        ("people.PRESSURE_FOCUS", _num(people.PRESSURE_FOCUS),
         "lateness up to which schedule pressure lifts morale"),
        ("people.PRESSURE_LIFT", _num(people.PRESSURE_LIFT),
         "rise of the morale target per unit of lateness, up to the focus point"),
        ("people.PRESSURE_DRAG", _num(people.PRESSURE_DRAG),
         "fall of the morale target per unit of lateness beyond it"),
    ))
    spis = (1.0, 0.95, 0.9, 0.8, 0.7)
    out += ("\n| SPI(t) | " + " | ".join(_num(s) for s in spis) + " |\n"
            + "|---" * (len(spis) + 1) + "|\n"
            + "| Morale target moves by | "
            + " | ".join(f"{people.pressure_effect(s):+.2f}" for s in spis) + " |\n")
    morales = (0.3, 0.5, model.morale_initial, 0.9)
    out += ("\n| Morale | " + " | ".join(_num(m) for m in morales) + " |\n"
            + "|---" * (len(morales) + 1) + "|\n"
            + "| Productivity factor | "
            + " | ".join(_f2(work.morale_multiplier(m)) for m in morales) + " |\n")
    return out


def block_quality() -> str:
    """Right first time, rework, tests and fast-tracking."""
    model = Model()
    new = model.right_first_time * (1 - work.QUALITY_LEARNER * (1 - model.new_hire_experience))
    tired = model.right_first_time * (1 - work.QUALITY_FATIGUE * 0.5)
    surfacing = 1 - math.exp(-1 / model.rework_discovery_weeks)
    return (
        parameters(Model, ("right_first_time", "rework_discovery_weeks", "test_discovery",
                           "fast_track_threshold", "fast_track_penalty"), "model")
        + "\n" + _constants((
            ("work.QUALITY_LEARNER", _num(work.QUALITY_LEARNER),
             "share of right-first-time work that depends on experience"),
            ("work.QUALITY_FATIGUE", _num(work.QUALITY_FATIGUE),
             "share of right-first-time work lost per unit of fatigue"),
        ))
        + f"\nA new hire on arrival gets {_pct(round(new, 4))} % right first time; a "
        f"person after months of 60-hour weeks (fatigue 0.5), {_pct(round(tired, 4))} %. "
        f"Hidden flaws surface at {_pct(round(surfacing, 3))} % a week.\n"
    )


def block_risks() -> str:
    """Responses' markups and a worked exposure table from a built-in scenario."""
    from pmsim.engine.simulation import Simulation
    from pmsim.scenario.builtin import load_scenario

    sim = Simulation(load_scenario(EXAMPLE_SCENARIO), 0)
    currency = sim.scenario.budget.currency
    out = _constants((
        ("risks.REACTIVE_MARKUP", _num(risks.REACTIVE_MARKUP),
         "a response taken after the risk fired costs this many times the planned one"),
        ("risks.CONTRACTOR_MARKUP", _num(risks.CONTRACTOR_MARKUP),
         "a contractor day bought to recover costs this many team days"),
    ))
    out += (f"\nIn `{EXAMPLE_SCENARIO}` at the start, a day of delay costs "
            f"{risks.delay_day_cost(sim):,.0f} {currency} (the team's "
            f"{sim.ledger.cost_rate:,.0f} a day plus fixed costs of "
            f"{sim.ledger.fixed_rate:,.0f} a day). Its threats:\n\n"
            f"| Threat | Probability | Cost impact | Delay (days) | Extra work "
            f"(person-days) | Exposure ({currency}) | Probability × cost impact alone |\n"
            "|---|---|---|---|---|---|---|\n")
    for r in sim.risks.values():
        if r.spec.kind != "threat":
            continue
        impact = r.spec.impact
        out += (f"| {r.spec.name} | {_pct(risks.probability(r))} % | "
                f"{impact.cost[1] if impact.cost else 0:,.0f} | "
                f"{_num(impact.delay_days[1]) if impact.delay_days else '0'} | "
                f"{_num(impact.effort_days[1]) if impact.effort_days else '0'} | "
                f"{risks.exposure(r, sim):,.0f} | {risks.exposure(r):,.0f} |\n")
    return out


def block_costs() -> str:
    """Budget defaults, the cost rules and the crashing curve."""
    return (
        parameters(Budget, ("contingency", "management_reserve", "fixed_costs"), "budget")
        + "\n" + parameters(Candidate, ("lead_time_weeks", "hiring_cost"), "[hire_pool]")
        + "\n" + parameters(Model, ("crash_cost_rise", "crash_max_share"), "model")
    )


def block_tolerances() -> str:
    """The PRINCE2 tolerances."""
    return parameters(Tolerances, tuple(Tolerances.model_fields), "tolerances")


def block_scoring() -> str:
    """The weights and the curves."""
    weights = parameters(Scoring, tuple(n for n in Scoring.model_fields if n != "curves"),
                         "scoring")
    return weights + "\n" + parameters(ScoringCurves, tuple(ScoringCurves.model_fields),
                                       "scoring.curves")


def block_board() -> str:
    """The board's rules, its engine constants, and what makes a breach materially
    worse."""
    from pmsim.engine import board

    out = parameters(BoardRules, tuple(BoardRules.model_fields), "board") + "\n"
    out += _constants((
        ("board.COST_FORECAST_FROM", f"{_pct(board.COST_FORECAST_FROM)} %",
         "share of the BAC earned before the cost and quality forecasts are trusted (the "
         "cost and quality tolerances, contingency draws for a forecast gap, management "
         "reserve)"),
        ("board.BOARD_DISCOVERY_PENALTY", _num(board.BOARD_DISCOVERY_PENALTY),
         "satisfaction every powerful stakeholder loses when the board finds a breach out "
         "by itself"),
        ("board.MAX_DEADLINE_WEEKS", str(board.MAX_DEADLINE_WEEKS),
         "most weeks one request to the sponsor may move the deadline by"),
        ("board.DEADLINE_SATISFACTION", _num(board.DEADLINE_SATISFACTION),
         "sponsor satisfaction from which the sponsor grants a later deadline"),
        ("board.DEADLINE_POINTS_PER_WEEK", _num(board.DEADLINE_POINTS_PER_WEEK),
         "sponsor satisfaction each week of a granted deadline move costs"),
        ("board.SCOPE_SATISFACTION", _num(board.SCOPE_SATISFACTION),
         "sponsor satisfaction from which the sponsor downgrades a must-have"),
        ("board.REFUSAL_POINTS", _num(board.REFUSAL_POINTS),
         "sponsor satisfaction a deadline or scope request they refuse costs"),
    ))
    worse = board.MATERIALLY_WORSE
    units = {"time": (_num(worse["time"]), "weeks, of the P80 finish"),
             "cost": (f"{_pct(worse['cost'])} %", "of the budget, of the EAC"),
             "scope": (f"{_pct(worse['scope'])} %", "of the planned value, dropped"),
             "quality": (f"{_pct(worse['quality'])} %", "of the work done, found flawed"),
             "benefits": (f"{_pct(worse['benefits'])} %",
                          "of the planned value, off the forecast net benefit"),
             "risk": (f"{_pct(worse['risk'])} %", "of the exposure tolerance, of exposure")}
    out += ("\nA breach the board already has may be raised again early only when it has "
            "grown by (`board.MATERIALLY_WORSE`):\n\n"
            "| Tolerance | Grown by | Measured in |\n|---|---|---|\n")
    for name in worse:
        amount, what = units[name]
        out += f"| {name} | {amount} | {what} |\n"
    return out


def block_escalation() -> str:
    """The risks of the built-in scenarios that lie beyond the PM's authority."""
    from pmsim.scenario.builtin import list_builtin

    rows = [(s.meta.id, r.name) for s in list_builtin() for r in s.risks
            if r.beyond_authority]
    out = "| Built-in scenario | Risk beyond the PM's authority |\n|---|---|\n"
    out += "".join(f"| `{sid}` | {name} |\n" for sid, name in rows)
    return out


GRID = {"manage closely": (0.8, 0.8), "keep satisfied": (0.8, 0.2),
        "keep informed": (0.2, 0.8), "monitor": (0.2, 0.2)}
"""A power and an interest that place a stakeholder in each quadrant of the grid."""


def _meeting_worth(quadrant: str) -> list[float]:
    """What a one-to-one is worth to a stakeholder of a quadrant: when due, a week
    after the last, and a second and a third in the same week (from due)."""
    from pmsim.engine import stakeholders as sh
    from pmsim.engine.state import StakeholderState
    from pmsim.scenario.schema import Stakeholder

    power, interest = GRID[quadrant]
    spec = Stakeholder(id="s", name="S", power=power, interest=interest)
    state = StakeholderState(spec=spec, satisfaction=spec.satisfaction,
                             engagement=spec.engagement, perceived={})
    cadence = sh.MEETING_CADENCE[quadrant]
    loads = (0.0, max(0.0, sh.MEETING_FILL - sh.MEETING_FILL / cadence),
             sh.MEETING_FILL, 2 * sh.MEETING_FILL)
    worth = []
    for load in loads:
        state.contact_load = load
        worth.append(sh.meeting_points(state))
    return worth


def _stakeholder_constants() -> tuple[tuple[str, str, str], ...]:
    """The stakeholder module's named figures: name, value, what it is."""
    from pmsim.engine import stakeholders as sh

    return (
        ("stakeholders.GRID_SPLIT", _num(sh.GRID_SPLIT),
         "power or interest from which a stakeholder is on the high side of the grid"),
        ("stakeholders.MEET_POINTS", _num(sh.MEET_POINTS),
         "satisfaction a one-to-one adds when the stakeholder is due one"),
        ("stakeholders.MEETING_FILL", _num(sh.MEETING_FILL),
         "contact load a one-to-one adds (it falls by this ÷ the cadence each week)"),
        ("stakeholders.OVERCOMMUNICATION_POINTS", _num(sh.OVERCOMMUNICATION_POINTS),
         "satisfaction a keep-satisfied stakeholder loses from a one-to-one at full "
         "contact load"),
        ("stakeholders.ENGAGE_BELOW_LOAD", _num(sh.ENGAGE_BELOW_LOAD),
         "contact load below which a one-to-one moves engagement a step"),
        ("stakeholders.LEADING_SATISFACTION", _num(sh.LEADING_SATISFACTION),
         "satisfaction from which a supportive stakeholder can be brought to leading"),
        ("stakeholders.STEERING_POINTS", _num(sh.STEERING_POINTS),
         "satisfaction each high-power stakeholder gains from a steering committee when "
         "one is due"),
        ("stakeholders.STEERING_CADENCE", str(sh.STEERING_CADENCE),
         "weeks between steering committees at which each is worth its full points"),
        ("stakeholders.STEERING_POWER", _num(sh.STEERING_POWER),
         "power from which a stakeholder sits on the steering committee"),
        ("stakeholders.SURPRISE_PENALTY", _num(sh.SURPRISE_PENALTY),
         "satisfaction lost per unit of bad news a stakeholder had not heard"),
        ("stakeholders.STEERING_EARLY_COST", _num(sh.STEERING_EARLY_COST),
         "satisfaction each board member loses from a steering committee called the "
         "week after the last (in proportion to how early)"),
        ("stakeholders.SATISFACTION_PACE", _num(sh.SATISFACTION_PACE),
         "share of the gap to what a stakeholder now thinks of the project that their "
         "satisfaction closes each week"),
        ("stakeholders.ESCALATION_SATISFACTION", _num(sh.ESCALATION_SATISFACTION),
         "satisfaction below which a powerful stakeholder escalates"),
        ("stakeholders.ESCALATION_POWER", _num(sh.ESCALATION_POWER),
         "power from which an unhappy stakeholder escalates"),
        ("stakeholders.ESCALATION_INTERVAL_WEEKS", str(sh.ESCALATION_INTERVAL_WEEKS),
         "weeks before the same stakeholder escalates again"),
        ("stakeholders.ESCALATION_ANSWER_POINTS",
         ", ".join(f"{k} {v:+g}" for k, v in sh.ESCALATION_ANSWER_POINTS.items()),
         "satisfaction each answer to an escalation moves the stakeholder by"),
        ("stakeholders.SPENDING_FREEZE_WEEKS", str(sh.SPENDING_FREEZE_WEEKS),
         "weeks the sponsor freezes hiring after an unanswered escalation of theirs"),
    )


def block_stakeholders() -> str:
    """The grid's meeting rhythm, what a meeting is worth, and the engagement rules."""
    from pmsim.engine import stakeholders as sh
    from pmsim.engine.rules.engagement import (
        REPORTING_HOURS,
        MeetStakeholder,
        SteeringCommittee,
    )
    from pmsim.engine.state import ENGAGEMENT_LEVELS

    out = ("| Quadrant | A one-to-one is due every | Engagement needed, unless the scenario "
           "says | Worth when due | A week after the last | A 2nd the same week | "
           "A 3rd the same week |\n|---|---|---|---|---|---|---|\n")
    for quadrant in GRID:
        worth = " | ".join(f"{w:+.1f}" for w in _meeting_worth(quadrant))
        out += (f"| {quadrant} | {sh.MEETING_CADENCE[quadrant]} weeks | "
                f"{sh.DESIRED_BY_QUADRANT[quadrant]} | {worth} |\n")
    out += "\n" + _constants(_stakeholder_constants())
    hours = ", ".join(f"{level} {_num(h)} h" for level, h in REPORTING_HOURS.items())
    return out + (
        f"\nA one-to-one takes {_num(MeetStakeholder.attention)} h of the PM's week, a "
        f"steering committee {_num(SteeringCommittee.attention)} h; status reports take, "
        f"every week: {hours}. The engagement levels, left to right: "
        + ", ".join(ENGAGEMENT_LEVELS) + ".\n")


def block_calibration() -> str:
    """The calibration criteria's thresholds and the suite's settings."""
    import inspect

    from pmsim import calibrate
    from pmsim.policies import adversarial

    sizes = inspect.signature(adversarial.random_combos).parameters["sizes"].default
    out = _constants((
        ("calibrate.SKILL_MARGIN_SD", _num(calibrate.SKILL_MARGIN_SD),
         "criterion 1: standard deviations of its own scores by which cautious must beat "
         "passive and reckless on the mean"),
        ("calibrate.LUCK_MIN_SD", _num(calibrate.LUCK_MIN_SD),
         "criterion 2: the least sd of the cautious bot's scores across seeds"),
        ("calibrate.HEADROOM", _num(calibrate.HEADROOM),
         "criterion 3: points cautious must leave below the total on average"),
        ("calibrate.ADVERSARY_MEAN_MARGIN", _num(calibrate.ADVERSARY_MEAN_MARGIN),
         "criterion 5: the most an adversarial policy's mean may be above cautious's"),
        ("calibrate.ADVERSARY_WIN_SHARE", f"{_pct(calibrate.ADVERSARY_WIN_SHARE)} %",
         "criterion 6: the largest share of seeds an adversarial policy may beat "
         "cautious on"),
        ("calibrate.SEARCH", str(calibrate.SEARCH),
         "random combinations of habits the suite adds unless told otherwise (`--search`)"),
        ("adversarial.ROUNDS", str(adversarial.ROUNDS),
         "rounds of decisions a week: a habit acts once in each"),
        ("adversarial.POWERFUL", _num(adversarial.POWERFUL),
         "meeting spam meets every stakeholder with at least this power"),
    ))
    out += (f"\nThe random search draws combinations of {sizes[0]} to {sizes[1]} single "
            "habits. The named combinations:\n\n| Combination | Its habits |\n|---|---|\n")
    for name, habits in adversarial.COMBINATIONS.items():
        out += f"| `{name}` | " + ", ".join(f"`{h}`" for h in habits) + " |\n"
    return out


def block_forecast() -> str:
    """The forecast's settings, an example with and without risks, and its plan against
    the engine's."""
    import inspect

    from pmsim.engine import schedule
    from pmsim.engine.forecast import forecast_scenario
    from pmsim.scenario.builtin import load_scenario

    runs = inspect.signature(forecast_scenario).parameters["iterations"].default
    out = parameters(Model, ("forecast_iterations", "forecast_risks", "attention_hours"),
                     "model") + "\n"
    out += _constants((
        ("schedule.MIN_RATE", _num(schedule.MIN_RATE),
         "person-days a day the plan gives a task nobody can work on (effectively never)"),
    ))
    out += (f"\n`pmsim forecast` plays {runs:,} iterations unless told otherwise "
            "(`--iterations`). Its forecast of the plan of "
            f"`{EXAMPLE_SCENARIO}` (seed 0), in working days:\n\n"
            "| Forecast | Plan | Mean | P50 | P80 | Chance of meeting the deadline |\n"
            "|---|---|---|---|---|---|\n")
    scenario = load_scenario(EXAMPLE_SCENARIO)
    for with_risks in (False, True):
        f = forecast_scenario(scenario, iterations=runs, seed=0, risks=with_risks)
        out += (f"| {'with risks' if with_risks else 'no risks'} | "
                f"{f.deterministic_days:.1f} | {f.mean_days:.1f} | {f.p50_days:.1f} | "
                f"{f.p80_days:.1f} | {round(100 * f.p_on_time)} % |\n")
    return out + "\n" + _plan_agreement()


def _plan_agreement() -> str:
    """The forecast's deterministic plan against the engine's baseline plan, per
    built-in scenario."""
    from pmsim.engine.baseline import compute_baseline
    from pmsim.engine.forecast import forecast_scenario
    from pmsim.scenario.builtin import list_builtin

    out = ("| Built-in scenario | The engine's plan (days) | The forecast's plan (days) | "
           "Difference |\n|---|---|---|---|\n")
    for scenario in list_builtin():
        engine = compute_baseline(scenario).planned_days
        forecast = forecast_scenario(scenario, iterations=1, seed=0).deterministic_days
        out += (f"| `{scenario.meta.id}` | {engine:.1f} | {forecast:.1f} | "
                f"{forecast - engine:+.1f} |\n")
    return out


BLOCKS: dict[str, Callable[[], str]] = {
    "work": block_work, "overtime": block_overtime, "assimilation": block_assimilation,
    "people": block_people, "morale": block_morale, "quality": block_quality,
    "risks": block_risks, "costs": block_costs, "tolerances": block_tolerances,
    "board": block_board, "escalation": block_escalation,
    "stakeholders": block_stakeholders, "scoring": block_scoring,
    "calibration": block_calibration, "forecast": block_forecast,
}
"""Every generated block of docs/model.md by name."""


def has_figures(text: str) -> bool:
    """Whether a page has any generated figures block."""
    return MARKER.search(text) is not None


def replace_figures(text: str) -> str:
    """`text` with every generated block refreshed; an unknown block name or a start
    without its end is an error that names the block."""
    starts = [m.group(1) for m in MARKER.finditer(text) if m.group(2) == "start"]
    ends = [m.group(1) for m in MARKER.finditer(text) if m.group(2) == "end"]
    for name in starts + ends:
        if name not in BLOCKS:
            raise UserError(f"no figures block is called '{name}'; the blocks are: "
                            + ", ".join(BLOCKS))
    if sorted(starts) != sorted(ends) or len(set(starts)) != len(starts):
        raise UserError("each <!-- figures:NAME:start --> needs one matching "
                        "<!-- figures:NAME:end --> after it")

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        return (f"<!-- figures:{name}:start -->\n{NOTE}{BLOCKS[name]()}"
                f"<!-- figures:{name}:end -->")

    updated, count = BLOCK.subn(fill, text)
    if count != len(starts):
        raise UserError("each <!-- figures:NAME:start --> needs one matching "
                        "<!-- figures:NAME:end --> after it")
    return updated
