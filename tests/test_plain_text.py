"""Strings from data are never markup: the rule is kept by construction, and this test
keeps the construction.

The TUI shows text only through `pmsim.tui.plain` (widgets and Rich containers that
treat a string as plain text), notifications go through `PmsimApp.notify` (plain), and
the command line makes Rich consoles only with `pmsim.cli.terminal.console` (no markup,
no emoji codes). Nothing in pmsim parses markup or ANSI from a string."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PMSIM = Path(__file__).resolve().parents[1] / "pmsim"
WRAPPED = {"textual.widgets": {"Static", "Label", "OptionList", "DataTable"},
           "rich.table": {"Table"}, "rich.console": {"Group", "Console"}}
"""What must come from `pmsim.tui.plain` (or `pmsim.cli.terminal`) instead."""
PLAIN_CONSOLE = {"rich.table": {"Table"}, "rich.console": {"Group"}}
"""What is safe outside the TUI: the command line prints only to plain consoles."""
ALLOWED = {PMSIM / "tui" / "plain.py", PMSIM / "cli" / "terminal.py"}
MARKUP_PARSERS = {"from_markup", "from_ansi", "render_markup", "escape_markup"}


def modules() -> list[Path]:
    return sorted(p for p in PMSIM.rglob("*.py") if p not in ALLOWED)


def problems_in(path: Path) -> list[str]:
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    in_tui = "tui" in path.relative_to(PMSIM).parts
    for node in ast.walk(tree):
        where = f"{path.relative_to(PMSIM.parent)}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.ImportFrom) and node.module in WRAPPED:
            for alias in node.names:
                if alias.name in WRAPPED[node.module] and (
                        in_tui or alias.name not in PLAIN_CONSOLE.get(node.module, ())):
                    found.append(f"{where} imports {alias.name} from {node.module}")
        if isinstance(node, ast.Attribute) and node.attr in MARKUP_PARSERS:
            found.append(f"{where} parses markup with .{node.attr}")
        if isinstance(node, ast.keyword) and node.arg == "markup" and not (
                isinstance(node.value, ast.Constant) and node.value.value is False):
            found.append(f"{where} passes markup=… other than False")
        if isinstance(node, ast.Attribute) and node.attr in {"Static", "Label", "OptionList",
                                                              "DataTable"} and \
                isinstance(node.value, ast.Name) and node.value.id in {"widgets",
                                                                       "textual_widgets"}:
            found.append(f"{where} uses textual.widgets.{node.attr} directly")
    return found


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PMSIM)))
def test_text_reaches_the_screen_only_as_plain_text(path: Path) -> None:
    assert problems_in(path) == []


def test_the_guard_sees_a_breach(tmp_path: Path) -> None:
    (tmp_path / "tui").mkdir()
    bad = tmp_path / "tui" / "bad.py"
    bad.write_text("from textual.widgets import Static\nfrom rich.console import Console\n"
                   "x = Text.from_markup(name)\nStatic(name, markup=True)\n")
    assert len(problems_in_at(bad)) == 4


def problems_in_at(path: Path) -> list[str]:
    """`problems_in` for a file outside pmsim (the self-test)."""
    global PMSIM
    saved, PMSIM = PMSIM, path.parent.parent
    try:
        return problems_in(path)
    finally:
        PMSIM = saved


def test_plain_widgets_show_markup_as_written() -> None:
    from rich.console import Console

    from pmsim.tui.plain import DataTable, Group, Label, OptionList, Static, Table

    assert Static("x[/]")._render_markup is False
    assert Label("[b]x")._render_markup is False
    assert OptionList("[@click=app.quit]q")._markup is False
    console = Console(width=60, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    table = Table()
    table.add_column("[b]head[/]")
    table.add_row("[@click=app.quit]Ana[/]")
    console.print(Group("x[/]", table))
    text = console.export_text()
    assert "x[/]" in text and "[@click=app.quit]Ana[/]" in text and "[b]head[/]" in text
    assert DataTable  # its cells are checked through the TUI tests
