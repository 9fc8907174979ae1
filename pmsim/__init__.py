"""pmsim: a project management training simulator.

Public API (no user-interface imports here; loaded on first use so that the command
line starts quickly):
    load_scenario(name_or_path) -> Scenario
    Simulation(scenario, seed) with advance(), apply(decision), answer(id, option),
        view() and outcome()
    the decision classes in pmsim.engine.decisions
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "DEFAULT_SCENARIO": "pmsim.scenario",
    "Scenario": "pmsim.scenario",
    "ScenarioError": "pmsim.scenario",
    "load_scenario": "pmsim.scenario",
    "DecisionError": "pmsim.engine.decisions",
    "ENGINE_VERSION": "pmsim.engine.simulation",
    "Simulation": "pmsim.engine.simulation",
}

if TYPE_CHECKING:
    from pmsim.engine.decisions import DecisionError
    from pmsim.engine.simulation import ENGINE_VERSION, Simulation
    from pmsim.scenario import DEFAULT_SCENARIO, Scenario, ScenarioError, load_scenario


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'pmsim' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


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
