"""Text written by scenario authors (a briefing), shown as they laid it out: paragraphs
apart at blank lines, lines starting with "- ", "* " or "1. " as list items, and every
other line break just a wrap of the source, joined to fit the screen.

Deliberately not Markdown: an author's `*`, `_` or `#` stays as typed; only the two
layouts a plain-text briefing uses are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.console import RenderableType
from rich.text import Text

from pmsim.tui.plain import Table

ITEM = re.compile(r"^\s*(?:(?P<bullet>[-*•])|(?P<number>\d{1,3})[.)])\s+(?P<text>\S.*)$")
"""A list item's first line: '- text', '* text', '• text', '1. text' or '1) text'."""
BLANK = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class Block:
    """A paragraph (no items) or a list (items, each as (marker, text))."""

    text: str = ""
    items: tuple[tuple[str, str], ...] = ()
    follows: bool = False
    """A list right under its lead-in line ("You must:"), with no blank line between."""


def blocks(source: str) -> list[Block]:
    """The paragraphs and lists of `source`, in order, each line break within one
    joined by a space."""
    found: list[Block] = []
    for chunk in BLANK.split(source.strip()):
        paragraph: list[str] = []
        items: list[tuple[str, list[str]]] = []
        lead_in = False
        for line in chunk.splitlines():
            match = ITEM.match(line)
            if match:
                if paragraph:  # the lead-in ("You must:") before the list
                    found.append(Block(text=" ".join(paragraph)))
                    paragraph, lead_in = [], True
                marker = "•" if match["bullet"] else f"{match['number']}."
                items.append((marker, [match["text"].strip()]))
            elif line.strip():
                (items[-1][1] if items else paragraph).append(line.strip())
        if items:
            found.append(Block(items=tuple((m, " ".join(words)) for m, words in items),
                               follows=lead_in))
        elif paragraph:
            found.append(Block(text=" ".join(paragraph)))
    return found


def render_block(block: Block) -> RenderableType:
    """A paragraph as wrapped text; a list with each item wrapped under its own start."""
    if not block.items:
        return Text(block.text)
    table = Table.grid(padding=(0, 1))
    table.add_column(justify="right", no_wrap=True)
    table.add_column()
    for marker, text in block.items:
        table.add_row(f"  {marker}", text)
    return table


def prose(source: str) -> list[RenderableType]:
    """`source` laid out for the screen: its blocks with an empty line between them."""
    parts: list[RenderableType] = []
    for i, block in enumerate(blocks(source)):
        if i and not block.follows:
            parts.append(Text(""))
        parts.append(render_block(block))
    return parts
