"""The remaining work scheduled as the engine plays it, for the forecasts.

The engine does not queue a person's tasks: everyone works on all their active tasks
at once, each getting an equal share of their time less a loss for task switching
(`work.switching_factor`), and every task's rate is the sum of its people's shares
times the team's factor (morale and communication overhead). A task starts the moment
its last predecessor finishes, after any hold-up. `team_schedule` plays exactly that
forward with the rates held at today's values, event by event (a task starts, a
hold-up ends, a task finishes), so at the start of a game it gives the engine's own
baseline plan (`baseline.compute_baseline`).

Because each task then starts when its predecessors finish, the schedule is also a
critical-path schedule whose durations are the ones sharing people gives: the
forecast's Monte Carlo and its total float work on those durations (`Network`).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable
from dataclasses import dataclass

EPS = 1e-9
MIN_RATE = 0.05
"""Rate assumed for a task nobody can work on (person-days per day): effectively never."""


@dataclass(frozen=True)
class TeamWork:
    """The open work of a project and who does it, as the schedule needs it.

    Task `j` is the j-th open task; people are numbered from 0.
    """

    work: tuple[float, ...]
    """Person-days each open task still needs."""
    preds: tuple[tuple[int, ...], ...]
    """The open predecessors of each open task (indices into the open tasks)."""
    staff: tuple[tuple[tuple[int, float, float], ...], ...]
    """Each task's people: (person, person-days a day they give it when it is their only
    task, the day they start giving it: after training or joining the task). A person
    who cannot work on it (0) still has it on their list and splits their time."""
    hold: tuple[float, ...]
    """Days each task is held up once it may start (or, if started, from now)."""
    started: tuple[bool, ...]
    """Whether each task is already under way (it does not wait for predecessors)."""
    team_factor: float
    """The team's productivity factor (morale × communication overhead)."""


@dataclass(frozen=True)
class TeamSchedule:
    """When each open task may start, begins work and finishes (working days)."""

    ready: tuple[float, ...]
    """When its predecessors are done (now, for a task under way)."""
    begin: tuple[float, ...]
    """When work on it begins (after any hold-up)."""
    finish: tuple[float, ...]
    """When it finishes."""

    @property
    def end(self) -> float:
        """When the last task finishes (`now` if nothing is open)."""
        return max(self.finish, default=math.nan)


def team_schedule(team: TeamWork, now: float,
                  switching: Callable[[int], float]) -> TeamSchedule:
    """Play the open work forward from `now` with today's rates (see the module).

    `switching(load)` is the share of a person's output left when spread over `load`
    tasks (the engine's `work.switching_factor`). A task nobody can work on advances at
    `MIN_RATE`, so every finish is finite. Events come off a heap and each one changes
    only the rates of the tasks that share a person with the task it concerns, so the
    cost grows with the events and the sharing, not with tasks × events.
    """
    play = _Play(team, now, switching)
    while play.events:
        play.step()
    return TeamSchedule(tuple(play.ready), tuple(play.begin), tuple(play.finish))


_FINISH, _BEGIN, _JOIN = 0, 1, 2
"""Kinds of event: a task finishes, its work begins (after any hold-up), a person
starts giving a task time (after training or joining it)."""


class _Play:
    """The state of `team_schedule` while it plays the work forward."""

    def __init__(self, team: TeamWork, now: float, switching: Callable[[int], float]) -> None:
        k = len(team.work)
        self.team = team
        self.waiting_on = [len(p) for p in team.preds]
        self.succs: list[list[int]] = [[] for _ in range(k)]
        for j, plist in enumerate(team.preds):
            for p in plist:
                self.succs[p].append(j)
        self.tasks_of: dict[int, list[int]] = {}
        for j, staff in enumerate(team.staff):
            for person, _, _ in staff:
                self.tasks_of.setdefault(person, []).append(j)
        self.load = dict.fromkeys(self.tasks_of, 0)
        most = max((len(tasks) for tasks in self.tasks_of.values()), default=0)
        self.share = [0.0] + [switching(n) / n for n in range(1, most + 1)]  # by load
        self.left, self.rate = list(team.work), [0.0] * k
        self.since, self.version = [now] * k, [0] * k
        self.working: set[int] = set()
        self.ready, self.begin, self.finish = [math.inf] * k, [math.inf] * k, [math.inf] * k
        self.events: list[tuple[float, int, int, int]] = []
        for j in range(k):
            if team.started[j] or self.waiting_on[j] == 0:
                self.open(j, now)
            for _, _, joins in team.staff[j]:
                if joins > now + EPS:
                    heapq.heappush(self.events, (joins, _JOIN, j, 0))

    def open(self, j: int, t: float) -> None:
        """Task `j` may start at `t`; its work begins after its hold-up. A task already
        open (one started early, by fast-tracking, before a predecessor finished) stays
        as it is."""
        if self.ready[j] < math.inf:
            return
        self.ready[j], self.begin[j] = t, t + self.team.hold[j]
        heapq.heappush(self.events, (self.begin[j], _BEGIN, j, 0))

    def step(self) -> None:
        """Take the next event and change the rates it changes."""
        t, kind, j, version = heapq.heappop(self.events)
        if kind == _FINISH and version != self.version[j]:
            return  # the task's rate changed since this finish was foreseen
        if kind == _JOIN:
            if j in self.working:
                self.refresh(j, t)
            return
        people = [person for person, _, _ in self.team.staff[j]]
        if kind == _BEGIN:
            self.working.add(j)
            for person in people:
                self.load[person] += 1
        else:
            self.working.discard(j)
            self.left[j], self.finish[j] = 0.0, t
            for person in people:
                self.load[person] -= 1
            for s in self.succs[j]:
                self.waiting_on[s] -= 1
                if self.waiting_on[s] == 0:
                    self.open(s, t)
        sharing = {o for p in people for o in self.tasks_of[p]} | {j}  # j: if unstaffed
        for other in sorted(sharing & self.working):
            self.refresh(other, t)

    def refresh(self, j: int, t: float) -> None:
        """Book task `j`'s work up to `t` at its old rate, work out its new rate and
        foresee when it finishes."""
        self.left[j] = max(0.0, self.left[j] - self.rate[j] * (t - self.since[j]))
        self.since[j] = t
        total = 0.0
        for person, output, joins in self.team.staff[j]:
            if output > 0 and joins <= t + EPS:
                total += output * self.share[self.load[person]]
        self.rate[j] = max(total * self.team.team_factor, MIN_RATE)
        self.version[j] += 1
        heapq.heappush(self.events,
                       (t + self.left[j] / self.rate[j], _FINISH, j, self.version[j]))
