"""A scenario with some of its values changed, for sensitivity sweeps (`pmsim sweep`).

A value is named by a dotted path into the scenario's data: `model.fatigue_loss`,
`calendar.deadline_week`, and an item of a list by its id, `risks.vendor-delay.probability`
or `tasks.build.likely`. The changed scenario is checked like a file (the schema and the
meaning rules), so a value out of range is the same clear problem as in a file.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Sequence
from typing import Any

from pmsim.errors import UserError
from pmsim.scenario.load import parse_scenario_data
from pmsim.scenario.problems import ScenarioError
from pmsim.scenario.schema import Scenario

Override = tuple[str, float]
"""A dotted path and the number to put there."""
MAX_VALUES = 20
"""The most values one swept parameter may take."""


def _close(word: str, known: Sequence[str]) -> str:
    match = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def _step(node: Any, part: str, done: str) -> Any:
    """The value under `part` of `node` (a table, or a list of tables with ids)."""
    if isinstance(node, dict):
        if part not in node:
            keys = sorted(node)
            raise UserError(f"'{done + part}' is not in the scenario{_close(part, keys)}; "
                            f"{done.rstrip('.') or 'the top level'} has: {', '.join(keys)}")
        return node[part]
    if isinstance(node, list):
        ids = [str(item.get("id")) for item in node if isinstance(item, dict)]
        for item in node:
            if isinstance(item, dict) and item.get("id") == part:
                return item
        raise UserError(f"'{done + part}': no item with id '{part}'{_close(part, ids)}; "
                        f"the ids are: {', '.join(str(i) for i in ids)}")
    raise UserError(f"'{done + part}': '{done.rstrip('.')}' is a value, not a table")


def _locate(data: dict[str, Any], path: str) -> tuple[dict[str, Any], str]:
    """The table holding the number at the dotted `path`, and its key there; a path
    that names nothing, or not a number, is a `UserError` saying what is there."""
    parts = path.split(".")
    if len(parts) < 2 or not all(parts):
        raise UserError(f"'{path}' is not a dotted path such as model.fatigue_loss")
    node: Any = data
    done = ""
    for part in parts[:-1]:
        node = _step(node, part, done)
        done += part + "."
    last = parts[-1]
    if not isinstance(node, dict):
        raise UserError(f"'{path}': '{done.rstrip('.')}' is not a table of values")
    old = _step(node, last, done)
    if isinstance(old, bool) or not isinstance(old, int | float):
        raise UserError(f"'{path}' is not a number (it is {type(old).__name__}); a sweep "
                        "changes numbers only")
    return node, last


def get_value(data: dict[str, Any], path: str) -> float:
    """The number at the dotted `path` of scenario data."""
    node, key = _locate(data, path)
    return float(node[key])


def set_value(data: dict[str, Any], path: str, value: float) -> None:
    """Put `value` at the dotted `path` of scenario data (a whole number where the
    scenario has one, when the value is whole)."""
    node, key = _locate(data, path)
    whole = isinstance(node[key], int) and float(value).is_integer()
    node[key] = int(value) if whole else value


def with_overrides(scenario: Scenario, overrides: Sequence[Override]) -> Scenario:
    """The scenario with each path set to its value, checked as a file would be."""
    data = scenario.model_dump(mode="json", by_alias=True)
    for path, value in overrides:
        set_value(data, path, value)
    label = scenario.meta.id + "".join(f" with {p}={v:g}" for p, v in overrides)
    try:
        return parse_scenario_data(data, label)
    except ScenarioError as exc:
        raise UserError(f"that value makes an invalid scenario: {exc}") from None


def _number(text: str, spec: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise UserError(f"--param {spec}: '{text}' is not a number") from None
    if not math.isfinite(value):
        raise UserError(f"--param {spec}: '{text}' is not a finite number")
    return value


def parse_param(spec: str) -> tuple[str, tuple[float, ...]]:
    """'model.fatigue_loss=0.1:0.5:5' (from, to, how many values, evenly spaced) or
    'calendar.deadline_week=18,20,22' (the values listed) → (path, values)."""
    path, sep, values = spec.partition("=")
    path = path.strip()
    if not sep or not path or not values.strip():
        raise UserError(f"--param {spec}: write PATH=FROM:TO:COUNT or PATH=V1,V2,... "
                        "(e.g. model.fatigue_loss=0.1:0.5:5)")
    if ":" in values:
        parts = values.split(":")
        if len(parts) != 3:
            raise UserError(f"--param {spec}: a range is FROM:TO:COUNT")
        low, high = _number(parts[0], spec), _number(parts[1], spec)
        try:
            count = int(parts[2])
        except ValueError:
            raise UserError(f"--param {spec}: COUNT '{parts[2]}' is not a whole number") \
                from None
        if not 2 <= count <= MAX_VALUES:
            raise UserError(f"--param {spec}: COUNT must be 2 to {MAX_VALUES}")
        points = tuple(low + (high - low) * i / (count - 1) for i in range(count))
    else:
        points = tuple(_number(v.strip(), spec) for v in values.split(","))
        if not 2 <= len(points) <= MAX_VALUES:
            raise UserError(f"--param {spec}: give 2 to {MAX_VALUES} values")
    return path, tuple(round(p, 10) + 0.0 for p in points)
