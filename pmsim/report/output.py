"""Writing report files: refuse folders and missing folders with a message, and replace
a file in one step, so an interrupted write never leaves half a report."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from pmsim.errors import UserError


def check_output_path(path: str | Path, what: str = "report") -> Path:
    """The path to write, after checking it names a file in an existing folder."""
    out = Path(path).expanduser()
    if str(path).endswith(("/", os.sep)) or out.is_dir():
        raise UserError(f"{path} is a folder; give --out the name of the {what} file to "
                        f"write, e.g. {Path(path) / ('debrief.' + _suffix(what))}.")
    folder = out.parent
    if not folder.is_dir():
        raise UserError(f"cannot write the {what} {out}: the folder {folder} does not exist. "
                        "Create it first or choose another path.")
    return out


def _suffix(what: str) -> str:
    return "csv" if "CSV" in what else "md"


def _umask() -> int:
    """The process umask (read by setting it and putting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_text(path: str | Path, text: str, what: str = "report") -> Path:
    """Write `text` (UTF-8) to `path`, replacing any file there; `UserError` on failure."""
    out = check_output_path(path, what)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    except OSError as exc:
        raise UserError(f"cannot write the {what} {out} ({exc.strerror}); choose a folder "
                        "you can write to.") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, out)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise UserError(f"cannot write the {what} {out} ({exc.strerror or exc}); choose a "
                        "folder you can write to, with free space.") from None
    return out
