"""Every dotted name under `pmsim` in the code, its docstrings and comments, the tests,
the benchmarks and the documentation names a module (or a name in one) that exists, and
every path such as `pmsim/tui/app.py` names a file in the repository, so a renamed or
moved module cannot leave stale references behind.

A reference resolves when its longest prefix that is a module imports, and each further
part is an attribute of what came before (`pmsim.tui.widgets.panes.TABS`).
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCES = (
    *(("pmsim", pattern) for pattern in ("*.py", "*.toml", "*.tcss")),
    *(("tests", pattern) for pattern in ("*.py", "*.toml")),
    ("benchmarks", "*.py"),
    ("benchmarks", "*.md"),
    ("docs", "*.md"),
)
"""(folder, file pattern) of the text searched, besides `TOP_FILES`."""
TOP_FILES = ("README.md", "pyproject.toml", "Makefile")
"""Files at the top of the repository searched too."""
REFERENCE = re.compile(r"(?<![\w/.-])pmsim(?:\.[A-Za-z_]\w*)+")
"""A dotted name under `pmsim`, not part of a path or host name (`https://pmsim.…`)."""
NOT_MODULES = frozenset({"pmsim.tcss"})
"""Dotted names that are file names, not modules (the TUI's style sheet)."""
FILE_PATH = re.compile(r"(?<![\w/.-])(?:pmsim|tests|benchmarks|docs)/[\w/.-]*\w\.(?:py|md|toml)\b")
"""A repository path to a source or document file, as `pmsim/tui/app.py`."""
NOT_IN_REPO = ("pmsim/_scenarios/",)
"""Paths that exist only in a built wheel (the scenarios packed into it)."""


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # a parent that is not a package, or is missing
        return False


def resolves(name: str) -> bool:
    """True if `name` is a module, or a module followed by attributes it has."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        module = ".".join(parts[:end])
        if _is_module(module):
            if end == len(parts):
                return True  # not imported: `pmsim.__main__` would run the command line
            found: object = importlib.import_module(module)
            for attribute in parts[end:]:
                if not hasattr(found, attribute):
                    return False
                found = getattr(found, attribute)
            return True
    return False


def searched_files() -> list[Path]:
    files = {REPO / name for name in TOP_FILES if (REPO / name).is_file()}
    for folder, pattern in SOURCES:
        files.update(p for p in (REPO / folder).rglob(pattern)
                     if "__pycache__" not in p.parts)
    return sorted(files)


def references(text: str) -> list[tuple[int, str]]:
    """(line number, dotted name) of each `pmsim.…` name in `text`."""
    return [(number, match.group().rstrip("."))
            for number, line in enumerate(text.splitlines(), start=1)
            for match in REFERENCE.finditer(line)]


def test_every_module_reference_exists() -> None:
    files = searched_files()
    assert any(p.name == "README.md" for p in files) and len(files) > 100
    known: dict[str, bool] = {}
    stale = []
    for path in files:
        for number, name in references(path.read_text(encoding="utf-8")):
            if name in NOT_MODULES:
                continue
            if name not in known:
                known[name] = resolves(name)
            if not known[name]:
                stale.append(f"{path.relative_to(REPO)}:{number} {name}")
    assert not stale, ("these name a pmsim module (or a name in it) that does not "
                       "exist; point them at where it is now:\n" + "\n".join(stale))


def test_every_file_path_exists() -> None:
    stale = [f"{path.relative_to(REPO)}:{number} {name}"
             for path in searched_files()
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             for name in FILE_PATH.findall(line)
             if not name.startswith(NOT_IN_REPO) and not (REPO / name).exists()]
    assert not stale, "these name a file that is not in the repository:\n" + "\n".join(stale)


def test_the_check_tells_stale_references_from_live_ones() -> None:
    gone = "pmsim" + ".tui.no_such_module"  # split so this file holds no stale reference
    text = (f"see `{gone}.thing` and `pmsim.tui.widgets.panes.TABS`;\n"
            "served at https://pmsim.example.org, styled by pmsim.tcss")
    assert references(text) == [(1, f"{gone}.thing"), (1, "pmsim.tui.widgets.panes.TABS"),
                                (2, "pmsim.tcss")]
    assert not resolves(f"{gone}.thing")
    assert not resolves("pmsim" + ".tui.widgets.panes.NO_SUCH_NAME")
    assert resolves("pmsim.tui.widgets.panes.TABS") and resolves("pmsim.session")
    assert FILE_PATH.findall("see pmsim/tui/app.py, (docs/authoring.md) and "
                             "/tmp/docs/x.md") == ["pmsim/tui/app.py", "docs/authoring.md"]
