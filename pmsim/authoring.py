"""Tools for scenario authors: the field reference, rendered from the schema's docstrings,
and the commented starter scenario that `pmsim new` writes.

The reference in `docs/authoring.md` sits between `FIELDS_START` and `FIELDS_END`; it is
rendered here from the pydantic models of `pmsim.scenario` (field docstrings, types,
constraints and defaults), so it cannot drift from the format: a test compares the two,
and `pmsim docs --write` refreshes the file.
"""

from __future__ import annotations

import math
import re
import typing
from dataclasses import dataclass
from importlib import resources
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from pmsim.errors import UserError
from pmsim.scenario import types as value_types
from pmsim.scenario.limits import size_limits
from pmsim.scenario.schema import Scenario

FIELDS_START = "<!-- fields:start -->"
FIELDS_END = "<!-- fields:end -->"
STARTER = "starter.toml"
"""The starter scenario's template, a data file of `pmsim.scenario`."""
STARTER_ID = "my-scenario"
"""The id written in the template, replaced by the one `pmsim new` is given."""


# ---------------------------------------------------------------- walking the schema


@dataclass(frozen=True)
class FieldDoc:
    """One key of a table, as the reference shows it."""

    name: str
    type: str
    default: str
    """The default as TOML, or `required`."""
    description: str


@dataclass
class TableDoc:
    """One table of the format and the places in a file where it is written."""

    model: type[BaseModel]
    paths: list[str]
    """Dotted keys from the top of the file, e.g. `risks.impact`; empty for the top level."""
    array: bool
    """Whether it is written as an array of tables (`[[tasks]]`)."""

    @property
    def anchor(self) -> str:
        """The link target of its section."""
        return "table-" + self.model.__name__.lower()

    @property
    def keys(self) -> tuple[str, list[str]]:
        """The parent path and the keys under it where the table is written."""
        parents = {p.rpartition(".")[0] for p in self.paths}
        parent = parents.pop() if len(parents) == 1 else ""
        return parent, [p.rpartition(".")[2] for p in self.paths]

    @property
    def heading(self) -> str:
        """`[meta]`, `[[tasks]]`, `[risks.responses.<name>]`, or the top level."""
        if not self.paths:
            return "The top level of the file"
        parent, keys = self.keys
        path = f"{parent}.<{self.model.__name__.lower()}>" if len(keys) > 1 else self.paths[0]
        return f"`[[{path}]]`" if self.array else f"`[{path}]`"


def _hints(model: type[BaseModel]) -> dict[str, Any]:
    return typing.get_type_hints(model, include_extras=True)


def _strip_optional(hint: Any) -> Any:
    """`X | None` → X; anything else unchanged (an absent optional key is `None`)."""
    if get_origin(hint) in (Union, UnionType):
        args = [a for a in get_args(hint) if a is not type(None)]
        if len(args) == 1 and len(get_args(hint)) == 2:
            return args[0]
    return hint


def _unannotated(hint: Any) -> Any:
    return get_args(hint)[0] if get_origin(hint) is Annotated else hint


def _nested_model(hint: Any) -> tuple[type[BaseModel] | None, bool]:
    """The model a field holds (and whether as a list of them), or (None, False)."""
    hint = _unannotated(_strip_optional(hint))
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        return hint, False
    if get_origin(hint) is list:
        item = _unannotated(get_args(hint)[0])
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item, True
    return None, False


def tables(root: type[BaseModel] = Scenario) -> list[TableDoc]:
    """Every table of the format, in the order a file is usually written (depth first)."""
    found: dict[type[BaseModel], TableDoc] = {}
    order: list[TableDoc] = []

    def visit(model: type[BaseModel], path: str, array: bool) -> None:
        if model in found:
            found[model].paths.append(path)
            return
        doc = TableDoc(model, [path] if path else [], array)
        found[model] = doc
        order.append(doc)
        hints = _hints(model)
        for name in model.model_fields:
            child, is_list = _nested_model(hints[name])
            if child is not None:
                visit(child, f"{path}.{name}" if path else name, is_list)

    visit(root, "", False)
    return order


def undocumented(root: type[BaseModel] = Scenario) -> list[str]:
    """`Model.field` for every field (and `Model` for every table) without a docstring."""
    missing = []
    for table in tables(root):
        if not (table.model.__doc__ or "").strip():
            missing.append(table.model.__name__)
        for name, info in table.model.model_fields.items():
            if not (info.description or "").strip():
                missing.append(f"{table.model.__name__}.{name}")
    return missing


# ---------------------------------------------------------------- types and defaults


def _num(value: float) -> str:
    """A bound or default as a person writes it: 520, 0.25, 100,000, 1e12."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if not math.isfinite(value):
        return str(value)
    if abs(value) >= 1e6 and value == int(value):
        mantissa, exponent = f"{value:e}".split("e")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa}e{int(exponent)}"
    if value == int(value):
        return f"{int(value):,}"
    return repr(value)


def _constraints(metadata: list[Any]) -> dict[str, Any]:
    """ge/le/gt/lt/min_length/max_length/pattern found in pydantic metadata."""
    out: dict[str, Any] = {}
    for item in metadata:
        if isinstance(item, FieldInfo):
            out.update(_constraints(item.metadata))
            continue
        for key in ("ge", "le", "gt", "lt", "min_length", "max_length", "pattern"):
            value = getattr(item, key, None)
            if value is not None:
                out[key] = value
    return out


def _bounds(c: dict[str, Any]) -> str:
    low = c.get("ge", c.get("gt"))
    high = c.get("le", c.get("lt"))
    if low is not None and high is not None:
        return f"{_num(low)} to {_num(high)}"
    if low is not None:
        return f"{'>' if 'gt' in c else '≥'} {_num(low)}"
    if high is not None:
        return f"{'<' if 'lt' in c else '≤'} {_num(high)}"
    return ""


def _count(c: dict[str, Any], unit: str) -> str:
    low, high = c.get("min_length"), c.get("max_length")
    if low is not None and low == high:
        return f"exactly {low} {unit}"
    if low is not None and high is not None:
        return f"{low} to {high} {unit}"
    if low is not None:
        return f"at least {low} {unit}" if low > 1 else "not empty"
    if high is not None:
        return f"at most {high} {unit}"
    return ""


def _with(text: str, detail: str) -> str:
    return f"{text}, {detail}" if detail else text


def _link(model: type[BaseModel], anchors: dict[type[BaseModel], str]) -> str:
    anchor = anchors.get(model)
    return f"[{model.__name__}](#{anchor})" if anchor else model.__name__


def describe_type(hint: Any, metadata: list[Any],
                  anchors: dict[type[BaseModel], str] | None = None) -> tuple[str, str]:
    """A field's type in words, singular and plural (`id` / `ids`), with its ranges."""
    anchors = anchors or {}
    hint = _strip_optional(hint)
    if hint is value_types.Range:
        return "`[low, likely, high]`", "ranges"
    c = _constraints(metadata)
    if get_origin(hint) is Annotated:
        base, *extra = get_args(hint)
        return describe_type(base, [*extra, *metadata], anchors)
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        return f"table: {_link(hint, anchors)}", "tables"
    origin = get_origin(hint)
    if origin is Literal:
        values = [f'`"{v}"`' if isinstance(v, str) else f"`{_num(v)}`" for v in get_args(hint)]
        text = values[0] if len(values) == 1 else "one of " + ", ".join(values)
        return text, text
    if origin is list:
        (item,) = get_args(hint)
        model, _ = _nested_model(hint)
        if model is not None:
            return _with(f"array of tables: {_link(model, anchors)}", _count(c, "items")), ""
        _, plural = describe_type(item, [], anchors)
        return _with(f"list of {plural}", _count(c, "items")), "lists"
    if origin is dict:
        key, value = get_args(hint)
        key_text, _ = describe_type(key, [], anchors)
        value_text, _ = describe_type(value, [], anchors)
        return _with(f"table of {key_text} = {value_text}", _count(c, "entries")), "tables"
    if hint is bool:
        return "`true` or `false`", "booleans"
    if hint is str:
        if c.get("pattern") == ID_PATTERN:
            return "[id](#value-types)", "[ids](#value-types)"
        return _with("text", _count(c, "characters")), "texts"
    if hint is int or hint is float:
        word = "whole number" if hint is int else "number"
        bounds = _bounds(c)
        plural = f"{word}s from {bounds}" if " to " in bounds else f"{word}s {bounds}".strip()
        return _with(word, bounds), plural
    if isinstance(hint, UnionType) or get_origin(hint) is Union:
        parts = [describe_type(a, [], anchors)[0] for a in get_args(hint)]
        return " or ".join(parts), "values"
    name = getattr(hint, "__name__", str(hint))
    return name, name


def _toml(value: Any) -> str:
    if value is None:
        return "absent"
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    if isinstance(value, str):
        return f'`"{value}"`'
    if isinstance(value, int | float):
        if isinstance(value, float) and abs(value) >= 1e6:
            return f"`{_num(value)}`"
        return f"`{value!r}`"
    if isinstance(value, list | tuple):
        return "`[]`" if not value else "`[" + ", ".join(_toml(v).strip("`") for v in value) + "]`"
    if isinstance(value, BaseModel):
        return "its defaults"
    return f"`{value!r}`"


def describe_default(info: FieldInfo) -> str:
    """`required`, or the default as TOML. A field whose empty default breaks its own
    minimum length is effectively required, and is shown so."""
    if info.is_required():
        return "required"
    factory = info.default_factory
    value = factory() if factory is not None else info.default  # type: ignore[call-arg]
    if value is PydanticUndefined:
        return "required"
    minimum = _constraints(info.metadata).get("min_length")
    if isinstance(value, list | dict) and minimum and len(value) < minimum:
        return "required"
    return _toml(value)


def field_docs(model: type[BaseModel],
               anchors: dict[type[BaseModel], str] | None = None) -> list[FieldDoc]:
    """The reference rows of one table, in the order the model declares its fields."""
    hints = _hints(model)
    rows = []
    for name, info in model.model_fields.items():
        type_text, _ = describe_type(hints[name], list(info.metadata), anchors)
        rows.append(FieldDoc(name, type_text, describe_default(info),
                             " ".join((info.description or "").split())))
    return rows


ID_PATTERN: str = _constraints(list(get_args(value_types.Id)[1:]))["pattern"]
"""The pattern of every identifier, read from `pmsim.scenario.types.Id`."""


# ---------------------------------------------------------------- Markdown


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _value_types() -> list[str]:
    fraction = _bounds(_constraints(list(get_args(value_types.Fraction)[1:])))
    money = _bounds(_constraints(list(get_args(value_types.Money)[1:])))
    skill = _bounds(_constraints(list(get_args(value_types.Skill)[1:])))
    config = value_types.Strict.model_config
    rules = []
    if config.get("extra") == "forbid":
        rules.append("unknown keys are errors (a misspelt key is reported, never ignored)")
    if config.get("strict"):
        rules.append('types are strict: a quoted `"4"` is text, not a number, and `true` is '
                     "not `1`; a whole number is fine where a decimal is")
    strict = "; ".join(rules) + "."
    return [
        '<a id="value-types"></a>',
        "",
        "### Value types and rules",
        "",
        f"- In every table, {strict}",
        "- **id**: 1 to 48 characters: lower-case letters, digits, `-` and `_`, starting "
        "with a letter or a digit (`billing-api`, `r2`). Ids must be unique within their "
        "table (people: across `[[team]]` and `[[hire_pool]]`).",
        f"- **Fractions** and probabilities are numbers from {fraction}; money amounts "
        f"are numbers from {money}, in the scenario's currency; skill levels run from "
        f"{skill}.",
        "- **`[low, likely, high]`** is a three-point range: a list of three numbers, none "
        "negative, with low ≤ likely ≤ high.",
        "- Weeks count from 1, the first week of the game; a turn is one week.",
    ]


def _where(table: TableDoc, docs: list[TableDoc]) -> str:
    """Where a nested table is written, e.g. "Key `cares` of each `[[stakeholders]]`
    entry."; empty for the top-level tables."""
    parent, keys = table.keys
    if not parent:
        if len(keys) > 1:
            return "Written at " + ", ".join(f"`{k}`" for k in keys) + "."
        return ""
    owner = next((t for t in docs if t.paths and parent in t.paths), None)
    each = "each " if owner is not None and owner.array else ""
    shown = f"`[[{parent}]]`" if owner is not None and owner.array else f"`[{parent}]`"
    names = ", ".join(f"`{k}`" for k in keys)
    if len(keys) == 1:
        return f"Key {names} of {each}{shown} entry." if each else f"Key {names} of {shown}."
    return f"The same table for each of the keys {names} of {shown}."


def render_reference(root: type[BaseModel] = Scenario) -> str:
    """The field reference in Markdown (what goes between the markers)."""
    docs = tables(root)
    anchors = {t.model: t.anchor for t in docs}
    lines = [
        "<!-- Generated from the schema docstrings by `pmsim docs`; do not edit by hand. -->",
        "",
        *_value_types(),
        "",
        *size_limits(),
    ]
    for table in docs:
        lines += ["", f'<a id="{table.anchor}"></a>', "", f"### {table.heading}", ""]
        lines.append(" ".join((table.model.__doc__ or "").split()))
        where = _where(table, docs)
        if where:
            lines += ["", where]
        lines += ["", "| key | type | default | description |", "|---|---|---|---|"]
        for row in field_docs(table.model, anchors):
            lines.append(f"| `{row.name}` | {_cell(row.type)} | {_cell(row.default)} | "
                         f"{_cell(row.description)} |")
    return "\n".join(lines) + "\n"


def replace_reference(text: str, reference: str | None = None) -> str:
    """`text` with the block between the markers replaced by the current reference."""
    if text.count(FIELDS_START) != 1 or text.count(FIELDS_END) != 1:
        raise UserError(f"the file needs exactly one {FIELDS_START} and one {FIELDS_END} "
                        "line to show where the field reference goes")
    before, rest = text.split(FIELDS_START, 1)
    _, after = rest.split(FIELDS_END, 1)
    body = render_reference() if reference is None else reference
    return f"{before}{FIELDS_START}\n{body}{FIELDS_END}{after}"


# ---------------------------------------------------------------- the starter scenario


def check_scenario_id(text: str) -> str:
    """`text` if it is a valid scenario id, else a `UserError` that says what is allowed."""
    if re.fullmatch(ID_PATTERN, text):
        return text
    bare = text.strip()
    if bare.lower().endswith(".toml"):
        stem = bare[:-5]
        if re.fullmatch(ID_PATTERN, stem):
            raise UserError(f"'{text}' is not a valid scenario id: give the id without "
                            f"'.toml' (`pmsim new {stem}` writes {stem}.toml; --out names "
                            "another file).")
    suggestion = re.sub(r"[^a-z0-9_-]+", "-", bare.lower()).strip("-_")[:48]
    hint = (f" (for example '{suggestion}')"
            if suggestion and re.fullmatch(ID_PATTERN, suggestion) else "")
    raise UserError(f"'{text}' is not a valid scenario id: use 1 to 48 lower-case letters, "
                    f"digits, '-' and '_', starting with a letter or a digit{hint}.")


def starter_template() -> str:
    """The starter scenario as shipped, with the id `STARTER_ID`."""
    return resources.files("pmsim.scenario").joinpath(STARTER).read_text(encoding="utf-8")


def starter_scenario(scenario_id: str, filename: str | None = None) -> str:
    """The commented starter scenario for `scenario_id` (checked first); its opening
    comments name `filename` (default `<id>.toml`) in the commands to run next."""
    check_scenario_id(scenario_id)
    title = scenario_id.replace("-", " ").replace("_", " ").capitalize()
    text = starter_template()
    shown = (filename or f"{scenario_id}.toml").replace("\n", " ").replace("\r", " ")
    text = text.replace(f"{STARTER_ID}.toml", shown)
    text = text.replace(f'id = "{STARTER_ID}"', f'id = "{scenario_id}"', 1)
    return text.replace('title = "My scenario"', f'title = "{title}"', 1)
