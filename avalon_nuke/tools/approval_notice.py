"""The one non-modal line an approval check leaves in Nuke: it never takes focus or waits.

``nuke.message`` would stop the compositor with a modal dialog for every approval; this line
sits at the bottom right of Nuke's main window for a few seconds instead. In notify-only mode
the line lists Reads waiting and stays, with an Apply button (the one click), until applied
or dismissed. A second line replaces the first rather than stacking up.
"""

from __future__ import annotations

from collections.abc import Callable

from Qt import QtCore, QtWidgets

from avalon_nuke.errors import AvalonError
from avalon_nuke.pipeline.approval_notes import Announcement, one_line
from avalon_nuke.tools.windows import find_open, nuke_main_window

OBJECT_NAME = "AvalonApprovalNotice"
SHOWN_MS = 12_000
MARGIN = 24


class ApprovalNotice(QtWidgets.QFrame):
    """A frameless tool window holding one line, an optional Apply and a close button."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        window = QtCore.Qt.WindowType
        flags = window.Tool | window.FramelessWindowHint | window.WindowStaysOnTopHint
        super().__init__(parent, flags)
        self.setObjectName(OBJECT_NAME)
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_ShowWithoutActivating, True)  # the artist keeps typing
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        self.label = QtWidgets.QLabel()
        self.label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.apply_button = QtWidgets.QPushButton("Apply")
        self.apply_button.setToolTip("switch the Reads listed to the versions named, as one undo step")
        self.apply_button.clicked.connect(self._apply_clicked)
        self.dismiss_button = QtWidgets.QToolButton()
        self.dismiss_button.setText("×")
        self.dismiss_button.setToolTip("dismiss (Avalon > Manager still shows what would move)")
        self.dismiss_button.clicked.connect(self.close)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.apply_button)
        layout.addWidget(self.dismiss_button)
        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.close)
        self._apply: Callable[[], object] | None = None

    def show_note(self, note: Announcement, apply: Callable[[], object] | None = None) -> None:
        self.label.setText(note.text)
        self.label.setStyleSheet("color: #e0a0a0;" if note.problem else "")
        self._apply = apply if note.pending else None
        self.apply_button.setVisible(self._apply is not None)
        self.adjustSize()
        self._place()
        self.show()
        if self._apply is None:
            self._timer.start(SHOWN_MS)
        else:
            self._timer.stop()  # waiting Reads stay listed until applied or dismissed

    @property
    def text(self) -> str:
        return self.label.text()

    def _place(self) -> None:
        anchor = self.parentWidget()
        if anchor is None:
            return
        corner = anchor.mapToGlobal(anchor.rect().bottomRight())
        self.move(corner.x() - self.width() - MARGIN, corner.y() - self.height() - MARGIN)

    def _apply_clicked(self) -> None:
        apply, self._apply = self._apply, None
        self.apply_button.setVisible(False)
        if apply is None:
            return
        try:
            apply()
        except AvalonError as error:
            self.show_note(Announcement(one_line(f"Avalon: cannot apply: {error}"), problem=True))
            return
        self._timer.start(SHOWN_MS)


def show_note(note: Announcement, apply: Callable[[], object] | None = None,
              parent: QtWidgets.QWidget | None = None) -> ApprovalNotice | None:
    """Show *note* (replacing the line already shown); None outside a Qt application."""
    if QtWidgets.QApplication.instance() is None:
        return None
    notice = find_open(OBJECT_NAME)
    if not isinstance(notice, ApprovalNotice):
        notice = ApprovalNotice(parent if parent is not None else nuke_main_window())
    notice.show_note(note, apply)
    return notice
