"""The work view: tasks as Gantt-like rows with progress, critical path, status, people."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from itertools import groupby

from rich.text import Text

from pmsim.engine.view import PlayerView, TaskView
from pmsim.tui.format import bar, c, names, status
from pmsim.tui.widgets.table import Cell, ViewTable, flex

CRITICAL = 0.5
"""A task on the critical path in at least this share of forecasts is marked critical."""

LEGEND = "◆ critical  █ done  ▓ likely to go  ░ planned  │ deadline  ▼ this week"
"""The bar of a task in progress runs to the week the forecast likely has it finish."""


def planned_start_week(view: PlayerView, task: TaskView) -> int:
    """When the plan has the task start: as its latest predecessor finishes."""
    finishes = [view.task(p).planned_finish_week or 1 for p in task.predecessors]
    return max(finishes, default=1)


def timeline_span(view: PlayerView) -> int:
    """Weeks the timeline shows: the deadline, the plan and the forecast, plus a little."""
    ends = [view.deadline_week + 1, view.week + 1, view.forecast.p80_week]
    ends += [t.planned_finish_week or 0 for t in view.tasks]
    ends += [t.finish_week or 0 for t in view.tasks]
    ends += [t.likely_finish_week or 0 for t in view.tasks if t.status == "active"]
    return max(1, min(max(ends), view.hard_stop_week))


def timeline(view: PlayerView, task: TaskView, width: int, span: int) -> Text:
    """One task's bar over weeks 1…span in `width` cells."""
    start = task.start_week or planned_start_week(view, task)
    if task.status == "done":
        solid, shaded, end = task.finish_week or view.week, 0, task.finish_week or view.week
    elif task.status == "active":
        solid = view.week
        shaded = max(view.week, task.likely_finish_week or task.planned_finish_week
                     or view.week)
        end = shaded
    else:
        solid, shaded = 0, 0
        end = task.planned_finish_week or start
        if end < view.week and task.status == "waiting":
            shift = view.week - start
            start, end = start + shift, end + shift
    cells: list[tuple[str, str]] = []
    for i in range(width):
        lo = 1 + i * span / width
        hi = 1 + (i + 1) * span / width
        week = math.floor(lo)
        now = lo <= view.week < hi
        deadline = lo <= view.deadline_week + 0.999 < hi
        if task.status in ("cut", "deferred", "proposed"):
            char, role = ("│", "warn") if deadline else (" ", "muted")
        elif start <= week <= solid and task.status in ("done", "active") and week <= end:
            char, role = "█", ("good" if task.status == "done" else "accent")
        elif task.status == "active" and solid < week <= shaded:
            char, role = "▓", "accent"
        elif task.status == "waiting" and start <= week <= end:
            char, role = "░", "text"
        elif deadline:
            char, role = "│", "warn"
        elif now:
            char, role = "▼", "muted"
        else:
            char, role = " ", "muted"
        cells.append((char, role))
    text = Text()
    for (char, role), run in groupby(cells):  # one span per run of the same cell
        text.append(char * len(list(run)), style=c(role))
    return text


class WorkView(ViewTable):
    """Every task with its progress, status, assignees and place on the timeline."""

    def column_spec(self, width: int) -> Sequence[tuple[str, int | None]]:
        wide = width >= 110
        return flex([("Task", 34 if wide else 18), ("Status", 10), ("Progress", 9),
                     ("Who", 24 if wide else 11), ("Timeline (weeks)", None)], width)

    def row_cells(self, view: PlayerView, width: int) -> Iterable[tuple[str, Sequence[Cell]]]:
        cols = self.column_spec(width)
        name_w, who_w, line_w = cols[0][1] or 18, cols[3][1] or 11, cols[4][1] or 10
        people = {p.id: p.name for p in view.people}
        span = timeline_span(view)
        for task in view.tasks:
            critical = task.criticality >= CRITICAL and task.status in ("waiting", "active")
            label = Text("◆ " if critical else "  ", style=c("bad") if critical else "")
            label.append(task.name)
            label.truncate(name_w, overflow="ellipsis")
            progress = bar(task.progress, 4, "good" if task.status == "done" else "accent")
            progress.append(f" {task.progress * 100:3.0f}%")
            held = task.held_until_day > view.day
            state = Text("‖ held", style=c("warn")) if held else status(task.status)
            who = Text(names(people, task.assignees))
            if task.status in ("waiting", "active") and not task.assignees:
                who = Text("nobody!", style=c("bad"))
            who.truncate(who_w, overflow="ellipsis")
            cells: list[Cell] = [label, state, progress, who,
                                 timeline(view, task, line_w, span)]
            yield task.id, cells

    def detail(self, view: PlayerView, key: str) -> Text:
        return task_detail(view, view.task(key))


def task_detail(view: PlayerView, task: TaskView) -> Text:
    """Estimate, work done, rate, predecessors, people and options of one task."""
    people = {p.id: p.name for p in view.people}
    text = Text(f"{task.name}: ", style="bold")
    text.append(f"{task.status}, {task.progress * 100:.0f}% done of about "
                f"{task.estimate:.0f} person-days ({task.optimistic:.0f}–"
                f"{task.pessimistic:.0f}), needs {task.skill}; "
                f"critical in {task.criticality * 100:.0f}% of forecasts")
    if task.status in ("active", "waiting") and task.likely_finish_week:
        text.append(f", likely done in week {task.likely_finish_week}")
    text.append(". ")
    if task.status == "active" and task.rate > 0:
        text.append(f"Rate {task.rate:.2f} person-days a day. ")

    if task.predecessors:
        text.append("After: " + ", ".join(view.task(p).name for p in task.predecessors)
                    + ". ")
    staff = ", ".join(people.get(a, a) for a in task.assignees) or "nobody"
    text.append(f"Staff {len(task.assignees)}/{task.max_staff}: {staff}. ")
    if task.held_until_day > view.day:
        text.append(f"Held up until day {task.held_until_day:.0f}. ", style=c("warn"))
    if task.rework_found > 0.05:
        text.append(f"Rework found so far: {task.rework_found:.1f} person-days. ")
    if task.can_crash_days > 0:
        text.append(f"c crashes up to {task.can_crash_days:g} days at "
                    f"{task.crash_cost_per_day or 0:,.0f}/day. ", style=c("accent"))
    if task.fast_tracked:
        text.append("Fast-tracked. ")
    return text
