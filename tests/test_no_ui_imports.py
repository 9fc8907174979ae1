"""The engine never imports Textual or Rich.

A fresh interpreter imports `pmsim` and every module under it except the user
interfaces (`pmsim.tui`, `pmsim.cli`) and `pmsim.__main__` (which runs the command
line), then reports which UI packages ended up in `sys.modules`.
"""

from __future__ import annotations

import json
import subprocess
import sys

UI_PACKAGES = ("pmsim.tui", "pmsim.cli")
FORBIDDEN = ("textual", "rich")

PROBE = r"""
import importlib, json, pkgutil, sys
import pmsim

SKIP = {ui!r}
imported, failed = [], {{}}

def skipped(name):
    return name == "pmsim.__main__" or any(
        name == ui or name.startswith(ui + ".") for ui in SKIP)

def note_failure(name):
    failed[name] = repr(sys.exc_info()[1])

for info in pkgutil.walk_packages(pmsim.__path__, "pmsim.", onerror=note_failure):
    if skipped(info.name):
        continue
    try:
        importlib.import_module(info.name)
    except Exception as exc:
        failed[info.name] = repr(exc)
    else:
        imported.append(info.name)

loaded = sorted({{m.split(".")[0] for m in sys.modules}} & set({forbidden!r}))
print(json.dumps({{"imported": imported, "failed": failed, "ui_loaded": loaded}}))
"""


def test_engine_modules_import_neither_textual_nor_rich():
    code = PROBE.format(ui=UI_PACKAGES, forbidden=FORBIDDEN)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert not report["failed"], f"modules that failed to import: {report['failed']}"
    # the walk really covered the engine, not just the top-level package
    for module in ("pmsim.engine.simulation", "pmsim.scenario.schema", "pmsim.engine.forecast",
                   "pmsim.scoring", "pmsim.session.game", "pmsim.session.saves",
                   "pmsim.paths", "pmsim.parallel"):
        assert module in report["imported"]
    assert not any(m.startswith(UI_PACKAGES) for m in report["imported"])
    assert report["ui_loaded"] == [], (
        f"{report['ui_loaded']} imported by a non-UI module; keep UI imports in "
        "pmsim/tui or pmsim/cli (or inside the function that needs them)")
