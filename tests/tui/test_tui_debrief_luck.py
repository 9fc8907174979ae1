"""The debrief's luck-adjusted result: computed in a worker thread with a progress bar
while the debrief stays usable, then explained in plain sentences; a problem is shown
in its place; leaving the debrief stops the work."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from helpers_tui import press, run, settle, wait_for, wait_until

import pmsim.results
from pmsim.errors import UserError
from pmsim.tui import make_app
from pmsim.tui.screens.debrief import DebriefScreen
from pmsim.tui.screens.start import StartScreen
from pmsim.tui.widgets.progress import WorkProgress

MINIMAL = str(Path(__file__).resolve().parents[1] / "data" / "minimal.toml")


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The bot's games wait for this gate after their first progress tick, so a test
    can look at the debrief while they are under way."""
    opened = threading.Event()
    real = pmsim.results.luck_report

    def held(*args, progress=None, **kwargs):  # type: ignore[no-untyped-def]
        progress(1, 4)
        assert opened.wait(20), "the test never opened the gate"
        return real(*args, progress=progress, **kwargs)

    monkeypatch.setattr(pmsim.results, "luck_report", held)
    return opened


def text_of(screen: DebriefScreen, selector: str) -> str:
    return str(screen.query_one(selector).render())


@run
async def test_the_luck_sentences_come_after_the_bot_games(gate: threading.Event) -> None:
    app = make_app(scenario=MINIMAL, seed=3, autoplay="passive", delay=0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for(pilot, DebriefScreen)
        await wait_until(pilot, lambda: screen.query("#luck-progress"), what="the bar")
        await settle(pilot)
        bar = screen.query_one("#luck-progress", WorkProgress)
        assert (bar.done, bar.total) == (1, 4) and "(1 of 4)" in bar.label()
        await press(pilot, "2")  # usable meanwhile: the charts …
        assert screen.query_one("TabbedContent").active == "money"
        await press(pilot, "1")  # … and back to the score
        gate.set()
        await wait_until(pilot, lambda: screen.luck is not None, what="the luck")
        await settle(pilot)
        assert not screen.query("#luck-progress")
        shown = " ".join(text_of(screen, "#luck-text").split())
        report = screen.luck
        assert report.reference_runs == 3  # tests/tui/conftest.py keeps it small
        assert " ".join(report.explain(screen.outcome.score).split()) in shown
        assert "vs. the baseline" in shown and str(report.baseline_score) in shown
    # the second time the store's cache answers: no bot games, no bar
    app = make_app(scenario=MINIMAL, seed=3, autoplay="passive", delay=0)
    async with app.run_test(size=(80, 24)) as pilot:
        again = await wait_for(pilot, DebriefScreen)
        await wait_until(pilot, lambda: again.luck is not None, what="the cached luck")
        assert again.luck == report


@run
async def test_a_problem_is_shown_instead(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise UserError("the results store is on a read-only disk")

    monkeypatch.setattr(pmsim.results, "cached_luck", broken)
    app = make_app(scenario=MINIMAL, seed=3, autoplay="passive", delay=0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for(pilot, DebriefScreen)
        await wait_until(pilot, lambda: screen.luck_problem, what="the problem")
        await settle(pilot)
        assert "read-only disk" in text_of(screen, "#luck-text")
        assert screen.query("#score-text") and screen.query("#score-dimensions")


@run
async def test_leaving_the_debrief_stops_the_bot_games(gate: threading.Event) -> None:
    app = make_app(scenario=MINIMAL, seed=3, autoplay="passive", delay=0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for(pilot, DebriefScreen)
        await wait_until(pilot, lambda: screen.query("#luck-progress"), what="the bar")
        workers = [w for w in app.workers if w.group == "luck"]
        assert isinstance(await press(pilot, "n"), StartScreen)
        gate.set()
        await wait_until(pilot, lambda: all(w.is_finished for w in workers),
                         what="the worker to stop")
        assert all(w.is_cancelled for w in workers)
        assert screen.luck is None
