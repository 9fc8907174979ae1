"""Scoring: 1000 points over six dimensions, each with a documented curve and a
sentence of why, and an outcome class.

A pure function of the game's final facts: `score(facts, weights, curves)` reads a
`FinalFacts` record (which the engine builds when a game ends), the scenario's
`[scoring]` weights and its `[scoring.curves]`, and nothing else. This package imports
nothing from `pmsim.engine` (a test checks it). The curves are described in
`pmsim.scoring.dimensions`, the outcome classes in `pmsim.scoring.outcome`.
"""

from pmsim.scoring.advice import DIMENSION_ADVICE, advice
from pmsim.scoring.dimensions import DIMENSION_RULES
from pmsim.scoring.facts import FinalFacts, StakeholderFacts
from pmsim.scoring.outcome import (
    DIMENSIONS,
    DimensionScore,
    Outcome,
    outcome_class,
    outcome_reasons,
    outcome_rule,
    outcome_words,
)
from pmsim.scoring.score import score

__all__ = [
    "DIMENSIONS",
    "DIMENSION_ADVICE",
    "DIMENSION_RULES",
    "DimensionScore",
    "FinalFacts",
    "Outcome",
    "StakeholderFacts",
    "advice",
    "outcome_class",
    "outcome_reasons",
    "outcome_rule",
    "outcome_words",
    "score",
]
