"""The debrief as Markdown: tables a trainer can print, paste or convert (pandoc)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from pmsim.report.format import (
    BASELINE_COLUMNS,
    BASELINE_NOTE,
    BESIDE_NOTE,
    BESIDE_TITLE,
    FIGURE_NOTES,
    WEEK_COLUMNS,
    baseline_cells,
    commitment_line,
    decisions_cell,
    headline,
    luck_note,
    outcome_label,
    week_cells,
)
from pmsim.report.model import Report
from pmsim.text import clean_line, markdown_cell
from pmsim.wording import count

CHART_TITLES = {"s-curve": "Cost and schedule (S-curve)",
                "forecast": "Forecast finish week", "people": "Morale and satisfaction"}


cell = markdown_cell
"""Text made safe for a Markdown table cell (`pmsim.text.markdown_cell`)."""


def table(headings: Sequence[str], rows: Iterable[Sequence[object]],
          right: Iterable[int] = ()) -> list[str]:
    """A GitHub-style pipe table; columns in `right` are right-aligned."""
    align = {i: "---:" for i in right}
    lines = ["| " + " | ".join(cell(h) for h in headings) + " |",
             "|" + "|".join(align.get(i, "---") for i in range(len(headings))) + "|"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines


def beside_section(report: Report) -> list[str]:
    """The player's key decisions beside the cautious bot's, week by week (if measured)."""
    if not report.beside_bot:
        return []
    return [f"## {BESIDE_TITLE}", "", BESIDE_NOTE, "",
            *table(("Week", "You", "The cautious bot"),
                   ((str(w), decisions_cell(yours), decisions_cell(bot))
                    for w, yours, bot in report.beside_bot), right=(0,)), ""]


def baseline_section(report: Report) -> list[str]:
    """The baseline log: each baseline and why it changed."""
    if not report.baselines:
        return []
    out = ["## Baselines", "", cell(commitment_line(report)), ""]
    out += [*table(BASELINE_COLUMNS, (baseline_cells(e) for e in report.baselines),
                   right=(0, 1, 3, 4)), ""]
    return [*out, f"_{BASELINE_NOTE} Money in {report.currency}._", ""]


def render_markdown(report: Report, chart_links: Mapping[str, str] | None = None) -> str:
    """The whole debrief; `chart_links` maps chart names to image paths to link, else the
    charts are left out (the tables carry the same figures)."""
    out = [f"# {cell(report.title)}", ""]
    facts = [("Scenario", f"{report.scenario_title} (`{report.scenario_id}`, "
              f"{report.difficulty})"),
             ("Team", report.team or "(not named)"), ("Seed", str(report.seed))]
    if report.played:
        facts.append(("Played", report.played))
    if report.log_path:
        facts.append(("Game log", f"`{clean_line(report.log_path)}`"))
    facts.append(("Decisions taken", f"{report.actions} decisions and answers; "
                  f"{count(report.risks_fired, 'risk event')} fired"))
    out += [*table(("", ""), facts), ""]
    if report.learning_objectives:
        out += ["## Learning objectives", ""]
        out += [f"- {cell(obj)}" for obj in report.learning_objectives] + [""]

    out += ["## Result", "",
            f"**{report.summary}** Outcome: **{outcome_label(report)}**.", "",
            headline(report), ""]
    rows = [(d.name.capitalize(), f"{d.points} / {d.max_points}", d.why)
            for d in report.dimensions]
    rows.append(("**Total**", f"**{report.score} / {report.max_score}**",
                 f"**{outcome_label(report)}**"))
    out += [*table(("Dimension", "Points", "Why"), rows, right=(1,)), ""]
    if report.advice:
        out += [cell(report.advice), ""]
    out += [f"_{report.outcome_rule}_", ""]
    if report.luck:
        out += ["## Skill and luck", "", f"**{cell(report.luck.get('text', ''))}**", "",
                f"_{luck_note(report.luck)}_", ""]

    out += ["## Key figures by week", ""]
    figures = table(WEEK_COLUMNS, (week_cells(r, report.hard_stop_week) for r in report.weeks),
                    right=range(len(WEEK_COLUMNS)))
    out += [*figures, ""]
    out += [f"_{FIGURE_NOTES} Money in {report.currency}._", ""]

    out += ["## Charts", ""]
    if chart_links:
        for name, path in chart_links.items():
            out += [f"![{CHART_TITLES.get(name, name)}]({path})", ""]
    else:
        out += ["_Charts are in the HTML report (`pmsim report LOG --format html`); the "
                "table above holds the same figures._", ""]

    out += baseline_section(report)
    out += ["## Decisions and events", ""]
    events = table(("Week", "Kind", "What", "Why"),
                   ((e.weeks_label + (f" (×{e.times})" if e.times > 1 else ""), e.kind_label,
                     e.what, e.why) for e in report.timeline), right=(0,))
    out += [*events, ""]

    out += beside_section(report)
    if report.questions:
        out += ["## Questions for the debrief", ""]
        out += [f"{i}. {cell(q)}" for i, q in enumerate(report.questions, start=1)] + [""]
    return "\n".join(out)
