"""The meaning checks of `pmsim.scenario.validate`, one test per rule, plus the schema
rules they lean on (types, ranges, unknown keys). Scenarios are built as dicts from the
`scenario_data` fixture and checked with `parse_scenario_data`."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest

from pmsim.scenario.load import parse_scenario_data
from pmsim.scenario.problems import Problem, ScenarioError
from pmsim.scenario.validate import find_cycle

LABEL = "test.toml"


def problems_of(data: dict[str, Any]) -> list[Problem]:
    """Every problem of a scenario given as data; [] when it is valid."""
    try:
        parse_scenario_data(data, LABEL)
    except ScenarioError as exc:
        assert exc.problems, "a ScenarioError must carry at least one problem"
        return exc.problems
    return []


def find(problems: list[Problem], item: str, field: str, *words: str) -> Problem:
    """The one problem at `item`/`field` whose message has all `words`; fail otherwise."""
    hits = [p for p in problems if p.item == item and p.field == field
            and all(w in p.message for w in words)]
    assert hits, f"no problem at {item!r} {field!r} with {words}; got:\n" + "\n".join(
        str(p) for p in problems)
    assert all(p.file == LABEL for p in problems)
    return hits[0]


def task(data: dict[str, Any], task_id: str) -> dict[str, Any]:
    return next(t for t in data["tasks"] if t["id"] == task_id)


def test_fixture_is_valid(scenario_data):
    assert problems_of(scenario_data) == []


# --- dependencies -------------------------------------------------------------------

def test_dependency_cycle_is_reported_with_its_path(scenario_data):
    task(scenario_data, "design")["predecessors"] = ["test"]  # design → test → build → design
    problem = find(problems_of(scenario_data), "tasks 'design'", "predecessors",
                   "dependency cycle")
    path = problem.message.split("dependency cycle: ")[1].split(";")[0].split(" → ")
    assert path[0] == path[-1]
    assert set(path) == {"design", "build", "test"}
    preds = {t["id"]: t.get("predecessors", []) for t in scenario_data["tasks"]}
    for node, pred in pairwise(path):
        assert pred in preds[node], f"{node} → {pred} is not an edge of the network"


def test_find_cycle_on_acyclic_and_cyclic_graphs():
    assert find_cycle({"a": [], "b": ["a"], "c": ["a", "b"]}) is None
    assert find_cycle({"a": ["b"], "b": ["c"], "c": ["a"]}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": ["ghost"]}) is None  # unknown ids are another rule's business


def test_task_cannot_be_its_own_predecessor(scenario_data):
    task(scenario_data, "build")["predecessors"] = ["build"]
    find(problems_of(scenario_data), "tasks 'build'", "predecessors", "own predecessor")


# --- unknown references -------------------------------------------------------------

def test_task_names_unknown_scope_item(scenario_data):
    task(scenario_data, "build")["scope"] = "nowhere"
    find(problems_of(scenario_data), "tasks 'build'", "scope", "'nowhere'", "core")


def test_task_names_unknown_predecessor(scenario_data):
    task(scenario_data, "build")["predecessors"] = ["design", "ghost"]
    find(problems_of(scenario_data), "tasks 'build'", "predecessors", "'ghost'")


def test_task_needs_a_skill_nobody_has(scenario_data):
    task(scenario_data, "build")["skill"] = "cobol"
    find(problems_of(scenario_data), "tasks 'build'", "skill", "'cobol'", "dev", "qa", "ux")


def test_task_plans_unknown_person(scenario_data):
    task(scenario_data, "build")["staff"] = ["ann", "zed"]
    find(problems_of(scenario_data), "tasks 'build'", "staff", "'zed'", "ann")


def test_task_cannot_plan_a_candidate_not_yet_hired(scenario_data):
    task(scenario_data, "build")["staff"] = ["cem"]
    find(problems_of(scenario_data), "tasks 'build'", "staff", "'cem'", "[[team]]")


def test_risk_names_unknown_task(scenario_data):
    scenario_data["risks"][0]["tasks"] = ["ghost"]
    find(problems_of(scenario_data), "risks 'outage'", "tasks", "'ghost'")


def test_event_names_unknown_stakeholder(scenario_data):
    scenario_data["events"][0]["requested_by"] = "nobody"
    find(problems_of(scenario_data), "events 'cr-extra'", "requested_by", "'nobody'")


def test_a_hints_unless_names_decisions_and_ids_the_scenario_has(scenario_data):
    tip = {"id": "tip", "week": 2, "kind": "message", "title": "Tip", "hint": True,
           "unless": ["meeet:sponsor-x", "reporting"]}
    scenario_data["events"].append(tip)
    problems = problems_of(scenario_data)
    find(problems, "events 'tip'", "unless", "'meeet'", "did you mean 'meet'")
    find(problems, "events 'tip'", "unless", "'sponsor-x'")
    holder = scenario_data["stakeholders"][0]["id"]
    tip["unless"] = [f"meet:{holder}", "reporting"]
    assert problems_of(scenario_data) == []
    tip["hint"] = False
    find(problems_of(scenario_data), "events 'tip'", "unless", "only a hint")


def test_event_adds_unknown_scope_item(scenario_data):
    scenario_data["events"][0]["adds_scope"] = "ghost"
    problems = problems_of(scenario_data)
    find(problems, "events 'cr-extra'", "adds_scope", "'ghost'")
    # and so the proposed item it was meant to bring is now unreachable
    find(problems, "scope 'extra'", "proposed", "no change request")


# --- numbers ------------------------------------------------------------------------

@pytest.mark.parametrize(("optimistic", "likely", "pessimistic"),
                         [(5, 4, 6), (3, 7, 6), (9, 4, 2)])
def test_three_point_estimate_must_be_ordered(scenario_data, optimistic, likely, pessimistic):
    task(scenario_data, "build").update(
        optimistic=optimistic, likely=likely, pessimistic=pessimistic)
    find(problems_of(scenario_data), "tasks 'build'", "likely",
         "optimistic ≤ likely ≤ pessimistic")


def test_equal_three_point_estimates_are_allowed(scenario_data):
    task(scenario_data, "build").update(optimistic=5, likely=5, pessimistic=5)
    assert problems_of(scenario_data) == []


@pytest.mark.parametrize("value", [-0.01, 1.01, 7])
def test_risk_probability_outside_0_1(scenario_data, value):
    scenario_data["risks"][0]["probability"] = value
    find(problems_of(scenario_data), "risks 'outage'", "probability", "must be")


@pytest.mark.parametrize(("table", "field", "value"), [
    ("events", "probability", 1.5),
    ("stakeholders", "power", -0.2),
    ("stakeholders", "interest", 2),
])
def test_other_fractions_outside_0_1(scenario_data, table, field, value):
    entry = scenario_data[table][0]
    entry[field] = value
    find(problems_of(scenario_data), f"{table} '{entry['id']}'", field, "must be")


@pytest.mark.parametrize("value", [0, 0.0])
def test_zero_daily_rate(scenario_data, value):
    scenario_data["team"][0]["daily_rate"] = value
    find(problems_of(scenario_data), "team 'ann'", "daily_rate", "more than 0")


def test_zero_daily_rate_in_hire_pool(scenario_data):
    scenario_data["hire_pool"][0]["daily_rate"] = 0
    find(problems_of(scenario_data), "hire_pool 'cem'", "daily_rate", "more than 0")


def test_negative_daily_rate(scenario_data):
    scenario_data["team"][1]["daily_rate"] = -100
    find(problems_of(scenario_data), "team 'bob'", "daily_rate", "at least 0")


def test_zero_effort(scenario_data):
    task(scenario_data, "design").update(optimistic=0, likely=0, pessimistic=0)
    find(problems_of(scenario_data), "tasks 'design'", "likely", "more than 0")


def test_negative_effort(scenario_data):
    task(scenario_data, "design")["optimistic"] = -1
    find(problems_of(scenario_data), "tasks 'design'", "optimistic", "at least 0")


def test_person_without_any_skill_level(scenario_data):
    scenario_data["team"][0]["skills"] = {"dev": 0}
    problems = problems_of(scenario_data)
    find(problems, "team 'ann'", "skills", "at least one skill")


# --- ids ------------------------------------------------------------------------------

@pytest.mark.parametrize("table", ["scope", "tasks", "stakeholders", "risks", "events"])
def test_duplicate_ids(scenario_data, table):
    scenario_data[table].append(dict(scenario_data[table][0]))
    dup = scenario_data[table][0]["id"]
    find(problems_of(scenario_data), f"{table} '{dup}'", "id", "2 times", "unique")


def test_candidate_cannot_share_an_id_with_a_team_member(scenario_data):
    scenario_data["hire_pool"][0]["id"] = "ann"
    find(problems_of(scenario_data), "team/hire_pool 'ann'", "id", "unique")


# --- calendar and team -----------------------------------------------------------------

def test_deadline_after_hard_stop(scenario_data):
    scenario_data["calendar"].update(deadline_week=12, hard_stop_week=10)
    find(problems_of(scenario_data), "calendar", "deadline_week", "hard_stop_week 10")


def test_deadline_on_hard_stop_is_allowed(scenario_data):
    scenario_data["calendar"].update(deadline_week=10, hard_stop_week=10)
    assert problems_of(scenario_data) == []


def test_at_least_one_person(scenario_data):
    scenario_data["team"] = []
    find(problems_of(scenario_data), "team", "", "must not be empty")


def test_skill_only_in_the_hire_pool_is_enough(scenario_data):
    # Nobody on the team has "ux", but a candidate does: the skill rule is met. (The task
    # must still plan someone, so the team member planned on it is flagged, not the skill.)
    task(scenario_data, "design")["skill"] = "ux"
    problems = problems_of(scenario_data)
    assert not [p for p in problems if p.field == "skill"]
    find(problems, "tasks 'design'", "staff", "skill 'ux'")


def test_task_must_plan_someone(scenario_data):
    del task(scenario_data, "build")["staff"]
    find(problems_of(scenario_data), "tasks 'build'", "staff", "plans nobody")


def test_planned_staff_must_have_the_skill(scenario_data):
    task(scenario_data, "test")["staff"] = ["ann"]  # Ann has no "qa"
    find(problems_of(scenario_data), "tasks 'test'", "staff", "skill 'qa'")


def test_more_staff_than_max_staff(scenario_data):
    task(scenario_data, "build")["max_staff"] = 1
    find(problems_of(scenario_data), "tasks 'build'", "staff", "max_staff is 1")


# --- scope reachability -------------------------------------------------------------------

def test_scope_item_without_tasks(scenario_data):
    scenario_data["scope"].append(
        {"id": "docs", "name": "Docs", "priority": "must", "value": 1000})
    find(problems_of(scenario_data), "scope 'docs'", "", "no tasks")


def test_baseline_task_cannot_wait_for_a_proposed_change(scenario_data):
    task(scenario_data, "test")["predecessors"] = ["build", "extra-build"]
    find(problems_of(scenario_data), "tasks 'test'", "predecessors",
         "'extra-build'", "proposed scope 'extra'")


def test_proposed_scope_needs_a_change_request(scenario_data):
    scenario_data["events"] = []
    find(problems_of(scenario_data), "scope 'extra'", "proposed", "no change request")


def test_proposed_scope_cannot_be_a_must_have(scenario_data):
    scenario_data["scope"][1]["priority"] = "must"
    find(problems_of(scenario_data), "scope 'extra'", "priority", "should or could")


def test_only_a_baseline_must_have_can_be_not_negotiable(scenario_data):
    scenario_data["scope"][1]["negotiable"] = False  # a proposed should-have
    find(problems_of(scenario_data), "scope 'extra'", "negotiable", "only a must-have")
    scenario_data["scope"][1]["negotiable"] = True
    scenario_data["scope"][0]["negotiable"] = False
    assert not [p for p in problems_of(scenario_data) if "negotiable" in str(p)]


def test_baseline_needs_at_least_one_scope_item(scenario_data):
    scenario_data["scope"][0]["proposed"] = True
    find(problems_of(scenario_data), "scope", "", "baseline needs at least one")


def test_change_request_must_add_a_proposed_item(scenario_data):
    scenario_data["events"][0]["adds_scope"] = "core"
    find(problems_of(scenario_data), "events 'cr-extra'", "adds_scope", "proposed = true")


def test_change_request_needs_a_requester(scenario_data):
    del scenario_data["events"][0]["requested_by"]
    find(problems_of(scenario_data), "events 'cr-extra'", "requested_by", "stakeholder")


# --- risks, events, board ------------------------------------------------------------

def test_risk_window_must_be_ordered(scenario_data):
    scenario_data["risks"][0]["window"] = [5, 2]
    find(problems_of(scenario_data), "risks 'outage'", "window", "first ≤ last")


def test_risk_window_after_the_hard_stop(scenario_data):
    scenario_data["risks"][0]["window"] = [11, 12]
    find(problems_of(scenario_data), "risks 'outage'", "window", "never fire")


def test_risk_impact_range_must_be_ordered(scenario_data):
    scenario_data["risks"][0]["impact"] = {"delay_days": [4, 2, 1]}
    find(problems_of(scenario_data), "risks 'outage'", "impact.delay_days", "low ≤ likely")


def test_delaying_risk_needs_tasks(scenario_data):
    scenario_data["risks"][0]["tasks"] = []
    find(problems_of(scenario_data), "risks 'outage'", "tasks", "name the tasks")


def test_threat_cannot_have_an_opportunity_response(scenario_data):
    scenario_data["risks"][0]["responses"] = {"exploit": {"cost": 10}}
    find(problems_of(scenario_data), "risks 'outage'", "responses.exploit", "threat")


def test_event_after_hard_stop(scenario_data):
    scenario_data["events"][0]["week"] = 11
    find(problems_of(scenario_data), "events 'cr-extra'", "week", "hard stop")


def test_at_most_one_sponsor(scenario_data):
    scenario_data["stakeholders"].append(
        {"id": "cfo", "name": "CFO", "power": 0.9, "interest": 0.3, "sponsor": True})
    find(problems_of(scenario_data), "stakeholders", "sponsor", "at most one")


@pytest.mark.parametrize("weights", [
    dict.fromkeys(("schedule", "cost", "scope", "quality", "stakeholders", "team"), 0),
    {"stakeholders": 500},  # the others keep their defaults: 1350 in all
    {"schedule": 100},
])
def test_scoring_weights_must_total_1000(scenario_data, weights):
    scenario_data["scoring"] = weights
    find(problems_of(scenario_data), "scoring", "", "must total 1000")


def test_scoring_weights_may_be_moved_between_dimensions(scenario_data):
    scenario_data["scoring"] = {"schedule": 300, "team": 0}
    assert problems_of(scenario_data) == []


# --- schema messages -------------------------------------------------------------------

def test_unknown_key_lists_the_allowed_ones(scenario_data):
    scenario_data["risks"][0]["impact"]["colour"] = "red"
    problem = find(problems_of(scenario_data), "risks 'outage'", "impact.colour",
                   "unknown key")
    assert "delay_days" in problem.message and "effort_days" in problem.message


def test_unknown_top_level_table(scenario_data):
    scenario_data["extras"] = {}
    find(problems_of(scenario_data), "extras", "", "unknown key", "meta")


@pytest.mark.parametrize(("path", "value", "item", "field", "words"), [
    (("calendar", "deadline_week"), "six", "calendar", "deadline_week", "whole number"),
    (("tasks", 1, "predecessors"), "design", "tasks 'build'", "predecessors", "array"),
    (("team", 0, "skills", "dev"), "high", "team 'ann'", "skills.dev", "number"),
    (("risks", 0, "impact", "cost"), [1, 2], "risks 'outage'", "impact.cost", "likely, high]"),
    (("risks", 0, "window", 1), "x", "risks 'outage'", "window #2", "whole number"),
    (("meta",), 3, "meta", "", "table"),
    (("meta", "difficulty"), "hard", "meta", "difficulty", "'tutorial'"),
    (("scope", 0, "proposed"), [], "scope 'core'", "proposed", "true or false"),
])
def test_wrong_type_at_any_depth(scenario_data, path, value, item, field, words):
    target = scenario_data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    find(problems_of(scenario_data), item, field, words)


def test_item_without_usable_id_is_named_by_position(scenario_data):
    scenario_data["tasks"][2]["id"] = 42
    find(problems_of(scenario_data), "tasks #3", "id", "text")


def test_bad_skill_name_points_at_the_key(scenario_data):
    scenario_data["team"][0]["skills"] = {"Dev!": 1.0}
    find(problems_of(scenario_data), "team 'ann'", "skills key 'Dev!'", "must be an id")


def test_missing_required_field_says_what_it_is(scenario_data):
    del task(scenario_data, "build")["likely"]
    find(problems_of(scenario_data), "tasks 'build'", "likely", "required", "Most likely")


def test_every_problem_is_listed_not_just_the_first(scenario_data):
    task(scenario_data, "build")["scope"] = "nowhere"
    scenario_data["risks"][0]["tasks"] = ["ghost"]
    scenario_data["calendar"].update(deadline_week=12, hard_stop_week=10)
    assert len(problems_of(scenario_data)) >= 3


# ---------------------------------------------------------------- messages for authors


def test_a_misspelt_reference_suggests_the_nearest_id(scenario_data):
    task(scenario_data, "build")["predecessors"] = ["desing"]
    scenario_data["risks"][0]["tasks"] = ["buld"]
    problems = problems_of(scenario_data)
    find(problems, "tasks 'build'", "predecessors", "did you mean 'design'?", "known: build")
    find(problems, "risks 'outage'", "tasks", "did you mean 'build'?")


def test_a_team_member_asking_for_a_change_is_explained(scenario_data):
    scenario_data["events"][0]["requested_by"] = "ann"
    find(problems_of(scenario_data), "events 'cr-extra'", "requested_by",
         "that is a team member: requests come from stakeholders")
    scenario_data["events"][0]["requested_by"] = "sponser"
    find(problems_of(scenario_data), "events 'cr-extra'", "requested_by",
         "did you mean 'sponsor'?")


def test_an_opportunity_response_message_reads_right(scenario_data):
    scenario_data["risks"][0].update(kind="opportunity", responses={"mitigate": {}})
    problems = problems_of(scenario_data)
    assert any("is not a response to an opportunity" in p.message for p in problems), problems


def test_positions_in_lists_count_from_one(scenario_data):
    scenario_data["risks"][0]["triggers"] = [{"metric": "cpi", "below": 0.9},
                                             {"metric": "cpi"}]
    find(problems_of(scenario_data), "risks 'outage'", "triggers #2", "needs `below`")
    scenario_data["risks"][0]["window"] = [1, "x"]
    find(problems_of(scenario_data), "risks 'outage'", "window #2", "whole number")


def test_schema_problems_say_the_meaning_checks_wait(scenario_data):
    scenario_data["risks"][0]["probability"] = 1.5
    task(scenario_data, "build")["predecessors"] = ["nowhere"]  # not reported yet
    with pytest.raises(ScenarioError) as caught:
        parse_scenario_data(scenario_data, LABEL)
    assert not caught.value.complete
    assert [p.field for p in caught.value.problems] == ["probability"]
    scenario_data["risks"][0]["probability"] = 0.5
    with pytest.raises(ScenarioError) as caught:
        parse_scenario_data(scenario_data, LABEL)
    assert caught.value.complete and caught.value.problems[0].field == "predecessors"


def test_toml_mistakes_say_what_to_look_for(tmp_path):
    from pmsim.scenario.load import read_scenario_file

    twice = tmp_path / "twice.toml"
    twice.write_text('[meta]\nid = "a"\nid = "b"\n', encoding="utf-8")
    with pytest.raises(ScenarioError, match="a key is given twice in the same table"):
        read_scenario_file(twice)
    json_file = tmp_path / "scenario.json"
    json_file.write_text('{"meta": {"id": "a"}}', encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"Scenarios are TOML files \(.toml\), and this "
                       r"is a .json file"):
        read_scenario_file(json_file)
