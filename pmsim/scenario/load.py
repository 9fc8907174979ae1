"""Reading scenario files: TOML → schema → meaning checks, with readable problems."""

from __future__ import annotations

import difflib
import hashlib
import json
import tomllib
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from pmsim.files import NotReadable, read_file
from pmsim.scenario.problems import Problem, ScenarioError
from pmsim.scenario.schema import Scenario
from pmsim.scenario.validate import check_meaning

MAX_FILE_BYTES = 2_000_000

# Lists of the scenario whose items are named by their `id` in messages.
_ID_TABLES = {"scope", "tasks", "team", "hire_pool", "stakeholders", "risks", "events"}


def scenario_hash(scenario: Scenario) -> str:
    """Content hash of a scenario: stable across formatting and key order of the file,
    and across new optional fields (values left at their defaults are not hashed; a
    change of a default's meaning is an engine-version change)."""
    data = scenario.model_dump(mode="json", exclude_defaults=True)
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def parse_scenario_text(text: str, label: str) -> Scenario:
    """Parse TOML text into a checked `Scenario`; raise `ScenarioError` with every problem."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(
            [Problem(label, "", "", f"is not valid TOML ({exc}); {_toml_hint(str(exc))}")],
            complete=False) from None
    except RecursionError:
        raise ScenarioError(
            [Problem(label, "", "", "nests arrays or tables too deeply to be a scenario")]
        ) from None
    if not raw:
        raise ScenarioError(
            [Problem(label, "", "", "is empty; a scenario needs at least [meta], [calendar], "
                     "[[scope]], [[tasks]] and [[team]] (`pmsim schema` describes every key)")]
        )
    return parse_scenario_data(raw, label)


def parse_scenario_data(raw: dict[str, Any], label: str) -> Scenario:
    """Check already-parsed data against the schema and the meaning rules."""
    if not isinstance(raw, dict):
        raise ScenarioError([Problem(label, "", "", "must be a TOML table of [meta], "
                                     f"[calendar], … (got {type(raw).__name__})")])
    try:
        scenario = Scenario.model_validate(raw)
    except RecursionError:
        raise ScenarioError(
            [Problem(label, "", "", "nests arrays or tables too deeply to be a scenario")]
        ) from None
    except ValidationError as exc:
        raise ScenarioError(_schema_problems(exc, raw, label), complete=False) from None
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
        data = read_file(path, MAX_FILE_BYTES)  # a regular file, its size checked first
    except NotReadable as exc:
        raise ScenarioError([Problem(label, "", "", exc.why)]) from None
    except FileNotFoundError:
        raise ScenarioError([Problem(label, "", "", "does not exist")]) from None
    except OSError as exc:
        raise ScenarioError([Problem(label, "", "", f"cannot be read ({exc.strerror})")]) from None
    if b"\x00" in data:
        raise ScenarioError([Problem(label, "", "", "is a binary file, not a TOML scenario")])
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark from an editor is harmless
    except UnicodeDecodeError:
        raise ScenarioError(
            [Problem(label, "", "", "is not UTF-8 text; save it as UTF-8")]
        ) from None
    try:
        return parse_scenario_text(text, label)
    except ScenarioError as exc:
        first = exc.problems[0]
        if path.suffix.lower() == ".toml" or not first.message.startswith("is not valid TOML"):
            raise
        kind = f"a {path.suffix} file" if path.suffix else "a file without the .toml ending"
        raise ScenarioError([Problem(label, "", "", f"{first.message}. Scenarios are TOML files "
                                     f"(.toml), and this is {kind}")], complete=False) from None


def _toml_hint(message: str) -> str:
    """What to look for, for the TOML parser's message."""
    if message.startswith(("Cannot overwrite a value", "Cannot declare")):
        return ("a key is given twice in the same table, or a [table] is declared twice; "
                "keep one")
    return "check quotes, brackets and '='"


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
            entry = items[index] if 0 <= index < len(items) else None
        item_id = entry.get("id") if isinstance(entry, dict) else None
        if isinstance(item_id, str) and item_id:
            return f"{table} '{item_id}'", 2
        return f"{table} #{index + 1}", 2
    return table, 1


def _field_label(parts: tuple[Any, ...]) -> str:
    """`impact.cost.1`, or `skills key 'Dev!'` for a bad key of a table of names."""
    if parts and parts[-1] == "[key]":
        head = ".".join(str(p) for p in parts[:-2])
        return f"{head} key '{parts[-2]}'" if head else f"key '{parts[-2]}'"
    out = ""
    for part in parts:
        out += f" #{part + 1}" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _schema_problems(exc: ValidationError, raw: Any, label: str) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        item, used = _item_label(raw, loc)
        field = _field_label(loc[used:])
        problems.append(Problem(label, item, field, _describe(error)))
    return problems


def _unwrap(annotation: Any) -> Any:
    """Strip `Annotated[...]` and `... | None` down to the type underneath."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, UnionType):
            rest = [a for a in get_args(annotation) if a is not type(None)]
            if len(rest) != 1:
                return annotation
            annotation = rest[0]
        else:
            return annotation


def _model_at(path: tuple[Any, ...]) -> tuple[type[BaseModel] | None, str]:
    """The schema class a location points into and the description of its last field."""
    current: Any = Scenario
    description = ""
    for part in path:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(str(part))
            if info is None:
                return None, ""
            description = info.description or ""
            current = info.annotation
        elif get_origin(current) is list and isinstance(part, int):
            current = get_args(current)[0]
        elif get_origin(current) is dict:
            current = get_args(current)[1]
        else:
            return None, ""
    current = _unwrap(current)
    model = current if isinstance(current, type) and issubclass(current, BaseModel) else None
    return model, description


_PLAIN = {
    "model_type": "must be a table ([name] or {{ key = value, … }})",
    "model_attributes_type": "must be a table ([name] or {{ key = value, … }})",
    "dict_type": "must be a table ({{ key = value, … }})",
    "list_type": "must be an array ([ …, … ])",
    "string_type": "must be text in quotes",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "finite_number": "must be a finite number (not inf or nan)",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "greater_than_equal": "must be at least {ge}",
    "greater_than": "must be more than {gt}",
    "less_than_equal": "must be at most {le}",
    "less_than": "must be less than {lt}",
    "literal_error": "must be one of {expected}",
    "string_too_short": "must not be empty",
    "string_too_long": "must have at most {max_length} characters",
    "too_short": "must not be empty",
    "too_long": "must have at most {max_length} items",
    "string_pattern_mismatch": "must be an id: lower-case letters, digits, '-' and '_', "
    "1-48 characters, starting with a letter or digit",
}


def _too_many(ctx: dict[str, Any]) -> str:
    """A list or table past its size limit (`pmsim.scenario.limits`)."""
    most, got = ctx.get("max_length"), ctx.get("actual_length")
    has = f"has {got} entries" if got is not None else f"has more than {most} entries"
    return (f"{has}; at most {most} are allowed (a size limit that keeps every game "
            "playable; see 'Size limits' in docs/authoring.md)")


def _describe(error: Any) -> str:
    """What is wrong with one value and what is allowed, in an author's words."""
    kind = error["type"]
    loc = tuple(error["loc"])
    if kind == "extra_forbidden":
        model, _ = _model_at(loc[:-1])
        allowed = ", ".join(model.model_fields) if model else ""
        close = difflib.get_close_matches(str(loc[-1]), list(model.model_fields), n=1) \
            if model else []
        hint = f"did you mean '{close[0]}'? " if close else ""
        return f"unknown key; {hint}" + (f"allowed here: {allowed}" if allowed else
                                         "`pmsim schema` lists the allowed keys")
    if kind == "missing":
        _, description = _model_at(loc)
        if description.startswith("lower-case"):
            description = "an id: " + description
        return "is required but missing" + (f" ({description})" if description else "")
    if kind in ("too_short", "too_long") and loc and loc[-1] == "window":
        return f"must be two week numbers, [from, to] (got {error.get('input')!r})"
    if kind in ("too_short", "too_long") and "impact" in loc:
        return f"must be three numbers, [low, likely, high] (got {error.get('input')!r})"
    if kind == "too_long":
        return _too_many(error.get("ctx", {}))
    if kind == "too_short" and error.get("ctx", {}).get("min_length", 1) > 1:
        need, got = error["ctx"]["min_length"], error.get("input")
        return f"must have at least {need} items (got {got!r})"
    shown = repr(error.get("input"))
    if len(shown) > 60:
        shown = shown[:57] + "..."
    template = _PLAIN.get(kind)
    ctx = {k: f"{v:g}" if isinstance(v, float) else v for k, v in error.get("ctx", {}).items()}
    try:
        message = template.format(**ctx) if template else str(error["msg"])
    except (KeyError, IndexError, ValueError):
        message = str(error["msg"])
    return f"{message} (got {shown})"
