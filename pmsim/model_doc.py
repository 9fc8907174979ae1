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
from pmsim.scenario.schema import Budget, Calendar, Candidate

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
        shown = _num(default) if isinstance(default, int | float) else f"`{default}`"
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


def block_forecast() -> str:
    """The in-game forecast's iterations."""
    return parameters(Model, ("forecast_iterations", "attention_hours"), "model")


BLOCKS: dict[str, Callable[[], str]] = {
    "work": block_work, "overtime": block_overtime, "assimilation": block_assimilation,
    "people": block_people, "morale": block_morale, "quality": block_quality,
    "risks": block_risks, "costs": block_costs, "tolerances": block_tolerances,
    "scoring": block_scoring, "forecast": block_forecast,
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
