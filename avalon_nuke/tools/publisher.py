"""The Publisher: a compact pyblish-base front end (pyblish-lite does not run on PySide6).

Instances can be switched on and off for this publish without touching the
script; Validate runs the collectors and validators, Publish runs everything
through :class:`avalon_nuke.publish.script_publish.PublishRun`, which rolls back a
publish that fails half-way. Plug-ins run on the UI thread, as Nuke requires of
anything touching nodes, one per event-loop turn so the list and the progress
bar repaint between them. A failed validator offering a Repair action can be
repaired from here, after which validation runs again.
"""

from __future__ import annotations

from typing import Any

from Qt import QtCore, QtGui, QtWidgets

from avalon_nuke.config import Settings
from avalon_nuke.db import Repository
from avalon_nuke.errors import AvalonError
from avalon_nuke.hosts.interface import ScriptHost
from avalon_nuke.pipeline import creator as pipeline_creator
from avalon_nuke.publish import script_publish as pipeline_publish
from avalon_nuke.publish.farm_submission import client_from_settings
from avalon_nuke.publish.script_publish import PluginClass
from avalon_nuke.publish.shared_data import FarmClient, PublishOptions
from avalon_nuke.tools import publisher_state as states
from avalon_nuke.tools.widgets import StatusLine, button
from avalon_nuke.tools.windows import ToolContext, make_context, show_once

OBJECT_NAME = "AvalonPublisher"
VALIDATE, PUBLISH = "validate", "publish"
_MARKS = {states.PASSED: "✔", states.FAILED: "✘", states.WARNED: "!", states.NOT_RUN: "–"}
STATE_COLOURS = {states.PENDING: "#808080", states.PASSED: "#4c9a4c", states.WARNED: "#d6c431",
                 states.FAILED: "#c23b3b", states.NOT_RUN: "#606060"}


class PublisherWindow(QtWidgets.QMainWindow):
    """Instances, plug-ins with live results, failures with repair, and the outcome."""

    finished = QtCore.Signal(str)  # the mode that just ended: "validate" or "publish"

    def __init__(self, context: ToolContext, parent: QtWidgets.QWidget | None = None, *,
                 farm_client: FarmClient | None = None, plugins: list[PluginClass] | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Avalon Publisher")
        self._farm = farm_client if farm_client is not None else client_from_settings(context.settings)
        self._own_farm = farm_client is None  # made here: closed with the window
        self._all_plugins = plugins
        self.run: pipeline_publish.PublishRun | None = None
        self.state: states.RunState | None = None
        self.result: pipeline_publish.ScriptPublishResult | None = None
        self._steps: Any = None
        self._mode = ""
        self.instances = QtWidgets.QListWidget()
        self.instances.setToolTip("ticked instances are published; the script is not changed")
        self.plugin_list = QtWidgets.QListWidget()
        self.failure_list = QtWidgets.QListWidget()
        self.failure_list.currentRowChanged.connect(lambda _row: self._failure_selected())
        self.comment = QtWidgets.QLineEdit(placeholderText="Comment for the new versions")
        self.progress = QtWidgets.QProgressBar()
        self.outcome = QtWidgets.QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = StatusLine(self)
        self.buttons = {
            "refresh": button("Refresh", self.refresh, "list the script's instances again"),
            "validate": button("Validate", self.validate, "check the script without publishing"),
            "publish": button("Publish", self.publish, "validate, publish new versions and submit them"),
            "repair": button("Repair", self.repair,
                             "let the validator fix what it found, then validate again"),
            "select": button("Select node", self.select_failed_node, "select the node to fix"),
        }
        self._build()
        self.refresh()

    def _build(self) -> None:
        lists = QtWidgets.QSplitter()
        lists.addWidget(_titled("Instances", self.instances))
        lists.addWidget(_titled("Plug-ins", self.plugin_list))
        lists.setSizes([260, 380])
        failure_buttons = QtWidgets.QHBoxLayout()
        failure_buttons.addWidget(self.buttons["select"])
        failure_buttons.addWidget(self.buttons["repair"])
        failure_buttons.addStretch(1)
        run_buttons = QtWidgets.QHBoxLayout()
        run_buttons.addWidget(self.buttons["refresh"])
        run_buttons.addWidget(self.progress, 1)
        run_buttons.addWidget(self.buttons["validate"])
        run_buttons.addWidget(self.buttons["publish"])
        layout = QtWidgets.QVBoxLayout()
        layout.addWidget(lists, 3)
        layout.addWidget(self.comment)
        layout.addWidget(_titled("Problems", self.failure_list), 1)
        layout.addLayout(failure_buttons)
        layout.addLayout(run_buttons)
        layout.addWidget(self.outcome)
        layout.addWidget(self.status)
        central = QtWidgets.QWidget()
        central.setLayout(layout)
        self.setCentralWidget(central)
        self.resize(680, 560)
        self._failure_selected()

    # -- instances ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """List the script's publish instances (ticked as their ``active`` flag says)."""
        self.instances.clear()
        try:
            found = pipeline_creator.ls_instances(self.context.require_host())
        except AvalonError as error:
            self.status.error(f"cannot list instances: {error}")
            return
        for instance in found:
            if instance.data is None or instance.problem:
                item = QtWidgets.QListWidgetItem(f"{instance.node_name}: {instance.problem}")
                item.setFlags(QtCore.Qt.ItemFlag.NoItemFlags)
            else:
                data = instance.data
                text = f"{data.subset}  ({data.family}, {data.asset})  {instance.node_name}"
                item = QtWidgets.QListWidgetItem(text)
                item.setFlags(QtCore.Qt.ItemFlag.ItemIsEnabled | QtCore.Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(_check_state(data.active))
            item.setData(QtCore.Qt.ItemDataRole.UserRole, instance.node_name)
            self.instances.addItem(item)
        self._show_plugins(self._plugins(PUBLISH))
        self.status.info(f"{len(found)} instance(s) in this script" if found else
                         "no publish instances: mark a Write with Avalon > Create")

    def checked_instances(self) -> list[str]:
        items = [self.instances.item(i) for i in range(self.instances.count())]
        return [item.data(QtCore.Qt.ItemDataRole.UserRole) for item in items
                if item.flags() & QtCore.Qt.ItemFlag.ItemIsUserCheckable
                and item.checkState() == QtCore.Qt.CheckState.Checked]

    def set_checked(self, node_name: str, checked: bool) -> None:
        for index in range(self.instances.count()):
            item = self.instances.item(index)
            if item.data(QtCore.Qt.ItemDataRole.UserRole) == node_name:
                item.setCheckState(_check_state(checked))

    # -- running -----------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._steps is not None

    def validate(self) -> None:
        self._start(VALIDATE)

    def publish(self) -> None:
        self._start(PUBLISH)

    def _plugins(self, mode: str) -> list[PluginClass]:
        plugins = self._all_plugins if self._all_plugins is not None else pipeline_publish.publish_plugins()
        if mode == VALIDATE:
            return [p for p in plugins if p.order < pipeline_publish.VALIDATION_END]
        return list(plugins)

    def _start(self, mode: str) -> None:
        if self.running:
            return
        chosen = self.checked_instances()
        if not chosen:
            self.status.error("tick at least one instance to " + mode)
            return
        try:
            plugins = self._plugins(mode)
            options = PublishOptions(instances=tuple(chosen), comment=self.comment.text().strip())
            self.run = pipeline_publish.PublishRun(self.context.require_host(), self.context.repo,
                                                   self.context.settings, self._farm, options=options,
                                                   plugins=plugins)
        except AvalonError as error:
            self.status.error(f"cannot {mode}: {error}")
            return
        self._mode, self.result = mode, None
        self._show_plugins(plugins)
        self.failure_list.clear()
        self.outcome.clear()
        self.progress.setRange(0, len(plugins))
        self.progress.setValue(0)
        self._steps = self.run.steps()
        self._set_busy(True)
        self.status.info(("validating" if mode == VALIDATE else "publishing") + "...")
        QtCore.QTimer.singleShot(0, self._next_step)

    def _next_step(self) -> None:
        if self._steps is None or self.state is None:
            return  # nothing running
        try:
            result = next(self._steps)
        except StopIteration:
            self._finish()
            return
        except Exception as error:  # a bug in a plug-in driver: say it, do not hang
            self._steps = None
            self._set_busy(False)
            self.status.error(f"the {self._mode} stopped unexpectedly: {error}")
            self.finished.emit(self._mode)
            return
        row = self.state.record(result)
        if row is not None:
            self._paint_row(row)
            self.progress.setValue(max(self.progress.value(), self.state.position(row) + 1))
        QtCore.QTimer.singleShot(0, self._next_step)

    def _finish(self) -> None:
        self._steps = None
        state, run = self.state, self.run
        if state is None or run is None:
            return  # nothing was running
        state.finish()
        for row in state.rows:
            self._paint_row(row)
        self.progress.setValue(self.progress.maximum())
        self.result = run.result
        for failure in state.failures:
            item = QtWidgets.QListWidgetItem(failure.text + ("  (Repair available)"
                                                             if states.repair_action(failure.plugin) else ""))
            item.setForeground(QtGui.QColor(STATE_COLOURS[states.FAILED]))
            self.failure_list.addItem(item)
        if self.failure_list.count():
            self.failure_list.setCurrentRow(0)
        self._set_busy(False)
        self._report()
        self.finished.emit(self._mode)

    def _report(self) -> None:
        result = self.result
        if result is None:
            return
        if not result.ok:
            undone = "; ".join(result.undone)
            self.status.error(result.message)
            self.outcome.setText(f"Nothing was published. {undone}".strip() if self._mode == PUBLISH else "")
        elif self._mode == VALIDATE:
            warned = f" ({len(result.warnings)} warning(s))" if result.warnings else ""
            self.status.info(f"validation passed{warned}: ready to publish")
        else:
            lines = [f"{p.subset} v{p.version:03d} of {p.asset}: frames {p.frames}, "
                     f"farm job {p.job_id or 'none'} ({p.farm_state})" for p in result.instances]
            self.outcome.setText("<br>".join(lines))
            self.status.info(result.message)

    # -- failures ----------------------------------------------------------------------------
    def _selected_failure(self) -> states.Failure | None:
        row = self.failure_list.currentRow()
        failures = self.state.failures if self.state else []
        return failures[row] if 0 <= row < len(failures) else None

    def _failure_selected(self) -> None:
        failure = self._selected_failure()
        self.buttons["select"].setEnabled(bool(failure and failure.node is not None) and not self.running)
        self.buttons["repair"].setEnabled(bool(failure and states.repair_action(failure.plugin))
                                          and not self.running)

    def select_failed_node(self) -> None:
        failure = self._selected_failure()
        if failure is not None and failure.node is not None:
            self.context.require_host().select([failure.node])
            self.status.info(f"selected {failure.node_name}")

    def repair(self) -> None:
        """Run the selected failure's Repair action on the last run's context, then validate again."""
        failure = self._selected_failure()
        action = states.repair_action(failure.plugin) if failure else None
        if failure is None or action is None or self.run is None:
            return
        try:
            with self.context.require_host().undo(f"Avalon: repair {states.label_of(failure.plugin)}"):
                action().process(self.run.context, failure.plugin)
        except Exception as error:  # a repair that fails is reported, never a traceback
            self.status.error(f"repair failed: {states.one_line(error)}")
            return
        self.validate()

    # -- display -----------------------------------------------------------------------------
    def _show_plugins(self, plugins: list[PluginClass]) -> None:
        self.state = state = states.RunState(plugins)
        self.plugin_list.clear()
        for row in state.rows:
            self.plugin_list.addItem(QtWidgets.QListWidgetItem(row.label))
            self._paint_row(row)

    def _paint_row(self, row: states.PluginRow) -> None:
        if self.state is None:
            return
        item = self.plugin_list.item(self.state.position(row))
        mark = _MARKS.get(row.state, "·")
        item.setText(f"{mark}  {row.label}" + (f"  ({len(row.failures)} problem(s))" if row.failures else ""))
        item.setForeground(QtGui.QColor(STATE_COLOURS[row.state]))
        item.setToolTip("\n".join([f.message for f in row.failures] + row.warnings) or row.state)

    def plugin_states(self) -> dict[str, str]:
        return {row.label: row.state for row in self.state.rows} if self.state else {}

    def _set_busy(self, busy: bool) -> None:
        for key in ("refresh", "validate", "publish"):
            self.buttons[key].setEnabled(not busy)
        self.instances.setEnabled(not busy)
        self._failure_selected()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:  # noqa: N802
        if self.running:
            event.ignore()  # a publish half-way must finish (or roll back) first
            self.status.error("wait for the publish to finish")
            return
        self.context.close()
        if self._own_farm and self._farm is not None:
            self._farm.close()
        super().closeEvent(event)


def _titled(title: str, widget: QtWidgets.QWidget) -> QtWidgets.QWidget:
    box = QtWidgets.QGroupBox(title)
    layout = QtWidgets.QVBoxLayout(box)
    layout.setContentsMargins(4, 4, 4, 4)
    layout.addWidget(widget)
    return box


def show(settings: Settings | None = None, *, repo: Repository | None = None, host: ScriptHost | None = None,
         parent: QtWidgets.QWidget | None = None, **options: Any) -> PublisherWindow:
    """Open the Publisher on the script open in Nuke (or raise the one already open)."""
    return show_once(OBJECT_NAME, lambda owner: PublisherWindow(make_context(settings, repo=repo, host=host),
                                                                owner, **options), parent)


def _check_state(checked: bool) -> QtCore.Qt.CheckState:
    return QtCore.Qt.CheckState.Checked if checked else QtCore.Qt.CheckState.Unchecked
