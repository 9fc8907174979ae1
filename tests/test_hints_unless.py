"""A tip never asks for what the player has done: a hint whose `unless` decision the
player has already taken does not appear, in the feed or the tip box."""

from __future__ import annotations

from pmsim import load_scenario
from pmsim.engine import decisions as d
from pmsim.engine.rules import all_rules
from pmsim.engine.simulation import Simulation
from pmsim.scenario.register import DECISION_KINDS


def _hints(sim: Simulation) -> list[str]:
    return [e.text for e in sim.feed if e.kind == "hint"]


def test_a_hint_is_skipped_once_the_player_did_what_it_asks() -> None:
    met, left = Simulation(load_scenario("tutorial"), 1), Simulation(load_scenario("tutorial"), 1)
    met.apply(d.MeetStakeholder("karl"))
    met.apply(d.SetReporting("summary"))
    for sim in (met, left):
        while sim.week < 3 and not sim.finished:
            for request in list(sim.pending):
                sim.answer(request, sim.pending[request].default)
            sim.advance()
    asked = [h for h in _hints(left) if h.startswith(("Stakeholders.", "Status reports."))]
    assert len(asked) == 2
    assert not any(h in _hints(met) for h in asked)
    assert any(h.startswith("Overtime.") for h in _hints(met))  # not done: still shown


def test_the_kinds_a_hint_may_name_are_the_engines_decisions() -> None:
    assert {r.kind for r in all_rules()} == DECISION_KINDS
