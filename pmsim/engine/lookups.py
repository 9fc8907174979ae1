"""Look-ups the engine makes on every event, kept so that none scans every task.

A game processes events in proportion to its tasks, so anything that walks all tasks
on each event makes the cost grow with the square of the scenario's size. These
look-ups answer the same questions with the same results, in the same order, from
indexes kept beside the state:

- the tasks of each scope item, and those of changes with no test of their own (fixed
  for the whole game);
- the tasks each person is assigned to, and the headcount: rebuilt on the next
  question after `staffing_changed()`, which every change of an assignment or of a
  person's status calls;
- how many workable tasks each person is spread over: counted once per person and
  moment, again after `tasks_changed()`, which every change of a task's status or
  hold calls (and `staffing_changed()`);
- whether every in-scope task is done: one open task is remembered as the witness
  that the project is not complete, and checked again each time (so no change can
  make it stale); the tasks are scanned only when the witness is finished or leaves
  the scope.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmsim.engine.state import PersonState, TaskState
    from pmsim.scenario.schema import ScopeItem

_PRESENT = ("active", "leaving")
"""Person statuses that count as on the project."""
EPS = 1e-9


class Lookups:
    """Indexes over one game's tasks and people (see the module docstring)."""

    def __init__(self, tasks: dict[str, TaskState], people: dict[str, PersonState],
                 in_scope: Callable[[TaskState], bool], scope: Iterable[ScopeItem]) -> None:
        self._tasks = tasks
        self._people = people
        self._in_scope = in_scope
        self.by_scope: dict[str, list[TaskState]] = {}
        """Scope item id → its tasks, in the scenario's order."""
        for t in tasks.values():
            self.by_scope.setdefault(t.spec.scope, []).append(t)
        self.untested_changes: list[TaskState] = []
        """The tasks of proposed scope items (changes) with no test of their own, in the
        scenario's order: the project's tests check them once they are done."""
        self._find_untested_changes(tasks, {s.id for s in scope if s.proposed})
        self._staffing: dict[str, list[TaskState]] | None = None
        self._headcount: int | None = None
        self._open: TaskState | None = None
        self._stamp = 0
        self._loads: dict[str, tuple[float, int, int]] = {}

    def _find_untested_changes(self, tasks: dict[str, TaskState], proposed: set[str]) -> None:
        tested = {t.spec.scope for t in tasks.values() if t.spec.kind == "test"}
        self.untested_changes = [t for t in tasks.values()
                                 if t.spec.scope in proposed and t.spec.scope not in tested]

    def staffing_changed(self) -> None:
        """An assignment or a person's status changed: forget what depends on them."""
        self._staffing = None
        self._headcount = None
        self._stamp += 1

    def tasks_changed(self) -> None:
        """A task started, finished, left the scope or was held up: loads change."""
        self._stamp += 1

    def active_load(self, person_id: str, now: float) -> int:
        """How many of a person's tasks are active and not held up at `now`."""
        cached = self._loads.get(person_id)
        if cached is not None and cached[0] == now and cached[1] == self._stamp:
            return cached[2]
        load = sum(
            1 for t in self.tasks_of(person_id)
            if t.status == "active" and t.blocked_until <= now + EPS
        )
        self._loads[person_id] = (now, self._stamp, load)
        return load

    def headcount(self) -> int:
        """People on the project now (counting those serving notice)."""
        if self._headcount is None:
            self._headcount = sum(1 for p in self._people.values() if p.status in _PRESENT)
        return self._headcount

    def tasks_of(self, person_id: str) -> Iterator[TaskState]:
        """Tasks a person is assigned to (any status), in the scenario's order."""
        index = self._staffing
        if index is None:
            index = {}
            for t in self._tasks.values():
                for pid in t.assignees:
                    mine = index.setdefault(pid, [])
                    if not mine or mine[-1] is not t:
                        mine.append(t)
            self._staffing = index
        return iter(index.get(person_id, ()))

    def scope_done(self, scope_id: str) -> bool:
        """Whether every task of a scope item is done."""
        return all(t.status == "done" for t in self.by_scope.get(scope_id, ()))

    def project_complete(self) -> bool:
        """Whether every in-scope task is done."""
        witness = self._open
        if witness is not None and witness.status != "done" and self._in_scope(witness):
            return False
        # the last tasks of a scenario are usually the last to finish: look there first
        for t in reversed(self._tasks.values()):
            if t.status != "done" and self._in_scope(t):
                self._open = t
                return False
        self._open = None
        return True
