"""The Creator: make a Write node (new AvalonWrite, or an existing Write) a publish instance.

Family, asset (the context's by default) and subset name are checked as they are
typed, with the creator plugin's own rules; Create hands over to
:mod:`avalon_nuke.pipeline.creator`, which does the work in one undo step.
"""

from __future__ import annotations

from typing import Any

from Qt import QtGui, QtWidgets

from avalon_nuke.config import Settings
from avalon_nuke.db import Repository
from avalon_nuke.errors import AvalonError
from avalon_nuke.hosts.interface import ScriptHost
from avalon_nuke.pipeline import creator as pipeline_creator
from avalon_nuke.pipeline.instance_data import FAMILIES, InstanceData, validate_instance
from avalon_nuke.tools.widgets import StatusLine, one_line
from avalon_nuke.tools.windows import ToolContext, make_context, show_once
from avalon_nuke.tools.workers import Lane

OBJECT_NAME = "AvalonCreator"
_INVALID_STYLE = "color: #e06c6c;"


def default_subset(family: str) -> str:
    return f"{family}Main"


class CreatorWindow(QtWidgets.QMainWindow):
    """Family, asset, subset, and whether to use the selected Write."""

    def __init__(self, context: ToolContext, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Avalon Creator")
        self.database = Lane(self, threads=1)
        self.family = QtWidgets.QComboBox()
        self.family.addItems(list(FAMILIES))
        self.asset = QtWidgets.QComboBox()
        self.asset.setEditable(True)
        self.asset.setInsertPolicy(QtWidgets.QComboBox.InsertPolicy.NoInsert)
        self.asset.setEditText(context.asset or "")
        self.subset = QtWidgets.QLineEdit(default_subset(FAMILIES[0]))
        self.problem = QtWidgets.QLabel()
        self.problem.setStyleSheet(_INVALID_STYLE)
        self.problem.setWordWrap(True)
        self.use_selection = QtWidgets.QCheckBox("Use selection")
        self.use_selection.setToolTip("mark an existing Write node instead of adding an AvalonWrite")
        self.write = QtWidgets.QComboBox()
        self.write.setToolTip("the Write node to mark")
        self.create_button = QtWidgets.QPushButton("Create")
        self.create_button.clicked.connect(lambda _checked=False: self.create_instance())
        self.status = StatusLine(self)
        self._subset_edited = False
        self._assets: list[str] | None = None   # the project's assets, once listed
        self._build()
        self.family.currentTextChanged.connect(self._family_changed)
        self.asset.editTextChanged.connect(lambda _text: self.validate())
        self.subset.textEdited.connect(self._subset_typed)
        self.use_selection.toggled.connect(lambda _on: self.validate())
        self.write.currentTextChanged.connect(lambda _text: self.validate())
        self.refresh()

    def _build(self) -> None:
        form = QtWidgets.QFormLayout()
        form.addRow("Family", self.family)
        form.addRow("Asset", self.asset)
        form.addRow("Subset", self.subset)
        form.addRow("", self.problem)
        form.addRow(self.use_selection, self.write)
        layout = QtWidgets.QVBoxLayout()
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.create_button)
        layout.addWidget(self.status)
        central = QtWidgets.QWidget()
        central.setLayout(layout)
        self.setCentralWidget(central)
        self.resize(420, 250)

    def refresh(self) -> None:
        """List the project's assets (on a worker) and the script's Write nodes."""
        self._list_writes()
        project, repo = self.context.project, self.context.repo
        if project:
            self.database.submit("assets", lambda: [a["name"] for a in repo.assets(project)],
                                 self._show_assets,
                                 lambda error: self.status.error(f"cannot list assets: {error}"))
        self.validate()

    def _show_assets(self, names: list[str]) -> None:
        self._assets = names
        typed = self.asset.currentText()
        self.asset.blockSignals(True)
        self.asset.clear()
        self.asset.addItems(names)
        self.asset.setEditText(typed)
        self.asset.blockSignals(False)
        self.validate()

    def _list_writes(self) -> None:
        host = self.context.host
        writes = [] if host is None else [host.node_name(n) for n in host.nodes_with_knob("file")
                                          if host.node_class(n) == "Write"]
        self.write.clear()
        self.write.addItems(writes)
        selected = [name for name in self._selected_node_names() if name in writes]
        if selected:
            self.write.setCurrentText(selected[0])
            self.use_selection.setChecked(True)

    def _selected_node_names(self) -> list[str]:
        """The host's selected nodes, where the host can tell (live Nuke)."""
        host = self.context.host
        selected = getattr(host, "selected_nodes", None)
        if host is None or not callable(selected):
            return []
        return [host.node_name(node) for node in selected()]

    def _family_changed(self, family: str) -> None:
        if not self._subset_edited:
            self.subset.setText(default_subset(family))
        self.validate()

    def _subset_typed(self, _text: str) -> None:
        self._subset_edited = True
        self.validate()

    def instance(self) -> InstanceData:
        return InstanceData(family=self.family.currentText(), asset=self.asset.currentText().strip(),
                            subset=self.subset.text().strip())

    def validate(self) -> str:
        """The reason the entries cannot be created as they are ("" when they can)."""
        self.write.setEnabled(self.use_selection.isChecked())
        problem = ""
        try:
            validate_instance(self.instance())
        except AvalonError as error:
            problem = one_line(error)
        if not problem and self._assets is not None and self.instance().asset not in self._assets:
            problem = f"no asset '{self.instance().asset}' in project '{self.context.project}'"
        if not problem and self.use_selection.isChecked() and not self.write.currentText():
            problem = "the script has no Write node to mark"
        if not problem and self.context.host is None:
            problem = "no script to create in"
        self.problem.setText(problem)
        self.subset.setStyleSheet(_INVALID_STYLE if problem else "")
        self.create_button.setEnabled(not problem)
        return problem

    def create_instance(self) -> Any:
        """Create the instance; returns it, or None with the reason in the status line.

        Not named ``create``: that is QWidget's own method (it makes the native window).
        """
        host = self.context.host
        if self.validate() or host is None:  # validate() says why when there is no host
            self.status.error(self.problem.text())
            return None
        data = self.instance()
        try:
            if self.use_selection.isChecked():
                made = pipeline_creator.mark_write(host, self.write.currentText(), family=data.family,
                                                   asset=data.asset, subset=data.subset,
                                                   project=self.context.project)
            else:
                made = pipeline_creator.create_avalon_write(host, family=data.family, asset=data.asset,
                                                            subset=data.subset, project=self.context.project)
        except AvalonError as error:
            self.status.error(f"cannot create: {error}")
            return None
        self.status.info(f"created {made.node_name}: {data.family} '{data.subset}' of {data.asset}")
        self._list_writes()
        return made

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:  # noqa: N802
        self.database.shutdown()
        self.context.close()
        super().closeEvent(event)


def show(settings: Settings | None = None, *, repo: Repository | None = None, host: ScriptHost | None = None,
         parent: QtWidgets.QWidget | None = None) -> CreatorWindow:
    """Open the Creator on the script open in Nuke (or raise the one already open)."""
    return show_once(OBJECT_NAME, lambda owner: CreatorWindow(make_context(settings, repo=repo, host=host),
                                                              owner), parent)
