"""Text that comes from data, made safe at the boundary where it is read.

Scenario files, game logs, team and workshop names and the results store all hold
strings that somebody else wrote. Whatever they contain, they reach a terminal or a
screen only as plain characters: control characters (an ANSI escape, a bell, a
carriage return that rewrites a line, a newline that splits a table row) and the
Unicode controls that reorder a line are replaced here, once, when the string is read.
Markup is a separate matter: front ends never parse these strings as markup
(`pmsim.tui.plain` and `pmsim.cli.terminal.console`), so brackets stay brackets.

No UI imports: the engine, the scenario loader and the log reader use this module.
"""

from __future__ import annotations

import unicodedata

REPLACEMENT = "\ufffd"
"""What a control character becomes: visible, so a reader sees that something was there."""

_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Embeddings, overrides and isolates: they reorder the rest of a line (or a table row)."""
_LINE_BREAKS = frozenset("\n\r\t\v\f\x1c\x1d\x1e\x85\u2028\u2029")
"""Characters that break or move to a new line in some terminal or another."""
_UNSHOWABLE = frozenset({"Cc", "Cs"})
"""Control characters, and lone surrogates (valid JSON, but no file or terminal takes
them as UTF-8)."""


def _clean(text: str, keep_newlines: bool) -> str:
    out: list[str] = []
    for ch in text:
        if ch == "\n" and keep_newlines:
            out.append(ch)
        elif ch in _LINE_BREAKS:
            out.append(" ")
        elif ch in _BIDI_CONTROLS:
            continue
        elif unicodedata.category(ch) in _UNSHOWABLE:
            out.append(REPLACEMENT)
        else:
            out.append(ch)
    return "".join(out)


def _needs_cleaning(text: str) -> bool:
    return any(ch in _LINE_BREAKS or ch in _BIDI_CONTROLS
               or unicodedata.category(ch) in _UNSHOWABLE for ch in text)


def clean_line(text: str) -> str:
    """A one-line string (a name, a title, an id): every line break and tab becomes a
    space, other control characters (and lone surrogates) become U+FFFD, bidi overrides
    are dropped."""
    if not _needs_cleaning(text):
        return text
    return _clean(text.replace("\r\n", "\n"), keep_newlines=False)


def clean_block(text: str) -> str:
    """Prose that may run over several lines (a briefing, a description): as
    `clean_line`, but newlines stay (a lone carriage return becomes one)."""
    if not _needs_cleaning(text.replace("\n", "")):
        return text
    return _clean(text.replace("\r\n", "\n").replace("\r", "\n"), keep_newlines=True)


def markdown_cell(text: object) -> str:
    """Text made safe for a Markdown table cell: no pipes or line breaks, and no raw HTML
    (names come from scenario files and players; a converter such as pandoc would pass
    HTML on)."""
    text = " ".join(str(text).split()).replace("\\", "\\\\").replace("|", "\\|")
    return text.replace("<", "&lt;").replace(">", "&gt;")
