"""An advisory lock on an open file, so two windows never add to one game log."""

from __future__ import annotations


def hold_exclusive(fd: int) -> bool:
    """Take the exclusive lock on the open file `fd`, held until it is closed (or the
    program ends, however it ends); False when another open file holds it. Where the
    system has no `flock` (Windows), or the file system keeps no locks, there is no lock
    and this says True."""
    try:
        import fcntl
    except ImportError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:
        return True
    return True
