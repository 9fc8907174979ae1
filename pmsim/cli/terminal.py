"""The one way the command line makes a Rich console: data is never markup.

Scenario titles, people's names, team and workshop names come from files somebody
else wrote. A Rich console made here never parses markup (`[bold]` in a team name
stays `[bold]`), never turns `:smile:` into an emoji and never colours numbers on its
own; the commands style their own words with `rich.text.Text`. Strings from data are
already stripped of control characters where they are read (`pmsim.text`).
`tests/test_plain_text.py` fails when a command makes a `Console` any other way.
"""

from __future__ import annotations

from rich.console import Console


def console(*, stderr: bool = False, width: int | None = None) -> Console:
    """A Rich console for standard output (or standard error) that prints text as is."""
    return Console(stderr=stderr, width=width, markup=False, emoji=False, highlight=False)
