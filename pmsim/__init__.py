"""pmsim: a project management training simulator.

Public API (no user-interface imports here):
    load_scenario(name_or_path) -> Scenario
    Simulation(scenario, seed) with advance(), apply(decision), answer(id, option),
        view() and outcome()
    the decision classes in pmsim.engine.decisions
"""

from pmsim.engine.decisions import DecisionError
from pmsim.engine.simulation import ENGINE_VERSION, Simulation
from pmsim.scenario import DEFAULT_SCENARIO, Scenario, ScenarioError, load_scenario

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_SCENARIO",
    "ENGINE_VERSION",
    "DecisionError",
    "Scenario",
    "ScenarioError",
    "Simulation",
    "__version__",
    "load_scenario",
]
