"""`pmsim whatif`: a saved game's futures with and without a decision, from the shell."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pmsim.cli import main
from pmsim.cli.whatif import parse_decision
from pmsim.engine.simulation import Simulation
from pmsim.errors import UserError
from pmsim.gamelog import GameLogWriter
from pmsim.policies import get_policy, take_turn
from pmsim.scenario import load_scenario


def _log(tmp_path: Path, weeks: int, finish: bool = False) -> Path:
    """A tutorial game the cautious bot played for `weeks` weeks (or to its end)."""
    sim = Simulation(load_scenario("tutorial"), 5)
    policy = get_policy("cautious")
    while not sim.finished and (finish or sim.week <= weeks):
        take_turn(sim, policy)
    path = tmp_path / "game.jsonl"
    writer = GameLogWriter()
    writer.start(path, sim, "tutorial")
    writer.close()
    return path


def test_futures_of_a_saved_game_from_a_week_it_played(tmp_path: Path, capsys) -> None:
    path = _log(tmp_path, 4)
    before = path.read_bytes()
    assert main(["whatif", str(path), "overtime level=1.1", "--week", "2", "--futures", "2",
                 "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["week"] == 2 and out["futures"] == 2
    assert out["decision"] == {"kind": "overtime", "level": 1.1}
    assert set(out["with"]) == {"p_on_time", "mean_cost", "mean_score", "score"}
    assert path.read_bytes() == before
    assert main(["whatif", str(path), '{"kind": "overtime", "level": 1.1}',
                 "--futures", "1"]) == 0
    text = capsys.readouterr().out
    assert "1 future from week" in text and "Expected:" in text


@pytest.mark.parametrize(("decision", "phrase"), [
    ("hire candidate=nobody", "refuse"),
    ("dance partner=sam", "unknown decision kind"),
    ("overtime", "needs exactly the fields"),
    ("overtime 1.1", "is not FIELD=VALUE"),
    ("{not json", "not valid JSON"),
])
def test_a_decision_the_game_cannot_take_is_explained(tmp_path: Path, capsys, decision: str,
                                                      phrase: str) -> None:
    path = _log(tmp_path, 2)
    assert main(["whatif", str(path), decision, "--futures", "1"]) == 1
    err = capsys.readouterr().err
    assert phrase in err and "Traceback" not in err


def test_a_finished_game_needs_a_week(tmp_path: Path, capsys) -> None:
    path = _log(tmp_path, 0, finish=True)
    assert main(["whatif", str(path), "overtime level=1.1", "--futures", "1"]) == 1
    assert "give --week K" in capsys.readouterr().err


def test_the_decision_text_reads_numbers_and_names() -> None:
    assert parse_decision("crash task=ux days=2.5") == {"kind": "crash", "task": "ux",
                                                        "days": 2.5}
    assert parse_decision("reporting level=summary") == {"kind": "reporting",
                                                         "level": "summary"}
    with pytest.raises(UserError):
        parse_decision("   ")


def test_a_refused_name_lists_the_ids_the_game_has(tmp_path: Path, capsys) -> None:
    """A new user does not know the game's ids: a decision naming something that is not
    there is answered with the ids its fields may take."""
    path = _log(tmp_path, 2)
    assert main(["whatif", str(path), "assign person=nobody task=nothing", "--futures", "1"]) == 1
    err = capsys.readouterr().err
    assert "the ids are: people on the team: " in err and "; tasks: " in err
    assert "candidates for hire" not in err
