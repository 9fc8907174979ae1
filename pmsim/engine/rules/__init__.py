"""Decision rules: each decision kind of the game as one object in one place.

A rule (`DecisionRule`, in `base.py`) knows everything about its kind: the frozen
decision class it handles (from `pmsim.engine.decisions`, the log format), its menu key,
line and group, whether it may be taken only once a week, the PM attention it takes,
`check` (raise `DecisionError`, change nothing), `apply`, `preview` (a `Preview`: named
figures computed with the same helpers and scenario parameters as `apply`, and the
sentence built from them) and `describe` (the journal's sentence). `registry.RULES` is
the one table that `Simulation.apply/check/preview`, the bots, the TUI menu and the
journal read.

Adding a decision kind
----------------------
1. Its frozen dataclass in `pmsim/engine/decisions.py` (and in `DECISION_TYPES`, so
   game logs can name it).
2. One rule module here (or a class in the module of its family): subclass
   `DecisionRule`, set `decision`, `key`, `menu`, `group`, and write `check`, `apply`,
   `figures`, `sentence` and `describe`. Put any number the rule uses in a named
   constant or read it from `sim.scenario.model`, and use it in both `apply` and
   `figures`.
3. One line in `registry.RULES`.
4. Its test: `tests/test_rules.py` already checks that every registered rule has a
   preview and a description and that its preview's figures match what `apply` does
   in random games; add a test of what is particular to it.
5. If the decision needs arguments (a task, a person, an amount), a picker in
   `pmsim/tui/actions.py` (`PICKERS`); a decision without fields needs none.
"""

from __future__ import annotations

from pmsim.engine.rules.base import FIGURES, DecisionRule, Names, Preview
from pmsim.engine.rules.play import apply_decision, check_decision, preview_decision
from pmsim.engine.rules.registry import (
    RULES,
    all_rules,
    registered,
    rule_by_key,
    rule_by_kind,
    rule_for,
)

__all__ = [
    "FIGURES",
    "RULES",
    "DecisionRule",
    "Names",
    "Preview",
    "all_rules",
    "apply_decision",
    "check_decision",
    "preview_decision",
    "registered",
    "rule_by_key",
    "rule_by_kind",
    "rule_for",
]
