"""The generated figures of docs/model.md, the trainer's guide to the model.

docs/model.md explains each mechanism in words written by hand; every figure in it
(a default, an engine constant, or a worked example of them) sits in a generated block
between `<!-- figures:NAME:start -->` and `<!-- figures:NAME:end -->`, rendered here
from the scenario schema's defaults and the engine's own functions and constants. A
test compares the page with `replace_figures()`, and `pmsim docs --write docs/model.md`
refreshes it, so the page cannot drift from the code.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pmsim.errors import UserError
from pmsim.model_doc_calibration import block_calibration, block_forecast
from pmsim.model_doc_governance import (
    block_board,
    block_costs,
    block_escalation,
    block_risks,
    block_scoring,
    block_stakeholders,
    block_tolerances,
)
from pmsim.model_doc_team import (
    block_assimilation,
    block_morale,
    block_overtime,
    block_people,
    block_quality,
    block_work,
)

BLOCK = re.compile(r"<!-- figures:([a-z-]+):start -->\n(.*?)<!-- figures:\1:end -->",
                   re.DOTALL)
"""A generated block of the page: its name and what is between its markers."""
MARKER = re.compile(r"<!-- figures:([a-z-]+):(start|end) -->")
NOTE = ("<!-- Generated from the scenario defaults and engine constants by "
        "`pmsim docs --write docs/model.md`; do not edit by hand. -->\n\n")


BLOCKS: dict[str, Callable[[], str]] = {
    "work": block_work, "overtime": block_overtime, "assimilation": block_assimilation,
    "people": block_people, "morale": block_morale, "quality": block_quality,
    "risks": block_risks, "costs": block_costs, "tolerances": block_tolerances,
    "board": block_board, "escalation": block_escalation,
    "stakeholders": block_stakeholders, "scoring": block_scoring,
    "calibration": block_calibration, "forecast": block_forecast,
}
"""Every generated block of docs/model.md by name."""


def has_figures(text: str) -> bool:
    """Whether a page has any generated figures block."""
    return MARKER.search(text) is not None


def replace_figures(text: str) -> str:
    """`text` with every generated block refreshed; an unknown block name or a start
    without its end is an error that names the block."""
    starts = [m.group(1) for m in MARKER.finditer(text) if m.group(2) == "start"]
    ends = [m.group(1) for m in MARKER.finditer(text) if m.group(2) == "end"]
    for name in starts + ends:
        if name not in BLOCKS:
            raise UserError(f"no figures block is called '{name}'; the blocks are: "
                            + ", ".join(BLOCKS))
    if sorted(starts) != sorted(ends) or len(set(starts)) != len(starts):
        raise UserError("each <!-- figures:NAME:start --> needs one matching "
                        "<!-- figures:NAME:end --> after it")

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        return (f"<!-- figures:{name}:start -->\n{NOTE}{BLOCKS[name]()}"
                f"<!-- figures:{name}:end -->")

    updated, count = BLOCK.subn(fill, text)
    if count != len(starts):
        raise UserError("each <!-- figures:NAME:start --> needs one matching "
                        "<!-- figures:NAME:end --> after it")
    return updated
