"""The debrief's baseline log: each performance measurement baseline and why it changed,
as plain text built from the game's data."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text

from pmsim.engine.view import PlayerView
from pmsim.tui.format import c
from pmsim.tui.plain import Group, Table

BASELINE_WORDS = {
    "original": "original plan", "cut": "scope cut", "deferral": "scope deferred",
    "restore": "scope restored", "change": "approved change",
    "response": "risk response funded", "rebaseline": "re-baseline",
}
"""Each kind of baseline change in words."""


def baseline_text(view: PlayerView) -> RenderableType:
    """The baseline log: each baseline and why it changed, in plain text; each entry
    wraps under its own start, beside its week."""
    parts: list[RenderableType] = [Text("Baselines", style="bold")]
    c0 = view.commitment
    if c0 is not None:
        parts.append(Text(f"Original commitment: BAC {c0.bac:,.0f}, planned finish week "
                          f"{c0.planned_weeks:.1f}, deadline week {c0.deadline_week}.",
                          style=c("muted")))
    table = Table.grid(padding=(0, 2))
    table.add_column(width=7, justify="right", no_wrap=True)
    table.add_column()
    for e in view.baselines:
        change = e.bac_after - e.bac_before
        money = f"BAC {e.bac_after:,.0f}" + (f" ({change:+,.0f})" if abs(change) >= 0.5 else "")
        body = Text(f"baseline {e.number}  {BASELINE_WORDS.get(e.kind, e.kind)}: {money}, "
                    f"planned finish week {e.planned_weeks_after:.1f}\n")
        body.append(e.reason, style=c("muted"))
        table.add_row(f"week {e.week}" if e.week else "start", body)
    parts += [table, Text("")]
    return Group(*parts)
