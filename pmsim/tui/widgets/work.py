"""The work view: tasks as Gantt-like rows with progress, critical path, status, people."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from itertools import groupby

from rich.text import Text

from pmsim.engine.view import PlayerView, TaskView
from pmsim.tui.format import bar, c, distinct_cuts, money, names, status
from pmsim.tui.widgets.table import Cell, ViewTable, flex
from pmsim.wording import count

CRITICAL = 0.5
"""A task on the critical path in at least this share of forecasts is marked critical."""

LATER = "»"
"""The last cell of a bar that goes on past the timeline's last week (the hard stop)."""
HELD = "‖ held"
"""The state shown for a task held up until a later day."""
LEGEND = "◆ critical  █ done  ▓ to go  ░ planned  │ deadline  ┊ this week  » later"
TIMELINE = "Timeline (weeks)"
"""The timeline column's heading ("Weeks" where it is narrower)."""
LEGEND_NARROW = "◆ critical █ done ▓ to go ░ planned │ deadline ┊ now"
"""The legend under `NARROW` columns (the help says what » means)."""
"""A task's bar runs from its start to the week it finished or likely finishes; █ fills
the share of its work done (in the weeks gone by), ▓ the rest, ░ a task not begun."""


def planned_start_week(view: PlayerView, task: TaskView) -> int:
    """When the plan has the task start: as its latest predecessor finishes."""
    finishes = [view.task(p).planned_finish_week or 1 for p in task.predecessors]
    return max(finishes, default=1)


def likely_start_week(view: PlayerView, task: TaskView) -> int:
    """When a waiting task likely starts, as the forecast schedules it: this week, or
    once its predecessors are done and its people have finished the open tasks the plan
    has them do first (one person does one thing at a time)."""
    order = {t.id: (t.planned_start_week or math.inf, i) for i, t in enumerate(view.tasks)}
    finishes = [view.week]
    for other in view.tasks:
        before = other.id in task.predecessors or (
            other.status in ("waiting", "active") and order[other.id] < order[task.id]
            and bool(set(other.assignees) & set(task.assignees)))
        if not before:
            continue
        if other.status == "done":
            finishes.append(other.finish_week or view.week)
        elif other.status in ("waiting", "active"):
            finishes.append(other.likely_finish_week or other.planned_finish_week
                            or view.week)
    return max(finishes)


def timeline_span(view: PlayerView) -> int:
    """Weeks the timeline shows: the deadline, the plan and the forecast, plus a little."""
    ends = [view.deadline_week + 1, view.week + 1, view.forecast.p80_week]
    ends += [t.planned_finish_week or 0 for t in view.tasks]
    ends += [t.finish_week or 0 for t in view.tasks]
    ends += [t.likely_finish_week or 0 for t in view.tasks
             if t.status in ("waiting", "active")]
    return max(1, min(max(ends), view.hard_stop_week))


def bar_weeks(view: PlayerView, task: TaskView) -> tuple[int, int]:
    """The first and last week of a task's bar: when it started (or likely starts) and
    when it finished (or likely finishes, as the detail line says)."""
    if task.status == "done":
        end = task.finish_week or view.week
        return min(task.start_week or end, end), end
    if task.status == "active":
        start = task.start_week or view.week
        return start, max(view.week, task.likely_finish_week or task.planned_finish_week
                          or view.week)
    if task.status == "waiting" and task.likely_finish_week:
        end = task.likely_finish_week
        return min(likely_start_week(view, task), end), end
    start = task.start_week or planned_start_week(view, task)
    end = task.planned_finish_week or start
    if end < view.week and task.status == "waiting":  # the plan has passed it by
        shift = view.week - start
        start, end = start + shift, end + shift
    return start, end


def timeline(view: PlayerView, task: TaskView, width: int, span: int) -> Text:
    """One task's bar over weeks 1…span in `width` cells: █ done, ▓ likely to go (an
    active task's bar filled to its share done), ░ planned (a waiting task), » a bar
    that goes on after the last week shown."""
    start, end = bar_weeks(view, task)
    weeks = [math.floor(1 + i * span / width) for i in range(width)]
    on_bar = [i for i, week in enumerate(weeks) if start <= week <= end]
    if task.status == "done":
        solid = len(on_bar)
    elif task.status == "active":  # the work done, in the weeks gone by; never all of it
        elapsed = sum(1 for i in on_bar if weeks[i] <= view.week)
        solid = min(round(task.progress * len(on_bar)), elapsed, len(on_bar) - 1)
    else:
        solid = 0
    solid_cells = set(on_bar[:solid])
    bar_cells = set(on_bar)
    cells: list[tuple[str, str]] = []
    for i in range(width):
        lo = 1 + i * span / width
        hi = 1 + (i + 1) * span / width
        now = lo <= view.week < hi
        deadline = lo <= view.deadline_week + 0.999 < hi
        if task.status in ("cut", "deferred", "proposed"):
            char, role = ("│", "warn") if deadline else (" ", "muted")
        elif i in solid_cells:
            char, role = "█", ("good" if task.status == "done" else "accent")
        elif task.status == "active" and i in bar_cells:
            char, role = "▓", "accent"
        elif task.status == "waiting" and i in bar_cells:
            char, role = "░", "text"
        elif deadline:
            char, role = "│", "warn"
        elif now:  # a faint line down the rows, not a mark on each
            char, role = "┊", "muted"
        else:
            char, role = " ", "muted"
        cells.append((char, role))
    if end > span and task.status in ("waiting", "active"):  # it goes on past the edge
        cells[-1] = (LATER, "accent" if task.status == "active" else "text")
    text = Text()
    for (char, role), run in groupby(cells):  # one span per run of the same cell
        text.append(char * len(list(run)), style=c(role))
    return text


class WorkView(ViewTable):
    """Every task with its progress, status, assignees and place on the timeline."""

    def column_spec(self, width: int) -> Sequence[tuple[str, int | None]]:
        wide = width >= 110
        cols = flex([("Task", 34 if wide else 18), ("Status", 10), ("Progress", 9),
                     ("Who", 24 if wide else 11), (TIMELINE, None)], width)
        line_w = cols[-1][1] or 0
        return [*cols[:-1], (TIMELINE if line_w >= len(TIMELINE) else "Weeks", line_w)]

    def row_cells(self, view: PlayerView, width: int) -> Iterable[tuple[str, Sequence[Cell]]]:
        cols = self.column_spec(width)
        name_w, who_w, line_w = cols[0][1] or 18, cols[3][1] or 11, cols[4][1] or 10
        people = {p.id: p.name for p in view.people}
        span = timeline_span(view)
        cuts = distinct_cuts([t.name for t in view.tasks], name_w - 2)
        for task, name in zip(view.tasks, cuts, strict=True):
            critical = task.criticality >= CRITICAL and task.status in ("waiting", "active")
            label = Text("◆ " if critical else "  ", style=c("bad") if critical else "")
            label.append(name)
            label.truncate(name_w, overflow="ellipsis")
            progress = bar(task.progress, 4, "good" if task.status == "done" else "accent")
            progress.append(f" {task.progress * 100:3.0f}%")
            held = task.held_until_day > view.day
            state = Text(HELD, style=c("warn")) if held else status(task.status)
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
                f"critical in {task.criticality * 100:.0f}% of forecasts "
                f"({view.forecast.basis})")
    if task.total_float is not None:
        text.append(f", total float {count(round(task.total_float), 'day')}")
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
    if task.can_crash_days > 0 and task.status in ("waiting", "active"):
        text.append(f"c crashes it: up to {count(task.can_crash_days, 'day')} at "
                    f"{money(task.crash_cost_per_day or 0, view.money.currency)} for the next "
                    "day, each further day dearer. ",
                    style=c("accent"))
    if task.fast_tracked:
        text.append("Fast-tracked. ")
    return text
