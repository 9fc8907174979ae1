"""A briefing keeps the author's layout: blank lines part paragraphs, "- " and "* " lines
stay list items (wrapped under their own text), other line breaks are only wraps."""

from __future__ import annotations

import io

from rich.console import Console, Group, RenderableType

from pmsim.scenario import load_scenario
from pmsim.session.game import GameSession
from pmsim.tui.prose import Block, blocks, prose
from pmsim.tui.screens.briefing import charter
from pmsim.tui.screens.start import scenario_preview

BRIEFING = """
Harbour Street Bakery needs a stall
by week 5.

You must:
- build the stall and pass the
  market's safety inspection;
* have the menu ready.
Keep 5 * 3 = 15 and snake_case as typed.

  1. First step
  2) Second step
"""


def text_of(*parts: RenderableType, width: int = 40) -> list[str]:
    out = io.StringIO()
    Console(file=out, width=width, color_system=None).print(Group(*parts))
    return [line.rstrip() for line in out.getvalue().splitlines()]


def test_paragraphs_and_lists_are_kept() -> None:
    assert blocks(BRIEFING) == [
        Block(text="Harbour Street Bakery needs a stall by week 5."),
        Block(text="You must:"),
        Block(items=(("•", "build the stall and pass the market's safety inspection;"),
                     ("•", "have the menu ready. Keep 5 * 3 = 15 and snake_case as "
                      "typed.")), follows=True),
        Block(items=(("1.", "First step"), ("2.", "Second step"))),
    ]
    assert blocks("One line\nwrapped.\n   \nNext.") == [Block(text="One line wrapped."),
                                                       Block(text="Next.")]


def test_list_items_wrap_under_their_own_text() -> None:
    lines = text_of(*prose(BRIEFING))
    assert lines == [
        "Harbour Street Bakery needs a stall by", "week 5.", "",
        "You must:",
        "  • build the stall and pass the",
        "    market's safety inspection;",
        "  • have the menu ready. Keep 5 * 3 = 15",
        "    and snake_case as typed.", "",
        "  1. First step",
        "  2. Second step"]


def test_the_briefing_screen_and_the_start_preview_show_the_list() -> None:
    scenario = load_scenario("tutorial")
    scenario = scenario.model_copy(update={"meta": scenario.meta.model_copy(
        update={"briefing": "Before you start:\n- read the charter\n- press e\n\nGo."})})
    view = GameSession.new("tutorial", 3).view()
    lines = text_of(*charter(scenario, view), width=80)
    start = lines.index("Before you start:")
    assert lines[start + 1:start + 5] == ["  • read the charter", "  • press e", "", "Go."]
    preview = text_of(scenario_preview(scenario), width=60)
    assert "  • read the charter" in preview and "Go." not in preview  # the first block
    listed = scenario.model_copy(update={"meta": scenario.meta.model_copy(
        update={"briefing": "- one\n- two\n\nMore."})})
    assert "  • one" in text_of(scenario_preview(listed), width=60)
