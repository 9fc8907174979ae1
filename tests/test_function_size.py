"""No function grows past `MAX_LINES` in the packages that have been cleaned of long ones.

A function is counted from its `def` line to its last line, docstring and nested
functions included (a nested function is also counted on its own). Extend
`CHECKED` as more of the code is split.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

MAX_LINES = 60
"""The longest a function may be, in lines."""
ROOT = Path(__file__).resolve().parents[1] / "pmsim"
CHECKED = (
    "cli",
    "hub",
    "results",
    "report",
    "scenario",
    "authoring.py",
    "gamelog.py",
    "batch.py",
    "calibrate.py",
    "tui",
    "session",
    "policies",
    "scoring",
    "paths.py",
    "parallel.py",
    "text.py",
    "files.py",
    "rewind.py",
    "wording.py",
    "errors.py",
    "filelock.py",
    "engine",
    "model_summary.py",
    "guide_facts.py",
    "guide_measured.py",
    "sweep.py",
    "executors.py",
    "whatif.py",
    "model_doc.py",
    "model_doc_tables.py",
    "model_doc_team.py",
    "model_doc_governance.py",
    "model_doc_calibration.py",
    "__init__.py",
    "__main__.py",
)
"""Packages and modules under `pmsim/` whose functions are held to `MAX_LINES`."""


def _modules(entry: str) -> list[Path]:
    path = ROOT / entry
    return sorted(path.rglob("*.py")) if path.is_dir() else [path]


def long_functions(path: Path, limit: int = MAX_LINES) -> list[str]:
    """'file:line name (N lines)' for each function in `path` longer than `limit`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            assert node.end_lineno is not None
            lines = node.end_lineno - node.lineno + 1
            if lines > limit:
                found.append(f"{path}:{node.lineno} {node.name} ({lines} lines)")
    return found


@pytest.mark.parametrize("entry", CHECKED)
def test_no_function_is_longer_than_the_limit(entry: str) -> None:
    modules = _modules(entry)
    assert modules and all(m.is_file() for m in modules), f"pmsim/{entry} is gone"
    long = [f for module in modules for f in long_functions(module)]
    assert not long, (f"split these into functions of at most {MAX_LINES} lines:\n"
                      + "\n".join(long))


def test_the_check_finds_a_long_function(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_LINES - 1))
    module = tmp_path / "long.py"
    module.write_text(f"def short():\n    return 1\n\n\ndef long():\n{body}\n")
    assert long_functions(module) == []  # long() is exactly MAX_LINES lines
    assert long_functions(module, MAX_LINES - 1) == [
        f"{module}:5 long ({MAX_LINES} lines)"]


def test_every_module_is_checked() -> None:
    """Nothing under `pmsim/` escapes the limit: every package and module is listed."""
    entries = {p.name for p in ROOT.iterdir()
               if p.name != "__pycache__" and (p.is_dir() or p.suffix == ".py")}
    assert entries <= set(CHECKED), sorted(entries - set(CHECKED))
