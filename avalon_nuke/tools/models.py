"""Table models for the windows: rows of plain Python objects, columns as small functions.

Views never ask the database anything: a model holds the rows a worker fetched,
and a filter proxy decides which are shown (search text, family, WIP toggle,
outdated only), so filtering is instant and costs no round trip.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from Qt import QtCore, QtGui

from avalon_nuke.pipeline.container_data import STATE_COLOURS
from avalon_nuke.pipeline.policy import State

# every cell has one, so comparisons never meet an empty value
SORT_ROLE = QtCore.Qt.ItemDataRole.UserRole + 1


def state_colour(state: State) -> QtGui.QColor:
    """The node colour of a state (``0xRRGGBBAA``), as a Qt colour."""
    value = STATE_COLOURS[state]
    return QtGui.QColor((value >> 24) & 0xFF, (value >> 16) & 0xFF, (value >> 8) & 0xFF)


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[Any], object]
    width: int = 0      # initial width in pixels; 0 lets the view decide
    background: Callable[[Any], QtGui.QColor | None] | None = None
    bold: Callable[[Any], bool] | None = None
    tooltip: Callable[[Any], str] | None = None
    sort: Callable[[Any], Any] | None = None    # the value sorting compares (default: the text)


class RowModel(QtGui.QStandardItemModel):
    """A read-only table over a list of rows.

    The cells are stored in Qt's own item model rather than served by a Python
    ``data()`` override: views then never call back into Python to paint, and
    PySide6 6.12 on Python 3.11 loses a reference to ``None`` each time such an
    override answers "no data" (any empty ``QVariant`` turned into Python ``None``
    does), which eventually crashes the interpreter.
    """

    def __init__(self, columns: Sequence[Column], parent: QtCore.QObject | None = None) -> None:
        super().__init__(0, len(columns), parent)
        self.columns = list(columns)
        self.rows: list[Any] = []
        self.setHorizontalHeaderLabels([column.title for column in self.columns])

    def apply_widths(self, view: Any) -> None:
        """Fixed starting widths: measuring thousands of rows' contents would stall the UI."""
        for number, column in enumerate(self.columns):
            if column.width:
                view.setColumnWidth(number, column.width)

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.rows = list(rows)
        self.removeRows(0, self.rowCount())
        root = self.invisibleRootItem()
        for row in self.rows:
            root.appendRow([self._item(row, column) for column in self.columns])

    def refresh_rows(self) -> None:
        """Rows changed in place (progress arrived): rewrite the cells, keeping the selection."""
        for number, row in enumerate(self.rows):
            for col, column in enumerate(self.columns):
                self._fill(self.item(number, col), row, column)

    def row_at(self, index: QtCore.QModelIndex) -> Any:
        return self.rows[index.row()] if index.isValid() and index.row() < len(self.rows) else None

    @classmethod
    def _item(cls, row: Any, column: Column) -> QtGui.QStandardItem:
        item = QtGui.QStandardItem()
        item.setEditable(False)
        cls._fill(item, row, column)
        return item

    @staticmethod
    def _fill(item: QtGui.QStandardItem, row: Any, column: Column) -> None:
        """Write a cell without reading it back: reading an empty role gives None, see above."""
        value = column.text(row)
        item.setText("" if value is None else str(value))
        key = column.sort(row) if column.sort is not None else item.text()
        item.setData(key if key is not None else "", SORT_ROLE)
        if column.background is not None:
            colour = column.background(row)
            item.setBackground(QtGui.QBrush(colour) if colour is not None else QtGui.QBrush())
        if column.bold is not None:
            font = QtGui.QFont()
            font.setBold(bool(column.bold(row)))
            item.setFont(font)
        if column.tooltip is not None:
            item.setToolTip(column.tooltip(row) or "")


class FilterProxy(QtCore.QSortFilterProxyModel):
    """Shows rows whose first column contains the search text and that pass a predicate."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._text = ""
        self._predicate: Callable[[Any], bool] | None = None

    def set_text(self, text: str) -> None:
        self._change_filter(lambda: setattr(self, "_text", text.strip().lower()))

    def set_predicate(self, predicate: Callable[[Any], bool] | None) -> None:
        self._change_filter(lambda: setattr(self, "_predicate", predicate))

    def _change_filter(self, change: Callable[[], None]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+: invalidateFilter is deprecated there
            self.beginFilterChange()
            change()
            self.endFilterChange()
        else:
            change()
            self.invalidateFilter()

    def row_at(self, index: QtCore.QModelIndex) -> Any:
        if not index.isValid():
            return None
        return self._rows().row_at(self.mapToSource(index))

    def _rows(self) -> RowModel:
        return cast(RowModel, self.sourceModel())

    def filterAcceptsRow(self, source_row: int,  # noqa: N802
                         source_parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex) -> bool:
        model = self._rows()
        row = model.rows[source_row]
        if self._text:
            name = str(model.columns[0].text(row)).lower()
            if self._text not in name:
                return False
        return self._predicate is None or bool(self._predicate(row))


def select_first(view: Any, proxy: FilterProxy, matches: Callable[[Any], bool]) -> bool:
    """Make the first shown row that *matches* the view's current row; False when none does."""
    for row in range(proxy.rowCount()):
        index = proxy.index(row, 0)
        if matches(proxy.row_at(index)):
            view.setCurrentIndex(index)
            view.scrollTo(index)
            return True
    return False
