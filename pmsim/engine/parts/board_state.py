"""The board and its exceptions: the deadline it set, the tolerances breached and
raised, what it granted (extensions, re-baselines, recovery plans), froze or closed, the
risks escalated to it, and the changes deferred to it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Board:
    """What the project board has decided and been told."""

    deadline_week: int
    """The deadline the game started with (the scenario's `deadline_week`)."""
    deadline_extension: int = 0
    """Weeks added to the deadline by accepted changes and negotiations."""
    rebaseline_weeks: int = 0
    """Weeks added to the deadline by an approved exception plan (a re-baseline)."""
    rebaselined: bool = False
    """Whether the board has approved a re-baseline."""
    freeze_until_week: int = 0
    """Last week of a decision freeze imposed by an escalation (0: none)."""
    exception_week: int | None = None
    """Week the PM last raised an exception to the board (None: never)."""
    breach_since: dict[str, int] = field(default_factory=dict)
    """Each tolerance breached now, and the week its breach began."""
    informed_week: int = 0
    """Week the board last learned of a breach the PM had not reported."""
    closure: dict[str, object] | None = None
    """Why and when the project was closed early, and whether that was justified."""
    deferred_changes: dict[str, int] = field(default_factory=dict)
    """Change requests deferred, and the week each comes back."""
    exceptions_raised: int = 0
    """Exceptions the PM has raised to the board in this game."""
    raised: dict[str, tuple[int, float]] = field(default_factory=dict)
    """Each tolerance the PM has raised, with the week and the size of the breach then
    (in the units `board.breach_sizes` gives); the board wants it raised again only when
    it is materially worse or some weeks have passed."""
    recovery_plans: int = 0
    """Recovery plans the board has approved."""
    escalated: dict[str, int] = field(default_factory=dict)
    """Risks escalated to the board (they left the project's register), and the week."""
    injected: dict[str, int] = field(default_factory=dict)
    """The facilitator's injects met so far, and the week each came in."""
