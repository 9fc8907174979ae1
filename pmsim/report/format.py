"""Number formats shared by the Markdown and HTML debriefs."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from pmsim.report.model import Report, WeekRow
from pmsim.scoring import outcome_words

if TYPE_CHECKING:
    from pmsim.engine.parts.plan_in_force import BaselineEntry

OUTCOME_MARKS = {"successful": "✓", "challenged": "~", "stopped": "■", "failed": "✗"}
"""A mark for each outcome class, shown beside the word (never instead of it)."""

WEEK_COLUMNS = ("Week", "PV", "EV", "AC", "CPI", "SPI(t)", "EAC", "Forecast finish",
                "Morale", "Satisfaction", "Hours/week")
"""Headings of the key-figures table."""

FIGURE_NOTES = (
    "PV planned value, EV earned value, AC actual cost (cumulative). "
    "CPI = EV / AC: above 1 is under cost. SPI(t) = earned schedule / actual time "
    "(Lipke): below 1 is behind plan, and unlike SPI it does not drift back to 1 on a "
    "late project. EAC = BAC / CPI, the cost at completion if the efficiency so far "
    "holds. Forecast finish is the median (P50) finish week forecast at the end of that "
    "week. Morale in percent, stakeholder satisfaction (power-weighted) out of 100, "
    "hours worked per person per week."
)


def money(value: float) -> str:
    """12345.6 → '12,346'."""
    return f"{value:,.0f}"


def week_label(week: float) -> str:
    """21 → '21'; 21.306 (the game ended mid-week) → '21.3'."""
    return f"{week:.0f}" if abs(week - round(week)) < 0.05 else f"{week:.1f}"


def row_week(week: float) -> str:
    """A key-figures row's week: 21 → '21'; a game that ended mid-week (21.3 weeks
    gone) → '22 (end)', the week it ended in."""
    if abs(week - round(week)) < 0.05:
        return f"{week:.0f}"
    return f"{math.ceil(week)} (end)"


def week_cells(row: WeekRow, hard_stop: int) -> tuple[str, ...]:
    """The key-figures table cells of one week, as text."""
    forecast = f"wk {row.forecast_week}" if row.forecast_week <= hard_stop else \
        f"after wk {hard_stop}"
    return (row_week(row.week), money(row.pv), money(row.ev), money(row.ac), f"{row.cpi:.2f}",
            f"{row.spi_t:.2f}", money(row.eac), forecast,
            f"{row.morale:.0%}", f"{row.satisfaction:.0f}", f"{row.hours:.0f} h")


BASELINE_COLUMNS = ("Week", "Baseline", "Change", "BAC before", "BAC after",
                    "Planned finish", "Why")
"""Headings of the baseline-log table."""

BASELINE_KIND_LABELS = {
    "original": "Original plan", "cut": "Scope cut", "deferral": "Scope deferred",
    "restore": "Scope restored", "change": "Approved change", "response": "Risk response funded",
    "rebaseline": "Re-baseline",
}
"""Each kind of baseline change in the trainer's words."""

BESIDE_TITLE = "Your decisions beside the cautious bot's"
BESIDE_NOTE = (
    "The cautious bot played this game from week 1 on the same luck (the same true "
    "efforts, the same risk draws); the weeks where its decisions and yours part are the "
    "places to ask what each of you saw. Meetings and assignments are counted, not listed.")


def decisions_cell(lines: tuple[str, ...]) -> str:
    """A week's decisions in one cell: 'Status reports: detailed; 1 stakeholder meeting'."""
    return "; ".join(line.rstrip(".") for line in lines) or "–"


BASELINE_NOTE = (
    "The performance measurement baseline (PMB) is what earned value is measured against. "
    "PV of weeks already ended never changes; a cut or deferral removes only the work's "
    "unearned budget, an approved change adds its budget phased by the plan, a funded risk "
    "response moves contingency into the budget, and a re-baseline makes a new PMB. The "
    "score judges time against the original deadline (authorised moves forgiven in part) "
    "and cost against the baseline before any re-baseline (the reserve a re-baseline adds "
    "counts as authorised)."
)


def baseline_cells(entry: BaselineEntry) -> tuple[str, ...]:
    """The baseline-log table cells of one change, as text."""
    finish = week_label(entry.planned_weeks_after)
    if abs(entry.planned_weeks_after - entry.planned_weeks_before) > 0.05:
        finish = f"{week_label(entry.planned_weeks_before)} → {finish}"
    return (str(entry.week) if entry.week else "start", str(entry.number),
            BASELINE_KIND_LABELS.get(entry.kind, entry.kind), money(entry.bac_before),
            money(entry.bac_after), f"wk {finish}", entry.reason)


def commitment_line(report: Report) -> str:
    """The original commitment in one sentence, and where the baseline ended."""
    c = report.commitment
    if c is None:
        return ""
    last = report.baselines[-1] if report.baselines else None
    now = (f" The baseline in force at the end: BAC {money(last.bac_after)}, planned finish "
           f"week {week_label(last.planned_weeks_after)} (baseline {last.number})."
           if last is not None and len(report.baselines) > 1 else
           " The baseline never changed.")
    return (f"Original commitment: BAC {money(c.bac)} {report.currency}, planned finish week "
            f"{week_label(c.planned_weeks)}, deadline week {c.deadline_week}." + now)


def headline(report: Report) -> str:
    """One sentence on time and money, e.g. for under the score."""
    if report.end_reason == "complete":
        when = (f"Finished in week {report.finish_week} against a deadline of week "
                f"{report.deadline_week:g}: " + ("on time." if report.on_time else "late."))
    else:
        why = report.end_reason.replace("_", " ") or "stopped"
        when = f"Ended in week {report.finish_week} without finishing ({why})."
    spent = (f" Spent {money(report.cost)} {report.currency} against a budget of "
             f"{money(report.budget)}: " + ("within the approved budget and reserves."
                                            if report.on_budget else
                                            "over the approved budget and reserves."))
    return when + spent


def outcome_label(report: Report) -> str:
    """'~ CHALLENGED'."""
    return f"{OUTCOME_MARKS.get(report.outcome, '•')} {outcome_words(report.outcome).upper()}"


def luck_note(luck: dict[str, object]) -> str:
    """How the luck-adjusted result is made, in one sentence."""
    return (f"The baseline is the {luck.get('policy', 'cautious')} bot, a sensible PM, "
            "playing the same scenario on the same seed: it met exactly the same efforts "
            "and risk draws, so the margin is what the decisions were worth. The luck "
            "percentile compares the bot's score on this seed with its scores on "
            f"{luck.get('reference_runs', 'many')} other seeds.")
