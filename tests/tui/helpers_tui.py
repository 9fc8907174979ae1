"""Driving the game with key presses, as a player would."""

from __future__ import annotations

import os
import time

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.worker import WorkerState

from pmsim.tui.app import PmsimApp

GUARD_SECONDS = float(os.environ.get("PMSIM_TEST_GUARD", "900"))
"""How long a wait may take before the test fails: a guard against a hang, never a way
to synchronise (every wait returns as soon as the app's state says it is done), and
generous, so a machine busy with other work does not fail a test."""


def waiting_for_the_player(app: App) -> int:  # type: ignore[type-arg]
    """How many workers are waiting for a dialog to be answered."""
    return sum(1 for screen in app.screen_stack for callback in screen._result_callbacks
               if callback.future is not None and not callback.future.done())


def busy(app: App) -> bool:  # type: ignore[type-arg]
    """True while the app is still at work on what the player did: an async worker (a
    decision, the week's flow, a question) that is not waiting for a dialog to be
    answered. Thread workers (bot games, recording, the leaderboard) run beside a usable
    screen, as the bot of autoplay does; a test waits for their results with
    `wait_until`."""
    active = [w for w in app.workers if w.state in (WorkerState.PENDING, WorkerState.RUNNING)
              and w.group != "autoplay" and not w._thread_worker]
    return len(active) > waiting_for_the_player(app)


async def settle(pilot: Pilot, rounds: int = 3) -> None:
    """Let the app handle the keys pressed and finish the work they started: at least
    `rounds` pauses, then more until no worker is busy (see `busy`)."""
    for _ in range(rounds):
        await pilot.pause()
    deadline = time.monotonic() + GUARD_SECONDS
    while busy(pilot.app):
        if time.monotonic() > deadline:
            raise AssertionError("the app is still busy after the guard time")
        await pilot.pause(0.01)
    await pilot.pause()


async def press(pilot: Pilot, *keys: str) -> Screen:
    """Press keys, let the app settle, and return the screen now on top."""
    await pilot.press(*keys)
    await settle(pilot)
    return pilot.app.screen


async def wait_for(pilot: Pilot, screen_type: type) -> Screen:
    """Pause until a screen of this type is on top (autoplay runs on its own); bounded
    by `GUARD_SECONDS` only."""
    deadline = time.monotonic() + GUARD_SECONDS
    while time.monotonic() < deadline:
        if isinstance(pilot.app.screen, screen_type):
            await settle(pilot)  # mounted and laid out, as a person would first see it
            return pilot.app.screen
        await pilot.pause(0.01)
    raise AssertionError(f"no {screen_type.__name__}; on {type(pilot.app.screen).__name__}")


def app_of(pilot: Pilot) -> PmsimApp:
    """The game app under test."""
    app = pilot.app
    assert isinstance(app, PmsimApp)
    return app


def run(test):  # type: ignore[no-untyped-def]
    """Run an async test function in its own event loop (no async plugin needed)."""
    import asyncio
    import functools

    @functools.wraps(test)
    def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
        return asyncio.run(test(*args, **kwargs))

    return wrapper


async def wait_until(pilot: Pilot, ready, what: str = "") -> None:  # type: ignore[no-untyped-def]
    """Pause until `ready()` is true (a worker thread has finished, say); bounded by
    `GUARD_SECONDS` only."""
    deadline = time.monotonic() + GUARD_SECONDS
    while time.monotonic() < deadline:
        if ready():
            return
        await pilot.pause(0.01)
    raise AssertionError(f"timed out waiting for {what or ready}")


def notices(app) -> list[str]:  # type: ignore[no-untyped-def]
    """The notifications on screen now, as 'title: message'."""
    return [f"{n.title}: {n.message}" for n in app._notifications]


async def dismiss_tips(pilot: Pilot) -> Screen:
    """Close the tip box, if one shows (as a player who has read it), and return the
    screen under it."""
    from pmsim.tui.dialogs.tips import TipsDialog

    while isinstance(pilot.app.screen, TipsDialog):
        await press(pilot, "enter")
    return pilot.app.screen


async def start_new_game(pilot: Pilot) -> Screen:
    """From the start screen: play the highlighted scenario, read its briefing, and get
    past the opening tips to the dashboard."""
    await press(pilot, "enter", "enter")
    return await dismiss_tips(pilot)


def next_keys(screen: Screen) -> tuple[str, ...]:
    """The keys a player who wants to get on presses on this screen: the first option of
    a request (1 moves to it, enter answers), enter on the end-of-week dialog and the
    tip box, e on the dashboard."""
    from pmsim.tui.dialogs.end_week import EndWeekDialog
    from pmsim.tui.dialogs.request import RequestDialog
    from pmsim.tui.dialogs.tips import TipsDialog

    if isinstance(screen, RequestDialog):
        return ("1", "enter")
    if isinstance(screen, (EndWeekDialog, TipsDialog)):
        return ("enter",)
    return ("e",)


async def play_to_the_end(pilot: Pilot, tries: int = 200) -> Screen:
    """From the dashboard, end weeks (answering every request with its first option)
    until the debrief shows."""
    from pmsim.tui.screens.debrief import DebriefScreen

    for _ in range(tries):
        screen = pilot.app.screen
        if isinstance(screen, DebriefScreen):
            return screen
        await press(pilot, *next_keys(screen))
    raise AssertionError(f"no debrief; on {type(pilot.app.screen).__name__}")
