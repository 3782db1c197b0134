"""Rows grouped under a heading per key (the Manager's Reads by asset, with their count).

The same plain-rows-and-column-functions model as :class:`avalon_nuke.tools.models.RowModel`,
one level deeper: a heading row per group (``sh010 (3)``) holding its rows. Headings
are not selectable; filtering keeps a heading while any of its rows passes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from Qt import QtCore, QtGui

from avalon_nuke.tools.models import SORT_ROLE, Column, FilterProxy, RowModel


class GroupedRowModel(RowModel):
    """Rows under one heading per ``group(row)``, headings in first-seen order."""

    def __init__(self, columns: Sequence[Column], group: Callable[[Any], str],
                 parent: QtCore.QObject | None = None) -> None:
        super().__init__(columns, parent)
        self.group = group
        self.groups: list[tuple[str, list[Any]]] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.rows = list(rows)
        grouped: dict[str, list[Any]] = {}
        for row in self.rows:
            grouped.setdefault(self.group(row), []).append(row)
        self.groups = list(grouped.items())
        self.removeRows(0, self.rowCount())
        root = self.invisibleRootItem()
        for order, (name, members) in enumerate(self.groups):
            heading = [self._heading(f"{name} ({len(members)})", order)]
            heading += [self._heading("", order) for _column in self.columns[1:]]
            for member in members:
                heading[0].appendRow([self._item(member, column) for column in self.columns])
            root.appendRow(heading)

    @staticmethod
    def _heading(text: str, order: int) -> QtGui.QStandardItem:
        item = QtGui.QStandardItem(text)
        item.setEditable(False)
        item.setSelectable(False)
        item.setData(order, SORT_ROLE)  # headings keep their order whatever column is sorted
        font = QtGui.QFont()
        font.setBold(True)
        item.setFont(font)
        return item

    def refresh_rows(self) -> None:
        for number, (_name, members) in enumerate(self.groups):
            heading = self.item(number, 0)
            for child, member in enumerate(members):
                for col, column in enumerate(self.columns):
                    self._fill(heading.child(child, col), member, column)

    def row_at(self, index: QtCore.QModelIndex) -> Any:
        """The row behind a cell; None for a heading."""
        if not index.isValid() or not index.parent().isValid():
            return None
        group, child = index.parent().row(), index.row()
        if group < len(self.groups) and child < len(self.groups[group][1]):
            return self.groups[group][1][child]
        return None

    def index_of(self, row: Any, column: int = 0) -> QtCore.QModelIndex:
        for number, (_name, members) in enumerate(self.groups):
            for child, member in enumerate(members):
                if member is row:
                    return self.index(child, column, self.index(number, 0))
        return QtCore.QModelIndex()


class GroupedFilterProxy(FilterProxy):
    """Filters the rows of a :class:`GroupedRowModel`; a heading stays while one of its rows does."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)

    def filterAcceptsRow(self, source_row: int,  # noqa: N802
                         source_parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex) -> bool:
        if not source_parent.isValid():
            return False  # a heading: shown when a row under it is (recursive filtering)
        model: Any = self.sourceModel()  # a GroupedRowModel
        row = model.row_at(model.index(source_row, 0, source_parent))
        return row is not None and (self._predicate is None or bool(self._predicate(row)))

    def shown_rows(self) -> Iterator[tuple[QtCore.QModelIndex, Any]]:
        """(proxy index, row) of every row shown, top to bottom."""
        for group in range(self.rowCount()):
            heading = self.index(group, 0)
            for child in range(self.rowCount(heading)):
                index = self.index(child, 0, heading)
                yield index, self.row_at(index)
