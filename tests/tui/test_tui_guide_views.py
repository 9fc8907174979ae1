"""The tutorial's guide names the dashboard's views and their keys as the game has them
(`pmsim.tui.widgets.panes.TABS`), so adding or moving a view cannot leave it stale."""

from __future__ import annotations

from pathlib import Path

from pmsim.tui.widgets.panes import TABS, tab_number

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "scenarios" / "tutorial.md"


def test_the_tutorial_guide_names_every_view_and_its_keys() -> None:
    text = " ".join(GUIDE.read_text("utf-8").split())
    keys = f"1–{len(TABS)}"
    assert f"keys {keys} switch the" in text and f"views {keys}" in text
    labels = ", ".join(tab.label for tab in TABS)
    assert f"({labels})" in text


def test_tab_numbers_follow_the_list() -> None:
    assert [tab_number(tab.id) for tab in TABS] == list(range(1, len(TABS) + 1))
