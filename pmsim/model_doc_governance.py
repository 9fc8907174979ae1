"""Generated blocks of docs/model.md about governance: risks, costs, tolerances,
scoring, the board, escalation and stakeholders (see `pmsim.model_doc`)."""

from __future__ import annotations

from pmsim.engine import risks
from pmsim.model_doc_tables import (
    EXAMPLE_SCENARIO,
    const_row,
    constants_table,
    parameters,
)
from pmsim.model_summary import _num, _pct
from pmsim.scenario.parameters import Model, Scoring, ScoringCurves, Tolerances
from pmsim.scenario.schema import BoardRules, Budget, Candidate


def block_risks() -> str:
    """Responses' markups and a worked exposure table from a built-in scenario."""
    from pmsim.engine.simulation import Simulation
    from pmsim.scenario.builtin import load_scenario

    sim = Simulation(load_scenario(EXAMPLE_SCENARIO), 0)
    currency = sim.scenario.budget.currency
    out = constants_table((
        const_row(risks, "REACTIVE_MARKUP",
                  "a response taken after the risk fired costs this many times the planned one"),
        const_row(risks, "CONTRACTOR_MARKUP",
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
    from pmsim.engine import board, tolerances

    out = parameters(BoardRules, tuple(BoardRules.model_fields), "board") + "\n"
    out += constants_table((
        ("tolerances.COST_FORECAST_FROM", f"{_pct(tolerances.COST_FORECAST_FROM)} %",
         "share of the BAC earned before the cost and quality forecasts are trusted (the "
         "cost and quality tolerances, contingency draws for a forecast gap, management "
         "reserve)"),
        const_row(board, "BOARD_DISCOVERY_PENALTY",
                  "satisfaction every powerful stakeholder loses when the board finds a breach out "
                  "by itself"),
        const_row(board, "MAX_DEADLINE_WEEKS",
                  "most weeks one request to the sponsor may move the deadline by"),
        const_row(board, "DEADLINE_SATISFACTION",
                  "sponsor satisfaction from which the sponsor grants a later deadline"),
        const_row(board, "DEADLINE_POINTS_PER_WEEK",
                  "sponsor satisfaction each week of a granted deadline move costs"),
        const_row(board, "SCOPE_SATISFACTION",
                  "sponsor satisfaction from which the sponsor downgrades a must-have"),
        const_row(board, "REFUSAL_POINTS",
                  "sponsor satisfaction a deadline or scope request they refuse costs"),
    ))
    worse = tolerances.MATERIALLY_WORSE
    units = {"time": (_num(worse["time"]), "weeks, of the P80 finish"),
             "cost": (f"{_pct(worse['cost'])} %", "of the budget, of the EAC"),
             "scope": (f"{_pct(worse['scope'])} %", "of the planned value, dropped"),
             "quality": (f"{_pct(worse['quality'])} %", "of the work done, found flawed"),
             "benefits": (f"{_pct(worse['benefits'])} %",
                          "of the planned value, off the forecast net benefit"),
             "risk": (f"{_pct(worse['risk'])} %", "of the exposure tolerance, of exposure")}
    out += ("\nA breach the board already has may be raised again early only when it has "
            "grown by (`tolerances.MATERIALLY_WORSE`):\n\n"
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
        const_row(sh, "GRID_SPLIT",
                  "power or interest from which a stakeholder is on the high side of the grid"),
        const_row(sh, "MEET_POINTS",
                  "satisfaction a one-to-one adds when the stakeholder is due one"),
        const_row(sh, "MEETING_FILL",
                  "contact load a one-to-one adds (it falls by this ÷ the cadence each week)"),
        const_row(sh, "OVERCOMMUNICATION_POINTS",
                  "satisfaction a keep-satisfied stakeholder loses from a one-to-one at full "
                  "contact load"),
        const_row(sh, "ENGAGE_BELOW_LOAD",
                  "contact load below which a one-to-one moves engagement a step"),
        const_row(sh, "LEADING_SATISFACTION",
                  "satisfaction from which a supportive stakeholder can be brought to leading"),
        const_row(sh, "STEERING_POINTS",
                  "satisfaction each high-power stakeholder gains from a steering committee when "
                  "one is due"),
        const_row(sh, "STEERING_CADENCE",
                  "weeks between steering committees at which each is worth its full points"),
        const_row(sh, "STEERING_POWER",
                  "power from which a stakeholder sits on the steering committee"),
        const_row(sh, "SURPRISE_PENALTY",
                  "satisfaction lost per unit of bad news a stakeholder had not heard"),
        const_row(sh, "STEERING_EARLY_COST",
                  "satisfaction each board member loses from a steering committee called the "
                  "week after the last (in proportion to how early)"),
        const_row(sh, "SATISFACTION_PACE",
                  "share of the gap to what a stakeholder now thinks of the project that their "
                  "satisfaction closes each week"),
        const_row(sh, "ESCALATION_SATISFACTION",
                  "satisfaction below which a powerful stakeholder escalates"),
        const_row(sh, "ESCALATION_POWER",
                  "power from which an unhappy stakeholder escalates"),
        const_row(sh, "ESCALATION_INTERVAL_WEEKS",
                  "weeks before the same stakeholder escalates again"),
        ("stakeholders.ESCALATION_ANSWER_POINTS",
         ", ".join(f"{k} {v:+g}" for k, v in sh.ESCALATION_ANSWER_POINTS.items()),
         "satisfaction each answer to an escalation moves the stakeholder by"),
        const_row(sh, "SPENDING_FREEZE_WEEKS",
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
    out += "\n" + constants_table(_stakeholder_constants())
    hours = ", ".join(f"{level} {_num(h)} h" for level, h in REPORTING_HOURS.items())
    return out + (
        f"\nA one-to-one takes {_num(MeetStakeholder.attention)} h of the PM's week, a "
        f"steering committee {_num(SteeringCommittee.attention)} h; status reports take, "
        f"every week: {hours}. The engagement levels, left to right: "
        + ", ".join(ENGAGEMENT_LEVELS) + ".\n")
