"""The render publisher: ``cd renders; avalon-nuke publish`` shows every sequence found, to publish.

The seed's workflow (``avalon --publish`` in a folder of images) as a window: each
sequence with its frame range, holes, padding and a thumbnail, a toggle and an
editable subset name (from the file name: its pass), the context taken from the
folder or the environment; then Publish, with progress and the versions made.
Detection and publishing are the command line's own (:mod:`avalon_nuke.publish.render_selection`).
Each subset is published on a worker, one after the other, so the window stays live.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from Qt import QtCore, QtGui, QtWidgets

from avalon_nuke.config import Settings
from avalon_nuke.db import Repository
from avalon_nuke.errors import AvalonError
from avalon_nuke.pipeline.script_context import ScriptContext
from avalon_nuke.publish import render_selection
from avalon_nuke.publish.render_selection import Candidate
from avalon_nuke.tools import thumbnails
from avalon_nuke.tools.widgets import StatusLine, button
from avalon_nuke.tools.workers import Lane

OBJECT_NAME = "AvalonRenderPublisher"
COLUMNS = ("Publish", "Sequence", "Frames", "Holes", "Padding", "Subset")
TOGGLE, SEQUENCE, FRAMES, HOLES, PADDING, SUBSET = range(len(COLUMNS))
_BAD = QtGui.QColor(194, 59, 59, 90)


class RenderPublisherWindow(QtWidgets.QMainWindow):
    """The sequences under some folders, and publishing the ticked ones."""

    def __init__(self, settings: Settings, repo: Repository, folders: list[str], where: ScriptContext, *,
                 family: str = "render", comment: str = "", thumbnail_cache: Path | None = None,
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(OBJECT_NAME)
        self.setWindowTitle("Avalon: publish renders")
        self.settings, self.repo, self.folders, self.family = settings, repo, list(folders), family
        self._thumbnail_cache = thumbnail_cache
        self.found: list[Candidate] = []
        self.published: list[Any] = []
        self._queue: list[tuple[str, list[Candidate]]] = []
        self.database = Lane(self, threads=1)
        self.disk = Lane(self, threads=2)
        self.project = QtWidgets.QLineEdit(where.project or "")
        self.project.setToolTip(_source(where.project_from, "AVALON_PROJECT"))
        self.asset = QtWidgets.QLineEdit(where.asset or "")
        self.asset.setToolTip(_source(where.asset_from, "AVALON_ASSET"))
        self.table = QtWidgets.QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setIconSize(QtCore.QSize(96, 54))
        self.table.verticalHeader().setDefaultSectionSize(58)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemChanged.connect(self._item_changed)
        self.comment = QtWidgets.QLineEdit(comment, placeholderText="Comment for the new versions")
        self.progress = QtWidgets.QProgressBar()
        self.results = QtWidgets.QListWidget()
        self.results.setToolTip("the versions this window published")
        self.status = StatusLine(self)
        self.buttons = {"rescan": button("Rescan", self.scan, "look for sequences in the folders again"),
                        "publish": button("Publish", self.publish,
                                          "publish each ticked subset as its next version (WIP)")}
        self._build()
        self.scan()

    def _build(self) -> None:
        context = QtWidgets.QHBoxLayout()
        for label, widget in (("Project", self.project), ("Asset", self.asset)):
            context.addWidget(QtWidgets.QLabel(label))
            context.addWidget(widget, 1)
        context.addWidget(self.buttons["rescan"])
        folders = QtWidgets.QLabel("Images in " + ", ".join(self.folders))
        folders.setWordWrap(True)
        bottom = QtWidgets.QHBoxLayout()
        bottom.addWidget(self.comment, 1)
        bottom.addWidget(self.buttons["publish"])
        layout = QtWidgets.QVBoxLayout()
        layout.addLayout(context)
        layout.addWidget(folders)
        layout.addWidget(self.table)
        layout.addLayout(bottom)
        layout.addWidget(self.progress)
        layout.addWidget(self.results)
        layout.addWidget(self.status)
        layout.setStretch(2, 3)
        layout.setStretch(5, 1)
        central = QtWidgets.QWidget()
        central.setLayout(layout)
        self.setCentralWidget(central)
        self.resize(760, 520)

    # -- the sequences -----------------------------------------------------------------------
    def scan(self) -> None:
        try:
            self.found = render_selection.candidates(self.folders, self.asset.text().strip())
        except AvalonError as error:
            self.found = []
            self.status.error(str(error))
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.found))
        for row, candidate in enumerate(self.found):
            toggle = QtWidgets.QTableWidgetItem()
            toggle.setFlags(QtCore.Qt.ItemFlag.ItemIsUserCheckable | QtCore.Qt.ItemFlag.ItemIsEnabled)
            toggle.setCheckState(QtCore.Qt.CheckState.Checked)
            self.table.setItem(row, TOGGLE, toggle)
            cells = {SEQUENCE: candidate.label, FRAMES: f"{candidate.frames} ({candidate.count})",
                     HOLES: candidate.holes or "none", PADDING: str(candidate.padding or "—")}
            for column, text in cells.items():
                item = QtWidgets.QTableWidgetItem(text)
                item.setFlags(QtCore.Qt.ItemFlag.ItemIsEnabled | QtCore.Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row, column, item)
            self._cell(row, SEQUENCE).setToolTip(candidate.sequence.hash_path if candidate.sequence
                                                      else str(candidate.file))
            subset = QtWidgets.QTableWidgetItem(candidate.subset)
            subset.setToolTip("the subset to publish as; rows with the same name become one version")
            self.table.setItem(row, SUBSET, subset)
        self.table.blockSignals(False)
        self.table.resizeColumnsToContents()
        if self.found:
            self.status.info(f"{len(self.found)} sequence(s) found: tick those to publish, "
                             "name their subsets")
        elif not self.status.is_error:
            self.status.info("no images found in " + ", ".join(self.folders))
        cache = self._thumbnail_cache
        for row, candidate in enumerate(self.found):
            frame = candidate.frame_path
            self.disk.submit(f"thumbnail {row}", functools.partial(thumbnails.frame_thumbnail, frame, cache),
                             functools.partial(self._show_thumbnail, row))

    def _show_thumbnail(self, row: int, path: Path | None) -> None:
        item = self.table.item(row, TOGGLE)  # beside the tick: the sequence's name stays readable
        if item is not None and path is not None:
            item.setIcon(QtGui.QIcon(str(path)))
            self.table.resizeColumnToContents(TOGGLE)

    def _item_changed(self, item: QtWidgets.QTableWidgetItem) -> None:
        if item.column() == SUBSET:
            problem = render_selection.subset_problem(item.text().strip())
            item.setBackground(QtGui.QBrush(_BAD) if problem else QtGui.QBrush())
            item.setToolTip(problem or "the subset to publish as; rows with the same name become one version")

    def set_ticked(self, row: int, ticked: bool) -> None:
        state = QtCore.Qt.CheckState
        self._cell(row, TOGGLE).setCheckState(state.Checked if ticked else state.Unchecked)

    def set_subset(self, row: int, name: str) -> None:
        self._cell(row, SUBSET).setText(name)

    def chosen(self) -> list[tuple[Candidate, str]]:
        return [(candidate, self._cell(row, SUBSET).text().strip())
                for row, candidate in enumerate(self.found)
                if self._cell(row, TOGGLE).checkState() == QtCore.Qt.CheckState.Checked]

    def _cell(self, row: int, column: int) -> QtWidgets.QTableWidgetItem:
        item = self.table.item(row, column)
        if item is None:  # every row gets all its cells when it is listed
            raise LookupError(f"no cell at row {row}, column {column}")
        return item

    # -- publishing --------------------------------------------------------------------------
    def publish(self) -> None:
        chosen = self.chosen()
        project, asset = self.project.text().strip(), self.asset.text().strip()
        if not project or not asset:
            self.status.error("say which project and asset these renders belong to")
            return
        if not chosen:
            self.status.error("tick at least one sequence to publish")
            return
        bad = [(name, problem) for _c, name in chosen if (problem := render_selection.subset_problem(name))]
        if bad:
            self.status.error(bad[0][1])
            return
        self._queue = list(render_selection.group_by_subset(chosen).items())
        self.progress.setRange(0, len(self._queue))
        self.progress.setValue(0)
        self.buttons["publish"].setEnabled(False)
        self._next(project, asset)

    def _next(self, project: str, asset: str) -> None:
        if not self._queue:
            self.buttons["publish"].setEnabled(True)
            self.status.info(f"published {len(self.published)} version(s) of {asset}")
            return
        subset, members = self._queue.pop(0)
        repo, root, family, comment = self.repo, self.settings.projects_root, self.family, self.comment.text()
        self.status.info(f"publishing {subset} ({len(members)} sequence(s))...")
        self.database.submit(
            "publish", lambda: render_selection.publish_group(
                repo, project=project, asset=asset, subset=subset, members=members, projects_root=root,
                family=family, comment=comment),
            lambda result: self._published(result, subset, project, asset),
            lambda error: self._failed(error, subset))

    def _published(self, result: Any, subset: str, project: str, asset: str) -> None:
        self.published.append(result)
        version = result.version
        passes = ", ".join(rep["name"] for rep in result.representations)
        placed = "registered in place" if not result.files_placed else f"{result.files_placed} files placed"
        self.results.addItem(f"{asset} {subset} v{version['name']:03d} (work in progress): "
                             f"{passes}; {placed}")
        self.progress.setValue(self.progress.value() + 1)
        self._next(project, asset)

    def _failed(self, error: Exception, subset: str) -> None:
        self._queue = []
        self.buttons["publish"].setEnabled(True)
        self.status.error(f"cannot publish {subset}: {error} (nothing was left half-published)")

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:  # noqa: N802
        self.database.shutdown()
        self.disk.shutdown()
        super().closeEvent(event)


def _source(found_from: str, variable: str) -> str:
    return f"taken from {found_from}" if found_from else f"not known: type it, or set {variable}"


def run_window(settings: Settings, folders: list[str], where: ScriptContext, *, family: str = "render",
               comment: str = "") -> int:
    """``avalon-nuke publish --gui``: open the window on its own Qt application until it is closed."""
    from avalon_nuke.db import open_database

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(["avalon-nuke"])
    with open_database(settings) as repo:
        window = RenderPublisherWindow(settings, repo, folders, where, family=family, comment=comment)
        window.show()
        run = getattr(app, "exec", None) or app.exec_
        run()
    return 0
