"""Every figure of a facilitator guide comes from its scenario file and the engine.

The guides' summary table and figure tables are generated (`pmsim.guide_facts`,
refreshed by `pmsim docs --write docs/scenarios/<id>.md`): these tests fail when a
block differs from what the file and the engine give now, and when the prose around the
blocks quotes an amount, a risk's probability or the deadline that the file does not
have (issue 11 found the portal-launch guide saying contingency €30,000, BAC about
€354,000 and a 45 % vendor risk, where the file had €40,000, the engine €363,071 and
0.55).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pmsim.cli import main
from pmsim.engine.baseline import baseline_for
from pmsim.guide_facts import (
    FACTS_END,
    FACTS_START,
    FIGURES_END,
    FIGURES_START,
    facts_block,
    figures_block,
    money,
    prose_problems,
    replace_blocks,
)
from pmsim.guide_measured import measured_problems
from pmsim.scenario import builtin_paths, load_scenario

REPO = Path(__file__).resolve().parents[1]
GUIDES = REPO / "docs" / "scenarios"
IDS = list(builtin_paths())

by_id = pytest.mark.parametrize("scenario_id", IDS)


def guide(scenario_id: str) -> str:
    return (GUIDES / f"{scenario_id}.md").read_text(encoding="utf-8")


@by_id
def test_guide_blocks_are_the_generated_ones(scenario_id):
    text = guide(scenario_id)
    for start, end in ((FACTS_START, FACTS_END), (FIGURES_START, FIGURES_END)):
        assert text.count(start) == 1 and text.count(end) == 1, (
            f"{scenario_id}.md needs one {start} … {end} block")
    assert replace_blocks(text, load_scenario(scenario_id)) == text, (
        f"the figures in docs/scenarios/{scenario_id}.md are out of date; run "
        f"`pmsim docs --write docs/scenarios/{scenario_id}.md`")


@by_id
def test_guide_prose_quotes_only_the_files_figures(scenario_id):
    problems = prose_problems(guide(scenario_id), load_scenario(scenario_id))
    assert not problems, "\n".join(problems)


def test_the_block_says_the_engines_bac_and_the_files_reserves():
    scenario = load_scenario("portal-launch")
    block = facts_block(scenario)
    assert f"BAC {money(scenario, baseline_for(scenario).bac)}" in block
    assert f"contingency {money(scenario, scenario.budget.contingency)}" in block
    assert "end of week 21 / end of week 34" in block


@pytest.mark.parametrize("wrong", [
    "| budget | BAC about €354,000, contingency €40,000 |",
    "The contingency €30,000 is small.",
    "The billing vendor's API (45 % in weeks 3–10: up to 15 days' delay).",
    "The billing vendor's API (55 % in weeks 4–10: up to 15 days' delay).",
    "The deadline is the end of week 20.",
    "Crashing costs €1,234 a day.",
    "The billing integration (24 / 30 / 60 days) is the biggest unknown.",
])
def test_the_drift_issue_11_found_is_caught(wrong):
    scenario = load_scenario("portal-launch")
    assert prose_problems(wrong, scenario), wrong


@pytest.mark.parametrize("right", [
    "| budget | BAC about €363,000, contingency €40,000 |",
    "The billing vendor's API (55 % in weeks 3–10: up to 15 days' delay).",
    "The team costs about €3,300 a day; the reckless bot spends €616k against €409k.",
    "On time in 74 % of games (74 % against 37 %).",
    "Crashing them is cheap (€1,400–1,500 a day).",
    "The billing integration (24 / 32 / 60 days) is the biggest unknown.",
])
def test_figures_that_agree_with_the_file_pass(right):
    assert prose_problems(right, load_scenario("portal-launch")) == []


def test_docs_check_and_write_a_guide(tmp_path, capsys):
    copy = tmp_path / "portal-launch.md"
    shutil.copy(GUIDES / "portal-launch.md", copy)
    assert main(["docs", "--check", str(copy)]) == 0
    copy.write_text(copy.read_text(encoding="utf-8").replace("€363,071", "€354,000"),
                    encoding="utf-8")
    assert main(["docs", "--check", str(copy)]) == 1
    assert main(["docs", "--write", str(copy)]) == 0
    assert copy.read_text(encoding="utf-8") == guide("portal-launch")
    capsys.readouterr()


def test_docs_refuses_a_guide_not_named_after_a_scenario(tmp_path, capsys):
    other = tmp_path / "notes.md"
    other.write_text(f"# Notes\n\n{FACTS_START}\n{FACTS_END}\n", encoding="utf-8")
    assert main(["docs", "--write", str(other)]) != 0
    assert "named after a built-in" in capsys.readouterr().err


@by_id
def test_guide_prose_quotes_no_results_of_games(scenario_id):
    """What the bots scored lives in the generated tables; prose that copies it goes
    stale (issue 11 found a guide saying the bot averages about 765 where the table said
    904)."""
    problems = measured_problems(guide(scenario_id), load_scenario(scenario_id))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("measured", [
    "The sensible bot averages about 765.",
    "Releasing people is worth 39 points.",
    "Sixty-hour weeks are the worst habit in the table (−440).",
    "It brings the final cost down to £557k.",
    "The budget holds in 98 % of games.",
    "They finish in week 24.2 on average.",
])
def test_a_figure_from_played_games_is_caught(measured):
    assert measured_problems(measured, load_scenario("crm-rollout")), measured


@pytest.mark.parametrize("quoted", [
    "Escalating costs 4 points of the sponsor's goodwill.",
    "A team of 7 and 120 reps in six regions.",
    "See the habits table: releasing people comes second.",
])
def test_a_figure_of_the_file_or_the_engine_is_not(quoted):
    assert not measured_problems(quoted, load_scenario("crm-rollout")), quoted


def test_names_from_the_file_cannot_break_a_guide_table():
    """A name with a pipe, markup or HTML stays inside its cell, as plain text."""
    scenario = load_scenario("tutorial")
    hostile = "[bold]Stall[/] | <b>built</b>"
    scope = [s.model_copy(update={"name": hostile}) if s.id == "stall" else s
             for s in scenario.scope]
    team = [scenario.team[0].model_copy(update={"name": hostile}), *scenario.team[1:]]
    scenario = scenario.model_copy(update={"scope": scope, "team": team})
    escaped = "[bold]Stall[/] \\| &lt;b&gt;built&lt;/b&gt;"
    must_row = next(line for line in facts_block(scenario).splitlines()
                    if line.startswith("| must-haves |"))
    assert escaped in must_row and must_row.count(" | ") == 1
    team_row = next(line for line in figures_block(scenario).splitlines()
                    if line.startswith(f"| {escaped} |"))
    assert team_row.replace("\\|", "").count("|") == 5  # four cells
