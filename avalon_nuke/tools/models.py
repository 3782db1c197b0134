"""Table models for the windows: rows of plain Python objects, columns as small functions.

Views never ask the database anything: a model holds the rows a worker fetched,
and a filter proxy decides which are shown (search text, family, WIP toggle,
outdated only), so filtering is instant and costs no round trip.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from Qt import QtCore, QtGui

from avalon_nuke.pipeline.container_data import STATE_COLOURS
from avalon_nuke.pipeline.policy import State

ROW_ROLE = QtCore.Qt.UserRole + 1


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


class RowModel(QtCore.QAbstractTableModel):
    """A read-only table over a list of rows."""

    def __init__(self, columns: Sequence[Column], parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Any] = []

    def apply_widths(self, view: Any) -> None:
        """Fixed starting widths: measuring thousands of rows' contents would stall the UI."""
        for number, column in enumerate(self.columns):
            if column.width:
                view.setColumnWidth(number, column.width)

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def refresh_rows(self) -> None:
        """Rows changed in place (progress arrived): repaint without losing the selection."""
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1))

    def row_at(self, index: QtCore.QModelIndex) -> Any:
        return self.rows[index.row()] if index.isValid() and index.row() < len(self.rows) else None

    def rowCount(self, parent: QtCore.QModelIndex = QtCore.QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QtCore.QModelIndex = QtCore.QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Any, role: int = QtCore.Qt.DisplayRole) -> Any:  # noqa: N802
        if orientation == QtCore.Qt.Horizontal and role == QtCore.Qt.DisplayRole:
            return self.columns[section].title
        return None

    def data(self, index: QtCore.QModelIndex, role: int = QtCore.Qt.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        column = self.columns[index.column()]
        if role == QtCore.Qt.DisplayRole:
            value = column.text(row)
            return "" if value is None else str(value)
        if role == ROW_ROLE:
            return row
        if role == QtCore.Qt.BackgroundRole and column.background is not None:
            return column.background(row)
        if role == QtCore.Qt.FontRole and column.bold is not None and column.bold(row):
            font = QtGui.QFont()
            font.setBold(True)
            return font
        if role == QtCore.Qt.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        return None


class FilterProxy(QtCore.QSortFilterProxyModel):
    """Shows rows whose first column contains the search text and that pass a predicate."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
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
        return index.data(ROW_ROLE) if index.isValid() else None

    def filterAcceptsRow(self, source_row: int, source_parent: QtCore.QModelIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        row = model.rows[source_row]
        if self._text:
            name = str(model.columns[0].text(row)).lower()
            if self._text not in name:
                return False
        return self._predicate is None or bool(self._predicate(row))
