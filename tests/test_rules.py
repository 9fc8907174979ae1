"""Decision rules: every registered kind has a preview and a description; the engine,
the bots, the TUI menu and the journal read the same registry; and a preview's figures
are what the engine then does — in random games, and in a held-back scenario whose
model parameters are not the defaults."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rule_checks import check_preview

from pmsim import load_scenario
from pmsim.engine import decisions as d
from pmsim.engine.decisions import DECISION_TYPES, DecisionError
from pmsim.engine.rules import FIGURES, all_rules, rule_by_key, rule_by_kind, rule_for
from pmsim.engine.simulation import Simulation
from pmsim.policies import RandomPolicy

DATA = Path(__file__).resolve().parent / "data"
SMALL = ("tutorial", "portal-launch", "office-move")


def legal_now(sim: Simulation) -> list[d.Decision]:
    """Every decision the random bot would consider that the engine takes now (and, to
    reach every kind, a recommendation to close)."""
    pool = [*RandomPolicy().candidates(sim.view()), d.RecommendClosure()]
    out = []
    for x in pool:
        try:
            sim.check(x)
        except DecisionError:
            continue
        out.append(x)
    return out


def test_the_registry_covers_every_decision_kind_once() -> None:
    rules = all_rules()
    assert {r.kind for r in rules} == set(DECISION_TYPES)
    assert len({r.kind for r in rules}) == len({r.key for r in rules}) == len(rules)
    for rule in rules:
        assert rule_for(rule.decision) is rule_by_kind(rule.kind) is rule_by_key(rule.key)
    assert set(FIGURES) >= {"attention", "money_now", "ends_game"}


def test_the_random_bot_considers_every_kind() -> None:
    sim = Simulation(load_scenario("portal-launch"), 1)
    kinds = {x.kind for x in RandomPolicy().candidates(sim.view())}
    missing = {r.kind for r in all_rules()} - kinds
    assert missing <= {"restore", "raise_exception", "recommend_closure"}, missing


@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(scenario=st.sampled_from(SMALL), seed=st.integers(0, 2**16), data=st.data())
def test_previews_say_what_the_engine_does(scenario: str, seed: int,
                                           data: st.DataObject) -> None:
    """Random games: before each decision, its preview's figures equal what applying it
    to a copy of the game does."""
    sim = Simulation(load_scenario(scenario), seed)
    for _week in range(data.draw(st.integers(1, 6), label="weeks")):
        for _ in range(data.draw(st.integers(0, 4), label="decisions")):
            pool = legal_now(sim)
            if not pool:
                break
            x = data.draw(st.sampled_from(pool), label="decision")
            assert check_preview(sim, x) == []
            sim.apply(x)
            if sim.finished:
                return
        while sim.pending and not sim.finished:
            request = next(iter(sim.pending.values()))
            sim.answer(request.id, request.default)
        if sim.finished:
            return
        sim.advance()
        while sim.pending and not sim.finished:
            request = next(iter(sim.pending.values()))
            sim.answer(request.id, request.default)
        if sim.finished:
            return


# ---------------------------------------------------------------- the held-back scenario

def _check_every_legal(sim: Simulation, found: set[str]) -> None:
    """Check the preview of one legal decision of each kind not checked yet."""
    for x in legal_now(sim):
        if x.kind not in found and x.kind != "recommend_closure":
            assert check_preview(sim, x) == []
            found.add(x.kind)


def _answer_defaults(sim: Simulation) -> None:
    while sim.pending and not sim.finished:
        request = next(iter(sim.pending.values()))
        sim.answer(request.id, request.default)


def test_heldback_scenario_every_kind_previews_what_the_engine_does(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Non-default overtime premium, catch-up days and fast-track threshold: every
    decision kind's preview figures equal what the engine then does."""
    import pmsim.engine.tolerances

    monkeypatch.setattr(pmsim.engine.tolerances, "breaches",
                        lambda sim: {"time": "the P80 finish is past the tolerance"})
    scenario = load_scenario(DATA / "heldback.toml")
    sim = Simulation(scenario, 5)
    found: set[str] = set()
    could = next(s.id for s in scenario.scope if s.priority == "could")
    for week in range(1, 7):
        _check_every_legal(sim, found)
        if week == 1:
            sim.apply(d.DeferScope(could))  # so that it can be restored
        if week == 2:  # overtime when some work; a team event counts those leaving too
            sim.apply(d.Release(next(p for p in sim.people if sim.people[p].status == "active"
                                     and any(sim.tasks_of(p)))))
            assert check_preview(sim, d.TeamEvent()) == []
            for level in (1.2, 1.5):
                assert check_preview(sim, d.SetOvertime(level)) == []
                sim.apply(d.SetOvertime(level))
            sim.apply(d.SetOvertime(1.0))
        _check_every_legal(sim, found)
        _answer_defaults(sim)
        sim.advance()
        _answer_defaults(sim)
    assert check_preview(sim, d.RecommendClosure()) == []
    found.add("recommend_closure")
    assert found == {r.kind for r in all_rules()}


def test_heldback_scenario_parameters_reach_the_preview_text() -> None:
    scenario = load_scenario(DATA / "heldback.toml")
    sim = Simulation(scenario, 5)
    overtime = sim.preview(d.SetOvertime(1.2))
    assert overtime.premium == pytest.approx(0.2 * 2.0) and "pay +40%" in overtime.text
    sim.advance()
    t = next(t for t in sim.tasks.values() if t.status == "active" and 0 < t.done < t.estimate)
    p = next(p for p in sim.people.values() if p.status == "active"
             and p.skills.get(t.spec.skill, 0) > 0 and p.id not in t.assignees)
    catch_up = sim.preview(d.Assign(p.id, t.id)).catch_up_days
    assert catch_up == pytest.approx(6.0 * t.done / t.estimate / max(p.experience, 0.1))
    waiting = next(t for t in sim.tasks.values() if t.status == "waiting"
                   and t.spec.predecessors)
    fast = sim.preview(d.FastTrack(waiting.id))
    assert fast.start_share == 0.7 and "70% done" in fast.text


def test_every_rule_has_its_own_sentence_and_description() -> None:
    from pmsim.engine.rules import DecisionRule

    for rule in all_rules():
        assert type(rule).sentence is not DecisionRule.sentence, rule.kind
        assert type(rule).describe is not DecisionRule.describe, rule.kind
        assert type(rule).apply is not DecisionRule.apply, rule.kind
        assert rule.menu and rule.group and len(rule.key) == 1, rule.kind


def test_a_response_that_removes_the_risk_says_so() -> None:
    from helpers import build, person, scenario_dict, task

    data = scenario_dict([task("build", 10, ["ann"])], [person("ann")], risks=[{
        "id": "late", "name": "Late", "probability": 0.5, "window": [1, 4],
        "tasks": ["build"], "impact": {"delay_days": [1, 2, 3]},
        "responses": {"avoid": {"cost": 100, "attention": 2, "probability_factor": 0.0}},
    }])
    sim = Simulation(build(data), 1)
    x = d.RespondToRisk("late", "avoid")
    assert "probability ×0" in sim.preview(x).text
    assert check_preview(sim, x) == []


def test_the_overtime_warning_follows_the_fatigue_model() -> None:
    """The preview's "kept up for N weeks" is worked out from the scenario's fatigue
    parameters with the engine's own formulas, and is left out where overtime never
    falls behind normal hours."""
    from pmsim.engine.work import hourly_productivity, next_fatigue, overtime_breakeven_weeks

    scenario = load_scenario("portal-launch")
    model = scenario.model
    weeks = overtime_breakeven_weeks(model, 1.5)
    assert weeks is not None
    # by hand: the total at 60 h first falls below the total at 40 h in that week
    fatigue, total = 0.0, 0.0
    for week in range(1, weeks + 1):
        total += 1.5 * hourly_productivity(model, 1.5, fatigue)
        assert (total < week) == (week == weeks)
        fatigue = next_fatigue(fatigue, 0.5, model.fatigue_weeks)
    sim = Simulation(scenario, 3)
    assert f"kept up for {weeks} weeks" in sim.preview(d.SetOvertime(1.5)).text
    assert "kept up" not in sim.preview(d.SetOvertime(1.1)).text  # 44 h never falls behind
    rested = scenario.model_copy(update={"model": model.model_copy(
        update={"fatigue_loss": 0.0})})
    assert "kept up" not in Simulation(rested, 3).preview(d.SetOvertime(1.5)).text
