"""The game: a SimPy model of one project, advanced a week at a time.

`Simulation(scenario, seed)` is the whole public contract: `advance()`,
`apply(decision)`, `answer(request_id, option)`, `view()` and `outcome()`. The Textual
game and the bots are clients of exactly this API.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING

import simpy

from pmsim.engine import board, costs, flow, injects, stakeholders, weekly, work
from pmsim.engine.baseline import Baseline, baseline_for
from pmsim.engine.decisions import Decision, DecisionError, decision_from_dict
from pmsim.engine.draws import Luck, expected_effort
from pmsim.engine.final_facts import final_facts
from pmsim.engine.lookups import Lookups
from pmsim.engine.metrics import Metrics
from pmsim.engine.outlook import ForecastMemo
from pmsim.engine.parts.attention import Attention
from pmsim.engine.parts.board_state import Board
from pmsim.engine.parts.ledger import Ledger
from pmsim.engine.parts.mood import Mood
from pmsim.engine.parts.plan_in_force import PlanInForce
from pmsim.engine.parts.scope_state import ScopeState
from pmsim.engine.rules import Preview, apply_decision, check_decision, preview_decision
from pmsim.engine.state import Money, PersonState, RiskState, StakeholderState, TaskState
from pmsim.engine.turn import (
    DecisionRequest,
    EventKind,
    FeedEvent,
    TurnReport,
    WeekRecord,
)
from pmsim.scenario.load import scenario_hash
from pmsim.scenario.schema import Scenario, ScopeItem
from pmsim.scenario.types import ID_PATTERN
from pmsim.scoring import Outcome, score

if TYPE_CHECKING:
    from pmsim.engine.outlook import Outlook
    from pmsim.engine.view import PlayerView

ENGINE_VERSION = "12"
"""Changes whenever the same decisions could give a different game."""


class Simulation:
    """One game of one scenario with one seed."""

    def __init__(self, scenario: Scenario, seed: int, *, plan_mode: bool = False) -> None:
        if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed < 2**63:
            raise DecisionError(f"the seed must be a whole number from 0 to 2^63-1, got {seed!r}")
        self.scenario = scenario
        self.seed = seed
        self.plan_mode = plan_mode
        self.scenario_hash = scenario_hash(scenario)
        self.env = simpy.Environment()
        self.days_per_week = scenario.calendar.days_per_week
        self.luck = Luck(scenario, seed, plan_mode)
        model = scenario.model
        self.week = 1
        self.week_started = False
        self.mood = Mood(morale=model.morale_initial)
        self.attention = Attention(hours=model.attention_hours)
        self.board = Board(deadline_week=scenario.calendar.deadline_week)
        self.feed: list[FeedEvent] = []
        self.pending: dict[str, DecisionRequest] = {}
        self.request_handlers: dict[str, Callable[[str], None]] = {}
        self.history: list[Metrics] = []
        self.weekly_log: list[WeekRecord] = []
        self.actions: list[dict[str, object]] = []
        self.listeners: list[Callable[[dict[str, object]], None]] = []
        """Called with each action as it is taken (the game log appends it)."""
        self.action_weeks: list[int] = []
        """The week each of `actions` was taken in (an advance: the week it played on
        from; it may stop mid-week for a request, so advances do not count weeks)."""
        self.finished = False
        self.handed_over: str | None = None
        """The bot that plays the rest of the game, once the player handed it over."""
        self.handed_over_week = 0
        """The week it was handed over in (0: it was not)."""
        self.end_reason = ""
        self.finish_day: float | None = None
        self.version = 0
        self._report_week = 1
        self.forecast_memo = ForecastMemo()

        self.scope: dict[str, ScopeState] = {s.id: ScopeState.of(s) for s in scenario.scope}
        self.tasks: dict[str, TaskState] = self._initial_tasks()
        self.successors: dict[str, list[str]] = {tid: [] for tid in self.tasks}
        for task in scenario.tasks:
            for pred in task.predecessors:
                self.successors[pred].append(task.id)
        self.people: dict[str, PersonState] = {
            p.id: PersonState.of(p, rested=plan_mode) for p in scenario.team
        }
        self.stakeholders: dict[str, StakeholderState] = {
            s.id: stakeholders.initial_state(self, s) for s in scenario.stakeholders
        }
        self.lookups = Lookups(self.tasks, self.people, self.in_scope, scenario.scope)
        self.risks: dict[str, RiskState] = {
            r.id: RiskState(spec=r, uniforms=self.luck.risk_uniforms(r), known=r.known)
            for r in ([] if plan_mode else scenario.risks)
        }
        baseline = Baseline.empty() if plan_mode else baseline_for(scenario)
        self.plan = PlanInForce.of(baseline, self.days_per_week, scenario.calendar.deadline_week)
        self.ledger = self._initial_ledger(baseline)
        self._open(baseline)

    def _open(self, baseline: Baseline) -> None:
        """Settle what is already true at the start (scope finished before the game, the
        fixed costs' daily rate, tasks free to start, the team's cost) and open week 1."""
        for scope_id, item in self.scope.items():
            if item.status == "planned" and self.lookups.scope_done(scope_id):
                item.status = "delivered"
        self.ledger.fixed_rate = (
            self.scenario.budget.fixed_costs / baseline.planned_days
            if baseline.planned_days > 0 else 0.0
        )
        for t in self.tasks.values():
            if t.status == "waiting":
                flow.check_ready(self, t)
        self.recompute_cost_rate()
        weekly.open_week(self)

    def _initial_tasks(self) -> dict[str, TaskState]:
        """Every task with its true effort drawn, waiting or proposed, or partly done
        before the game starts."""
        tasks: dict[str, TaskState] = {}
        dist = self.scenario.model.effort_distribution
        for spec in self.scenario.tasks:
            effort = self.luck.true_effort(spec)
            t = TaskState(spec=spec, true_effort=effort, work_total=effort,
                          planned_effort=expected_effort(spec, dist))
            t.status = "proposed" if self.scope[spec.scope].status == "proposed" else "waiting"
            if spec.progress > 0 and t.status == "waiting":
                self._inherit_progress(t)
            t.assignees = list(spec.staff)
            tasks[spec.id] = t
        return tasks

    def _initial_ledger(self, baseline: Baseline) -> Ledger:
        """The money at the start: the baseline's budget, the reserves, and anything
        spent before the game starts."""
        budget = self.scenario.budget
        ledger = Ledger(money=Money(
            bac=baseline.bac,
            contingency_left=budget.contingency,
            reserve_left=budget.management_reserve,
        ))
        if budget.spent > 0:
            ledger.money.spend(budget.spent, "inherited")
        return ledger

    def _inherit_progress(self, t: TaskState) -> None:
        """A task partly or wholly done before the game starts."""
        if t.spec.progress >= 1.0:
            t.done = t.work_total
            t.status = "done"
            t.finish_day = 0.0
        else:
            t.done = t.spec.progress * t.planned_effort
            t.work_total = max(t.work_total, t.done + 0.05 * t.planned_effort)
        if not self.plan_mode:
            t.hidden_flaws = (1.0 - self.scenario.model.right_first_time) * t.done

    # ---------------------------------------------------------------- queries
    def headcount(self) -> int:
        """People on the project now (counting those serving notice)."""
        return self.lookups.headcount()

    def tasks_of(self, person_id: str) -> Iterator[TaskState]:
        """Tasks a person is assigned to (any status)."""
        return self.lookups.tasks_of(person_id)

    def in_scope(self, task: TaskState) -> bool:
        """Whether the task's scope item is part of the project now."""
        return self.scope[task.spec.scope].in_scope

    def day(self) -> float:
        """Working days since the start."""
        return float(self.env.now)

    def week_start_day(self) -> float:
        """Day on which the current week starts."""
        return (self.week - 1) * self.days_per_week

    def note(self, kind: EventKind, text: str, cause: str = "") -> None:
        """Add an event to the feed."""
        self.feed.append(FeedEvent(self.week, round(self.day(), 2), kind, text, cause))

    def scope_spec(self, scope_id: str) -> ScopeItem:
        """A scope item's definition in the scenario."""
        return next(s for s in self.scenario.scope if s.id == scope_id)

    def scope_name(self, scope_id: str) -> str:
        """Display name of a scope item."""
        return self.scope_spec(scope_id).name

    def project_complete(self) -> bool:
        """Whether every in-scope task is done."""
        return self.lookups.project_complete()

    def test_discovers(self, test: TaskState, work_done: float) -> None:
        """A test task's progress finds hidden flaws in its scope item's finished work."""
        weekly.test_discovery(self, test, work_done)

    # ---------------------------------------------------------------- money & rates
    def accrue(self) -> None:
        """Book costs and overtime since the last booking, at the rates then in force."""
        costs.accrue(self)

    def recompute_cost_rate(self) -> None:
        """Daily cost of the team as it is now (overtime paid only to those working)."""
        costs.recompute_cost_rate(self)

    def touch_all(self) -> None:
        """Something changed that may change every rate: rebook and wake active tasks."""
        self.accrue()
        self.recompute_cost_rate()
        for t in self.tasks.values():
            if t.status == "active":
                work.touch(self, t)
        self.version += 1

    def sync_all(self) -> None:
        """Bring every active task's work up to now."""
        for t in self.tasks.values():
            if t.status == "active":
                work.sync(self, t)
        self.accrue()

    # ---------------------------------------------------------------- the turn
    def advance(self) -> TurnReport:
        """Play on to the end of the week, or until something needs the player."""
        if self.finished:
            raise DecisionError("the game is over; see the outcome")
        if self.pending:
            first = next(iter(self.pending.values()))
            raise DecisionError(f"answer '{first.title}' ({first.id}) before going on")
        self._record({"action": "advance"})
        start = len(self.feed)
        self._report_week = self.week
        if not self.week_started:
            self.week_started = True
            weekly.begin_work(self)
        end = self.week * self.days_per_week
        env = self.env
        while not self.pending and not self.finished:
            if self.project_complete():
                self._finish("complete")
                break
            nxt = env.peek()
            if nxt > end + 1e-9:
                break
            env.step()
        if self.pending or self.finished:
            return self._report(start)
        if env.now < end:
            env.run(until=end)
        if self.project_complete():
            self._finish("complete")
            return self._report(start)
        weekly.end_week(self)
        return self._report(start, week_ended=True)

    def _report(self, start: int, week_ended: bool = False) -> TurnReport:
        self.version += 1
        return TurnReport(
            week=self._report_week, day=self.day(), events=tuple(self.feed[start:]),
            pending=tuple(self.pending.values()), week_ended=week_ended,
            finished=self.finished,
        )

    def _finish(self, reason: str) -> None:
        self.sync_all()
        weekly.close_books(self)
        self.finished = True
        self.end_reason = reason
        self.finish_day = self.day()
        self.pending.clear()
        self.note("milestone", board.end_message(self, reason))

    def finish_now(self, reason: str) -> None:
        """End the game now (closure or hard stop)."""
        if not self.finished:
            self._finish(reason)

    # ---------------------------------------------------------------- player actions
    def apply(self, decision: Decision) -> None:
        """Validate and apply a decision; an invalid one raises `DecisionError`."""
        if self.finished:
            raise DecisionError("the game is over; no more decisions")
        if not isinstance(decision, Decision):
            raise DecisionError(f"not a decision: {decision!r}")
        self.sync_all()
        apply_decision(self, decision)
        self.touch_all()
        self._record({"action": "apply", "decision": decision.to_dict()})

    def hand_over(self, bot: str) -> None:
        """Record that the bot named plays the rest of the game for the player. Nothing in
        the game changes; the log keeps it, so a game a bot finished is never taken for
        a team's own play."""
        if self.finished:
            raise DecisionError("the game is over; there is nothing to hand over")
        if self.handed_over is not None:
            raise DecisionError(f"the game was already handed over to the {self.handed_over} bot")
        if not re.fullmatch(ID_PATTERN, bot):
            raise DecisionError("a hand-over names a bot by its short name")
        self.handed_over, self.handed_over_week = bot, self.week
        self._record({"action": "handover", "bot": bot})

    def inject(self, inject_id: str) -> None:
        """Meet one of the scenario's injects now, at the start of the week (the
        facilitator's action, logged with its week); `DecisionError` when there is no
        such inject, the game met it already, or the week's work has begun."""
        if self.finished:
            raise DecisionError("the game is over; an inject comes too late")
        spec = injects.inject_spec(self, inject_id)
        self.sync_all()
        injects.apply_inject(self, spec)
        self.touch_all()
        self._record({"action": "inject", "inject": inject_id, "week": self.week})

    def check(self, decision: Decision) -> None:
        """Raise `DecisionError` if `apply(decision)` would refuse it; change nothing."""
        if self.finished:
            raise DecisionError("the game is over; no more decisions")
        if not isinstance(decision, Decision):
            raise DecisionError(f"not a decision: {decision!r}")
        check_decision(self, decision)

    def preview(self, decision: Decision) -> Preview:
        """What `decision` would cost and do now, in figures and words; change nothing
        the player could see. `DecisionError` if it names something unknown."""
        if not isinstance(decision, Decision):
            raise DecisionError(f"not a decision: {decision!r}")
        self.sync_all()
        return preview_decision(self, decision)

    def answer(self, request_id: str, option: str) -> None:
        """Answer a pending request with one of its options."""
        request = self.pending.get(request_id)
        if request is None:
            raise DecisionError(f"no pending request '{request_id}'")
        chosen = request.option(option)
        if chosen is None:
            allowed = ", ".join(o.id for o in request.options)
            raise DecisionError(f"'{option}' is not an option of {request_id}; use: {allowed}")
        if chosen.attention > self.attention.left() + 1e-9:
            raise DecisionError(
                f"'{chosen.label}' needs {chosen.attention:g} h of your attention and only "
                f"{self.attention.left():g} h are left this week"
            )
        self.sync_all()
        handler = self.request_handlers.pop(request_id)
        del self.pending[request_id]
        self.attention.used += chosen.attention
        handler(option)
        self.touch_all()
        self._record({"action": "answer", "request": request_id, "option": option})

    def perform(self, action: Mapping[str, object]) -> None:
        """Take a recorded action (an entry of `actions`) again: how game logs replay."""
        kind = action.get("action")
        if kind == "advance":
            self.advance()
        elif kind == "apply":
            decision = action.get("decision")
            self.apply(decision_from_dict(decision))
        elif kind == "answer":
            self.answer(str(action.get("request")), str(action.get("option")))
        elif kind == "handover":
            self.hand_over(str(action.get("bot")))
        elif kind == "inject":
            if action.get("week") != self.week:
                raise DecisionError(f"the log met an inject in week {action.get('week')}; "
                                    f"its replay is in week {self.week}")
            self.inject(str(action.get("inject")))
        else:
            raise DecisionError(f"unknown action {kind!r}")

    def _record(self, action: dict[str, object]) -> None:
        """Remember an action in order and tell the listeners (e.g. the game log)."""
        self.actions.append(action)
        self.action_weeks.append(self.week)
        for listener in self.listeners:
            listener(action)

    def request(self, req: DecisionRequest, handler: Callable[[str], None]) -> None:
        """Put a request before the player; `handler(option)` applies the answer."""
        self.pending[req.id] = req
        self.request_handlers[req.id] = handler

    # ---------------------------------------------------------------- read-outs
    def view(self) -> PlayerView:
        """Everything the player may know now."""
        from pmsim.engine.view_build import build_view

        self.sync_all()
        return build_view(self)

    def look(self) -> PlayerView:
        """`view()` that leaves the forecast cache as it was, so looking is free.

        `forecast()` is cached by state version, and `view()` keeps the forecast it
        computes: one read at the start of a week is reused at the week's end, so a
        game whose player merely looked could differ from its replayed log (the bots'
        games, and the golden logs, are played with `view()`). Front ends use this.
        """
        saved = self.forecast_memo.cache
        try:
            return self.view()
        finally:
            self.forecast_memo.cache = saved

    def outcome(self) -> Outcome:
        """The final result and its score; only once the game is over."""
        if not self.finished:
            raise DecisionError("the game is not over yet")
        scoring = self.scenario.scoring
        return score(final_facts(self), scoring, scoring.curves)

    def forecast(self) -> Outlook:
        """The current finish forecast (`outlook.current_forecast`: cached)."""
        from pmsim.engine.outlook import current_forecast

        return current_forecast(self)

    def hard_stop_day(self) -> float:
        """The last working day of the game."""
        return self.scenario.calendar.hard_stop_week * self.days_per_week

    def finish_week(self) -> int:
        """Week in which the project finished (or the current week)."""
        day = self.finish_day if self.finish_day is not None else self.day()
        return max(1, math.ceil(day / self.days_per_week - 1e-9))
