"""Decision rules: each decision kind of the game as one object in one place.

A rule (`DecisionRule`, in `base.py`) knows everything about its kind: the frozen
decision class it handles (beside it, in its module: the log format), its menu key,
line, group and place, whether it may be taken only once a week, the PM attention it
takes, `check` (raise `DecisionError`, change nothing), `apply`, `preview` (a `Preview`:
named figures computed with the same helpers and scenario parameters as `apply`, and the
sentence built from them) and `describe` (the journal's sentence). `registry.RULES` is
the one table that `Simulation.apply/check/preview`, the bots, the TUI menu, the
dashboard's keys, the journal and the game log (`decision_from_dict`) read; the registry
builds it by finding every module here that has a `RULES` tuple.

Adding a decision kind
----------------------
1. One module here, say `wave.py`, holding
   - its decision: a frozen dataclass subclassing `Decision` (from `base`), with a
     unique `kind` (its name in game logs), its `attention` if any, and its fields
     (`str`, `float` or `int`: what the log stores);
   - its rule: subclass `DecisionRule`, set `decision`, a unique `key`, `menu`, `group`
     and `order` (its place in the menu: the built-in rules are numbered in tens), and
     write `check`, `apply`, `figures`, `sentence` and `describe`. Put any number the
     rule uses in a named constant or read it from `sim.scenario.model`, and use it in
     both `apply` and `figures`;
   - `RULES = (WaveRule(),)`, which is how the registry finds it.
   Nothing else names it: the engine applies it, game logs write and replay it, the
   menu and the dashboard offer it on its key, and the journal tells it. The random bot
   and the tests that take one of each kind get it from the rule's `candidates(view)`
   (by default the decision itself when it has no fields; a rule with fields returns
   the ones worth trying now).
2. Its test: `tests/test_rules.py` already checks that every registered rule has a
   preview and a description and that its preview's figures match what `apply` does
   in random games; add a test of what is particular to it. Because the random bot now
   tries the new kind, its games change: regenerate `tests/golden/runs.json` with
   `tests/golden/regenerate.py` and review the diff (the engine is unchanged, so
   `ENGINE_VERSION` stays).
3. Only if the decision has fields the player must pick (a task, a person, an amount):
   a picker in `pmsim/tui/actions.py` (`PICKERS`). A decision without fields needs none.
   The other bots choose among the kinds they know; teach one the new kind in
   `pmsim/policies/` only if it should take it.
"""

from __future__ import annotations

from pmsim.engine.rules.base import FIGURES, Decision, DecisionError, DecisionRule, Names, Preview
from pmsim.engine.rules.dispatch import apply_decision, check_decision, preview_decision
from pmsim.engine.rules.registry import (
    RULES,
    all_rules,
    discover,
    rediscover,
    registered,
    rule_by_key,
    rule_by_kind,
    rule_for,
)

__all__ = [
    "FIGURES",
    "RULES",
    "Decision",
    "DecisionError",
    "DecisionRule",
    "Names",
    "Preview",
    "all_rules",
    "apply_decision",
    "check_decision",
    "discover",
    "preview_decision",
    "rediscover",
    "registered",
    "rule_by_key",
    "rule_by_kind",
    "rule_for",
]
