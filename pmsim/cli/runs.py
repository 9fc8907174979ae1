"""`pmsim run`: many games played by a bot, for calibration and statistics."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `run` (filled in as it lands)."""
