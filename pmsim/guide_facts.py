"""The figures of a facilitator guide, generated from the scenario file and the engine.

A guide (`docs/scenarios/<id>.md`) carries two generated blocks:
- between `FACTS_START` and `FACTS_END`, the summary table at its top (deadline and hard
  stop, team, budget with the engine's BAC, reserves, tolerances, attention, scoring);
- between `FIGURES_START` and `FIGURES_END`, the tables of its figures (team and rates,
  hire pool, stakeholders, risks with their probabilities, impacts and responses, change
  requests).
`pmsim docs --write docs/scenarios/<id>.md` refreshes both (the scenario is the guide's
file name), and `--check` says when they are out of date. `prose_problems` reads the
prose around them and names any amount of money, risk probability or risk window that
matches no figure of the scenario (tests/test_guide_facts.py runs it on every guide).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from pmsim.engine.baseline import baseline_for
from pmsim.scenario.injects import Inject
from pmsim.scenario.parameters import ScoringCurves
from pmsim.scenario.register import Risk
from pmsim.scenario.schema import Scenario
from pmsim.text import markdown_cell
from pmsim.wording import count

FACTS_START, FACTS_END = "<!-- facts:start -->", "<!-- facts:end -->"
FIGURES_START, FIGURES_END = "<!-- figures:start -->", "<!-- figures:end -->"
SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "$"}
"""Currency codes written as a symbol (any other code is written before the amount)."""
GENERATED = ((FACTS_START, FACTS_END), (FIGURES_START, FIGURES_END),
             ("<!-- habits:start -->", "<!-- habits:end -->"),
             ("<!-- calibration:start -->", "<!-- calibration:end -->"))
"""The generated blocks of a guide: the prose check reads everything else."""


def money(scenario: Scenario, amount: float) -> str:
    """An amount in the scenario's currency, to the unit: '€363,071'."""
    code = scenario.budget.currency
    symbol = SYMBOLS.get(code)
    return f"{symbol}{amount:,.0f}" if symbol else f"{code} {amount:,.0f}"


def _pct(fraction: float) -> str:
    return f"{100 * fraction:g} %"


def _range(scenario: Scenario, values: Iterable[float], in_money: bool = True) -> str:
    """'low / likely / high', in money or as plain numbers."""
    return " / ".join(money(scenario, v) if in_money else f"{v:g}" for v in values)


# --------------------------------------------------------------------------- figures
@dataclass(frozen=True)
class Budget:
    """The money of a scenario as the engine works it out."""

    bac: float
    """The engine's budget at completion (the baseline plan's labour plus fixed costs)."""
    labour: float
    """The baseline plan's labour (including what a rescue has already spent)."""
    planned_days: float
    team_day: float
    """The starting team's daily rates added up."""


def budget_of(scenario: Scenario) -> Budget:
    """The engine's BAC and the figures around it."""
    plan = baseline_for(scenario)
    return Budget(plan.bac, plan.bac - scenario.budget.fixed_costs, plan.planned_days,
                  sum(p.daily_rate for p in scenario.team))


def money_figures(scenario: Scenario) -> dict[str, float]:
    """Every amount of money a guide may quote, by what it is."""
    b, s = budget_of(scenario), scenario
    out = {"BAC": b.bac, "labour": b.labour, "contingency": s.budget.contingency,
           "management reserve": s.budget.management_reserve, "fixed costs": s.budget.fixed_costs,
           "spent": s.budget.spent, "team a day": b.team_day,
           "team a week": b.team_day * s.calendar.days_per_week,
           "plan labour a day": b.labour / max(b.planned_days, 1.0),
           "plan a day": b.bac / max(b.planned_days, 1.0),
           "scope value": sum(x.value for x in s.scope if not x.proposed)}
    for priority in ("must", "should", "could"):
        out[f"{priority}-have value"] = sum(x.value for x in s.scope
                                            if x.priority == priority and not x.proposed)
    for x in s.scope:
        out[f"value of {x.id}"] = x.value
    for p in s.team:
        out[f"rate of {p.id}"] = p.daily_rate
    for c in s.hire_pool:
        out[f"rate of {c.id}"] = c.daily_rate
        out[f"hiring cost of {c.id}"] = c.hiring_cost
    for t in s.tasks:
        if t.crash_cost_per_day is not None:
            out[f"crash cost of {t.id}"] = t.crash_cost_per_day
    for r in s.risks:
        for i, v in enumerate(r.impact.cost or ()):
            out[f"cost impact {i} of {r.id}"] = v
        for name, resp in _responses(r):
            out[f"{name} of {r.id}"] = resp
    for e in s.events:
        out[f"budget of {e.id}"] = e.budget_increase
    out.update(_quoted_amounts(s))
    return {k: float(v) for k, v in out.items() if v}


def share_figures(scenario: Scenario) -> list[float]:
    """Every share a guide may quote in brackets: risk and event probabilities, the
    tolerances, and how much of the BAC is spent at the start."""
    s = scenario
    out = [r.probability for r in s.risks] + [e.probability for e in s.events]
    out += [s.tolerances.cost_fraction, s.tolerances.scope_fraction]
    if s.budget.spent:
        out.append(s.budget.spent / budget_of(s).bac)
    return out


def three_points(scenario: Scenario) -> set[tuple[float, ...]]:
    """Every three-point figure of the scenario: the tasks' estimates (optimistic,
    likely, pessimistic) and the risks' impact ranges."""
    out: set[tuple[float, ...]] = {
        (float(t.optimistic), float(t.likely), float(t.pessimistic)) for t in scenario.tasks}
    for r in scenario.risks:
        for values in (r.impact.delay_days, r.impact.effort_days, r.impact.cost):
            if values:
                out.add(tuple(float(v) for v in values))
    return out


def _quoted_amounts(scenario: Scenario) -> dict[str, float]:
    """Amounts the scenario's own texts quote (numbers in thousands with commas, in the
    briefing and the events): a guide may repeat them."""
    texts = [scenario.meta.briefing, *(e.text for e in scenario.events)]
    found = re.findall(r"\d{1,3}(?:,\d{3})+", " ".join(texts))
    return {f"quoted {i}": float(x.replace(",", "")) for i, x in enumerate(found)}


def _responses(risk: Risk) -> list[tuple[str, float]]:
    """(response name, cost) of every response the risk has."""
    return [(name, float(r.cost)) for name, r in risk.responses if r is not None]


# --------------------------------------------------------------------------- blocks
def facts_block(scenario: Scenario) -> str:
    """The summary table at the top of a guide, between its markers."""
    s, b = scenario, budget_of(scenario)
    t, cal = s.tolerances, s.calendar
    fixed = (f" plus {money(s, s.budget.fixed_costs)} fixed costs"
             if s.budget.fixed_costs else "")
    spent = (f" ({money(s, s.budget.spent)} of it spent before the game starts)"
             if s.budget.spent else "")
    roles = ", ".join(f"{p.name} ({p.role})" if p.role else p.name for p in s.team)
    rows = [
        ("id", f"`{s.meta.id}`"), ("difficulty", s.meta.difficulty),
        ("domain", s.meta.domain),
        ("play time", f"about {s.meta.play_minutes} minutes ({count(cal.deadline_week, 'week')}"
                      " to the deadline, one turn a week)"),
        ("deadline / hard stop", f"end of week {cal.deadline_week} / end of week "
                                 f"{cal.hard_stop_week}"),
        ("team", f"{len(s.team)}: {roles}; {money(s, b.team_day)} a day together; "
                 f"{count(len(s.hire_pool), 'person')} in the hire pool"),
        ("budget", f"BAC {money(s, b.bac)}: the plan's labour {money(s, b.labour)}{spent}"
                   f"{fixed}; contingency {money(s, s.budget.contingency)}, management "
                   f"reserve {money(s, s.budget.management_reserve)}"),
        ("must-haves", _musts(s)),
        ("PM attention", f"{s.model.attention_hours:g} hours a week"),
        ("morale at the start", f"{s.model.morale_initial:g} on pmsim's 0–1 scale (0.7 is a "
                                "normal, healthy team)"),
        ("tolerances", f"time {count(t.time_weeks, 'week')} on the P80 finish, cost "
                       f"{_pct(t.cost_fraction)}, scope {_pct(t.scope_fraction)}; a breach "
                       f"unreported for {count(t.report_weeks, 'week')} is found by the board"),
        ("people per task", _staffing(s)),
        ("scoring", ", ".join(f"{k} {v}" for k, v in s.scoring.weights().items())
         + _curves(s)),
    ]
    lines = [FACTS_START, "| | |", "|---|---|", *(_row(k, v) for k, v in rows)]
    lines += ["", f"Generated from `scenarios/{s.meta.id}.toml` and the engine's baseline "
              f"plan ({b.planned_days:.1f} working days) by `pmsim docs --write "
              f"docs/scenarios/{s.meta.id}.md`.", FACTS_END]
    return "\n".join(lines)


def _musts(s: Scenario) -> str:
    """The must-haves, marking those the sponsor never makes should-haves."""
    musts = [x for x in s.scope if x.priority == "must" and not x.proposed]
    fixed = [x.name for x in musts if not x.negotiable]
    return (", ".join(x.name for x in musts)
            + (f"; never negotiable (nothing else can be used without it): "
               f"{', '.join(fixed)}" if fixed else ""))


def _staffing(s: Scenario) -> str:
    """The most people a task takes, as most tasks have it, and the tasks that differ."""
    limits = Counter(t.max_staff for t in s.tasks)
    usual = max(limits, key=lambda k: (limits[k], k))
    others = [f"{t.max_staff} on {t.name}" for t in s.tasks if t.max_staff != usual]
    return f"at most {usual} on most tasks" + (f" ({'; '.join(others)})" if others else "")


def _curves(s: Scenario) -> str:
    """The scoring curves the scenario sets apart from the defaults, with the default."""
    curves, default = s.scoring.curves, ScoringCurves()
    changed = [f"`{name}` {getattr(curves, name):g} (default {getattr(default, name):g})"
               for name in type(curves).model_fields
               if getattr(curves, name) != getattr(default, name)]
    return "; curves set apart from the defaults: " + ", ".join(changed) if changed else ""


def figures_block(scenario: Scenario) -> str:
    """The tables of the scenario's figures, between their markers."""
    s = scenario
    lines = [FIGURES_START, "Generated from the scenario file (`pmsim docs --write "
             f"docs/scenarios/{s.meta.id}.md`).", "", "| team | role | skills | a day |",
             "|---|---|---|---:|"]
    lines += [_row(p.name, p.role, _skills(p.skills), money(s, p.daily_rate)) for p in s.team]
    lines += _table("| hire pool | skills | a day | lead time | hiring cost |",
                    "|---|---|---:|---:|---:|",
                    [_row(c.name, _skills(c.skills), money(s, c.daily_rate),
                          count(c.lead_time_weeks, 'week'), money(s, c.hiring_cost))
                     for c in s.hire_pool])
    lines += _table("| stakeholder | role | power | interest | engagement | satisfaction |",
                    "|---|---|---:|---:|---|---:|",
                    [_row(h.name + _sponsor(h.sponsor, h.role), h.role, f"{h.power:g}",
                          f"{h.interest:g}", h.engagement, f"{h.satisfaction:g}")
                     for h in s.stakeholders])
    lines += _risk_rows(s)
    lines += _table("| change request | week | chance | budget added | deadline added |",
                    "|---|---:|---:|---:|---:|",
                    [_row(e.title, e.week, _pct(e.probability), money(s, e.budget_increase),
                          count(e.deadline_extension_weeks, 'week'))
                     for e in s.events if e.kind == "change_request"])
    lines += _table("| inject (live workshops) | suggested week | what it does | what the "
                    "teams read |", "|---|---:|---|---|",
                    [_row(x.title, x.week or "—", inject_effect(s, x), x.text)
                     for x in s.injects])
    lines.append(FIGURES_END)
    return "\n".join(lines)


def inject_effect(s: Scenario, x: Inject) -> str:
    """What an inject does, in words, from its kind and figures."""
    if x.kind == "budget_cut":
        return f"takes back {money(s, x.amount)} of the reserves not yet drawn"
    if x.kind == "person_leaves":
        name = next((p.name for p in s.team if p.id == x.person), x.person or "")
        return f"{name} leaves at the end of the week, with no counter-offer"
    if x.kind == "deadline_forward":
        return f"the deadline comes {count(x.weeks, 'week')} earlier"
    if x.kind == "risk_certain":
        name = next((r.name for r in s.risks if r.id == x.risk), x.risk or "")
        return f"the risk \u201c{name}\u201d happens that week, as its responses leave it"
    if x.kind == "change_request":
        return (f"a change request, adding {money(s, x.budget_increase)} of budget if "
                "accepted")
    return "news in the feed"


def _row(*cells: object) -> str:
    """One Markdown table row, each cell made safe (`markdown_cell`): names come from the
    scenario file."""
    return "| " + " | ".join(markdown_cell(c) for c in cells) + " |"


def _table(header: str, align: str, rows: list[str]) -> list[str]:
    """A Markdown table after a blank line, or nothing when it has no rows."""
    return ["", header, align, *rows] if rows else []


def _sponsor(is_sponsor: bool, role: str) -> str:
    return " (sponsor)" if is_sponsor and "sponsor" not in role.lower() else ""


def _skills(skills: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:g}" for k, v in skills.items())


def _risk_rows(s: Scenario) -> list[str]:
    """The risk register: probability, window, impacts (low / likely / high), responses."""
    lines = []
    for r in s.risks:
        i = r.impact
        cost = _range(s, i.cost) if i.cost else "—"
        delay = _range(s, i.delay_days, False) if i.delay_days else "—"
        effort = _range(s, i.effort_days, False) if i.effort_days else "—"
        responses = ", ".join(f"{n} {money(s, c)}" for n, c in _responses(r)) or "—"
        hidden = "" if r.known else " (not on the register at the start)"
        lines.append(_row(r.name + hidden, r.kind, _pct(r.probability),
                          f"{r.window[0]}–{r.window[1]}", cost, delay, effort, responses))
    return _table("| risk | kind | probability | weeks | cost | delay (days) | extra work "
                  "(days) | responses |", "|---|---|---:|---|---|---|---|---|", lines)


def replace_blocks(text: str, scenario: Scenario) -> str:
    """`text` with both blocks refreshed; a block that is missing is added (the summary
    after the title's paragraph, the tables at the end)."""
    for start, end, block, heading in (
        (FACTS_START, FACTS_END, facts_block(scenario), ""),
        (FIGURES_START, FIGURES_END, figures_block(scenario), "## The scenario's figures"),
    ):
        if start in text and end in text:
            before, rest = text.split(start, 1)
            text = before + block + rest.split(end, 1)[1]
        else:
            text = text.rstrip() + "\n\n" + (heading + "\n\n" if heading else "") + block + "\n"
    return text


# --------------------------------------------------------------------------- prose
NUMBER = r"\d{1,3}(?:,\d{3})*(?:\.\d+)?"
AMOUNT = re.compile(rf"([€£$])\s?({NUMBER})(k?)(?:\s?[–-]\s?[€£$]?({NUMBER})(k?))?")
"""An amount of money, or a range of two ('€1,400–1,500')."""
PERCENT = re.compile(r"\((\d+(?:\.\d+)?)\s?%(?:,?\s+(?:in\s+)?weeks?\s+(\d+)[–-](\d+))?"
                     r"(?!\s*(?:against|of|to|instead))")
"""A share in brackets as guides write a risk's probability, '(45 % in weeks 3–10' or
'(35 %, weeks 3–12', not a measured share ('(74 % against 37 %)')."""
TRIPLE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?) / (\d+(?:\.\d+)?) / (\d+(?:\.\d+)?)(?![\d.])")
"""A three-point figure, 'low / likely / high' (a task's estimate, a risk's impact)."""
DEADLINE = re.compile(r"(deadline|hard stop)(?: is| at| of| in)?(?: the end of)? week (\d+)")
"""The deadline or the hard stop named with its week."""
KEYWORD_REACH = 16
"""How far before an amount (in characters) a keyword of `KEYWORDS` names it."""
KEYWORDS = {"contingency": "contingency", "management reserve": "management reserve",
            "BAC": "BAC"}
"""A word just before an amount that says which figure it must be."""


def prose(text: str) -> str:
    """The guide without its generated blocks."""
    for start, end in GENERATED:
        while start in text and end in text:
            before, rest = text.split(start, 1)
            text = before + rest.split(end, 1)[1]
    return text


def _near(value: float, written: str, figure: float) -> bool:
    """Whether `figure` rounds to `value` at the precision it is written with."""
    digits = written.replace(",", "").split(".")[0]
    zeros = len(digits) - len(digits.rstrip("0")) if "." not in written else 0
    step = 10 ** min(zeros, 3)
    return abs(figure - value) <= step / 2 + 1e-6


def prose_problems(text: str, scenario: Scenario) -> list[str]:
    """Figures in the prose that match nothing in the scenario: amounts of money (not
    those written in thousands, '€616k': measured by the bots, from the tables; one
    right after "contingency", "management reserve" or "BAC" must be that figure),
    shares in brackets (a risk's probability, and its weeks if given), three-point
    figures ('24 / 32 / 60': a task's estimate or a risk's impact), and the week of the
    deadline or the hard stop. Each problem quotes the text around it."""
    body = " ".join(prose(text).split())
    known = money_figures(scenario)
    problems = []
    for m in AMOUNT.finditer(body):
        around = body[max(0, m.start() - 60):m.end() + 20]
        for number, thousands in ((m.group(2), m.group(3)), (m.group(4), m.group(5))):
            if number is None or thousands or m.group(3):
                continue
            value = float(number.replace(",", ""))
            before = body[max(0, m.start() - KEYWORD_REACH):m.start()]
            wanted = [k for word, k in KEYWORDS.items() if word in before]
            pool = {k: known[k] for k in wanted[-1:] if k in known} if wanted else known
            if not any(_near(value, number, f) for f in pool.values()):
                what = f"the {wanted[-1]}" if wanted else "any figure of the scenario"
                problems.append(f"{m.group(1)}{number} matches {what}: …{around}…")
    shares = share_figures(scenario)
    for m in PERCENT.finditer(body):
        share = float(m.group(1)) / 100
        window = (int(m.group(2)), int(m.group(3))) if m.group(2) else None
        step = 10 ** -(2 + len(m.group(1).partition(".")[2]))
        fits = (any(abs(r.probability - share) < 1e-9 and tuple(r.window) == window
                    for r in scenario.risks) if window is not None
                else any(abs(f - share) <= step / 2 + 1e-9 for f in shares))
        if not fits:
            around = body[max(0, m.start() - 60):m.end() + 20]
            problems.append(f"{m.group(0)} matches no share of the scenario (a risk's "
                            f"probability and weeks): …{around}…")
    triples = three_points(scenario)
    for m in TRIPLE.finditer(body):
        if tuple(float(x) for x in m.groups()) not in triples:
            around = body[max(0, m.start() - 60):m.end() + 20]
            problems.append(f"{m.group(0)} is no task's estimate or risk's impact: …{around}…")
    cal = scenario.calendar
    for m in DEADLINE.finditer(body):
        week = cal.hard_stop_week if m.group(1) == "hard stop" else cal.deadline_week
        if int(m.group(2)) != week:
            problems.append(f"{m.group(0)!r}: the {m.group(1)} is week {week}")
    return problems
