"""Snapshots of the main screens at 80×24 with seed 7 (pytest-textual-snapshot).

After a deliberate change of the screens, look at the new pictures and accept them with
`pytest tests/tui/test_tui_snapshots.py --snapshot-update`."""

from __future__ import annotations

import pytest
from helpers_tui import next_keys, press, settle, start_new_game, wait_for, wait_until
from rich.text import Text
from textual.pilot import Pilot

from pmsim.results import LuckReport
from pmsim.tui import make_app
from pmsim.tui.dialogs.request import RequestDialog
from pmsim.tui.screens.debrief import DebriefScreen

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def only_the_default_scenario(monkeypatch: pytest.MonkeyPatch) -> None:
    """The start screen lists the built-ins; show only the default so the picture does
    not change whenever a scenario is added to the library."""
    import pmsim.tui.screens.start as start
    from pmsim.scenario import DEFAULT_SCENARIO, builtin_paths

    paths = builtin_paths()
    monkeypatch.setattr(start, "builtin_paths",
                        lambda: {DEFAULT_SCENARIO: paths[DEFAULT_SCENARIO]})


async def quiet(pilot: Pilot) -> None:
    """No toasts in the picture (they time out by the clock)."""
    await settle(pilot)
    pilot.app.clear_notifications()
    await settle(pilot)


def test_start_screen(snap_compare) -> None:
    assert snap_compare(make_app(seed=7), terminal_size=SIZE, run_before=quiet)


def test_briefing(snap_compare) -> None:
    async def before(pilot: Pilot) -> None:
        await settle(pilot)
        await press(pilot, "enter")
        await quiet(pilot)

    assert snap_compare(make_app(seed=7), terminal_size=SIZE, run_before=before)


def test_dashboard(snap_compare) -> None:
    async def before(pilot: Pilot) -> None:
        await settle(pilot)
        await start_new_game(pilot)
        await quiet(pilot)

    assert snap_compare(make_app(seed=7), terminal_size=SIZE, run_before=before)


def test_change_request_dialog(snap_compare) -> None:
    async def before(pilot: Pilot) -> None:
        await settle(pilot)
        await start_new_game(pilot)
        for _ in range(30):
            screen = pilot.app.screen
            if isinstance(screen, RequestDialog):
                break
            await press(pilot, *next_keys(screen))
        assert isinstance(pilot.app.screen, RequestDialog)
        await quiet(pilot)

    assert snap_compare(make_app(seed=7), terminal_size=SIZE, run_before=before)


FIXED_LUCK = LuckReport(
    scenario_id="portal-launch", scenario_hash="0" * 16, seed=7, engine="1",
    policy="cautious", baseline_score=700, kinder_than=62.5, reference_runs=200,
    reference_mean=690.0)
"""The luck panel in the picture: fixed, so improving the bot does not change it."""


def test_debrief(snap_compare, monkeypatch: pytest.MonkeyPatch) -> None:
    import pmsim.report.takeover
    import pmsim.results
    from pmsim.report.takeover import Takeover, TakeoverAdvice

    monkeypatch.setattr(DebriefScreen, "log_line",
                        lambda self: Text("Game log: (path left out of the snapshot)"))
    monkeypatch.setattr(pmsim.results, "cached_luck", lambda *args, **kwargs: FIXED_LUCK)
    monkeypatch.setattr(pmsim.report.takeover, "takeover_advice",
                        lambda log: TakeoverAdvice(700, (Takeover(1, 760, 60),)))

    async def before(pilot: Pilot) -> None:
        screen = await wait_for(pilot, DebriefScreen)
        await wait_until(pilot, lambda: screen.luck is not None, what="the luck sentences")
        await wait_until(pilot, lambda: screen.measured, what="the measured advice")
        await quiet(pilot)

    app = make_app(seed=7, autoplay="passive", delay=0)
    assert snap_compare(app, terminal_size=SIZE, run_before=before)
