"""Game commands: `run` (bots in batch) and `replay` (a game log)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the game commands (filled in as they land)."""
