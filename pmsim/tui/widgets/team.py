"""The team: who is on the project, their skills, tasks, fatigue and ramp-up."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text

from pmsim.engine.view import PersonView, PlayerView
from pmsim.tui.format import bar, c, level, percent
from pmsim.tui.widgets.table import Cell, ViewTable, flex


def person_state(view: PlayerView, person: PersonView) -> Text:
    """Arriving, in training, new and ramping up, leaving, idle (no active task, paid
    all the same), or at work at full speed."""
    if person.arrival_week > view.week:
        return Text(f"→ from w{person.arrival_week}", style=c("muted"))
    if person.status == "leaving":
        return Text("← leaving", style=c("warn"))
    if person.in_training:
        return Text("◎ training", style=c("accent"))
    if person.experience < 0.95:
        return Text(f"◔ ramp {percent(person.experience)}", style=c("warn"))
    if not any(view.task(t).status == "active" for t in person.assignments):
        return Text("idle, paid", style=c("warn"))  # waiting for work, on the payroll
    return Text("✓ ready", style=c("good"))


def skills_text(person: PersonView) -> str:
    """'analysis 1.2, test 0.6', strongest first."""
    ordered = sorted(person.skills.items(), key=lambda kv: -kv[1])
    return ", ".join(f"{name} {value:.1f}" for name, value in ordered)


def team_summary(view: PlayerView) -> Text:
    """One line about the team as a whole."""
    active = sum(1 for p in view.people if p.status == "active"
                 and p.arrival_week <= view.week)
    line = level(view.morale, 0.45, 0.6, f"Team morale {percent(view.morale)}")
    line.append(f" · fatigue {percent(view.fatigue)} · {view.week_hours:.0f}-hour weeks"
                f" · {active} at work · costs {view.money.burn_per_day:,.0f}/day")
    return line


class TeamView(ViewTable):
    """One row a person: state, fatigue, skills and current tasks."""

    def column_spec(self, width: int) -> Sequence[tuple[str, int | None]]:
        wide = width >= 110
        return flex([("Person", 34 if wide else 12), ("State", 10), ("Fatigue", 8),
                     ("Skills", 36 if wide else 20), ("Tasks", None)], width)

    def row_cells(self, view: PlayerView, width: int) -> Iterable[tuple[str, Sequence[Cell]]]:
        cols = self.column_spec(width)
        name_w, skills_w, tasks_w = cols[0][1] or 13, cols[3][1] or 18, cols[4][1] or 12
        tasks = {t.id: t.name for t in view.tasks}
        for p in view.people:
            name = Text(p.name if name_w > 16 else _short(p.name))
            if p.availability < 1.0:  # part-time: the share before the name is cut
                name = Text(f"{percent(p.availability)} ", style=c("muted")).append_text(name)
            if p.role and name_w > 16:
                name.append(f" ({p.role})", style=c("muted"))
            name.truncate(name_w, overflow="ellipsis")
            fatigue = bar(p.fatigue, 3, "warn" if p.fatigue > 0.3 else "accent")
            fatigue.append(f" {p.fatigue * 100:2.0f}%")
            skills = Text(skills_text(p))
            skills.truncate(skills_w, overflow="ellipsis")
            work = Text("; ".join(tasks.get(t, t) for t in p.assignments) or "— idle",
                        style="" if p.assignments else c("warn"))
            work.truncate(tasks_w, overflow="ellipsis")
            cells: list[Cell] = [name, person_state(view, p), fatigue, skills, work]
            yield p.id, cells

    def detail(self, view: PlayerView, key: str) -> Text:
        p = view.person(key)
        tasks = {t.id: t.name for t in view.tasks}
        text = Text(f"{p.name}" + (f", {p.role}" if p.role else "") + ": ", style="bold")
        share = (f" full time; part-time: {percent(p.availability)} of a normal week on the "
                 "project, so that share of the output and of the cost"
                 if p.availability < 1.0 else "")
        text.append(f"{skills_text(p)}; {p.daily_rate:,.0f} {view.money.currency}/day{share}; "
                    f"experience {percent(p.experience)}, fatigue {percent(p.fatigue)}. ")
        work = ", ".join(tasks.get(t, t) for t in p.assignments)
        text.append(f"On: {work}. " if work else "On no task. ")
        text.append("s assign, u unassign, i train, l release.", style=c("accent"))
        return text


def _short(name: str) -> str:
    """'Mia Jensen' → 'Mia J.'."""
    parts = name.split()
    return f"{parts[0]} {parts[-1][0]}." if len(parts) > 1 else name
