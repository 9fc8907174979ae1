"""Driving the game with key presses, as a player would."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.screen import Screen

from pmsim.tui.app import PmsimApp


async def settle(pilot: Pilot, rounds: int = 3) -> None:
    """Let the app handle the keys pressed and the workers they started."""
    for _ in range(rounds):
        await pilot.pause()


async def press(pilot: Pilot, *keys: str) -> Screen:
    """Press keys, let the app settle, and return the screen now on top."""
    await pilot.press(*keys)
    await settle(pilot)
    return pilot.app.screen


async def wait_for(pilot: Pilot, screen_type: type, tries: int = 200) -> Screen:
    """Pause until a screen of this type is on top (autoplay runs on its own)."""
    for _ in range(tries):
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


async def wait_until(pilot: Pilot, ready, tries: int = 500, what: str = "") -> None:  # type: ignore[no-untyped-def]
    """Pause until `ready()` is true (a worker thread has finished, say)."""
    for _ in range(tries):
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


def next_key(screen: Screen) -> str:
    """The key a player who wants to get on presses on this screen: the first option of
    a request, enter on the end-of-week dialog and the tip box, e on the dashboard."""
    from pmsim.tui.dialogs.end_week import EndWeekDialog
    from pmsim.tui.dialogs.request import RequestDialog
    from pmsim.tui.dialogs.tips import TipsDialog

    if isinstance(screen, RequestDialog):
        return "1"
    if isinstance(screen, (EndWeekDialog, TipsDialog)):
        return "enter"
    return "e"


async def play_to_the_end(pilot: Pilot, tries: int = 200) -> Screen:
    """From the dashboard, end weeks (answering every request with its first option)
    until the debrief shows."""
    from pmsim.tui.screens.debrief import DebriefScreen

    for _ in range(tries):
        screen = pilot.app.screen
        if isinstance(screen, DebriefScreen):
            return screen
        await press(pilot, next_key(screen))
    raise AssertionError(f"no debrief; on {type(pilot.app.screen).__name__}")
