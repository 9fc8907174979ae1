"""Writing report files: through `pmsim.files`, so only regular files are written (a
folder, link, device or FIFO is refused and left untouched) and a file is replaced in
one step, so an interrupted write never leaves half a report."""

from __future__ import annotations

from pathlib import Path

from pmsim.files import check_target, write_file


def _example(what: str) -> str:
    return "debrief." + ("csv" if "CSV" in what else "svg" if "chart" in what else "md")


def check_output_path(path: str | Path, what: str = "report") -> Path:
    """The path to write, after checking it names a regular file (or nothing yet) in an
    existing folder; `UserError` otherwise."""
    return check_target(path, what, example=_example(what))


def write_text(path: str | Path, text: str, what: str = "report") -> Path:
    """Write `text` (UTF-8) to `path`, replacing any regular file there; `UserError`
    on a path that is not a regular file, or when the write fails."""
    return write_file(path, text, what, example=_example(what))
