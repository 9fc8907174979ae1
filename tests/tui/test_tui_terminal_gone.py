"""A game whose terminal goes away ends instead of spinning.

Closing a terminal window or dropping an SSH session does not always send a hang-up to
the game (under `make play` it reached neither make nor the game): Textual's input thread
then reads end-of-file forever and keeps a core busy with nobody playing. The app checks
that its terminal is still there and ends; the game was saved as it was played.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import sys
import time
from pathlib import Path

import pytest

from pmsim.gamelog import read_log
from pmsim.tui.app import HANGUP_STATUS

BOUND = 90.0
"""Seconds the test waits at most for each step (a bound for a busy machine, not a
speed target: the app checks every `TERMINAL_CHECK_SECONDS`)."""


def _read_until(fd: int, wanted: bytes, bound: float) -> bytes:
    seen = b""
    end = time.monotonic() + bound
    while wanted not in seen and time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return seen


def _wait_exit(pid: int, bound: float) -> int | None:
    end = time.monotonic() + bound
    while time.monotonic() < end:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        time.sleep(0.2)
    return None


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_the_game_ends_when_its_terminal_is_closed(tmp_path: Path) -> None:
    env = {**os.environ, "PMSIM_DATA_DIR": str(tmp_path), "TERM": "xterm-256color",
           "COLUMNS": "100", "LINES": "30"}
    pid, master = pty.fork()
    if pid == 0:  # the child: a game that never hears a hang-up, as under make
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        os.execvpe(sys.executable, [sys.executable, "-m", "pmsim", "play", "tutorial",
                                    "--seed", "1", "--autoplay", "cautious", "--delay",
                                    "30"], env)
    try:
        shown = _read_until(master, b"Week", BOUND)  # a game under way
        assert b"Week" in shown, shown[-500:]
    finally:
        os.close(master)
    status = _wait_exit(pid, BOUND)
    if status is None:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    assert status is not None, "the game kept running after its terminal was closed"
    assert os.WEXITSTATUS(status) == HANGUP_STATUS
    logs = list((tmp_path / "games").glob("*.jsonl"))
    assert len(logs) == 1 and read_log(logs[0]).actions  # saved: --resume continues it
