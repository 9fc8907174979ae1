"""Named random streams: one seed, one independent generator per source of luck.

Every source of randomness (a task's true effort, a risk's weekly draws, a person's
resignation draws…) gets its own generator, derived from the game seed and a stable
label. A player's decisions therefore never shift another source's draws, and adding
a risk to a scenario leaves every other draw unchanged (common random numbers).
"""

from __future__ import annotations

import hashlib

import numpy as np


def label_key(label: str) -> int:
    """A stable 64-bit integer for a label (never Python's salted `hash`)."""
    return int.from_bytes(hashlib.blake2b(label.encode(), digest_size=8).digest(), "little")


def named_stream(seed: int, label: str) -> np.random.Generator:
    """The generator for one named source of luck in the game with this seed."""
    sequence = np.random.SeedSequence([seed & 0xFFFF_FFFF_FFFF_FFFF, label_key(label)])
    return np.random.Generator(np.random.PCG64(sequence))
