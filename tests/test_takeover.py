"""Advice from this game (issue 12): the cautious bot takes the game over at the start of
each week with the game's own luck; the differences say what the player's decisions
were worth, and the costliest week is where "next time" starts. The figures match
`pmsim play --from LOG --week K` played on by the bot."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

from pmsim.cli import main
from pmsim.policies import get_policy, take_turn
from pmsim.report.takeover import MARGIN, Takeover, TakeoverAdvice, takeover_advice
from pmsim.rewind import rewind

GOLDEN = Path(__file__).resolve().parent / "golden"
STEADY = json.loads((GOLDEN / "expected.json").read_text(encoding="utf-8"))[
    "steady-pm.jsonl"]["score"]
"""The golden steady-pm game's score (regenerated with the golden logs)."""


def test_each_takeover_is_the_bot_playing_on_from_that_week() -> None:
    log = GOLDEN / "steady-pm.jsonl"
    advice = takeover_advice(log)
    assert advice.player_score == STEADY
    assert [t.week for t in advice.takeovers] == list(range(1, len(advice.takeovers) + 1))
    week = advice.takeovers[4]
    sim, bot = rewind(log, week.week), get_policy("cautious")
    while not sim.finished:
        take_turn(sim, bot)
    assert sim.outcome().score == week.score == STEADY + week.gain


def test_the_sentence_names_the_costliest_week_and_differs_between_games() -> None:
    texts = {name: takeover_advice(GOLDEN / f"{name}.jsonl").sentence()
             for name in ("steady-pm", "firefighter")}
    assert texts["steady-pm"] != texts["firefighter"]
    for text in texts.values():
        assert text.startswith("Played by the cautious bot from the start")
        assert "The costliest week was week " in text and "Next time, start there." in text


def test_a_game_as_good_as_the_bot_gets_no_invented_loss() -> None:
    level = TakeoverAdvice(800, (Takeover(1, 801, 1), Takeover(2, 799, -1)))
    assert level.costliest_week is None
    assert level.sentence() == ("Played by the cautious bot from the start, on the same "
                                "luck, this game scores 801; you did as well or better (800).")
    worse = TakeoverAdvice(700, (Takeover(1, 760, 60), Takeover(2, 705, 5)))
    assert worse.costliest_week == (Takeover(1, 760, 60), 55) and MARGIN < 55


def test_the_report_leads_its_advice_with_the_measured_sentence(
        capsys: object, tmp_path: Path) -> None:
    out = tmp_path / "debrief.md"
    assert main(["report", str(GOLDEN / "steady-pm.jsonl"), "--format", "md", "--out",
                 str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "Played by the cautious bot from the start, on the same luck" in text
    assert "Most points lost:" in text  # the dimension's advice follows it


def test_the_report_sets_the_players_decisions_beside_the_bots(tmp_path: Path) -> None:
    advice = takeover_advice(GOLDEN / "steady-pm.jsonl")
    first = advice.beside[0]
    assert first.week == 1 and "Status reports: detailed." in first.yours
    assert any(line.startswith("Risk '") for line in first.bot)  # the bot plans responses
    hours = ["Working hours set to 40 h a week.", *(  # a setting left as it was is no news
        line for week in advice.beside for line in week.bot if line.startswith("Working hours"))]
    assert all(a != b for a, b in pairwise(hours))
    for fmt in ("md", "html", "json"):
        out = tmp_path / f"debrief.{fmt}"
        assert main(["report", str(GOLDEN / "steady-pm.jsonl"), "--format", fmt, "--out",
                     str(out)]) == 0
        text = out.read_text(encoding="utf-8")
        assert "beside the cautious bot" in text or '"beside_bot"' in text
        assert "Status reports: detailed; Met: Helen Okafor" in text or fmt == "json"


def test_key_decisions_name_how_a_risk_was_answered_and_not_what_no_one_decided() -> None:
    from pmsim import load_scenario
    from pmsim.engine.turn import FeedEvent
    from pmsim.policies import play_game
    from pmsim.report.takeover import key_decisions

    sim = play_game(load_scenario("tutorial"), 0, get_policy("cautious"))
    assert any(a.get("request") == "risk:timber-late:w2" for a in sim.actions)  # answered
    week2 = key_decisions(sim)[2]
    assert any("Timber delivery is late" in line and "(absorbed)" in line for line in week2)
    found = "The board found out by itself that the project is out of tolerance (time)."
    sim.feed.append(FeedEvent(3, 12.0, "board", found))
    assert found not in key_decisions(sim).get(3, [])
