"""A DataTable that renders rows from a `PlayerView` and keeps the cursor on the same
item across updates."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.text import Text
from textual.containers import Vertical
from textual.reactive import reactive

from pmsim.engine.view import PlayerView
from pmsim.tui.plain import DataTable, Static

Cell = str | Text


def flex(columns: Sequence[tuple[str, int | None]], width: int, cap: int = 200,
         least: int = 10) -> list[tuple[str, int | None]]:
    """Give the one column of width None what is left of `width` (cell padding and the
    scrollbar counted), at least `least` and at most `cap`."""
    fixed = sum(w for _, w in columns if w is not None)
    left = width - fixed - 2 * len(columns) - 2
    return [(label, w if w is not None else max(least, min(cap, left)))
            for label, w in columns]


class ViewTable(DataTable):
    """Subclasses define `column_spec(width)` and `row_cells(view, width)` → (key, cells)."""

    DEFAULT_CSS = """
    ViewTable { height: 1fr; }
    """

    view: reactive[PlayerView | None] = reactive(None, always_update=True)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self._shape: tuple[tuple[str, int | None], ...] = ()
        self._stale = False

    def column_spec(self, width: int) -> Sequence[tuple[str, int | None]]:
        """Column labels and widths (None: as wide as the content) for this width."""
        raise NotImplementedError

    def row_cells(self, view: PlayerView, width: int) -> Iterable[tuple[str, Sequence[Cell]]]:
        """(row key, cells) for each row."""
        raise NotImplementedError

    def detail(self, view: PlayerView, key: str) -> Text:
        """More about one row, for the line under the table."""
        return Text("")

    @property
    def selected_id(self) -> str | None:
        """Key of the row under the cursor."""
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except Exception:
            return None
        return str(key.value) if key.value is not None else None

    def watch_view(self) -> None:
        if self._hidden():
            self._stale = True  # rebuilt when its tab is shown: only what is seen costs
        else:
            self.rebuild()

    def on_show(self) -> None:
        if self._stale:
            self.rebuild()

    def on_resize(self) -> None:
        self.rebuild()

    def _hidden(self) -> bool:
        node = self
        while node is not None:
            if not getattr(node, "display", True):
                return True
            node = node.parent  # type: ignore[assignment]
        return False

    def rebuild(self) -> None:
        """Render the rows for the current view and width, keeping the cursor's item."""
        if self.view is None:
            return
        self._stale = False
        width = self.size.width or 80
        selected = self.selected_id
        shape = tuple(self.column_spec(width))
        if shape != self._shape:
            self.clear(columns=True)
            for label, w in shape:
                self.add_column(label, width=w, key=label)
            self._shape = shape
        else:
            self.clear()
        keys = []
        for key, cells in self.row_cells(self.view, width):
            self.add_row(*cells, key=key)
            keys.append(key)
        if selected in keys:
            self.move_cursor(row=keys.index(selected), animate=False, scroll=False)


class ViewPane(Vertical):
    """A dashboard tab: its widgets bound to `view`, and a detail line that follows the
    cursor of its table."""

    DEFAULT_CSS = """
    ViewPane { height: 1fr; }
    ViewPane .detail { height: auto; max-height: 4; padding: 0 1; color: $text-muted; }
    """

    LEGEND: ClassVar[tuple[tuple[str, str], ...]] = ()
    """(column or mark, what it means), for the top of the help on this view."""

    view: reactive[PlayerView | None] = reactive(None, always_update=True)

    def watch_view(self) -> None:
        self.call_after_refresh(self._update_detail)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._update_detail()

    def _update_detail(self) -> None:
        tables = self.query(ViewTable)
        details = self.query(".detail")
        if not tables or not details or self.view is None:
            return
        table = tables.first()
        key = table.selected_id
        text = table.detail(self.view, key) if key else Text("")
        details.first(Static).update(text)

    @property
    def selected_id(self) -> str | None:
        """The item under the cursor of this pane's table."""
        tables = self.query(ViewTable)
        return tables.first().selected_id if tables else None
