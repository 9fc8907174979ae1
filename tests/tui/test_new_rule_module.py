"""Adding a decision kind is one rule module: a module written into the rules package,
and no other file touched, is applied by the engine, written to and replayed from a game
log, offered in the menu and on the dashboard's keys, and told in the journal."""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

import pmsim
import pmsim.engine.rules as rules_package
from pmsim import load_scenario
from pmsim.engine.decisions import DECISION_TYPES, DecisionError, decision_from_dict
from pmsim.engine.rules import rediscover, rule_by_key
from pmsim.engine.simulation import Simulation
from pmsim.gamelog import GameLogWriter, replay
from pmsim.policies import RandomPolicy
from pmsim.session.journal import describe
from pmsim.tui.actions import menu_actions
from pmsim.tui.dialogs.actions_menu import ActionsMenu

WAVE_MODULE = textwrap.dedent('''\
    """Wave at the team: a decision kind that no other file names."""

    from __future__ import annotations

    from dataclasses import dataclass
    from typing import TYPE_CHECKING, ClassVar

    from pmsim.engine.rules.base import Decision, DecisionRule, Names, Preview

    if TYPE_CHECKING:
        from pmsim.engine.simulation import Simulation


    @dataclass(frozen=True)
    class Wave(Decision):
        """Wave at the team."""

        kind: ClassVar[str] = "wave"
        attention: ClassVar[float] = 0.5


    class WaveRule(DecisionRule[Wave]):
        """Once a week, half an hour, a line in the feed."""

        decision = Wave
        key, menu, group = "W", "Wave at the team", "Team"
        order = 95
        once_a_week = True

        def apply(self, sim: Simulation, x: Wave) -> None:
            sim.note("decision", "You waved at the team.")

        def sentence(self, sim: Simulation, x: Wave, p: Preview) -> str:
            return "A friendly wave"

        def describe(self, x: Wave, names: Names) -> str:
            return "Waved at the team."


    RULES = (WaveRule(),)
    ''')

NAME = f"{rules_package.__name__}.wave"


@pytest.fixture
def wave(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """The wave module, written into a folder on the rules package's path, and found."""
    (tmp_path / "wave.py").write_text(WAVE_MODULE)
    importlib.invalidate_caches()
    monkeypatch.setattr(rules_package, "__path__", [*rules_package.__path__, str(tmp_path)])
    try:
        rediscover()
        yield sys.modules[NAME]
    finally:
        monkeypatch.undo()
        sys.modules.pop(NAME, None)
        rediscover()


def test_a_new_rule_module_is_played_logged_replayed_offered_and_told(
    wave: ModuleType, tmp_path: Path
) -> None:
    scenario = load_scenario("portal-launch")
    sim = Simulation(scenario, 1)
    assert wave.Wave() in RandomPolicy().candidates(sim.view())  # the random bot tries it
    log = tmp_path / "game.pmsimlog"
    with GameLogWriter() as writer:
        writer.start(log, sim, "portal-launch")
        assert sim.preview(wave.Wave()).text == "A friendly wave (0.5 h of your attention)."
        left = sim.attention.left()
        sim.apply(wave.Wave())
        assert sim.attention.left() == pytest.approx(left - 0.5)
        with pytest.raises(DecisionError, match="once a week"):
            sim.check(wave.Wave())
        sim.advance()
    assert {"action": "apply", "decision": {"kind": "wave"}} in sim.actions
    assert DECISION_TYPES["wave"] is wave.Wave
    assert decision_from_dict({"kind": "wave"}) == wave.Wave()
    again = replay(log)
    assert again.actions == sim.actions
    assert any(e.text == "You waved at the team." for e in again.feed)
    assert describe(wave.Wave(), scenario) == "Waved at the team."
    keys = [a.key for a in menu_actions()]
    assert keys.index("W") == keys.index("y") + 1  # order 95: after recognition (90)
    action = next(a for a in menu_actions() if a.key == "W")
    assert (action.name, action.group, action.attention) == ("Wave at the team", "Team", 0.5)
    assert "W" in {a.key for a in ActionsMenu(10.0).actions}


def test_without_the_module_the_kind_is_unknown(wave: ModuleType) -> None:
    sys.modules.pop(NAME)
    (Path(wave.__file__ or "")).unlink()
    rediscover()
    assert rule_by_key("W") is None
    assert "wave" not in DECISION_TYPES
    with pytest.raises(DecisionError, match="unknown decision kind"):
        decision_from_dict({"kind": "wave"})


def test_a_rule_module_in_a_copy_of_the_package_gets_its_dashboard_key(tmp_path: Path) -> None:
    """The dashboard binds its keys when it is imported: a rule module that is in the
    package from the start has its key there, with no other file changed."""
    copy = tmp_path / "pmsim"
    shutil.copytree(Path(pmsim.__file__).parent, copy,
                    ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "engine" / "rules" / "wave.py").write_text(WAVE_MODULE)
    script = textwrap.dedent(f"""\
        from pathlib import Path
        import pmsim
        assert Path(pmsim.__file__).parent == Path({str(copy)!r}), pmsim.__file__
        from pmsim.engine import decisions
        from pmsim.tui.actions import ACTION_BY_KEY
        from pmsim.tui.screens.dashboard import DashboardScreen
        assert decisions.DECISION_TYPES["wave"].__module__.endswith(".rules.wave")
        assert ACTION_BY_KEY["W"].name == "Wave at the team"
        assert "W" in {{b.key for b in DashboardScreen.BINDINGS}}
        """)
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
