"""A minimal TOML writer for test data (Python has a TOML reader, `tomllib`, but no writer).

It writes what the mutation tests need and nothing more: tables, arrays of tables,
inline tables, strings, integers, floats (including `inf`, `-inf` and `nan`),
booleans and arrays, mixed or not. `tomllib.loads(dumps(data)) == data` for any
such data (NaN aside, which is never equal to itself). Dates and `None` have no
place in a scenario and are refused with `TypeError`.

Layout: a table's plain keys first, then its sub-tables as `[a.b]` sections, then its
arrays of tables as `[[a.c]]` sections, each nested in the same way. A non-empty list
whose items are all tables becomes an array of tables; any other list, and any table
met inside a list, is written inline. A short table of plain values below the top
level (`skills = { dev = 1.0 }`) is written inline too, so diffs stay readable.
"""

from __future__ import annotations

import math
import re
from typing import Any

__all__ = ["dumps", "format_key", "format_value"]

INLINE_WIDTH = 80
"""Longest inline table written for a nested table of plain values."""
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def dumps(data: dict[str, Any]) -> str:
    """The TOML document for a table of data."""
    if not isinstance(data, dict):
        raise TypeError(f"a TOML document is a table, not {type(data).__name__}")
    lines: list[str] = []
    _write_table(lines, (), data, header=None)
    return "\n".join(lines).lstrip("\n") + "\n"


def format_key(key: str) -> str:
    """A key, bare when TOML allows it, otherwise quoted."""
    if not isinstance(key, str):
        raise TypeError(f"TOML keys are strings, not {type(key).__name__}: {key!r}")
    return key if _BARE_KEY.match(key) else _string(key)


def format_value(value: Any) -> str:
    """One value written inline (tables as `{ … }`, lists as `[ … ]`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        if not -(2**63) <= value < 2**63:
            raise ValueError(f"TOML integers are 64-bit; {value} does not fit")
        return str(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = ", ".join(f"{format_key(k)} = {format_value(v)}" for k, v in value.items())
        return "{ " + inner + " }"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML: {value!r}")


def _is_array_of_tables(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _write_table(
    lines: list[str], path: tuple[str, ...], table: dict[str, Any], header: str | None
) -> None:
    """Write one table: its header (if any), plain keys, then sub-tables and arrays."""
    if header is not None:
        if lines:
            lines.append("")
        lines.append(header)
    subtables = []
    arrays = []
    for key, value in table.items():
        if isinstance(value, dict) and not (path and _short_inline(value)):
            subtables.append((key, value))
        elif _is_array_of_tables(value):
            arrays.append((key, value))
        else:
            lines.append(f"{format_key(key)} = {format_value(value)}")
    for key, value in subtables:
        sub = (*path, key)
        _write_table(lines, sub, value, header=f"[{_dotted(sub)}]")
    for key, items in arrays:
        sub = (*path, key)
        for item in items:
            _write_table(lines, sub, item, header=f"[[{_dotted(sub)}]]")


def _short_inline(table: dict[str, Any]) -> bool:
    """Whether a table is small and flat enough to write as `{ … }` on its key's line."""
    if any(isinstance(v, dict) or _is_array_of_tables(v) for v in table.values()):
        return False
    return bool(table) and len(format_value(table)) <= INLINE_WIDTH


def _dotted(path: tuple[str, ...]) -> str:
    return ".".join(format_key(k) for k in path)


def _float(value: float) -> str:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    text = repr(value)
    # repr gives "1e+16" or "1.5": both valid TOML; make sure it reads back as a float.
    if not any(c in text for c in ".eE"):
        text += ".0"
    return text


def _string(text: str) -> str:
    out = []
    for ch in text:
        code = ord(ch)
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        elif 0xD800 <= code <= 0xDFFF:
            raise ValueError(f"a lone surrogate (U+{code:04X}) cannot be written as TOML")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'
