"""The debrief report as plain data, built from a finished (replayed) game.

`build_report(sim, ...)` gathers what a trainer hands out after a game: who played
what, the score by dimension with its sentence, the figures of every week, and the
timeline of decisions and events with their causes. The renderers (`markdown`,
`html`) and `pmsim report --format json` all read this one structure, so the three
formats always say the same thing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmsim.engine.parts.plan_in_force import BaselineEntry, Commitment
from pmsim.engine.turn import week_hours
from pmsim.errors import UserError
from pmsim.scoring import advice, outcome_rule
from pmsim.wording import count, team_label

if TYPE_CHECKING:
    from pmsim.engine.simulation import Simulation
    from pmsim.engine.turn import FeedEvent
    from pmsim.gamelog import LoadedLog

REPORT_VERSION = 1
"""Version of the JSON shape of a report (`report_version`)."""

KIND_LABELS = {
    "decision": "Decision", "risk": "Risk", "opportunity": "Opportunity",
    "change": "Change request", "team": "Team", "stakeholder": "Stakeholder",
    "board": "Project board", "scope": "Scope", "milestone": "Milestone",
    "hint": "Briefing", "info": "Event",
}
"""Feed event kinds in the trainer's words, for the timeline."""


@dataclass(frozen=True)
class DimensionRow:
    """One of the six score dimensions."""

    name: str
    points: int
    max_points: int
    sentence: str
    """The scoring sentence in full, ending in ': points / max'."""
    why: str
    """The sentence without its trailing points, for tables that show them apart."""


@dataclass(frozen=True)
class WeekRow:
    """The key figures at the end of one week (the last row may end mid-week)."""

    week: float
    pv: float
    ev: float
    ac: float
    cpi: float
    spi: float
    spi_t: float
    eac: float
    """Estimate at completion if the cost efficiency so far continues: BAC / CPI."""
    forecast_week: int
    """P50 forecast finish week (the engine's `WeekRecord`: the hard stop week + 1
    stands for any week after it)."""
    morale: float
    """Team morale, 0 to 1."""
    satisfaction: float
    """Power-weighted stakeholder satisfaction, 0 to 100."""
    overtime: float
    """Hours factor: 1.0 is a normal week, 1.5 half as long again."""
    hours: float = 40.0
    """The team's hours that week (a normal 5-day week is 40, a 4-day one 32)."""


@dataclass(frozen=True)
class TimelineEntry:
    """A decision or event; identical ones in consecutive weeks are folded into one."""

    week: int
    last_week: int
    """Equal to `week` unless the same entry repeated up to this week."""
    kind: str
    what: str
    why: str
    times: int = 1
    """How many identical events this entry stands for."""

    @property
    def weeks_label(self) -> str:
        """'7', or '2–22' for a folded entry."""
        return str(self.week) if self.last_week == self.week else \
            f"{self.week}–{self.last_week}"

    @property
    def kind_label(self) -> str:
        """The kind in the trainer's words."""
        return KIND_LABELS.get(self.kind, self.kind.capitalize())


@dataclass(frozen=True)
class Report:
    """Everything in a debrief document."""

    title: str
    scenario_id: str
    scenario_title: str
    difficulty: str
    learning_objectives: tuple[str, ...]
    team: str
    seed: int
    played: str
    """When the game was started (from the log header), ISO 8601; '' if unknown."""
    log_path: str
    currency: str
    score: int
    max_score: int
    outcome: str
    """successful, challenged or failed."""
    summary: str
    advice: str
    """'Most points lost: … Next time: …' (`pmsim.scoring.advice`), or ''."""
    outcome_rule: str
    """How the outcome class is decided, with this scenario's thresholds
    (`pmsim.scoring.outcome_rule`)."""
    end_reason: str
    finish_week: int
    deadline_week: float
    """The deadline the schedule was judged against (the original one plus the forgiven
    share of the moves the finish used)."""
    original_deadline_week: int
    hard_stop_week: int
    """The week the game stops whatever happens; forecasts beyond it mean unfinished."""
    on_time: bool
    on_budget: bool
    cost: float
    budget: float
    dimensions: tuple[DimensionRow, ...]
    weeks: tuple[WeekRow, ...]
    timeline: tuple[TimelineEntry, ...]
    actions: int
    """Number of decisions applied and requests answered (not counting 'end week')."""
    decision_count: int
    """Feed events of kind 'decision' (before folding repeats)."""
    risks_fired: int
    questions: tuple[str, ...] = ()
    """Prompts for the debrief, drawn from what happened in this game."""
    luck: dict[str, Any] | None = field(default=None)
    """Luck-adjusted result, when one was computed (baseline bot on the same seed)."""
    baselines: tuple[BaselineEntry, ...] = ()
    """The baseline log: each change to the performance measurement baseline and why
    (the first line is the original plan)."""
    commitment: Commitment | None = None
    """The original commitment (BAC, planned duration, deadline), kept whatever the
    baseline became."""
    beside_bot: tuple[tuple[int, tuple[str, ...], tuple[str, ...]], ...] = ()
    """(week, the player's key decisions, the cautious bot's on the same luck), when
    measured (`pmsim.report.takeover`)."""

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (`pmsim report --format json`)."""
        data = asdict(self)
        data["learning_objectives"] = list(self.learning_objectives)
        data["timeline"] = [
            {**asdict(e), "weeks": e.weeks_label, "kind_label": e.kind_label}
            for e in self.timeline
        ]
        data["baselines"] = [e.to_dict() for e in self.baselines]
        data["commitment"] = self.commitment.to_dict() if self.commitment else None
        return {"report_version": REPORT_VERSION, **data}


def strip_points(sentence: str) -> str:
    """'Finished … (on time): 200 / 200' → 'Finished … (on time)'."""
    head, sep, tail = sentence.rpartition(": ")
    if sep and "/" in tail and tail.replace("/", "").replace(" ", "").isdigit():
        return head
    return sentence


def fold_timeline(events: list[FeedEvent]) -> tuple[TimelineEntry, ...]:
    """The feed as timeline entries, an event repeated unchanged in consecutive weeks
    (the same working hours set each week, say) folded into one entry."""
    entries: list[TimelineEntry] = []
    open_by_key: dict[tuple[str, str, str], int] = {}
    for event in events:
        key = (event.kind, event.text, event.cause)
        index = open_by_key.get(key)
        if index is not None and entries[index].last_week >= event.week - 1:
            old = entries[index]
            entries[index] = TimelineEntry(old.week, max(old.last_week, event.week), old.kind,
                                           old.what, old.why, old.times + 1)
            continue
        open_by_key[key] = len(entries)
        entries.append(TimelineEntry(event.week, event.week, event.kind, event.text,
                                     event.cause))
    return tuple(entries)


def build_report(sim: Simulation, *, team: str = "", played: str = "",
                 log_path: str | Path = "", luck: dict[str, Any] | None = None) -> Report:
    """The report of a finished game; an unfinished one is a `UserError`."""
    if not sim.finished:
        raise UserError(f"the game is unfinished (it reached week {sim.week}), so it has no "
                        "score to report yet; play it to the end first, e.g. with "
                        "`pmsim play --resume LOG`.")
    outcome = sim.outcome()
    meta = sim.scenario.meta
    hard_stop = sim.scenario.calendar.hard_stop_week
    rows = tuple(
        WeekRow(week=rec.week, pv=rec.pv, ev=rec.ev, ac=rec.ac, cpi=m.cpi, spi=m.spi,
                spi_t=m.spi_t, eac=m.eac_cpi, forecast_week=rec.forecast_week,
                morale=rec.morale, satisfaction=rec.satisfaction, overtime=rec.overtime,
                hours=week_hours(rec.overtime, sim.scenario.calendar.days_per_week))
        for rec, m in zip(sim.weekly_log, sim.history, strict=False)
    )
    dims = tuple(DimensionRow(d.name, d.points, d.max_points, d.sentence,
                              strip_points(d.sentence)) for d in outcome.dimensions)
    feed = list(sim.feed)
    who = f" — {team_label(team)}" if team else ""
    return Report(
        title=f"Debrief: {meta.title}{who}",
        scenario_id=meta.id, scenario_title=meta.title, difficulty=meta.difficulty,
        learning_objectives=tuple(meta.learning_objectives), team=team, seed=sim.seed,
        played=played, log_path=str(log_path), currency=sim.scenario.budget.currency,
        score=outcome.score, max_score=sum(d.max_points for d in outcome.dimensions),
        outcome=outcome.outcome, summary=outcome.summary, advice=advice(outcome),
        outcome_rule=outcome_rule(sim.scenario.scoring.curves),
        end_reason=outcome.end_reason,
        finish_week=outcome.finish_week, deadline_week=outcome.deadline_week,
        original_deadline_week=sim.scenario.calendar.deadline_week, hard_stop_week=hard_stop,
        on_time=outcome.on_time, on_budget=outcome.on_budget, cost=outcome.cost,
        budget=outcome.budget, dimensions=dims, weeks=rows, timeline=fold_timeline(feed),
        actions=sum(1 for a in sim.actions if a.get("action") != "advance"),
        decision_count=sum(1 for e in feed if e.kind == "decision"),
        risks_fired=sum(len(r.fired_weeks) for r in sim.risks.values()),
        questions=debrief_questions(dims, rows, sim),
        luck=luck, baselines=tuple(sim.plan.log), commitment=sim.plan.original,
    )


def forecast_words(week: int, hard_stop: int) -> str:
    """'week 12', or 'after the hard stop in week 14' for a forecast beyond it."""
    return f"week {week}" if week <= hard_stop else f"after the hard stop in week {hard_stop}"


def debrief_questions(dims: tuple[DimensionRow, ...], rows: tuple[WeekRow, ...],
                      sim: Simulation) -> tuple[str, ...]:
    """A few questions for the room, pointing at the turning points of this game."""
    questions: list[str] = []
    deadline = sim.scenario.calendar.deadline_week
    late = next((r for r in rows if r.forecast_week > deadline), None)
    if late is not None:
        questions.append(
            f"From week {late.week:.0f} the forecast finish "
            f"({forecast_words(late.forecast_week, sim.scenario.calendar.hard_stop_week)}) was "
            f"past the original deadline of week {deadline}. What did you decide that week, "
            "and what else could you have done?")
    # the first weeks' CPI is noise (up-front purchases), so look from week 3 on
    over = next((r for r in rows if r.week >= 3 and r.cpi < 0.9), None)
    if over is not None:
        questions.append(
            f"The CPI fell below 0.9 in week {over.week:.0f} ({over.cpi:.2f}): each unit "
            "of money spent was earning less than 0.9 of its planned work. What was "
            "driving it, and when did you see it?")
    fired = sum(len(r.fired_weeks) for r in sim.risks.values())
    if fired:
        questions.append(
            f"{count(fired, 'risk event')} fired. Which of them had a response on the register "
            "before it fired, and which caught you unprepared?")
    if rows and min(r.morale for r in rows) < 0.5:
        worst = min(rows, key=lambda r: r.morale)
        questions.append(
            f"Team morale dropped to {worst.morale:.0%} in week {worst.week:.0f}. What had "
            "the team been through, and what would have helped?")
    weakest = min(dims, key=lambda d: d.points / d.max_points if d.max_points else 1.0,
                  default=None)
    if weakest is not None and weakest.points < weakest.max_points:
        questions.append(
            f"Your weakest dimension was {weakest.name} ({weakest.points} / "
            f"{weakest.max_points}; {weakest.why}). What "
            "would you change to improve it, and what would that cost elsewhere?")
    return tuple(questions)


def report_from_log(log: str | Path | LoadedLog, scenario_ref: str | None = None) -> Report:
    """Read a game log, replay it, and build its report (problems are `UserError`s)."""
    from pmsim.gamelog import read_log, replay
    from pmsim.scenario import load_scenario

    loaded = log if not isinstance(log, (str, Path)) else read_log(log)
    scenario = load_scenario(scenario_ref) if scenario_ref else None
    sim = replay(loaded, scenario)
    return build_report(sim, team=loaded.team, played=loaded.created,
                        log_path=loaded.path or "")
