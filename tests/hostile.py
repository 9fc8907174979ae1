"""A corpus of hostile strings, and a scenario file with one in every text field.

Used by the tests that play such a scenario through every command and through the
whole TUI (`tests/test_hostile_cli.py`, `tests/tui/test_tui_hostile.py`): nothing may
crash, no markup may turn into an action, no escape byte may reach a terminal, and the
literal text stays visible.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pmsim.scenario import builtin_paths
from tests.toml_writer import dumps

MARKERS = ("x[/]", "[@click=app.quit]", "[bold red]loud", ":cross_mark:")
"""Pieces of the corpus short enough to fit on one line anywhere they are shown."""

HOSTILE = (
    "[@click=app.screenshot('x.svg','/tmp/pwned')]Ana[/]",
    "[@click=app.quit]Quit[/]",
    "x[/]",
    "[bold red]loud",
    "]]][[[ [/link] [link=file:///etc/passwd]",
    "\x1b]0;PWNED\x07\x1b[2J\x1b[31mred",
    "line one\nline two\r\nfake | row",
    "\u202eevil\u202c and \u200fRTL\u200f mark",
    "🚀 👩‍💻 team ✓",
    ":cross_mark: :smile:",
    "<script>alert(1)</script> & </td>",
    "%s {0} {name} $HOME `id`",
    "W" * 80,
)
"""Markup, click actions, unbalanced brackets, ANSI escapes, control characters, bidi
marks, emoji, Rich emoji codes, HTML, format strings and a name at the longest allowed."""

HOSTILE_TEAM = "[@click=app.quit]T[/] x[/] \x1b]0;PWNED\x07\x1b[2J\nfake row"
"""A team name that tries markup, an OSC title change, a screen clear and a new line."""

_TEXT_KEYS = {"title", "name", "briefing", "description", "role", "domain", "text"}
_SHORT = {"currency": "[/]€"}


def _hostile(value: Any, key: str, counter: list[int]) -> Any:
    """`value` with every text field replaced by the next string of the corpus."""
    if isinstance(value, dict):
        return {k: _hostile(v, k, counter) for k, v in value.items()}
    if isinstance(value, list):
        if key == "learning_objectives":
            return [HOSTILE[i % len(HOSTILE)] for i in range(len(value))]
        return [_hostile(v, key, counter) for v in value]
    if isinstance(value, str) and key in _SHORT:
        return _SHORT[key]
    if isinstance(value, str) and key in _TEXT_KEYS:
        counter[0] += 1
        text = HOSTILE[counter[0] % len(HOSTILE)]
        return text if len(text) >= 80 else f"{text} #{counter[0]}"
    return value


def hostile_scenario(folder: Path, base: str = "tutorial") -> Path:
    """A built-in scenario with a hostile string in every text field, written to
    `folder`; it validates (the strings are within the documented lengths)."""
    raw = tomllib.loads(builtin_paths()[base].read_text(encoding="utf-8"))
    path = folder / f"hostile-{base}.toml"
    path.write_text(dumps(_hostile(raw, "", [0])), encoding="utf-8")
    return path
