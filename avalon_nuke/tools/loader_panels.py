"""The Loader's columns and its details panel (thumbnail, facts, actions on one version)."""

from __future__ import annotations

import html

from Qt import QtCore, QtWidgets

from avalon_nuke.pipeline.policy import State
from avalon_nuke.pipeline.version_listing import VersionRow, VersionState, ranges_text
from avalon_nuke.tools.loader_review import review_column
from avalon_nuke.tools.models import Column, state_colour
from avalon_nuke.tools.widgets import PolicyCombo, Thumbnail, button

REPRESENTATION_WIDTH = 180  # pass names such as "crypto_material" stay readable


def asset_columns() -> list[Column]:
    return [Column("Asset", lambda doc: doc["name"])]


def subset_columns() -> list[Column]:
    return [Column("Subset", lambda doc: doc["name"], 100),
            Column("Family", lambda doc: doc.get("data", {}).get("family", ""))]


def families_of(subset: dict) -> list[str]:
    data = subset.get("data", {})
    return list(data.get("families") or [data.get("family")])


# The colour of each version state: the node colours where they mean the same thing.
_STATE_LOOK = {
    VersionState.APPROVED: State.APPROVED, VersionState.WIP: State.WIP, VersionState.RENDERING: State.WIP,
    VersionState.AWAITING: State.WIP, VersionState.SUPERSEDED: State.OUTDATED,
    VersionState.FAILED: State.MISSING, VersionState.INCOMPLETE: State.MISSING,
}
_STATE_TIPS = {
    VersionState.WIP: "work in progress: not approved yet",
    VersionState.RENDERING: "work in progress: frames are still being rendered (on disk / expected)",
    VersionState.FAILED: "the farm job rendering this version failed",
    VersionState.INCOMPLETE: "the farm finished but frames are missing on disk",
    VersionState.AWAITING: "every frame is on disk: ready for approval",
    VersionState.APPROVED: "approved: Reads on the approved policy follow it",
    VersionState.REJECTED: "rejected: kept, but no policy follows it",
    VersionState.SUPERSEDED: "a newer version is approved",
}


def status_text(row: VersionRow) -> str:
    return row.state_text


def state_background(row: VersionRow):
    look = _STATE_LOOK.get(row.state)
    return state_colour(look) if look is not None else None


def version_columns() -> list[Column]:
    def wip(row: VersionRow) -> bool:
        return not row.approved

    return [
        Column("Version", lambda row: f"v{row.number:03d}", 60, bold=wip),
        Column("Status", status_text, 150, background=state_background, bold=wip,
               tooltip=lambda row: _STATE_TIPS.get(row.state, "")),
        Column("Author", lambda row: row.author, 70),
        Column("Date", lambda row: row.date, 115),
        Column("Frames", lambda row: row.frame_range, 80),
        Column("On disk", lambda row: row.progress, 60,
               tooltip=lambda row: "frames on disk / frames expected"),
        Column("Farm job", lambda row: row.job_state or "", 120),
        review_column(),
        Column("Comment", lambda row: row.comment, tooltip=lambda row: row.comment),
    ]


class VersionDetails(QtWidgets.QWidget):
    """What the selected version is, its passes, and the buttons that act on it."""

    load_requested = QtCore.Signal()
    approve_requested = QtCore.Signal(bool)
    reject_requested = QtCore.Signal(bool)
    open_folder_requested = QtCore.Signal()
    copy_path_requested = QtCore.Signal()
    representation_changed = QtCore.Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None, projects_root: str | None = None) -> None:
        super().__init__(parent)
        self.projects_root = projects_root
        self.row: VersionRow | None = None
        self.thumbnail = Thumbnail(self)
        self.facts = QtWidgets.QLabel(self)
        self.facts.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.facts.setAlignment(QtCore.Qt.AlignmentFlag.AlignTop | QtCore.Qt.AlignmentFlag.AlignLeft)
        self.facts.setWordWrap(True)
        self.representations = QtWidgets.QListWidget(self)
        self.representations.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.ExtendedSelection)
        self.representations.setToolTip("the passes (representations) to load: select several to load "
                                        "each as its own Read")
        self.representations.setMinimumWidth(REPRESENTATION_WIDTH)
        self.representations.setMaximumHeight(96)
        self.representations.currentRowChanged.connect(lambda _row: self._representation_changed())
        self.policy = PolicyCombo(self)
        self.policy.setToolTip("how the loaded Read follows new versions")
        self.load_button = button("Load", self.load_requested.emit,
                                  "bring the selected passes of this version in as Read nodes (Enter)")
        self.approve_button = button("Approve", lambda: self.approve_requested.emit(True),
                                     "mark this version approved: Reads on the approved policy follow it")
        self.unapprove_button = button("Unapprove", lambda: self.approve_requested.emit(False),
                                       "withdraw the approval: the version becomes work in progress")
        self.reject_button = button("Reject", lambda: self.reject_requested.emit(True),
                                    "keep the version, hidden like work in progress; no policy follows it")
        self.unreject_button = button("Undo reject", lambda: self.reject_requested.emit(False),
                                      "take the rejection back: the version is work in progress again")
        self.folder_button = button("Open folder", self.open_folder_requested.emit)
        self.copy_button = button("Copy path", self.copy_path_requested.emit, "copy the chosen pass's path")

        form = QtWidgets.QFormLayout()
        form.addRow("Passes", self.representations)
        form.addRow("Policy", self.policy)
        buttons = QtWidgets.QGridLayout()
        buttons.addWidget(self.load_button, 0, 0, 1, 2)
        buttons.addWidget(self.approve_button, 1, 0)
        buttons.addWidget(self.unapprove_button, 1, 1)
        buttons.addWidget(self.reject_button, 2, 0)
        buttons.addWidget(self.unreject_button, 2, 1)
        buttons.addWidget(self.folder_button, 3, 0)
        buttons.addWidget(self.copy_button, 3, 1)
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
        """The pass the path, thumbnail and Copy path follow: the current one, else the automatic choice."""
        item = self.representations.currentItem()
        return item.text() if item is not None else None

    def chosen_representations(self) -> list[str | None]:
        """The passes to load, in list order; ``[None]`` (the automatic choice) when none is selected."""
        rows = sorted(self.representations.row(item) for item in self.representations.selectedItems())
        return [self.representations.item(row).text() for row in rows] or [None]

    def choose(self, *names: str) -> None:
        """Select these passes (the first becomes current)."""
        self.representations.clearSelection()
        for number in range(self.representations.count()):
            item = self.representations.item(number)
            if item.text() in names:
                item.setSelected(True)
                if item.text() == names[0]:
                    self.representations.setCurrentItem(item, QtCore.QItemSelectionModel.SelectionFlag.Select)

    def show_version(self, row: VersionRow | None) -> None:
        previous = self.row
        self.row = row
        has_row = row is not None
        for widget in (self.load_button, self.folder_button, self.copy_button, self.representations):
            widget.setEnabled(has_row)
        self.approve_button.setEnabled(row is not None and not row.approved)
        self.unapprove_button.setEnabled(row is not None and row.approved)
        self.reject_button.setEnabled(row is not None and not row.rejected)
        self.unreject_button.setEnabled(row is not None and row.rejected)
        if row is None:
            self.facts.setText("<i>Select a version.</i>")
            self.representations.clear()
            self.thumbnail.show_placeholder("")
            return
        names = [rep["name"] for rep in row.representations]
        listed = [self.representations.item(i).text() for i in range(self.representations.count())]
        if listed != names or previous is None or previous.id != row.id:
            self.representations.blockSignals(True)
            self.representations.clear()
            self.representations.addItems(names)
            automatic = row.representation()
            self.representations.blockSignals(False)
            if automatic is not None:
                self.choose(automatic["name"])
        self._show_facts()

    def _representation_changed(self) -> None:
        self._show_facts()
        self.representation_changed.emit()

    def _show_facts(self) -> None:
        if self.row is not None:
            self.facts.setText(facts_html(self.row, self.projects_root, self.representation()))
            self.facts.setToolTip(self.row.path(self.representation()))


def short_path(path: str, root: str | None) -> str:
    """The path below the projects root (``…/demo/sh010/...``), or whole when elsewhere."""
    if root:
        prefix = root.rstrip("/\\") + "/"
        if path.replace("\\", "/").startswith(prefix.replace("\\", "/")):
            return "…/" + path[len(prefix):]
    return path


def facts_html(row: VersionRow, root: str | None = None, representation: str | None = None) -> str:
    background = state_background(row)
    colour = background.name() if background is not None else "gray"
    state = row.state_text if row.approved else row.state_text.upper()
    lines = [f"<b>v{row.number:03d}</b> <span style='color:{colour}'><b>{html.escape(state)}</b></span>"]
    lines.append(f"published by {html.escape(row.author or 'unknown')}, {html.escape(row.date)}")
    if row.frame_range:
        lines.append(f"frames {row.frame_range}")
    if row.frames_on_disk is not None:
        missing = f" (missing {ranges_text(row.missing_frames)})" if row.missing_frames else ""
        lines.append(f"on disk: {row.frames_on_disk} of {row.frames_expected} frames{html.escape(missing)}")
    if row.job_state:
        lines.append(f"farm: {html.escape(row.job_state)}")
    if row.comment:
        lines.append(f"<i>{html.escape(row.comment)}</i>")
    path = row.path(representation)
    if path:
        lines.append(f"<span style='color:gray'>{html.escape(short_path(path, root))}</span>")
    return "<br>".join(lines)
