"""The import contracts of pyproject.toml's `[tool.importlinter]` hold: the layers (front
ends on top, the engine and the scenario at the bottom; arrows point down only) and no
Textual or Rich outside the user interfaces. `make test` runs `lint-imports` too; this
test makes any pytest run (CI's included) check them, beside the run-time probe of
tests/test_no_ui_imports.py.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROBE = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports())"


def test_the_import_contracts_are_kept() -> None:
    # a fresh interpreter in the repository, which reads ./pyproject.toml
    proc = subprocess.run([sys.executable, "-c", PROBE], cwd=REPO, capture_output=True,
                          text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout
