"""The Loader's columns and its details panel (thumbnail, facts, actions on one version)."""

from __future__ import annotations

import html

from Qt import QtCore, QtWidgets

from avalon_nuke.pipeline.policy import State
from avalon_nuke.tools.loader_data import VersionRow
from avalon_nuke.tools.loader_review import review_column
from avalon_nuke.tools.models import Column, state_colour
from avalon_nuke.tools.widgets import PolicyCombo, Thumbnail, button

AUTOMATIC = "(automatic)"


def asset_columns() -> list[Column]:
    return [Column("Asset", lambda doc: doc["name"])]


def subset_columns() -> list[Column]:
    return [Column("Subset", lambda doc: doc["name"], 100),
            Column("Family", lambda doc: doc.get("data", {}).get("family", ""))]


def families_of(subset: dict) -> list[str]:
    data = subset.get("data", {})
    return list(data.get("families") or [data.get("family")])


def status_text(row: VersionRow) -> str:
    return "approved" if row.approved else "WIP"


def version_columns() -> list[Column]:
    def status_colour(row: VersionRow):
        return state_colour(State.APPROVED if row.approved else State.WIP)

    def wip(row: VersionRow) -> bool:
        return not row.approved

    return [
        Column("Version", lambda row: f"v{row.number:03d}", 60, bold=wip),
        Column("Status", status_text, 72, background=status_colour, bold=wip,
               tooltip=lambda row: "work in progress: not approved yet" if wip(row) else "approved"),
        Column("Author", lambda row: row.author, 70),
        Column("Date", lambda row: row.date, 115),
        Column("Frames", lambda row: row.frame_range, 80),
        Column("On disk", lambda row: row.progress, 60,
               tooltip=lambda row: "frames on disk / frames expected" if wip(row) else ""),
        Column("Farm job", lambda row: row.job_state or "", 120),
        review_column(),
        Column("Comment", lambda row: row.comment, tooltip=lambda row: row.comment),
    ]


class VersionDetails(QtWidgets.QWidget):
    """What the selected version is, and the buttons that act on it."""

    load_requested = QtCore.Signal()
    approve_requested = QtCore.Signal(bool)
    open_folder_requested = QtCore.Signal()
    copy_path_requested = QtCore.Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None, projects_root: str | None = None) -> None:
        super().__init__(parent)
        self.projects_root = projects_root
        self.thumbnail = Thumbnail(self)
        self.facts = QtWidgets.QLabel(self)
        self.facts.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.facts.setAlignment(QtCore.Qt.AlignmentFlag.AlignTop | QtCore.Qt.AlignmentFlag.AlignLeft)
        self.facts.setWordWrap(True)
        self.representations = QtWidgets.QComboBox(self)
        self.representations.setToolTip("which file of the version to load")
        self.policy = PolicyCombo(self)
        self.policy.setToolTip("how the loaded Read follows new versions")
        self.load_button = button("Load", self.load_requested.emit, "bring this version in as a Read node")
        self.approve_button = button("Approve", lambda: self.approve_requested.emit(True),
                                     "mark this version approved (for lighters)")
        self.unapprove_button = button("Unapprove", lambda: self.approve_requested.emit(False),
                                       "withdraw the approval: the version becomes work in progress")
        self.folder_button = button("Open folder", self.open_folder_requested.emit)
        self.copy_button = button("Copy path", self.copy_path_requested.emit)

        form = QtWidgets.QFormLayout()
        form.addRow("Representation", self.representations)
        form.addRow("Policy", self.policy)
        buttons = QtWidgets.QGridLayout()
        buttons.addWidget(self.load_button, 0, 0, 1, 2)
        buttons.addWidget(self.approve_button, 1, 0)
        buttons.addWidget(self.unapprove_button, 1, 1)
        buttons.addWidget(self.folder_button, 2, 0)
        buttons.addWidget(self.copy_button, 2, 1)
        self._buttons = buttons
        actions = QtWidgets.QVBoxLayout()
        actions.addLayout(form)
        actions.addLayout(buttons)
        actions.addStretch(1)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.thumbnail)
        layout.addWidget(self.facts, 1)
        layout.addLayout(actions)
        self.show_version(None)

    def add_action_row(self, *widgets: QtWidgets.QWidget) -> None:
        """One more row of buttons under the others (the dailies actions)."""
        row = self._buttons.rowCount()
        for column, widget in enumerate(widgets):
            self._buttons.addWidget(widget, row, column)

    def representation(self) -> str | None:
        name = self.representations.currentText()
        return None if name in ("", AUTOMATIC) else name

    def show_version(self, row: VersionRow | None) -> None:
        has_row = row is not None
        for widget in (self.load_button, self.folder_button, self.copy_button, self.representations):
            widget.setEnabled(has_row)
        self.approve_button.setEnabled(row is not None and not row.approved)
        self.unapprove_button.setEnabled(row is not None and row.approved)
        if row is None:
            self.facts.setText("<i>Select a version.</i>")
            self.representations.clear()
            self.thumbnail.show_placeholder("")
            return
        names = [AUTOMATIC, *(rep["name"] for rep in row.representations)]
        if [self.representations.itemText(i) for i in range(self.representations.count())] != names:
            self.representations.clear()
            self.representations.addItems(names)
        self.facts.setText(facts_html(row, self.projects_root))
        self.facts.setToolTip(row.path())


def short_path(path: str, root: str | None) -> str:
    """The path below the projects root (``…/demo/sh010/...``), or whole when elsewhere."""
    if root:
        prefix = root.rstrip("/\\") + "/"
        if path.replace("\\", "/").startswith(prefix.replace("\\", "/")):
            return "…/" + path[len(prefix):]
    return path


def facts_html(row: VersionRow, root: str | None = None) -> str:
    colour = state_colour(State.APPROVED if row.approved else State.WIP).name()
    state = "approved" if row.approved else "WORK IN PROGRESS"
    lines = [f"<b>v{row.number:03d}</b> <span style='color:{colour}'><b>{state}</b></span>"]
    approved_by = row.data.get("approvedBy")
    if row.approved and approved_by:
        lines.append(f"approved by {html.escape(str(approved_by))}")
    lines.append(f"by {html.escape(row.author or 'unknown')}, {html.escape(row.date)}")
    if row.frame_range:
        lines.append(f"frames {row.frame_range}")
    if not row.approved:
        if row.frames_on_disk is not None:
            lines.append(f"on disk: {row.frames_on_disk} of {row.frames_expected} frames")
        if row.job_state:
            lines.append(f"farm: {html.escape(row.job_state)}")
    if row.comment:
        lines.append(f"<i>{html.escape(row.comment)}</i>")
    path = row.path()
    if path:
        lines.append(f"<span style='color:gray'>{html.escape(short_path(path, root))}</span>")
    return "<br>".join(lines)
