"""Size limits of a scenario: the most of each thing a file may hold.

A scenario that validates must play: these maxima are generous for a workshop (the
built-in scenarios hold about 25 tasks, 10 people and 10 risks) and keep one game at
the maximum size to seconds, not minutes (`benchmarks/bench_size.py` measures it).
The schema applies them (`max_length` on the lists, `le` on the weeks), so
`pmsim validate` refuses a file past one with a message that names the table and the
limit, and the field reference of `docs/authoring.md` shows them; its "Size limits"
list is rendered from `LIMITS`. The longest texts are in `pmsim.scenario.types`.
"""

from __future__ import annotations

from typing import NamedTuple

MAX_WEEKS = 104
"""Latest week of the deadline, the hard stop, a risk window and an event (two years of
weekly turns; the built-in scenarios end by week 34)."""
MAX_TASKS = 400
"""Most `[[tasks]]` in a scenario."""
MAX_SCOPE_ITEMS = 200
"""Most `[[scope]]` items (every item needs at least one task)."""
MAX_TEAM = 100
"""Most people in the starting `[[team]]`."""
MAX_HIRE_POOL = 50
"""Most candidates in the `[[hire_pool]]`."""
MAX_STAKEHOLDERS = 50
"""Most `[[stakeholders]]`."""
MAX_RISKS = 200
"""Most entries of the risk register, `[[risks]]`."""
MAX_EVENTS = 100
"""Most scripted `[[events]]` (change requests and messages together)."""
MAX_INJECTS = 30
"""Most `[[injects]]` in the facilitator's catalogue."""
MAX_PREDECESSORS = 20
"""Most `predecessors` of one task."""
MAX_STAFF = 50
"""Most people planned on one task (`staff`), and the largest `max_staff`."""
MAX_RISK_TASKS = 50
"""Most `tasks` one risk lands on."""
MAX_TRIGGERS = 10
"""Most `triggers` of one risk."""
MAX_SKILLS = 20
"""Most `skills` of one person or candidate."""
MAX_OBJECTIVES = 20
"""Most `learning_objectives` of a scenario."""
MAX_FORECAST_ITERATIONS = 1_000
"""Most Monte Carlo iterations of the in-game forecast (`[model] forecast_iterations`)."""


class Limit(NamedTuple):
    """One size limit as the authoring guide lists it."""

    what: str
    """What is counted, e.g. "tasks (`[[tasks]]`)"."""
    most: int
    """The largest number allowed."""


LIMITS: tuple[Limit, ...] = (
    Limit("tasks (`[[tasks]]`)", MAX_TASKS),
    Limit("scope items (`[[scope]]`)", MAX_SCOPE_ITEMS),
    Limit("people in the starting team (`[[team]]`)", MAX_TEAM),
    Limit("candidates in the hire pool (`[[hire_pool]]`)", MAX_HIRE_POOL),
    Limit("stakeholders (`[[stakeholders]]`)", MAX_STAKEHOLDERS),
    Limit("risks (`[[risks]]`)", MAX_RISKS),
    Limit("events: change requests and messages (`[[events]]`)", MAX_EVENTS),
    Limit("injects in the facilitator's catalogue (`[[injects]]`)", MAX_INJECTS),
    Limit("predecessors of one task", MAX_PREDECESSORS),
    Limit("people planned on one task (`staff`, `max_staff`)", MAX_STAFF),
    Limit("tasks one risk lands on", MAX_RISK_TASKS),
    Limit("triggers of one risk", MAX_TRIGGERS),
    Limit("skills of one person or candidate", MAX_SKILLS),
    Limit("learning objectives", MAX_OBJECTIVES),
    Limit("week of the deadline, the hard stop, a risk window or an event", MAX_WEEKS),
    Limit("forecast iterations (`[model] forecast_iterations`)", MAX_FORECAST_ITERATIONS),
)
"""Every count limit, in the order the guide lists them."""


def size_limits() -> list[str]:
    """The "Size limits" section of the field reference in `docs/authoring.md`, as
    Markdown lines: `LIMITS`, the longest texts of `pmsim.scenario.types` and the
    largest file `pmsim.scenario.load` reads."""
    from pmsim.scenario import types
    from pmsim.scenario.load import MAX_FILE_BYTES

    texts = [
        ("names of people and stakeholders", types.MAX_NAME),
        ("titles and names of the scenario, scope items, tasks, risks and events",
         types.MAX_TITLE),
        ("roles and the domain", types.MAX_ROLE),
        ("descriptions, change-request texts and learning objectives", types.MAX_TEXT),
        ("the briefing", types.MAX_BRIEFING),
    ]
    return [
        '<a id="size-limits"></a>',
        "",
        "### Size limits",
        "",
        "A scenario that validates must play, so a file holds at most (`pmsim validate` "
        "refuses one past a limit and names it):",
        "",
        *(f"- {limit.what}: {limit.most:,}" for limit in LIMITS),
        *(f"- characters in {what}: {most:,}" for what, most in texts),
        f"- the file itself: {MAX_FILE_BYTES:,} bytes",
        "",
        "A game at the largest size plays in seconds (`benchmarks/bench_size.py` measures "
        "it).",
    ]
