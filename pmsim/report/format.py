"""Number formats shared by the Markdown and HTML debriefs."""

from __future__ import annotations

from pmsim.report.model import Report, WeekRow
from pmsim.scoring import outcome_words

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


def week_cells(row: WeekRow, hard_stop: int) -> tuple[str, ...]:
    """The key-figures table cells of one week, as text."""
    forecast = f"wk {row.forecast_week}" if row.forecast_week <= hard_stop else \
        f"after wk {hard_stop}"
    return (week_label(row.week), money(row.pv), money(row.ev), money(row.ac), f"{row.cpi:.2f}",
            f"{row.spi_t:.2f}", money(row.eac), forecast,
            f"{row.morale:.0%}", f"{row.satisfaction:.0f}", f"{row.hours:.0f} h")


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
