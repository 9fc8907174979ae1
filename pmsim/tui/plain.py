"""The only widgets and Rich containers the TUI puts text in: strings are plain text.

Names, titles and texts come from scenario files, game logs, team names and the
results store, written by somebody else. Textual and Rich read a bare `str` as
markup: `[@click=app.quit]Ana[/]` would become a link that runs an action, and `x[/]`
would crash the screen. Here a `str` is always the characters it holds: `Static`,
`Label` and `OptionList` never parse markup, `DataTable`, `Table` and `Group` wrap every
string in a `rich.text.Text`. Styling is done with `Text` objects (`Text(s, style=…)`,
`Text.assemble`), never with markup in a string.

`tests/test_plain_text.py` fails when a TUI module imports these from Textual or Rich
directly, or parses markup in any other way.
"""

from __future__ import annotations

from typing import Any, Self, cast

from rich import table as rich_table
from rich.console import Group as RichGroup
from rich.console import RenderableType
from rich.text import Text
from textual import widgets as textual_widgets


def plain(value: Any) -> Any:
    """A string as a `Text` that shows it character for character; anything else as is."""
    return Text(value) if isinstance(value, str) else value


class Static(textual_widgets.Static):
    """Textual's `Static` that shows a string as written (markup is never parsed)."""

    def __init__(self, content: Any = "", **kwargs: Any) -> None:
        kwargs["markup"] = False
        super().__init__(content, **kwargs)


class Label(textual_widgets.Label):
    """Textual's `Label` that shows a string as written (markup is never parsed)."""

    def __init__(self, content: Any = "", **kwargs: Any) -> None:
        kwargs["markup"] = False
        super().__init__(content, **kwargs)


class OptionList(textual_widgets.OptionList):
    """Textual's `OptionList` whose string prompts are shown as written, and whose
    cursor stops at the ends instead of wrapping round (down from the last option must
    not land on the first, the default a player did not mean)."""

    def __init__(self, *content: Any, **kwargs: Any) -> None:
        kwargs["markup"] = False
        super().__init__(*content, **kwargs)

    def _step(self, direction: int) -> None:
        """Move the highlight to the next enabled option that way, if there is one."""
        if self.highlighted is None:
            if direction > 0:
                super().action_cursor_down()
            else:
                super().action_cursor_up()
            return
        index = self.highlighted + direction
        while 0 <= index < self.option_count:
            if not self.get_option_at_index(index).disabled:
                self.highlighted = index
                return
            index += direction

    def action_cursor_down(self) -> None:
        """Down one enabled option; nothing at the last."""
        self._step(1)

    def action_cursor_up(self) -> None:
        """Up one enabled option; nothing at the first."""
        self._step(-1)


class DataTable(textual_widgets.DataTable[Any]):
    """Textual's `DataTable` whose string cells, row labels and column labels are plain
    text (Textual would read them as markup)."""

    def add_column(self, label: Any, *args: Any, **kwargs: Any) -> Any:
        """As `DataTable.add_column`, the label plain."""
        return super().add_column(plain(label), *args, **kwargs)

    def add_row(self, *cells: Any, **kwargs: Any) -> Any:
        """As `DataTable.add_row`, every string cell (and the label) plain."""
        if isinstance(kwargs.get("label"), str):
            kwargs["label"] = Text(kwargs["label"])
        return super().add_row(*(plain(cell) for cell in cells), **kwargs)

    def update_cell(self, row_key: Any, column_key: Any, value: Any, **kwargs: Any) -> None:
        """As `DataTable.update_cell`, a string value plain."""
        super().update_cell(row_key, column_key, plain(value), **kwargs)

    def update_cell_at(self, coordinate: Any, value: Any, **kwargs: Any) -> None:
        """As `DataTable.update_cell_at`, a string value plain."""
        super().update_cell_at(coordinate, plain(value), **kwargs)


class Table(rich_table.Table):
    """Rich's `Table` whose string cells and headers are plain text."""

    def add_column(self, header: Any = "", *args: Any, **kwargs: Any) -> None:
        """As `Table.add_column`, the header plain."""
        super().add_column(plain(header), *args, **kwargs)

    def add_row(self, *renderables: Any, **kwargs: Any) -> None:
        """As `Table.add_row`, every string cell plain."""
        super().add_row(*(plain(cell) for cell in renderables), **kwargs)

    @classmethod
    def grid(cls, *headers: Any, **kwargs: Any) -> Self:
        """As `Table.grid`, typed as this class: Rich's `grid` builds `cls(...)` but is
        annotated as returning Rich's `Table`."""
        return cast(Self, super().grid(*headers, **kwargs))


def Group(*renderables: RenderableType, fit: bool = True) -> RichGroup:
    """Rich's `Group`, every string in it plain."""
    return RichGroup(*(plain(r) for r in renderables), fit=fit)
