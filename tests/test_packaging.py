"""Built-in scenarios are found after a plain, non-editable install.

The wheel is built from the checkout (pyproject force-includes `scenarios/` as
`pmsim/_scenarios`), its listing is inspected, and then it is unpacked into a folder
that a fresh interpreter puts first on its path, standing in for `site-packages`:
there `pmsim` must find its scenarios inside the package, not in the checkout.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pmsim.scenario import builtin

REPO = Path(__file__).resolve().parents[1]
NETWORK_WORDS = ("Could not find a version that satisfies", "No matching distribution",
                 "NewConnectionError", "Temporary failure in name resolution",
                 "Network is unreachable", "ConnectTimeout", "ReadTimeout",
                 "ProxyError", "SSLError")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel of the checkout, built with pip (hatchling fetched if not installed)."""
    out = tmp_path_factory.mktemp("wheel")
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
           "--disable-pip-version-check", "-w", str(out), str(REPO)]
    if importlib.util.find_spec("hatchling") is not None:
        cmd.insert(cmd.index("--no-deps"), "--no-build-isolation")
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
    if proc.returncode != 0:
        output = proc.stdout + proc.stderr
        if any(word in output for word in NETWORK_WORDS):
            pytest.skip("cannot fetch the build backend (hatchling) from the package "
                        f"index, so no wheel can be built here:\n{output[-600:]}")
        pytest.fail(f"building the wheel failed:\n{output[-2000:]}")
    wheels = list(out.glob("pmsim-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_carries_the_scenarios_inside_the_package(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "pmsim/_scenarios/portal-launch.toml" in names
    for path in (REPO / "scenarios").glob("*.toml"):
        assert f"pmsim/_scenarios/{path.name}" in names
    assert "pmsim/__main__.py" in names
    assert not any(n.startswith(("tests/", "scenarios/", "benchmarks/")) for n in names)
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "pmsim = pmsim.cli:main" in text


def test_installed_package_finds_its_scenarios(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    probe = (
        "import json, pmsim\n"
        "from pmsim.scenario import builtin\n"
        "s = builtin.load_scenario(builtin.DEFAULT_SCENARIO)\n"
        "print(json.dumps({'package': pmsim.__file__, 'dir': str(builtin.scenarios_dir()),"
        " 'ids': sorted(builtin.builtin_paths()), 'default': s.meta.id}))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env["PYTHONPATH"] = str(site)
    run_dir = tmp_path / "elsewhere"  # not the checkout, so `scenarios/` is not at hand
    run_dir.mkdir()
    proc = subprocess.run([sys.executable, "-c", probe], cwd=run_dir, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    assert Path(found["package"]).is_relative_to(site), found
    assert Path(found["dir"]) == site / "pmsim" / "_scenarios"
    assert found["ids"] == sorted(p.stem for p in (REPO / "scenarios").glob("*.toml"))
    assert found["default"] == builtin.DEFAULT_SCENARIO
    # and the command line of the installed copy lists them
    proc = subprocess.run([sys.executable, "-m", "pmsim", "list", "--json"], cwd=run_dir,
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert builtin.DEFAULT_SCENARIO in [row["id"] for row in json.loads(proc.stdout)]


def test_checkout_uses_the_top_level_scenarios_folder():
    if (REPO / "pmsim" / "_scenarios").is_dir():
        pytest.skip("a pmsim/_scenarios folder exists in this checkout")
    assert builtin.scenarios_dir() == REPO / "scenarios"
    assert builtin.DEFAULT_SCENARIO in builtin.builtin_paths()


def test_builtin_paths_are_toml_files_sorted_by_id(tmp_path, monkeypatch):
    for name in ("zeta.toml", "alpha.toml", "notes.txt", "mid.toml"):
        (tmp_path / name).write_text("", encoding="utf-8")
    monkeypatch.setattr(builtin, "scenarios_dir", lambda: tmp_path)
    paths = builtin.builtin_paths()
    assert list(paths) == ["alpha", "mid", "zeta"]
    assert paths["mid"] == tmp_path / "mid.toml"


def test_builtin_paths_without_a_scenarios_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(builtin, "scenarios_dir", lambda: tmp_path / "missing")
    assert builtin.builtin_paths() == {}
