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

import math
from collections.abc import Callable, Sequence
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
    `MIN_RATE`, so every finish is finite.
    """
    k = len(team.work)
    left = list(team.work)
    waiting_on = [len(p) for p in team.preds]
    succs: list[list[int]] = [[] for _ in range(k)]
    for j, plist in enumerate(team.preds):
        for p in plist:
            succs[p].append(j)
    ready, begin, finish = [math.inf] * k, [math.inf] * k, [math.inf] * k
    open_now: list[int] = []
    for j in range(k):
        if team.started[j] or waiting_on[j] == 0:
            ready[j], begin[j] = now, now + team.hold[j]
            open_now.append(j)
    share = [0.0] + [switching(n) / n for n in range(1, k + 1)]  # by working tasks
    joining = sorted({joins for staff in team.staff for _, _, joins in staff if joins > now})
    t = now
    while open_now:
        rates = _rates(team, [j for j in open_now if begin[j] <= t + EPS], share, t)
        step = joining[0] - t if joining else math.inf
        for j in open_now:
            step = min(step, begin[j] - t if j not in rates else left[j] / rates[j])
        for j, rate in rates.items():
            left[j] -= rate * step
        t += step
        while joining and joining[0] <= t + EPS:
            joining.pop(0)
        closing = [j for j in rates if left[j] <= EPS * max(1.0, team.work[j])
                   or left[j] / rates[j] <= EPS]
        for j in closing:
            left[j], finish[j] = 0.0, t
            open_now.remove(j)
            for s in succs[j]:
                waiting_on[s] -= 1
                if waiting_on[s] == 0:
                    ready[s], begin[s] = t, t + team.hold[s]
                    open_now.append(s)
    return TeamSchedule(tuple(ready), tuple(begin), tuple(finish))


def _rates(team: TeamWork, working: Sequence[int], share: Sequence[float],
           now: float) -> dict[int, float]:
    """Each working task's rate: the outputs of its people who have started on it, each
    times `share[load]` (their time split over their working tasks, less the switching
    loss), times the team's factor (never below `MIN_RATE`)."""
    load: dict[int, int] = {}
    for j in working:
        for person, _, _ in team.staff[j]:
            load[person] = load.get(person, 0) + 1
    rates: dict[int, float] = {}
    for j in working:
        total = 0.0
        for person, output, joins in team.staff[j]:
            if output > 0 and joins <= now + EPS:
                total += output * share[load[person]]
        rates[j] = max(total * team.team_factor, MIN_RATE)
    return rates
