"""Fixtures for the Textual game's tests: a private data folder for saved games, and no
cursor blink (so screenshots do not flake)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Saved games go to a fresh folder of this test's own."""
    folder = tmp_path / "pmsim-data"
    monkeypatch.setenv("PMSIM_DATA_DIR", str(folder))
    yield folder


@pytest.fixture(autouse=True)
def a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """`pmsim play` refuses to start without a terminal; these tests stand in for one."""
    import pmsim.cli.play as play

    monkeypatch.setattr(play, "_has_terminal", lambda: True)


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text inputs keep a steady cursor."""
    original = Input.__init__

    def steady(self: Input, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        self.cursor_blink = False

    monkeypatch.setattr(Input, "__init__", steady)


LUCK_RUNS = 3
"""Reference seeds for the luck-adjusted result in these tests (200 in a real game)."""


@pytest.fixture(autouse=True)
def few_luck_seeds(monkeypatch: pytest.MonkeyPatch) -> None:
    """The debrief's and the leaderboard's bot games stay a handful, so every test that
    reaches a debrief stays quick (and its luck sentences deterministic)."""
    import pmsim.results.luck_baseline

    monkeypatch.setattr(pmsim.results.luck_baseline, "REFERENCE_RUNS", LUCK_RUNS)


@pytest.fixture(autouse=True)
def notices_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    """A toast lasts until the test ends: toasts expire by the clock, and a test that
    reads one must not depend on how busy the machine is."""
    from pmsim.tui.app import PmsimApp

    original = PmsimApp.notify

    def lasting(self: PmsimApp, message: str, **kwargs: object) -> None:
        kwargs["timeout"] = 3600
        original(self, message, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(PmsimApp, "notify", lasting)
