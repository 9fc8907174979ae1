"""The process pool behind long work (bot batches, replays to verify, luck reports),
set up the same way everywhere. No user-interface imports.

- `process_pool` starts workers with "spawn", which behaves the same on every platform
  and is safe when the caller has threads running (a progress bar); the workers import
  pmsim themselves.
- `default_jobs` is how many processes the command line uses unless told.
- In the game, work may use worker processes (`worker_jobs`) only once
  `prepare_processes` has run before the app starts: Python starts a helper process
  (multiprocessing's resource tracker) with the terminal's stderr, which Textual
  replaces while the app runs.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any

MAX_JOBS = 4
"""Worker processes for the bot's games and the replays, at most (the CPUs, if fewer)."""
_processes_ready = False


def default_jobs() -> int:
    """Worker processes to use when not told: the CPUs, at most `MAX_JOBS`."""
    return max(1, min(MAX_JOBS, os.cpu_count() or 1))


def prepare_processes() -> None:
    """Make worker processes usable from inside the game (call before `App.run`)."""
    global _processes_ready
    if os.name != "posix":
        return
    try:
        from multiprocessing import resource_tracker

        resource_tracker.ensure_running()
    except (ImportError, OSError, ValueError):
        return
    _processes_ready = True


def worker_jobs() -> int:
    """How many processes long work in the game may use: 1 unless `prepare_processes`
    has run."""
    return default_jobs() if _processes_ready else 1


def process_pool(jobs: int, initializer: Callable[..., object] | None = None,
                 initargs: tuple[Any, ...] = ()) -> ProcessPoolExecutor:
    """A pool of `jobs` "spawn" worker processes, each set up by `initializer(*initargs)`."""
    return ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn"),
                               initializer=initializer, initargs=initargs)
