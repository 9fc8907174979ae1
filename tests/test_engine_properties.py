"""Invariants of the engine over many random games.

The random bot plays 200 seeds of the default scenario; after every turn the state is
checked (money adds up, EVM identities, progress, morale and satisfaction in range,
no task started before its predecessors), every view the bot sees is checked for NaN
and infinities, and every final score is checked against its weights. A hypothesis
test throws random sequences of decisions, valid or not, at the minimal scenario.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import pytest
from helpers import minimal, rich_scenario, snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmsim import load_scenario
from pmsim.engine import decisions as d
from pmsim.engine import work
from pmsim.engine.decisions import DecisionError
from pmsim.engine.simulation import Simulation
from pmsim.engine.state import Money
from pmsim.policies import get_policy, take_turn
from pmsim.scoring import DIMENSIONS

SEEDS = range(200)
EPS = 1e-6

MONEY_ACCOUNTS = tuple(
    f.name for f in dataclasses.fields(Money)
    if f.name not in ("bac", "contingency_left", "reserve_left", "contingency_drawn",
                      "reserve_granted", "change_budget", "actual_cost")
)
"""The spending accounts whose sum is the actual cost."""


# ---------------------------------------------------------------- invariant checks

SKIP_FIELDS = frozenset({"history", "feed"})
"""View fields not walked every week: past metrics are checked as they are recorded."""

_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(cls) if f.name not in SKIP_FIELDS)
        _FIELDS[cls] = names
    return names


def non_finite_numbers(view: Any) -> list[tuple[str, float]]:
    """Every NaN or infinity inside a view (dataclasses, dicts, tuples, lists), with its
    path, leaving out the long past series (`SKIP_FIELDS`)."""
    bad: list[tuple[str, float]] = []
    stack: list[tuple[str, Any]] = [("view", view)]
    isfinite = math.isfinite
    while stack:
        path, value = stack.pop()
        kind = type(value)
        if kind is float:
            if not isfinite(value):
                bad.append((path, value))
        elif kind in (str, int, bool) or value is None:
            continue
        elif kind is dict:
            stack.extend((f"{path}[{k!r}]", v) for k, v in value.items())
        elif kind in (tuple, list):
            stack.extend((f"{path}[{i}]", v) for i, v in enumerate(value))
        elif dataclasses.is_dataclass(value):
            stack.extend((f"{path}.{name}", getattr(value, name))
                         for name in _field_names(kind))
        elif isinstance(value, float) and not isfinite(value):  # numpy floats
            bad.append((path, float(value)))
    return bad


def check_view(view: Any) -> None:
    """No NaN or infinity anywhere a player can see."""
    bad = non_finite_numbers(view)
    assert not bad, f"week {view.week}: non-finite numbers in the view: {bad[:5]}"


def close(a: float, b: float, rel: float = 1e-9) -> bool:
    return abs(a - b) <= rel * max(1.0, abs(a), abs(b))


def check_metrics(m: Any) -> None:
    """The EVM and earned-schedule identities of one week's figures."""
    assert close(m.cv, m.ev - m.ac), m
    assert close(m.sv, m.ev - m.pv), m
    if m.ac > 0:
        assert close(m.cpi, m.ev / m.ac), m
    if m.pv > 0:
        assert close(m.spi, m.ev / m.pv), m
    assert close(m.eac_plan, m.ac + (m.bac - m.ev)), m
    if m.cpi > 1e-9:
        assert close(m.eac_cpi, m.bac / m.cpi), m
    assert close(m.vac, m.bac - m.eac_cpi), m
    assert close(m.etc, max(0.0, m.eac_cpi - m.ac)), m
    assert close(m.sv_t, m.es - m.week), m
    if m.week > 1e-9:
        assert close(m.spi_t, m.es / m.week), m
    if m.tcpi is not None:
        assert close(m.tcpi, (m.bac - m.ev) / (m.bac - m.ac)), m
    assert m.es >= -EPS and m.pv >= -EPS and m.ev >= -EPS
    for f in dataclasses.fields(m):
        value = getattr(m, f.name)
        assert value is None or isinstance(value, str) or math.isfinite(value), (f.name, m)


def check_state(sim: Simulation, metrics_from: int = 0) -> int:
    """Invariants of the whole game state after any step; the weekly figures are checked
    from index `metrics_from` on. Returns the index to start from next time."""
    money = sim.ledger.money
    parts = sum(getattr(money, a) for a in MONEY_ACCOUNTS)
    assert close(money.actual_cost, parts, 1e-9), (
        f"seed {sim.seed} week {sim.week}: actual cost {money.actual_cost} but the accounts "
        f"add up to {parts}: { {a: getattr(money, a) for a in MONEY_ACCOUNTS} }")
    assert money.contingency_left >= -EPS and money.reserve_left >= -EPS
    budget = sim.scenario.budget
    pmb = sim.plan
    assert close(money.contingency_left + money.contingency_drawn + pmb.response_funding,
                 budget.contingency)
    assert close(money.reserve_left + money.reserve_granted + pmb.rebaseline_added,
                 budget.management_reserve)
    # BAC = the budgets in force (baseline tasks, approved changes, funded responses); the
    # baseline log adds up to it, and the PV curve ends at it
    assert close(money.bac, pmb.bac) and close(pmb.log[-1].bac_after, money.bac)
    assert close(pmb.pv_curve[-1], money.bac), (pmb.pv_curve[-1], money.bac)
    assert money.contingency_drawn >= -EPS and money.reserve_granted >= -EPS
    for t in sim.tasks.values():
        assert 0.0 <= t.reported_progress <= 1.0, (t.id, t.reported_progress)
        assert t.done >= -EPS and t.hidden_flaws >= -EPS and t.found_flaws >= -EPS, t.id
        assert t.done <= t.work_total + 1e-6, (sim.seed, t.id, t.done, t.work_total)
        assert t.hidden_flaws + t.found_flaws <= t.done + 1e-6, (sim.seed, t.id)
        if t.status == "done":
            assert t.finish_day is not None and t.start_day is not None, t.id
            assert t.start_day <= t.finish_day + EPS, t.id
        if t.status in ("waiting", "proposed"):
            assert t.done == 0.0, (sim.seed, t.id, t.status, t.done)
    for scope_id, item in sim.scope.items():
        if item.status == "delivered":
            assert all(t.status == "done" for t in sim.tasks.values()
                       if t.spec.scope == scope_id), (sim.seed, scope_id)
    if sim.finished and sim.end_reason == "complete":
        assert all(t.status == "done" for t in sim.tasks.values() if sim.in_scope(t))
    assert all(e.week <= sim.week for e in sim.feed[-5:])
    assert 0.0 <= sim.mood.morale <= 1.0, sim.mood.morale
    for p in sim.people.values():
        assert p.fatigue >= 0.0, (p.id, p.fatigue)
        assert 0.0 <= p.experience <= 1.0, (p.id, p.experience)
    for h in sim.stakeholders.values():
        assert 0.0 <= h.satisfaction <= 100.0, (h.id, h.satisfaction)
    assert 0.0 <= sim.attention.used <= sim.scenario.model.attention_hours + EPS
    assert sim.day() <= sim.hard_stop_day() + EPS, (sim.seed, sim.day())
    for m in sim.history[metrics_from:]:
        check_metrics(m)
    return len(sim.history)


def check_outcome(sim: Simulation) -> None:
    """The final score is within its weights."""
    out = sim.outcome()
    weights = sim.scenario.scoring
    assert 0 <= out.score <= 1000
    assert out.score == sum(dim.points for dim in out.dimensions)
    assert [dim.name for dim in out.dimensions] == list(DIMENSIONS)
    for dim in out.dimensions:
        assert dim.max_points == getattr(weights, dim.name)
        assert 0 <= dim.points <= dim.max_points, (sim.seed, dim)
    assert out.outcome in ("successful", "challenged", "stopped", "failed")
    assert out.finish_week <= sim.scenario.calendar.hard_stop_week
    assert math.isfinite(out.cost)


class StartWatch:
    """Checks, at the moment each task starts, that its predecessors allow it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.sim: Simulation | None = None
        self.starts = 0
        original = work.start

        def start(sim: Simulation, task: Any) -> None:
            self.check(sim, task)
            original(sim, task)

        monkeypatch.setattr(work, "start", start)

    def check(self, sim: Simulation, task: Any) -> None:
        self.starts += 1
        assert task.status == "waiting" and sim.in_scope(task), (task.id, task.status)
        threshold = sim.scenario.model.fast_track_threshold
        for pid in task.spec.predecessors:
            pred = sim.tasks[pid]
            if pred.status in ("done", "cut", "deferred", "proposed"):
                continue
            assert task.fast_tracked, (
                f"seed {sim.seed} day {sim.day():.2f}: '{task.id}' started while its "
                f"predecessor '{pid}' is {pred.status} and it is not fast-tracked")
            assert pred.status == "active", (task.id, pid, pred.status)
            assert pred.done >= threshold * pred.estimate - 1e-6, (task.id, pid, pred.done)


class CheckingPolicy:
    """Wraps a policy: checks every view it is shown before deciding."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = inner.name
        self.views = 0

    def decide(self, view: Any) -> list[d.Decision]:
        self.views += 1
        check_view(view)
        return self.inner.decide(view)

    def answer(self, view: Any, request: Any) -> str:
        return self.inner.answer(view, request)


# ---------------------------------------------------------------- the random games

def test_random_games_keep_every_invariant(monkeypatch: pytest.MonkeyPatch) -> None:
    """200 seeds of portal-launch under the random bot: invariants after every turn."""
    scenario = load_scenario("portal-launch")
    watch = StartWatch(monkeypatch)
    hard_stop = scenario.calendar.hard_stop_week
    reasons: dict[str, int] = {}
    for seed in SEEDS:
        sim = Simulation(scenario, seed)
        policy = CheckingPolicy(get_policy("random"))
        turns = checked = 0
        while not sim.finished:
            take_turn(sim, policy)
            checked = check_state(sim, checked)
            turns += 1
            assert turns < 20 * hard_stop, f"seed {seed}: no end after {turns} turns"
        assert sim.week <= hard_stop
        check_view(sim.view())
        check_outcome(sim)
        reasons[sim.end_reason] = reasons.get(sim.end_reason, 0) + 1
    assert watch.starts > 0
    # The random bot must explore: games end in more than one way.
    assert len(reasons) >= 2, reasons


@pytest.mark.parametrize("policy", ["passive", "cautious", "reckless"])
def test_bot_games_keep_every_invariant(policy: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The other bots on a few seeds: same invariants, every turn."""
    scenario = load_scenario("portal-launch")
    StartWatch(monkeypatch)
    for seed in range(8):
        sim = Simulation(scenario, seed)
        wrapped = CheckingPolicy(get_policy(policy))
        checked = 0
        while not sim.finished:
            take_turn(sim, wrapped)
            checked = check_state(sim, checked)
        check_outcome(sim)


# ---------------------------------------------------------------- hypothesis

OPS = st.one_of(
    st.just(("advance",)),
    st.builds(lambda lv: ("apply", d.SetOvertime(lv)),
              st.sampled_from([1.0, 1.1, 1.25, 1.5, 2.0, -1.0, float("nan")])),
    st.builds(lambda p, t: ("apply", d.Assign(p, t)),
              st.sampled_from(["ann", "bob"]), st.sampled_from(["build", "nope"])),
    st.builds(lambda p, t: ("apply", d.Unassign(p, t)),
              st.sampled_from(["ann", "bob"]), st.sampled_from(["build", "nope"])),
    st.builds(lambda p: ("apply", d.Release(p)), st.sampled_from(["ann", "bob"])),
    st.builds(lambda x: ("apply", d.Crash("build", x)), st.sampled_from([1.0, 0.0, -2.0])),
    st.just(("apply", d.FastTrack("build"))),
    st.builds(lambda i: ("apply", d.CutScope(i)), st.sampled_from(["thing", "nope"])),
    st.builds(lambda i: ("apply", d.DeferScope(i)), st.sampled_from(["thing", "nope"])),
    st.builds(lambda i: ("apply", d.RestoreScope(i)), st.sampled_from(["thing", "nope"])),
    st.builds(lambda a: ("apply", d.DrawContingency(a)),
              st.sampled_from([1.0, 100.0, 0.0, float("inf")])),
    st.builds(lambda a: ("apply", d.RequestReserve(a)), st.sampled_from([1.0, 0.0])),
    st.builds(lambda lv: ("apply", d.SetReporting(lv)),
              st.sampled_from(["none", "summary", "detailed", "loud"])),
    st.builds(lambda w: ("apply", d.NegotiateDeadline(w)), st.sampled_from([1, 9])),
    st.just(("apply", d.NegotiateScope("thing"))),
    st.just(("apply", d.MeetStakeholder("boss"))),
    st.just(("apply", d.SteeringCommittee())),
    st.just(("apply", d.Recognise())),
    st.just(("apply", d.TeamEvent())),
    st.builds(lambda s: ("apply", d.Train("ann", s)), st.sampled_from(["dev", "cooking"])),
    st.just(("apply", d.RaiseException())),
    st.just(("apply", d.RespondToRisk("nope", "accept"))),
    st.just(("apply", d.Hire("nobody"))),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=st.lists(OPS, max_size=40), seed=st.integers(0, 2**32))
def test_random_decision_sequences_on_minimal(ops: list[tuple[Any, ...]], seed: int) -> None:
    """Any sequence of decisions: an invalid one raises DecisionError and changes
    nothing; a valid one keeps every invariant; the game always reaches its end."""
    sim = Simulation(minimal(), seed)
    for op in ops:
        if sim.finished:
            break
        if op[0] == "advance":
            for rid, req in list(sim.pending.items()):
                sim.answer(rid, req.default)
            if not sim.finished:  # the board may close the project on an answer
                sim.advance()
        else:
            sim.sync_all()
            before = snapshot(sim)
            try:
                sim.apply(op[1])
            except DecisionError:
                assert snapshot(sim) == before, f"{op[1]!r} was refused but changed the game"
        check_state(sim)
    guard = 0
    while not sim.finished:
        for rid, req in list(sim.pending.items()):
            sim.answer(rid, req.default)
        if not sim.finished:
            sim.advance()
        check_state(sim)
        guard += 1
        assert guard < 200
    check_view(sim.view())
    check_outcome(sim)


def _rich_ops() -> st.SearchStrategy[tuple[Any, ...]]:
    people = st.sampled_from(["ann", "bob", "qa", "dan", "tess", "zed"])
    tasks = st.sampled_from(["design", "build", "check", "nice-1", "shiny-1", "extra-1",
                             "nope"])
    items = st.sampled_from(["core", "nice", "shiny", "extra", "nope"])
    amounts = st.sampled_from([0.0, 500.0, 3000.0, 9000.0, -5.0])
    decisions = st.one_of(
        st.builds(d.SetOvertime, st.sampled_from([1.0, 1.2, 1.5, 1.7])),
        st.builds(d.Assign, people, tasks), st.builds(d.Unassign, people, tasks),
        st.builds(d.Hire, st.sampled_from(["dan", "tess", "ann", "zed"])),
        st.builds(d.Release, people),
        st.builds(d.Crash, tasks, st.sampled_from([1.0, 3.0, 5.0])),
        st.builds(d.FastTrack, tasks),
        st.builds(d.CutScope, items), st.builds(d.DeferScope, items),
        st.builds(d.RestoreScope, items), st.builds(d.NegotiateScope, items),
        st.builds(d.RespondToRisk, st.sampled_from(["outage", "reuse", "nope"]),
                  st.sampled_from(["mitigate", "transfer", "exploit", "accept", "avoid"])),
        st.builds(d.DrawContingency, amounts), st.builds(d.RequestReserve, amounts),
        st.builds(d.MeetStakeholder, st.sampled_from(["boss", "users", "nope"])),
        st.builds(d.SetReporting, st.sampled_from(["none", "summary", "detailed"])),
        st.just(d.SteeringCommittee()),
        st.builds(d.NegotiateDeadline, st.sampled_from([1, 3, 7])),
        st.just(d.Recognise()), st.just(d.TeamEvent()),
        st.builds(d.Train, people, st.sampled_from(["dev", "test", "magic"])),
        st.just(d.RaiseException()),
    )
    return st.one_of(
        st.just(("advance",)),
        st.just(("advance",)),
        st.builds(lambda x: ("apply", x), decisions),
        st.builds(lambda k: ("answer", k), st.integers(0, 4)),
    )


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=st.lists(_rich_ops(), max_size=60), seed=st.integers(0, 2**32))
def test_random_decision_sequences_on_a_rich_scenario(ops: list[tuple[Any, ...]],
                                                      seed: int) -> None:
    """The same on a small scenario with one of everything, answering requests with any
    option (or one that does not exist)."""
    sim = Simulation(rich_scenario(), seed)
    checked = 0
    for op in ops:
        if sim.finished:
            break
        sim.sync_all()  # book work and costs up to now, as view() does, before comparing
        before = snapshot(sim)
        try:
            if op[0] == "advance":
                if sim.pending:
                    with pytest.raises(DecisionError):
                        sim.advance()
                    assert snapshot(sim) == before
                else:
                    sim.advance()
            elif op[0] == "apply":
                sim.apply(op[1])
            elif sim.pending:
                request = next(iter(sim.pending.values()))
                options = [o.id for o in request.options] + ["no-such-option"]
                sim.answer(request.id, options[op[1] % len(options)])
        except DecisionError:
            assert snapshot(sim) == before, f"{op!r} was refused but changed the game"
        checked = check_state(sim, checked)
    guard = 0
    while not sim.finished:
        for rid, req in list(sim.pending.items()):
            sim.answer(rid, req.default)
        if not sim.finished:
            sim.advance()
        checked = check_state(sim, checked)
        guard += 1
        assert guard < 100
    check_view(sim.view())
    check_outcome(sim)


def test_the_checks_catch_what_they_look_for() -> None:
    """The invariant checks above do fail on a broken view or state."""
    sim = Simulation(minimal(), 1)
    view = sim.view()
    check_view(view)
    with pytest.raises(AssertionError, match="non-finite"):
        check_view(dataclasses.replace(view, morale=math.nan))
    with pytest.raises(AssertionError, match="non-finite"):
        check_view(dataclasses.replace(view, money=dataclasses.replace(view.money,
                                                                       eac=math.inf)))
    check_state(sim)
    sim.ledger.money.actual_cost += 1.0
    with pytest.raises(AssertionError, match="accounts"):
        check_state(sim)
