"""Scoring is a pure function of the game's final facts, the scenario's weights and its
curves: it imports nothing from the engine, each dimension's curve behaves as its field
docstrings say at its edges, and the outcome thresholds live in one place."""

from __future__ import annotations

import ast
import dataclasses
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pmsim.engine.final_facts import final_facts
from pmsim.policies import get_policy, play_game
from pmsim.report.markdown import render_markdown
from pmsim.report.model import build_report
from pmsim.scenario.load import parse_scenario_data
from pmsim.scenario.parameters import Scoring, ScoringCurves
from pmsim.scenario.problems import ScenarioError
from pmsim.scoring import (
    DIMENSION_RULES,
    DIMENSIONS,
    FinalFacts,
    StakeholderFacts,
    outcome_rule,
    score,
)
from tests.helpers import build, minimal

PMSIM = Path(__file__).resolve().parent.parent / "pmsim"
WEIGHTS = Scoring()
CURVES = ScoringCurves()


def facts(**changes: Any) -> FinalFacts:
    """A made-up game that earns every point: finished on time in week 10, on budget,
    everything delivered, no hidden defects, content stakeholders and team."""
    perfect = FinalFacts(
        scenario_id="made-up", seed=3, currency="EUR", end_reason="complete",
        completed=True, finish_week=10, closed_by_board=False, closure_justified=False,
        deadline_week=10, deadline_extension=0, rebaseline_weeks=0, board_deadline_week=10,
        actual_cost=100_000.0, budget=100_000.0, authorised_budget=100_000.0,
        approved_budget=110_000.0, planned_value=200_000.0, delivered_count=2,
        delivered_value=200_000.0, missing_musts=(), delivered_work=100.0,
        hidden_defects=0.0,
        stakeholders=(StakeholderFacts("Sam", 1.0, 90.0), StakeholderFacts("Kim", 0.5, 95.0)),
        weekly_morale=(0.75, 0.8), resignations=0, end_fatigue=0.0,
        time_tolerance_weeks=2.0, cost_tolerance=0.1,
    )
    return dataclasses.replace(perfect, **changes)


def points(name: str, curves: ScoringCurves = CURVES, **changes: Any) -> int:
    """The points of one dimension for the perfect game with `changes`."""
    return score(facts(**changes), WEIGHTS, curves).dimension(name).points


def sentence(name: str, **changes: Any) -> str:
    return score(facts(**changes), WEIGHTS, CURVES).dimension(name).sentence


# ---------------------------------------------------------------- purity


def test_scoring_imports_nothing_from_the_engine():
    """In a fresh interpreter, importing `pmsim.scoring` loads no `pmsim.engine` module."""
    code = ("import json, sys, pmsim.scoring; "
            "print(json.dumps(sorted(m for m in sys.modules if m.startswith('pmsim'))))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    loaded = json.loads(proc.stdout.strip().splitlines()[-1])
    assert "pmsim.scoring.score" in loaded
    assert [m for m in loaded if m.startswith("pmsim.engine")] == []


def test_no_scoring_module_imports_the_engine_even_for_type_checking():
    found = []
    for path in sorted((PMSIM / "scoring").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [(path.name, n) for n in names if n.startswith("pmsim.engine")]
    assert found == []


def test_score_of_made_up_facts_is_full_marks_and_a_success():
    outcome = score(facts(), WEIGHTS, CURVES)
    assert outcome.score == 1000 and outcome.outcome == "successful"
    assert outcome.summary == "Successful: 1000 / 1000 points."
    assert [d.name for d in outcome.dimensions] == list(DIMENSIONS)
    assert outcome.on_time and outcome.on_budget and outcome.deadline_week == 10
    assert (outcome.scenario_id, outcome.seed, outcome.cost) == ("made-up", 3, 100_000.0)


def test_score_is_deterministic_and_leaves_its_inputs_alone():
    made_up = facts(finish_week=12, actual_cost=115_000.0, resignations=1)
    first = score(made_up, WEIGHTS, CURVES)
    assert score(made_up, WEIGHTS, CURVES) == first
    assert made_up == facts(finish_week=12, actual_cost=115_000.0, resignations=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made_up.finish_week = 1  # type: ignore[misc]


def test_every_dimension_has_one_rule_and_one_weight():
    assert tuple(DIMENSION_RULES) == DIMENSIONS == tuple(WEIGHTS.weights())


def test_the_engine_outcome_is_the_score_of_its_final_facts():
    scenario = minimal()
    sim = play_game(scenario, 4, get_policy("cautious"))
    made = final_facts(sim)
    assert sim.outcome() == score(made, scenario.scoring, scenario.scoring.curves)
    assert made.completed == (sim.end_reason == "complete")


# ---------------------------------------------------------------- the curves at their edges


def test_schedule_loses_a_share_per_week_late_down_to_nothing():
    assert points("schedule") == 200
    assert points("schedule", finish_week=11) == 160  # 0.2 a week
    assert "(1 week late)" in sentence("schedule", finish_week=11)
    assert points("schedule", finish_week=15) == 0  # five weeks: nothing left
    assert points("schedule", finish_week=20) == 0  # never below nothing
    # two weeks granted, forgiven half: judged against week 11
    assert points("schedule", deadline_extension=2, finish_week=12) == 160
    # finished in week 11, one of the two weeks used: half of that one forgiven
    assert points("schedule", deadline_extension=2, finish_week=11) == 180
    assert "the finish used only 1 week of these" in \
        sentence("schedule", deadline_extension=2, finish_week=11)
    assert "the finish used none of these weeks), so it is judged against week 10 (on time)" \
        in sentence("schedule", deadline_extension=2, finish_week=9)
    forgiving = CURVES.model_copy(update={"extension_credit": 1.0})
    assert points("schedule", forgiving, deadline_extension=2, finish_week=12) == 200


def test_schedule_counts_rebaselined_weeks_half():
    made = facts(rebaseline_weeks=2, board_deadline_week=12, finish_week=12)
    outcome = score(made, WEIGHTS, CURVES)
    assert outcome.deadline_week == 11
    assert outcome.dimension("schedule").points == 160
    assert ("against the original commitment of week 10; the deadline moved to week 12 "
            "(2 weeks by a re-baseline, forgiven half), so it is judged against week 11 "
            "(1 week late)" in outcome.dimension("schedule").sentence)
    whole = CURVES.model_copy(update={"rebaseline_credit": 1.0})
    assert score(made, WEIGHTS, whole).dimension("schedule").points == 200
    assert "re-baseline, forgiven in full" in score(made, WEIGHTS, whole) \
        .dimension("schedule").sentence


def test_a_bigger_deadline_move_than_the_finish_needed_buys_nothing():
    """Only the weeks of a move the finish used are forgiven: asking for the most the
    sponsor or the board will give, while the forecast is at its worst, earns nothing
    over asking for what the project needed."""
    for finish in range(10, 16):
        needed = max(1, finish - 10)
        for kind in ("deadline_extension", "rebaseline_weeks"):
            asked = {points("schedule", **{kind: weeks}, finish_week=finish)
                     for weeks in range(needed, needed + 5)}
            assert len(asked) == 1, (kind, finish, asked)
    assert points("schedule", deadline_extension=6, finish_week=10) == 200  # on time
    # uneven credits blend in proportion to each move; the sentence rounds the weeks
    uneven = CURVES.model_copy(update={"extension_credit": 1.0, "rebaseline_credit": 0.0})
    made = facts(deadline_extension=1, rebaseline_weeks=2, finish_week=13)
    assert score(made, WEIGHTS, uneven).deadline_week == 11  # 3 of 3 weeks used: 1 + 0
    partly = facts(deadline_extension=1, rebaseline_weeks=2, finish_week=11)
    assert abs(score(partly, WEIGHTS, uneven).deadline_week - 10 - 1 / 3) < 1e-9
    assert "judged against week 10.3 (0.7 weeks late)" in \
        score(partly, WEIGHTS, uneven).dimension("schedule").sentence


def test_schedule_of_a_closure_and_of_the_hard_stop():
    closed = {"completed": False, "end_reason": "closure", "closed_by_board": True}
    assert points("schedule", **closed, closure_justified=True) == 120  # keeps 0.6
    assert points("schedule", **closed, closure_justified=False) == 0
    assert "closing wasted the work" in sentence("schedule", **closed)
    assert points("schedule", completed=False, end_reason="hard_stop") == 0
    assert sentence("schedule", completed=False, end_reason="hard_stop") == \
        "Unfinished at the hard stop (week 10): 0 / 200"


def test_cost_charges_authorised_overrun_less_than_unauthorised():
    assert points("cost", actual_cost=90_000.0) == 200
    # 10 % over, all covered by drawn reserves: 1.5 % of the points per 1 %
    assert points("cost", actual_cost=110_000.0, authorised_budget=110_000.0) == 170
    # 10 % over, none authorised: 4 % of the points per 1 %
    assert points("cost", actual_cost=110_000.0) == 120
    assert points("cost", actual_cost=125_000.0) == 0
    assert points("cost", actual_cost=200_000.0) == 0
    assert "covered by authorised reserves" in sentence(
        "cost", actual_cost=110_000.0, authorised_budget=120_000.0)


def test_scope_is_the_value_share_capped_when_a_must_have_is_missing():
    assert points("scope", delivered_value=100_000.0) == 100
    assert points("scope", delivered_value=300_000.0) == 200  # capped at full
    assert points("scope", missing_musts=("Core",)) == 60  # at most 0.3
    assert points("scope", missing_musts=("Core",), delivered_value=20_000.0) == 20
    assert "must-haves missing: Core" in sentence("scope", missing_musts=("Core",))


def test_quality_falls_to_nothing_at_the_zero_density():
    assert points("quality") == 150
    assert points("quality", hidden_defects=4.0) == 75  # 4 % of 100 person-days
    assert points("quality", hidden_defects=8.0) == 0
    assert points("quality", hidden_defects=50.0) == 0
    assert points("quality", delivered_work=0.0) == 0
    assert sentence("quality", delivered_work=0.0).startswith("Nothing was delivered")


def test_stakeholders_rise_from_the_zero_to_the_full_satisfaction():
    satisfaction_only = CURVES.model_copy(update={"engagement_share": 0.0})

    def at(satisfaction: float) -> int:
        return points("stakeholders", satisfaction_only,
                      stakeholders=(StakeholderFacts("Sam", 1.0, satisfaction),))

    assert (at(25.0), at(57.5), at(90.0), at(10.0), at(100.0)) == (0, 75, 150, 0, 150)
    assert points("stakeholders", stakeholders=()) == 150
    assert "; lowest: Sam, 90)" in sentence("stakeholders")


def test_team_rises_with_morale_less_resignations_and_fatigue():
    assert points("team", weekly_morale=(0.3,)) == 0
    assert points("team", weekly_morale=(0.75,)) == 100
    assert points("team", weekly_morale=(0.5, 0.55)) == 50
    assert points("team", weekly_morale=(0.75,), resignations=1) == 85
    assert points("team", weekly_morale=(0.75,), end_fatigue=0.2) == 90
    assert sentence("team", resignations=2).startswith("Mean morale 78%, 2 resignations")


# ---------------------------------------------------------------- the outcome thresholds


def test_outcome_thresholds_come_from_the_curves():
    made = facts(finish_week=11)  # 960 points, on time within tolerance
    assert score(made, WEIGHTS, CURVES).outcome == "successful"
    strict = CURVES.model_copy(update={"successful_points": 970})
    challenged = score(made, WEIGHTS, strict)
    assert challenged.outcome == "challenged"
    assert challenged.summary == "Challenged: 960 / 1000 points (under 970 points)."
    harsh = CURVES.model_copy(update={"successful_points": 990, "failed_points": 980})
    failed = score(made, WEIGHTS, harsh)
    assert failed.outcome == "failed"
    assert "under 980 points, a failure whatever else" in failed.summary


def test_the_outcome_rule_is_said_with_the_scenarios_thresholds():
    rule = outcome_rule(CURVES.model_copy(update={"successful_points": 700,
                                                  "failed_points": 300}))
    assert "at least 700 points" in rule and "under 300 points" in rule
    sim = play_game(minimal(), 1, get_policy("cautious"))
    report = build_report(sim)
    assert report.outcome_rule == outcome_rule(sim.scenario.scoring.curves)
    assert f"_{report.outcome_rule}_" in render_markdown(report)


def test_no_module_but_the_schema_repeats_the_thresholds():
    """650 and 400 are the defaults of `ScoringCurves`; nothing else writes them."""
    pattern = re.compile(r"\b650\b|\b400 points\b")
    where = [str(path.relative_to(PMSIM)) for path in PMSIM.rglob("*.py")
             if path.name != "parameters.py" and pattern.search(path.read_text("utf-8"))]
    assert where == []
    assert (CURVES.successful_points, CURVES.failed_points) == (650, 400)


# ---------------------------------------------------------------- a scenario's curves


def test_a_scenario_overriding_a_curve_changes_the_score_as_documented(scenario_data):
    """Team points = (mean morale − morale_zero) / (morale_full − morale_zero), less the
    penalties: with the line from 0 to 1 and no penalties they are the mean morale."""
    plain = build(scenario_data)
    scenario_data["scoring"] = {"curves": {"morale_zero": 0.0, "morale_full": 1.0,
                                           "resignation_penalty": 0.0,
                                           "fatigue_penalty": 0.0}}
    tuned = build(scenario_data)
    assert tuned.scoring.weights() == plain.scoring.weights()
    before = play_game(plain, 2, get_policy("cautious"))
    after = play_game(tuned, 2, get_policy("cautious"))
    assert after.actions == before.actions  # the curves change the score, not the game
    made = final_facts(after)
    mean = sum(made.weekly_morale) / len(made.weekly_morale)
    team = after.outcome().dimension("team")
    assert team.points == round(100 * mean)
    others = [d for d in after.outcome().dimensions if d.name != "team"]
    assert others == [d for d in before.outcome().dimensions if d.name != "team"]
    assert after.outcome().score - before.outcome().score == \
        team.points - before.outcome().dimension("team").points


def test_a_builtin_that_sets_its_own_curves_says_so_in_its_guide():
    """A scenario may judge a dimension more strictly than the defaults (crm-rollout and
    portal-launch judge quality so); its guide's summary names every curve it sets."""
    from pmsim.guide_facts import facts_block
    from pmsim.scenario.builtin import builtin_paths, load_scenario

    for scenario_id in builtin_paths():
        scenario = load_scenario(scenario_id)
        block = facts_block(scenario)
        for name in type(CURVES).model_fields:
            value = getattr(scenario.scoring.curves, name)
            if value != getattr(CURVES, name):
                assert f"`{name}` {value:g} (default {getattr(CURVES, name):g})" in block


@pytest.mark.parametrize(("curves", "field", "words"), [
    ({"satisfaction_zero": 90.0}, "satisfaction_zero", ("not below satisfaction_full",)),
    ({"morale_zero": 0.8}, "morale_zero", ("not below morale_full",)),
    ({"failed_points": 700}, "failed_points", ("above successful_points",)),
])
def test_curves_out_of_order_are_problems(scenario_data, curves, field, words):
    scenario_data["scoring"] = {"curves": curves}
    with pytest.raises(ScenarioError) as caught:
        parse_scenario_data(scenario_data, "t")
    hits = [p for p in caught.value.problems
            if p.item == "scoring.curves" and p.field == field
            and all(w in p.message for w in words)]
    assert hits, [str(p) for p in caught.value.problems]


@pytest.mark.parametrize("curves", [
    {"late_week_penaltly": 0.2}, {"late_week_penalty": 1.5}, {"defect_density_zero": 0.0},
    {"successful_points": 1001},
])
def test_curves_are_strict(scenario_data, curves):
    scenario_data["scoring"] = {"curves": curves}
    with pytest.raises(ScenarioError):
        parse_scenario_data(scenario_data, "t")


def test_the_outcome_judges_cost_by_the_exception_rule() -> None:
    """14.3 % over the BAC, all of it covered by reserve the board granted: the cost score
    says so, the exception key would not have raised it (the EAC was within the
    authorised budget's tolerance), and the outcome does not call it beyond tolerance."""
    from pmsim.scoring.outcome import beyond_cost_tolerance

    covered = facts(actual_cost=114_300.0, authorised_budget=115_000.0)
    outcome = score(covered, WEIGHTS, CURVES)
    assert "covered by authorised reserves" in outcome.dimension("cost").sentence
    assert beyond_cost_tolerance(114_300.0, 115_000.0, 0.1) is None
    assert "tolerance" not in outcome.summary and outcome.outcome == "successful"
    beyond = facts(actual_cost=130_000.0, authorised_budget=115_000.0)
    assert "13.0% over the authorised budget, beyond the 10% tolerance" in score(
        beyond, WEIGHTS, CURVES).summary
