"""The facilitator's summary of a workshop: every team side by side (rank, score, the six
dimensions, outcome, finish, cost, and the margin over the baseline on the same luck),
where the room as a whole lost points, and the same rows as CSV.

The ranking, verification and luck come from the results package's leaderboard
(`pmsim.results.leaderboard`): a game whose log does not replay to its recorded score is
listed as flagged and not ranked; a team's later games are listed as repeats. Each
counted game is replayed once more here for its finish week and cost.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmsim.errors import UserError
from pmsim.gamelog import parse_lines
from pmsim.report.branches import (
    BranchPoint,
    TeamWeeks,
    branch_points,
    html_sections,
    markdown_sections,
)
from pmsim.report.format import OUTCOME_MARKS, money
from pmsim.report.markdown import cell, table
from pmsim.report.model import Report, report_from_log
from pmsim.results.copies import MARK
from pmsim.wording import count, listed, signed

if TYPE_CHECKING:
    from pmsim.results.leaderboard import Entry, Leaderboard

STATUS_WORDS = {"ranked": "", "repeat": "repeat (not ranked)", "flagged": "FLAGGED"}


ALL_TIED = "all tied"
"""The best team of a dimension in which every ranked team scored the same."""


@dataclass(frozen=True)
class TeamRow:
    """One recorded game of the workshop."""

    rank: int | None
    team: str
    status: str
    """ranked, repeat (a team's later game) or flagged (failed verification)."""
    score: int | None
    outcome: str
    points: dict[str, int]
    """Points by dimension, in scoring order."""
    finish_week: int | None = None
    """The week the game ended in (finished or not)."""
    finished: bool | None = None
    """Whether the work was finished (False: stopped at the hard stop, or closed)."""
    on_time: bool | None = None
    cost: float | None = None
    on_budget: bool | None = None
    margin: int | None = None
    """Points over the baseline bot on the same seed."""
    kinder_than: float | None = None
    """Luck percentile of the seed: the dice were kinder than in this % of games."""
    played: str = ""
    note: str = ""
    """Why a game is flagged, that it is a repeat, or which games made the same
    decisions."""
    game_id: int | None = None
    same_decisions: bool = False
    """Another game of the workshop made the same decisions in the same order (the row
    is marked `MARK`; one log may be a copy)."""


@dataclass(frozen=True)
class WorkshopSummary:
    """Everything in the facilitator's summary."""

    code: str
    name: str
    scenario_id: str
    scenario_title: str
    seed: int
    currency: str
    deadline_week: int
    dimensions: tuple[tuple[str, int], ...]
    """(name, max points) of each dimension."""
    rows: tuple[TeamRow, ...]
    """Ranked games by rank, then repeats, then flagged ones."""
    baseline_score: int | None = None
    luck_sentence: str = ""
    same_decisions: tuple[str, ...] = ()
    """One sentence per group of games with the same decisions in the same order."""
    decisions: tuple[TeamWeeks, ...] = ()
    """The ranked teams' key decisions by week, in rank order."""
    branches: tuple[BranchPoint, ...] = ()
    """Where each ranked team's decisions first parted from the best team's, measured."""
    generated: str = field(default_factory=lambda: datetime.now(UTC).isoformat(
        timespec="seconds"))

    @property
    def ranked(self) -> tuple[TeamRow, ...]:
        return tuple(r for r in self.rows if r.status == "ranked")

    def room(self) -> list[tuple[str, float, tuple[str, ...]]]:
        """Per dimension: (name, the ranked teams' mean share of its points, the best
        teams: all of them when tied), weakest first — where the room lost points, to
        start the debrief."""
        teams = self.ranked
        out = []
        for name, top in self.dimensions:
            if not teams or top <= 0:
                continue
            scores = [r.points.get(name, 0) for r in teams]
            best = tuple(r.team for r, x in zip(teams, scores, strict=True)
                         if x == max(scores))
            out.append((name, sum(scores) / len(teams) / top, best))
        return sorted(out, key=lambda item: item[1])

    def best_label(self, best: tuple[str, ...]) -> str:
        """The best teams of a dimension in words: ties are ties ('Alpha and Beta
        (tied)'), and `ALL_TIED` when every ranked team scored the same."""
        if len(best) > 1 and len(best) == len(self.ranked):
            return ALL_TIED
        return listed(list(best)) + (" (tied)" if len(best) > 1 else "")

    def to_dict(self) -> dict[str, Any]:
        """The summary as JSON-ready data."""
        data = asdict(self)
        data["dimensions"] = dict(self.dimensions)
        data["room"] = [{"dimension": n, "mean_share": round(s, 4),
                         "best_team": self.best_label(b)} for n, s, b in self.room()]
        data["decisions"] = [{"team": t.team, "weeks": {str(w): list(d) for w, d in t.weeks}}
                             for t in self.decisions]
        data["branches"] = [{**asdict(b), "worth": b.worth, "question": b.question()}
                            for b in self.branches]
        return data


# ---------------------------------------------------------------- building


def summarise_workshop(code: str, db: str | Path | None = None, *, luck: bool = True,
                       jobs: int = 1,
                       progress: Callable[[str, int, int], None] | None = None
                       ) -> WorkshopSummary:
    """Verify and rank a workshop's games (the leaderboard) and gather the summary."""
    from pmsim.results.leaderboard import build_leaderboard
    from pmsim.results.store import default_db_path

    path = Path(db).expanduser() if db else default_db_path()
    if not path.exists():
        raise UserError(f"there is no results store at {path}: no workshop has been created "
                        "or recorded there. Check the --db path, or the machine the "
                        "workshop was run on.")
    board = build_leaderboard(path, workshop=code, luck=luck, jobs=jobs, progress=progress)
    return summary_from_leaderboard(board)


def summary_from_leaderboard(board: Leaderboard) -> WorkshopSummary:
    """The summary of a built leaderboard; each counted game's log is replayed for its
    finish week and cost."""
    from pmsim.results.workshop_codes import format_code
    from pmsim.scenario import load_scenario

    workshop = board.workshop
    if workshop is None:
        raise UserError("a workshop summary needs a workshop code.")
    scenario = load_scenario(workshop.scenario_ref)
    rows = [_row(board, e, _replayed(e)) for e in (*board.ranked, *board.repeats)]
    rows += [_row(board, e, None) for e in board.flagged]
    luck = board.luck[0] if len(board.luck) == 1 else None
    decisions, branches = decisions_and_branches(board.ranked)
    return WorkshopSummary(
        code=format_code(workshop.code), name=workshop.name, scenario_id=workshop.scenario_id,
        scenario_title=scenario.meta.title, seed=workshop.seed,
        currency=scenario.budget.currency, deadline_week=scenario.calendar.deadline_week,
        dimensions=tuple(board.dimensions), rows=tuple(rows),
        baseline_score=luck.baseline_score if luck else None,
        luck_sentence=luck.luck_sentence() if luck else "",
        same_decisions=tuple(group.note() for group in board.copies),
        decisions=decisions, branches=branches)


def decisions_and_branches(ranked: Sequence[Entry]
                           ) -> tuple[tuple[TeamWeeks, ...], tuple[BranchPoint, ...]]:
    """The ranked teams' decisions side by side and their branch points from the best
    team (`pmsim.report.branches`); nothing if a log will not replay now."""
    try:  # the stored logs, checked as files are (`parse_lines`), without writing them
        logs = {entry.game.team or f"(not named #{entry.game.id})":
                parse_lines(entry.game.log_text.splitlines(), Path(f"game #{entry.game.id}"))
                for entry in ranked}
    except UserError:
        return (), ()
    if not logs:
        return (), ()
    try:
        return branch_points(logs, next(iter(logs)))
    except UserError:
        return (), ()


def _replayed(entry: Entry) -> Report | None:
    """The game's report from its stored log (None if it will not replay now)."""
    with tempfile.TemporaryDirectory(prefix="pmsim-report-") as folder:
        path = Path(folder) / "game.jsonl"
        path.write_text(entry.game.log_text, encoding="utf-8")
        try:
            return report_from_log(path)
        except UserError:
            return None


def _row(board: Leaderboard, entry: Entry, report: Report | None) -> TeamRow:
    game = entry.game
    flagged = entry.status == "flagged"
    note = entry.reason if flagged else (
        "a later game of the same team: listed, not ranked" if entry.status == "repeat"
        else "")
    group = board.same_decisions(game.id)
    if group is not None:
        same = ("the same decisions in the same order as game "
                + ", ".join(f"#{i}" for i in group.others(game.id))
                + " — one log may be a copy")
        note = f"{note}; {same}" if note else same
    return TeamRow(
        rank=entry.rank, team=game.team or "(not named)", status=entry.status,
        score=None if flagged else game.score, outcome="" if flagged else game.outcome,
        points={} if flagged else {d.name: d.points for d in game.dimensions},
        finish_week=report.finish_week if report else None,
        finished=report.end_reason == "complete" if report else None,
        on_time=report.on_time if report else None,
        cost=report.cost if report else None, on_budget=report.on_budget if report else None,
        margin=None if flagged else entry.margin,
        kinder_than=entry.luck.kinder_than if entry.luck and not flagged else None,
        played=game.played, note=note, game_id=game.id, same_decisions=group is not None)


# ---------------------------------------------------------------- rendering


def _signed(value: int | None) -> str:
    return "–" if value is None else signed(value, zero="0")


def _cells(summary: WorkshopSummary, row: TeamRow) -> list[str]:
    """A row of the side-by-side table, as text."""
    dims = [str(row.points[n]) if n in row.points else "–" for n, _ in summary.dimensions]
    outcome = (f"{OUTCOME_MARKS.get(row.outcome, '')} {row.outcome}".strip()
               if row.outcome else STATUS_WORDS.get(row.status, row.status))
    finish = ("–" if row.finish_week is None else
              f"unfinished (wk {row.finish_week})" if row.finished is False else
              f"wk {row.finish_week}" + ("" if row.on_time else " (late)"))
    cost = "–" if row.cost is None else money(row.cost)
    team = f"{row.team} {MARK}" if row.same_decisions else row.team
    return [str(row.rank) if row.rank is not None else "–", team,
            "–" if row.score is None else str(row.score), *dims, outcome, finish, cost,
            _signed(row.margin)]


def _headings(summary: WorkshopSummary) -> list[str]:
    return ["Rank", "Team", "Score", *(f"{n.capitalize()} /{top}"
                                       for n, top in summary.dimensions),
            "Outcome", "Finish", f"Cost ({summary.currency})", "vs baseline"]


def _intro(summary: WorkshopSummary) -> list[str]:
    """Plain sentences: what was played, how teams are compared."""
    ranked = summary.ranked
    lines = [f"Scenario {summary.scenario_title} ({summary.scenario_id}), seed {summary.seed}"
             f", deadline week {summary.deadline_week}: every team faced the same luck. "
             f"{count(len(ranked), 'team')} ranked, each verified by replaying its game log."]
    if summary.baseline_score is not None:
        lines.append(f"Baseline on the same luck: the cautious bot scored "
                     f"{summary.baseline_score}; 'vs baseline' is what each team's decisions "
                     f"were worth over it. {summary.luck_sentence}")
    flagged = [r for r in summary.rows if r.status == "flagged"]
    if flagged:
        lines.append(f"{count(len(flagged), 'game')} flagged and left out of the ranking: "
                     f"{'their logs do' if len(flagged) > 1 else 'its log does'} not replay "
                     "to the recorded results (see the notes).")
    if summary.same_decisions:
        lines.append(f"{MARK} marks games that made the same decisions in the same order as "
                     "another: one log may be a copy handed in under another team name. "
                     + " ".join(summary.same_decisions))
    return lines


def _start_with(summary: WorkshopSummary, room: list[tuple[str, float, tuple[str, ...]]]
                ) -> str:
    name, share, best = room[0]
    start = (f"Start the debrief with the {name} dimension: the room kept only {share:.0%} "
             "of its points on average; ")
    if summary.best_label(best) == ALL_TIED:
        return start + "every team scored the same there, so ask what they all did alike."
    return start + f"ask {listed(list(best))}, who did best there, what they did."


def render_workshop_markdown(summary: WorkshopSummary) -> str:
    """The summary as Markdown."""
    name = f" — {cell(summary.name)}" if summary.name else ""
    out = [f"# Workshop {summary.code}{name}: facilitator's summary", ""]
    out += [*(cell(line) for line in _intro(summary)), ""]
    if not summary.rows:
        out += ["No games have been recorded for this workshop yet.", ""]
        return "\n".join(out)
    heads = _headings(summary)
    numeric = [0, 2, *range(3, 3 + len(summary.dimensions)), len(heads) - 2, len(heads) - 1]
    out += ["## Teams side by side", ""]
    out += [*table(heads, (_cells(summary, r) for r in summary.rows), right=numeric), ""]
    notes = [r for r in summary.rows if r.note]
    if notes:
        out += ["Notes:", ""]
        out += [f"- {cell(r.team)}: {cell(r.note)}" for r in notes] + [""]
    room = summary.room()
    if room:
        out += ["## Where the room lost points", ""]
        out += [*table(("Dimension", "Room average", "Best team"),
                       ((n.capitalize(), f"{s:.0%} of the points", summary.best_label(b))
                        for n, s, b in room),
                       right=(1,)), ""]
        out += [cell(_start_with(summary, room)), ""]
    out += markdown_sections(summary.decisions, summary.branches)
    out += [f"_Generated {summary.generated} by pmsim report --workshop._", ""]
    return "\n".join(out)


def render_workshop_html(summary: WorkshopSummary) -> str:
    """The summary as one self-contained HTML page, with a bar chart of the scores."""
    from pmsim.report.html import CSS
    from pmsim.report.svg import bar_chart

    name = f" — {summary.name}" if summary.name else ""
    title = f"Workshop {summary.code}{name}: facilitator's summary"
    parts = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             f"<title>{escape(title)}</title>", f"<style>{CSS}</style>", "</head>", "<body>",
             f"<h1>{escape(title)}</h1>"]
    parts += [f"<p>{escape(line)}</p>" for line in _intro(summary)]
    if not summary.rows:
        parts += ["<p>No games have been recorded for this workshop yet.</p>"]
    else:
        heads = _headings(summary)
        numeric = {0, 2, *range(3, 3 + len(summary.dimensions)), len(heads) - 2,
                   len(heads) - 1}
        head = "".join(f'<th scope="col"{" class=num" if i in numeric else ""}>'
                       f"{escape(h)}</th>" for i, h in enumerate(heads))
        body = "".join(
            "<tr>" + "".join(f'<td{" class=num" if i in numeric else ""}>{escape(c)}</td>'
                             for i, c in enumerate(_cells(summary, r))) + "</tr>"
            for r in summary.rows)
        parts += ["<h2>Teams side by side</h2>",
                  f'<div class="wide"><table class="figures"><thead><tr>{head}</tr></thead>'
                  f"<tbody>{body}</tbody></table></div>"]
        notes = [r for r in summary.rows if r.note]
        if notes:
            parts += ["<ul>", *(f"<li><strong>{escape(r.team)}</strong>: {escape(r.note)}"
                                "</li>" for r in notes), "</ul>"]
        ranked = summary.ranked
        if ranked:
            parts.append(bar_chart("Scores of the ranked teams",
                                   [(r.team, float(r.score or 0)) for r in ranked],
                                   reference=summary.baseline_score,
                                   reference_label="cautious bot (baseline)"))
        room = summary.room()
        if room:
            rows = "".join(f"<tr><td>{escape(n.capitalize())}</td><td class=num>{s:.0%}"
                           f"</td><td>{escape(summary.best_label(b))}</td></tr>"
                           for n, s, b in room)
            parts += ["<h2>Where the room lost points</h2>",
                      "<table><thead><tr><th>Dimension</th><th class=num>Room average</th>"
                      f"<th>Best team</th></tr></thead><tbody>{rows}</tbody></table>",
                      f"<p>{escape(_start_with(summary, room))}</p>"]
        parts += html_sections(summary.decisions, summary.branches)
    parts += [f"<footer>Generated {escape(summary.generated)} by pmsim report --workshop."
              "</footer>", "</body>", "</html>", ""]
    return "\n".join(parts)


CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A text cell starting with one of these is read as a formula by spreadsheets."""


def _text(value: str) -> str:
    """A typed name made safe to open in a spreadsheet (no formula injection)."""
    return "'" + value if value.startswith(CSV_FORMULA_START) else value


def render_csv(summary: WorkshopSummary) -> str:
    """The side-by-side rows as CSV (one header line; empty cells where not known)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    names = [n for n, _ in summary.dimensions]
    writer.writerow(["workshop", "rank", "team", "status", "score", "outcome",
                     *(f"{n}_points" for n in names), "finish_week", "finished", "on_time",
                     "cost", "currency", "margin_vs_baseline",
                     "luck_kinder_than_pct", "played", "note"])

    def blank(value: object) -> object:
        return "" if value is None else value

    for r in summary.rows:
        writer.writerow([
            summary.code, blank(r.rank), _text(r.team), r.status, blank(r.score),
            _text(r.outcome),
            *(blank(r.points.get(n)) for n in names), blank(r.finish_week),
            "" if r.finished is None else str(r.finished).lower(),
            "" if r.on_time is None else str(r.on_time).lower(),
            "" if r.cost is None else f"{r.cost:.2f}", _text(summary.currency), blank(r.margin),
            "" if r.kinder_than is None else f"{r.kinder_than:.1f}", _text(r.played),
            _text(r.note)])
    return buffer.getvalue()
