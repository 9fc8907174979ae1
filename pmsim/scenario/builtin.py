"""Built-in scenarios and resolving a SCENARIO argument (built-in id or `.toml` path)."""

from __future__ import annotations

import difflib
from functools import lru_cache
from pathlib import Path

from pmsim.scenario.load import read_scenario_file
from pmsim.scenario.problems import Problem, ScenarioError
from pmsim.scenario.schema import Scenario

DEFAULT_SCENARIO = "portal-launch"
"""The scenario `pmsim play` starts when none is named."""


def scenarios_dir() -> Path:
    """Where the built-in scenarios live: inside the installed package, or the repo's
    top-level `scenarios/` when running from a checkout."""
    packaged = Path(__file__).resolve().parent.parent / "_scenarios"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "scenarios"


def builtin_paths() -> dict[str, Path]:
    """Built-in scenario ids (file stems) → paths, sorted by id."""
    folder = scenarios_dir()
    if not folder.is_dir():
        return {}
    return {p.stem: p for p in sorted(folder.glob("*.toml"))}


@lru_cache(maxsize=64)
def _load_path(path: str, mtime_ns: int) -> Scenario:
    return read_scenario_file(Path(path))


def load_scenario(name: str | Path) -> Scenario:
    """Load a scenario by built-in id or file path; raise `ScenarioError` when it is bad."""
    text = str(name)
    paths = builtin_paths()
    if text in paths:
        path = paths[text]
    else:
        path = Path(text)
        if path.suffix != ".toml" and not path.exists():
            known = ", ".join(paths) or "none installed"
            close = difflib.get_close_matches(text, list(paths), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise ScenarioError([Problem(text, "", "", f"is neither a built-in scenario "
                                         f"({hint}built-ins: {known}) nor a .toml file")])
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        mtime = 0
    return _load_path(str(path), mtime)


def list_builtin() -> list[Scenario]:
    """Every built-in scenario, loaded and checked, in id order."""
    return [load_scenario(name) for name in builtin_paths()]
