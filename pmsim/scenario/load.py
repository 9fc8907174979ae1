"""Reading scenario files: TOML → schema → meaning checks, with readable problems."""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pmsim.scenario.problems import Problem, ScenarioError
from pmsim.scenario.schema import Scenario
from pmsim.scenario.validate import check_meaning

MAX_FILE_BYTES = 2_000_000

# Lists of the scenario whose items are named by their `id` in messages.
_ID_TABLES = {"scope", "tasks", "team", "hire_pool", "stakeholders", "risks", "events"}


def scenario_hash(scenario: Scenario) -> str:
    """Content hash of a scenario: stable across formatting and key order of the file."""
    canonical = json.dumps(scenario.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def parse_scenario_text(text: str, label: str) -> Scenario:
    """Parse TOML text into a checked `Scenario`; raise `ScenarioError` with every problem."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(
            [Problem(label, "", "", f"is not valid TOML ({exc}); check quotes, brackets and '='")]
        ) from None
    if not raw:
        raise ScenarioError(
            [Problem(label, "", "", "is empty; a scenario needs at least [meta], [calendar], "
                     "[[scope]], [[tasks]] and [[team]] (see `pmsim new`)")]
        )
    return parse_scenario_data(raw, label)


def parse_scenario_data(raw: dict[str, Any], label: str) -> Scenario:
    """Check already-parsed data against the schema and the meaning rules."""
    try:
        scenario = Scenario.model_validate(raw)
    except ValidationError as exc:
        raise ScenarioError(_schema_problems(exc, raw, label)) from None
    problems = check_meaning(scenario, label)
    if problems:
        raise ScenarioError(problems)
    return scenario


def read_scenario_file(path: Path) -> Scenario:
    """Read and check one scenario file; every failure is a `ScenarioError`."""
    label = str(path)
    try:
        if path.is_dir():
            raise ScenarioError([Problem(label, "", "", "is a directory, not a scenario file")])
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ScenarioError(
                [Problem(label, "", "", f"is {size} bytes; scenario files are at most "
                         f"{MAX_FILE_BYTES} bytes")]
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise ScenarioError([Problem(label, "", "", "does not exist")]) from None
    except OSError as exc:
        raise ScenarioError([Problem(label, "", "", f"cannot be read ({exc.strerror})")]) from None
    if b"\x00" in data:
        raise ScenarioError([Problem(label, "", "", "is a binary file, not a TOML scenario")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioError(
            [Problem(label, "", "", "is not UTF-8 text; save it as UTF-8")]
        ) from None
    return parse_scenario_text(text, label)


def _item_label(raw: Any, loc: tuple[Any, ...]) -> tuple[str, int]:
    """Name the item a schema error points at; return (label, parts of loc consumed)."""
    if not loc:
        return "", 0
    table = str(loc[0])
    if table in _ID_TABLES and len(loc) > 1 and isinstance(loc[1], int):
        index = loc[1]
        entry = None
        if isinstance(raw, dict) and isinstance(raw.get(table), list):
            items = raw[table]
            entry = items[index] if index < len(items) else None
        item_id = entry.get("id") if isinstance(entry, dict) else None
        if isinstance(item_id, str) and item_id:
            return f"{table} '{item_id}'", 2
        return f"{table} #{index + 1}", 2
    return table, 1


def _schema_problems(exc: ValidationError, raw: Any, label: str) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        item, used = _item_label(raw, loc)
        field = ".".join(str(part) for part in loc[used:])
        problems.append(Problem(label, item, field, _describe(error)))
    return problems


def _describe(error: Any) -> str:
    kind = error["type"]
    given = error.get("input")
    if kind == "extra_forbidden":
        return "unknown key (check its spelling; `pmsim schema` lists the allowed keys)"
    if kind == "missing":
        return "is required but missing"
    shown = repr(given)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    message = str(error["msg"])
    if kind == "string_pattern_mismatch":
        message = "must be an id: lower-case letters, digits, '-' and '_', 1-48 characters"
    return f"{message} (got {shown})"
