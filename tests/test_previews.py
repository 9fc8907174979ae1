"""Previews show the schedule (issue 12): the forecast before and after a decision comes
from the game itself, replayed on the side with the decision taken, so the game, its
luck and its log are untouched; in the game, the confirm dialog of a decision that
moves work says how the P50 week and the chance of meeting the deadline would move."""

from __future__ import annotations

from pathlib import Path

from pmsim.engine import decisions as d
from pmsim.session.game import GameSession
from pmsim.tui.format import forecast_change


def test_the_forecast_after_a_decision_leaves_the_game_as_it_was(tmp_path: Path) -> None:
    session = GameSession.new("portal-launch", 3)
    session.start_log(tmp_path / "game.jsonl")
    view, log = session.view(), session.log_path.read_bytes()  # type: ignore[union-attr]
    both = session.forecast_with(d.SetOvertime(1.1))
    assert both is not None
    before, after = both
    assert before == view.forecast
    assert after.p50_day < before.p50_day and after.p_on_time > before.p_on_time
    assert session.view() == view and not session.actions
    assert session.log_path.read_bytes() == log  # type: ignore[union-attr]
    session.apply(d.SetOvertime(1.1))  # taken for real, the game's forecast is the preview's
    assert session.view().forecast == after
    assert session.forecast_with(d.SetOvertime(9.0)) is None  # refused: no forecast


def test_the_forecast_line_says_what_moves() -> None:
    session = GameSession.new("portal-launch", 3)
    both = session.forecast_with(d.SetOvertime(1.1))
    assert both is not None
    line = forecast_change(*both)
    assert line.startswith(f"Forecast: P50 week {both[0].p50_week} → {both[1].p50_week}")
    same = forecast_change(both[0], both[0])
    assert same.startswith("Forecast unchanged: P50 week")


def test_the_contingency_preview_shows_the_balance_after_the_draw() -> None:
    from pmsim.engine.simulation import Simulation
    from pmsim.scenario import load_scenario

    sim = Simulation(load_scenario("portal-launch"), 0)
    text = sim.preview(d.DrawContingency(5000)).text
    assert "leaving 35,000 EUR of the 40,000 EUR there now" in text


def test_a_crash_preview_shows_the_days_it_buys_only_on_the_critical_path() -> None:
    session = GameSession.new("portal-launch", 3)
    tasks = [t for t in session.view().tasks if t.can_crash_days > 0]
    critical = max(tasks, key=lambda t: t.criticality)
    off_path = min(tasks, key=lambda t: t.criticality)
    before, after = session.forecast_with(
        d.Crash(critical.id, min(5.0, critical.can_crash_days))) or (None, None)
    assert before is not None and after is not None
    assert after.p50_day < before.p50_day and after.p_on_time > before.p_on_time
    same = session.forecast_with(d.Crash(off_path.id, min(5.0, off_path.can_crash_days)))
    assert same is not None and same[1].p50_day == same[0].p50_day
