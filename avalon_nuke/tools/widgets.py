"""Small widgets the windows share: the status line, the thumbnail, the policy chooser."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from Qt import QtCore, QtGui, QtWidgets

from avalon_nuke.pipeline.policy import Policy
from avalon_nuke.redaction import one_line
from avalon_nuke.tools.thumbnails import HEIGHT, WIDTH

_ERROR_STYLE = "color: #e06c6c;"


class StatusLine(QtWidgets.QLabel):
    """The bottom of a window: what just happened, or what went wrong.

    Long messages wrap onto more lines instead of widening the window."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setWordWrap(True)
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Preferred)
        self.is_error = False

    def info(self, text: str) -> None:
        self.is_error = False
        self.setStyleSheet("")
        self.setText(one_line(text))

    def error(self, text: object) -> None:
        self.is_error = True
        self.setStyleSheet(_ERROR_STYLE)
        self.setText(one_line(text))


def placeholder_pixmap(text: str = "no frames yet") -> QtGui.QPixmap:
    pixmap = QtGui.QPixmap(WIDTH, HEIGHT)
    pixmap.fill(QtGui.QColor(48, 48, 48))
    painter = QtGui.QPainter(pixmap)
    try:
        painter.setPen(QtGui.QColor(150, 150, 150))
        painter.drawRect(0, 0, WIDTH - 1, HEIGHT - 1)
        painter.drawText(pixmap.rect(), QtCore.Qt.AlignmentFlag.AlignCenter, text)
    finally:
        painter.end()
    return pixmap


class Thumbnail(QtWidgets.QLabel):
    """A version's picture, or a placeholder saying why there is none."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(WIDTH, HEIGHT)
        self.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.shows_placeholder = True
        self.show_placeholder("")

    def show_placeholder(self, text: str) -> None:
        self.shows_placeholder = True
        self.setPixmap(placeholder_pixmap(text))

    def show_file(self, path: Path) -> None:
        pixmap = QtGui.QPixmap(str(path))
        if pixmap.isNull():
            self.show_placeholder("unreadable thumbnail")
            return
        self.shows_placeholder = False
        self.setPixmap(pixmap.scaled(WIDTH, HEIGHT, QtCore.Qt.AspectRatioMode.KeepAspectRatio,
                                     QtCore.Qt.TransformationMode.SmoothTransformation))


class PolicyCombo(QtWidgets.QComboBox):
    """How a loaded render follows versions; approved first (the default)."""

    TIPS = {
        Policy.APPROVED: "follow the newest approved version",
        Policy.LATEST: "follow the newest version, work in progress included",
        Policy.PINNED: "never move; only reported as outdated",
    }

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        for index, policy in enumerate(Policy):
            self.addItem(policy.value, policy.value)
            self.setItemData(index, self.TIPS[policy], QtCore.Qt.ItemDataRole.ToolTipRole)

    def policy(self) -> Policy:
        return Policy(self.currentData())

    def set_policy(self, policy: Policy) -> None:
        self.setCurrentIndex(self.findData(policy.value))


def button(text: str, slot: Callable[[], object], tip: str = "") -> QtWidgets.QPushButton:
    widget = QtWidgets.QPushButton(text)
    widget.clicked.connect(lambda _checked=False: slot())
    if tip:
        widget.setToolTip(tip)
    return widget


def table_view(parent: QtWidgets.QWidget | None = None, *, multi: bool = False,
               sortable: bool = True) -> QtWidgets.QTableView:
    view = QtWidgets.QTableView(parent)
    view.setSortingEnabled(sortable)
    view.setContextMenuPolicy(QtCore.Qt.ContextMenuPolicy.CustomContextMenu)
    view.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
    views = QtWidgets.QAbstractItemView
    modes = views.SelectionMode
    view.setSelectionMode(modes.ExtendedSelection if multi else modes.SingleSelection)
    view.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(22)
    view.horizontalHeader().setStretchLastSection(True)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    return view


def tree_view(parent: QtWidgets.QWidget | None = None, *, multi: bool = False) -> QtWidgets.QTreeView:
    """A sortable tree of rows under headings, selecting whole rows."""
    view = QtWidgets.QTreeView(parent)
    view.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
    views = QtWidgets.QAbstractItemView
    modes = views.SelectionMode
    view.setSelectionMode(modes.ExtendedSelection if multi else modes.SingleSelection)
    view.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSortingEnabled(True)
    view.setContextMenuPolicy(QtCore.Qt.ContextMenuPolicy.CustomContextMenu)
    view.setUniformRowHeights(True)
    view.setAlternatingRowColors(True)
    view.setExpandsOnDoubleClick(False)   # double-click sets the version
    view.header().setStretchLastSection(True)
    return view


def stacked(*widgets: QtWidgets.QWidget) -> QtWidgets.QWidget:
    """Widgets one above the other, without margins (a splitter pane)."""
    holder = QtWidgets.QWidget()
    layout = QtWidgets.QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    return holder


def open_in_file_browser(folder: str) -> None:
    QtGui.QDesktopServices.openUrl(QtCore.QUrl.fromLocalFile(folder))


def ask(parent: QtWidgets.QWidget, title: str, question: str) -> bool:
    """Yes or no from the artist (No is the default: a slip of Enter changes nothing)."""
    button = QtWidgets.QMessageBox.StandardButton
    answer = QtWidgets.QMessageBox.question(parent, title, question, button.Yes | button.No, button.No)
    return answer == button.Yes


def popup(menu: QtWidgets.QMenu, view: QtWidgets.QAbstractItemView, position: QtCore.QPoint) -> None:
    """Show a context menu where the view was right-clicked (``exec`` in Qt 6, ``exec_`` in Qt 5)."""
    if menu.isEmpty():
        return
    run = getattr(menu, "exec", None) or menu.exec_
    run(view.viewport().mapToGlobal(position))


def submenu(menu: QtWidgets.QMenu, title: str) -> QtWidgets.QMenu:
    """A submenu the parent menu owns: PySide2 deletes the one ``addMenu(title)`` returns with its wrapper."""
    child = QtWidgets.QMenu(title, menu)
    menu.addMenu(child)
    return child


def add_action(menu: QtWidgets.QMenu, text: str, slot: Callable[[], object], enabled: bool = True,
               tip: str = "") -> QtGui.QAction:  # QtWidgets.QAction in Qt 5; Qt.py maps both
    action = menu.addAction(text)
    action.triggered.connect(lambda _checked=False: slot())
    action.setEnabled(enabled)
    if tip:
        action.setToolTip(tip)
    return action


class KeyRelay(QtCore.QObject):
    """Calls *on_enter* when Return or Enter is pressed in the watched view."""

    def __init__(self, view: QtWidgets.QWidget, on_enter: Callable[[], object]) -> None:
        super().__init__(view)
        self._on_enter = on_enter
        view.installEventFilter(self)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:  # noqa: N802
        enter = (QtCore.Qt.Key.Key_Return, QtCore.Qt.Key.Key_Enter)
        key = getattr(event, "key", None)  # a QKeyEvent for key presses
        if event.type() == QtCore.QEvent.Type.KeyPress and key is not None and key() in enter:
            self._on_enter()
            return True
        return False
