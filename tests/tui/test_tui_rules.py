"""The engine, the TUI menu and the journal read one registry of decision rules: a new
rule registered there is taken, previewed, offered in the menu and told in the journal
with no other change."""

from __future__ import annotations

import pytest

from pmsim import load_scenario
from pmsim.engine.decisions import DecisionError
from pmsim.engine.rules import registered, rule_for
from pmsim.engine.simulation import Simulation
from pmsim.session.journal import describe
from pmsim.tui.actions import menu_actions
from pmsim.tui.dialogs.actions_menu import ActionsMenu
from tests.wave_rule import Wave, WaveRule


class WeeklyWaveRule(WaveRule):
    """The wave, once a week."""

    once_a_week = True


def test_a_new_rule_shows_up_everywhere() -> None:
    scenario = load_scenario("portal-launch")
    sim = Simulation(scenario, 1)
    with pytest.raises(DecisionError, match="unknown decision"):
        sim.check(Wave())
    with registered(WeeklyWaveRule()):
        assert sim.preview(Wave()).text == "A friendly wave (0.5 h of your attention)."
        left = sim.attention.left()
        sim.apply(Wave())
        assert sim.attention.left() == pytest.approx(left - 0.5)
        assert sim.feed[-1].text == "You waved at the team."
        with pytest.raises(DecisionError, match="once a week"):
            sim.check(Wave())
        assert describe(Wave(), scenario) == "Waved at the team."
        action = next(a for a in menu_actions() if a.key == "Q")
        assert (action.name, action.group, action.attention) == ("Wave at the team", "Team", 0.5)
        assert "Q" in {a.key for a in ActionsMenu(10.0).actions}
    with pytest.raises(DecisionError):
        rule_for(Wave)
    assert "Q" not in {a.key for a in menu_actions()}
