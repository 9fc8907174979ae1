"""Scenario files: schema, loading, meaning checks and the built-in library."""

from pmsim.scenario.builtin import DEFAULT_SCENARIO, builtin_paths, list_builtin, load_scenario
from pmsim.scenario.load import parse_scenario_text, read_scenario_file, scenario_hash
from pmsim.scenario.problems import Problem, ScenarioError
from pmsim.scenario.schema import Scenario

__all__ = [
    "DEFAULT_SCENARIO",
    "Problem",
    "Scenario",
    "ScenarioError",
    "builtin_paths",
    "list_builtin",
    "load_scenario",
    "parse_scenario_text",
    "read_scenario_file",
    "scenario_hash",
]
