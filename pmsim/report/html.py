"""The debrief as one self-contained HTML file: inline CSS and SVG, no scripts, no
external resources. It prints on A4 and reads in black and white: scores carry their
numbers, the outcome its word, and chart lines their labels, dash patterns and markers.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

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
from pmsim.report.svg import report_charts
from pmsim.wording import count

CSS = """
:root { color-scheme: light; }
.wide { overflow-x: auto; }
body { font: 15px/1.45 Helvetica, Arial, sans-serif; color: #111; background: #fff;
       max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .6rem; }
h2 { font-size: 1.2rem; margin: 1.8rem 0 .6rem; border-bottom: 2px solid #111;
     padding-bottom: .15rem; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 .8rem; }
th, td { border: 1px solid #999; padding: .25rem .45rem; vertical-align: top;
         text-align: left; }
th { background: #eee; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums;
                 white-space: nowrap; }
caption { text-align: left; font-weight: bold; padding: .2rem 0; }
table.facts { width: auto; }
table.facts th { background: none; border: none; padding-left: 0; }
table.facts td { border: none; }
table.figures { font-size: 12.5px; }
table.figures th.num { white-space: normal; }
table.figures th, table.figures td { padding: .2rem .3rem; }
@media print { .wide { overflow-x: visible; } }
.score { font-size: 1.35rem; font-weight: bold; margin: .3rem 0; }
.outcome { display: inline-block; border: 2px solid #111; padding: 0 .5rem;
           margin-left: .5rem; letter-spacing: .05em; }
.outcome.successful { background: #e3f4e3; }
.outcome.challenged { background: #fff3d6; }
.outcome.failed { background: #fbe0dd; }
.outcome.stopped { background: #e3ecf7; }
.bar { display: inline-block; width: 7rem; height: .8rem; border: 1px solid #111;
       vertical-align: middle; background: #fff; margin-right: .4rem; }
.bar span { display: block; height: 100%; background: #555; }
.note { font-size: 13px; color: #333; }
.chart { display: block; max-width: 100%; height: auto; margin: .8rem 0 1.2rem; }
tr.decision td.kind { font-weight: bold; }
ol.questions li { margin-bottom: .4rem; }
footer { margin-top: 2rem; font-size: 12px; color: #555; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-after: avoid; }
  tr, .chart, figure { break-inside: avoid; }
  thead { display: table-header-group; }
  th, .bar span, .outcome { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  table.facts th { background: none; }
  @page { size: A4; margin: 15mm 12mm; }
}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _table(headings: tuple[str, ...], rows: Sequence[tuple[str, ...]], *, numeric: set[int],
           css: str = "", row_classes: list[str] | None = None, raw: set[int] | None = None
           ) -> str:
    """A table; cells in `raw` columns are already HTML, the rest are escaped."""
    raw = raw or set()
    head = "".join(f'<th scope="col"{" class=num" if i in numeric else ""}>{_e(h)}</th>'
                   for i, h in enumerate(headings))
    body = []
    for r, row in enumerate(rows):
        cls = f' class="{row_classes[r]}"' if row_classes else ""
        cells = "".join(
            f'<td class="{"num" if i in numeric else "kind" if i == 1 else "text"}">'
            f"{c if i in raw else _e(c)}</td>" for i, c in enumerate(row))
        body.append(f"<tr{cls}>{cells}</tr>")
    css_attr = f' class="{css}"' if css else ""
    return (f"<table{css_attr}><thead><tr>{head}</tr></thead><tbody>"
            + "\n".join(body) + "</tbody></table>")


def _facts(report: Report) -> str:
    rows = [("Scenario", f"{report.scenario_title} ({report.scenario_id}, "
             f"{report.difficulty})"), ("Team", report.team or "(not named)"),
            ("Seed", str(report.seed))]
    if report.played:
        rows.append(("Played", report.played))
    if report.log_path:
        rows.append(("Game log", report.log_path))
    rows.append(("Decisions taken", f"{report.actions} decisions and answers; "
                 f"{count(report.risks_fired, 'risk event')} fired"))
    return ('<table class="facts">' + "".join(
        f'<tr><th scope="row">{_e(k)}</th><td>{_e(v)}</td></tr>' for k, v in rows)
        + "</table>")


def _score(report: Report) -> str:
    rows = []
    for d in report.dimensions:
        share = d.points / d.max_points if d.max_points else 0.0
        bar = (f'<span class="bar" aria-hidden="true"><span style="width:{share:.0%}">'
               "</span></span>")
        rows.append((_e(d.name.capitalize()), f"{bar}{d.points} / {d.max_points}",
                     _e(d.why)))
    rows.append(("<strong>Total</strong>",
                 f"<strong>{report.score} / {report.max_score}</strong>",
                 f"<strong>{_e(outcome_label(report))}</strong>"))
    return _table(("Dimension", "Points", "Why"), rows, numeric={1}, raw={0, 1, 2})


def render_html(report: Report) -> str:
    """The whole debrief as one HTML document."""
    charts = report_charts(report)
    parts = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(report.title)}</title>", f"<style>{CSS}</style>", "</head>", "<body>",
        "<header>", f"<h1>{_e(report.title)}</h1>", _facts(report), "</header>",
    ]
    if report.learning_objectives:
        parts += ["<section>", "<h2>Learning objectives</h2>", "<ul>"]
        parts += [f"<li>{_e(o)}</li>" for o in report.learning_objectives]
        parts += ["</ul>", "</section>"]
    parts += [
        "<section>", "<h2>Result</h2>",
        f'<p class="score">{_e(report.summary)}<span class="outcome {_e(report.outcome)}">'
        f"{_e(outcome_label(report))}</span></p>",
        f"<p>{_e(headline(report))}</p>", _score(report),
        *([f"<p>{_e(report.advice)}</p>"] if report.advice else []),
        f'<p class="note">{_e(report.outcome_rule)}</p>', "</section>",
    ]
    if report.luck:
        parts += ["<section>", "<h2>Skill and luck</h2>",
                  f"<p><strong>{_e(report.luck.get('text', ''))}</strong></p>",
                  f'<p class="note">{_e(luck_note(report.luck))}</p>', "</section>"]
    parts += ["<section>", "<h2>Charts</h2>", *charts.values(), "</section>"]
    parts += [
        "<section>", "<h2>Key figures by week</h2>",
        _table(WEEK_COLUMNS, [week_cells(r, report.hard_stop_week) for r in report.weeks],
               numeric=set(range(len(WEEK_COLUMNS))), css="figures"),
        f'<p class="note">{_e(FIGURE_NOTES)} Money in {_e(report.currency)}.</p>',
        "</section>",
    ]
    if report.baselines:
        parts += ["<section>", "<h2>Baselines</h2>", f"<p>{_e(commitment_line(report))}</p>",
                  _table(BASELINE_COLUMNS, [baseline_cells(e) for e in report.baselines],
                         numeric={0, 1, 3, 4}),
                  f'<p class="note">{_e(BASELINE_NOTE)} Money in {_e(report.currency)}.</p>',
                  "</section>"]
    timeline = [(e.weeks_label + (f" (×{e.times})" if e.times > 1 else ""), e.kind_label,
                 e.what, e.why) for e in report.timeline]
    parts += ["<section>", "<h2>Decisions and events</h2>",
              _table(("Week", "Kind", "What", "Why"), timeline, numeric={0},
                     row_classes=[e.kind for e in report.timeline]),
              "</section>"]
    if report.beside_bot:
        rows = [(str(w), decisions_cell(yours), decisions_cell(bot))
                for w, yours, bot in report.beside_bot]
        parts += ["<section>", f"<h2>{_e(BESIDE_TITLE)}</h2>", f"<p>{_e(BESIDE_NOTE)}</p>",
                  _table(("Week", "You", "The cautious bot"), rows, numeric={0}),
                  "</section>"]
    if report.questions:
        parts += ["<section>", "<h2>Questions for the debrief</h2>", '<ol class="questions">']
        parts += [f"<li>{_e(q)}</li>" for q in report.questions]
        parts += ["</ol>", "</section>"]
    source = f"the game log {report.log_path}" if report.log_path else "a game log"
    parts += [f"<footer>Made by pmsim from {_e(source)}; replaying the log gives the same "
              "game and the same score.</footer>",
              "</body>", "</html>", ""]
    return "\n".join(parts)
