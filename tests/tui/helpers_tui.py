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
