"""Shared pieces of docs/model.md's generated blocks: the table builders and figures
every block uses (see `pmsim.model_doc`)."""

from __future__ import annotations

from types import ModuleType

from pydantic import BaseModel

from pmsim.model_summary import _num
from pmsim.scenario.schema import Calendar

EXAMPLE_SCENARIO = "portal-launch"
"""The built-in scenario whose risk register the page works examples from."""
WEEKS_SHOWN = (1, 2, 4, 8, 12, 26, 52)
"""Weeks of sustained overtime, and of a new hire's assimilation, the tables show."""


def days_per_week() -> int:
    value = Calendar.model_fields["days_per_week"].default
    assert isinstance(value, int)
    return value


def f2(value: float) -> str:
    """A factor with two decimals: 0.65, 1.00."""
    return f"{value:.2f}"


def parameters(table: type[BaseModel], names: tuple[str, ...], where: str) -> str:
    """A Markdown table of some fields of a schema table: key, default, meaning."""
    rows = ["| Parameter | Default | What it does |", "|---|---|---|"]
    for name in names:
        info = table.model_fields[name]
        default = info.default
        shown = (f"`{str(default).lower()}`" if isinstance(default, bool) else
                 _num(default) if isinstance(default, int | float) else f"`{default}`")
        meaning = " ".join((info.description or "").split()).replace("|", "\\|")
        rows.append(f"| `[{where}] {name}` | {shown} | {meaning} |")
    return "\n".join(rows) + "\n"


def const_row(module: ModuleType, name: str, what: str) -> tuple[str, str, str]:
    """One row of a constants table: the constant as `module.NAME`, its value as the
    README writes numbers, and what it does."""
    return f"{module.__name__.rsplit('.', 1)[-1]}.{name}", _num(getattr(module, name)), what


def constants_table(rows: tuple[tuple[str, str, str], ...]) -> str:
    """A Markdown table of engine constants: name, value, meaning."""
    lines = ["| Engine constant | Value | What it does |", "|---|---|---|"]
    lines += [f"| `{name}` | {value} | {meaning} |" for name, value, meaning in rows]
    return "\n".join(lines) + "\n"
