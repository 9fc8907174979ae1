"""Generated blocks of docs/model.md about the team: work, overtime, assimilation,
people, morale and quality (see `pmsim.model_doc`)."""

from __future__ import annotations

import math

from pmsim.engine import people, work
from pmsim.engine.rules.overtime import OVERTIME_LEVELS
from pmsim.engine.turn import week_hours
from pmsim.model_doc_tables import (
    WEEKS_SHOWN,
    const_row,
    constants_table,
    days_per_week,
    f2,
    parameters,
)
from pmsim.model_summary import _num, _pct
from pmsim.scenario.parameters import Model
from pmsim.scenario.schema import Candidate


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
        + "\n" + constants_table((
            const_row(work, "COMMUNICATION_FLOOR",
                      "the least share of capacity communication overhead leaves"),
            const_row(work, "SWITCHING_LOSS",
                      "share of capacity lost per extra task a person is spread over"),
            const_row(work, "SWITCHING_FLOOR",
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
    days = days_per_week()
    levels = [lv for lv in OVERTIME_LEVELS if 1.0 < lv <= model.max_overtime + 1e-9]
    shown = [levels[len(levels) // 2 - 1], levels[-1]] if len(levels) > 1 else levels
    out = parameters(Model, ("max_overtime", "overtime_premium", "overtime_hourly_loss",
                             "fatigue_weeks", "fatigue_loss"), "model")
    out += "\n" + constants_table((
        const_row(work, "FATIGUE_FLOOR", "the least hourly productivity fatigue leaves"),
        const_row(people, "CLOSING_WEEKS", "weeks before the end in which someone who "
                  "left still counts in the team's fatigue at the end, as tired as they left"),
    )) + "\n"
    for level in shown:
        out += _overtime_table(model, level, days) + "\n"
    out += "| Hours a week | At once | After months | A week's output, after months | "
    out += "Ahead of normal hours until week |\n|---|---|---|---|---|\n"
    for level in levels:
        weeks = work.overtime_breakeven_weeks(model, level)
        sustained = work.sustained_productivity(model, level)
        out += (f"| {_num(week_hours(level, days))} | "
                f"{f2(work.hours_factor(model.overtime_hourly_loss, level))} | "
                f"{f2(sustained)} | {f2(level * sustained)} | "
                f"{'never behind' if weeks is None else weeks} |\n")
    premium = (1 + (model.max_overtime - 1) * model.overtime_premium) / model.max_overtime
    out += (f"\nA {_num(week_hours(model.max_overtime, days))}-hour week costs "
            f"{_num(round(1 + (model.max_overtime - 1) * model.overtime_premium, 3))} × a "
            f"normal week's pay, {f2(premium)} × the normal rate per hour worked.\n")
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
        out += (f"| {week} | {f2(weekly[week - 1] / level)} | {f2(weekly[week - 1])} | "
                f"{f2(total / week)} |\n")
    return out


def block_assimilation() -> str:
    """New hires: start, time constant, the curve, training and catch-up."""
    model = Model()
    days = days_per_week()
    keep = math.exp(-days / model.assimilation_days) if model.assimilation_days > 0 else 0.0
    row = []
    for week in WEEKS_SHOWN[:-1]:
        experience = 1.0 - (1.0 - model.new_hire_experience) * keep ** (week - 1)
        row.append(f2(1.0 if experience > 0.99 else experience))
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
        f"days of training time. Alone on a task, with nobody assimilated to learn from, "
        f"a new hire loses {_pct(work.SELF_TAUGHT_LOSS)} % of their output on arrival, less "
        f"as they assimilate. A candidate arrives {lead} weeks after the hiring "
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
    out += "\n" + constants_table((
        const_row(people, "RESIGNATION_MORALE",
                  "morale below which resignations rise"),
        const_row(people, "NOTICE_WEEKS",
                  "weeks between a resignation and the person leaving"),
        const_row(people, "LEAVING_MORALE_HIT",
                  "morale the team loses when a resignation is accepted (or a counter-offer "
                  "fails)"),
        const_row(people, "COUNTER_OFFER_MORALE_HIT",
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
    out += constants_table((
        const_row(work, "MORALE_NORMAL",
                  "morale at which productivity is neither raised nor lowered"),
        const_row(work, "MORALE_PRODUCTIVITY",
                  "change of the productivity factor per unit of morale"),
        ("work.MORALE_FACTOR_RANGE", f"{_num(low)} to {_num(high)}",
         "the least and the most the morale factor can be"),
        const_row(people, "MORALE_FATIGUE",
                  "fall of the morale target per unit of the team's fatigue"),
        const_row(people, "PRESSURE_FOCUS",
                  "lateness up to which schedule pressure lifts morale"),
        const_row(people, "PRESSURE_LIFT",
                  "rise of the morale target per unit of lateness, up to the focus point"),
        const_row(people, "PRESSURE_DRAG",
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
            + " | ".join(f2(work.morale_multiplier(m)) for m in morales) + " |\n")
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
        + "\n" + constants_table((
            const_row(work, "QUALITY_LEARNER",
                      "share of right-first-time work that depends on experience"),
            const_row(work, "QUALITY_FATIGUE",
                      "share of right-first-time work lost per unit of fatigue"),
        ))
        + f"\nA new hire on arrival gets {_pct(round(new, 4))} % right first time; a "
        f"person after months of 60-hour weeks (fatigue 0.5), {_pct(round(tired, 4))} %. "
        f"Hidden flaws surface at {_pct(round(surfacing, 3))} % a week.\n"
    )
