"""The generated blocks of the facilitator guides (`docs/scenarios/<id>.md`): text
between a start and an end marker that a script rewrites, leaving the prose around it
as the author wrote it. Used by `calibrate_all.py` and `habits.py`."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def guide_path(scenario_id: str, root: Path = ROOT) -> Path:
    """The facilitator guide of a scenario."""
    return root / "docs" / "scenarios" / f"{scenario_id}.md"


def replace_block(text: str, start: str, end: str, block: str) -> str | None:
    """`text` with the block between `start` and `end` (markers included) replaced by
    `block`; None when the text has no such block yet."""
    if start not in text or end not in text:
        return None
    before, rest = text.split(start, 1)
    return before + block + rest.split(end, 1)[1]
