"""The Manager (scene inventory): every loaded render, its state, and the actions on it.

Each action hands over to :mod:`avalon_nuke.pipeline.inventory`, which groups its
changes into one undo step on the host, then lists the containers again. Listing
runs on the UI thread on purpose: it reads the script's nodes, which Nuke only
allows there, and resolves them in a constant four database round trips.
Nuke's script callbacks call :func:`refresh_open` so an open Manager follows
script changes; the Refresh button does the same by hand.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from Qt import QtCore, QtGui, QtWidgets

from avalon_nuke.config import Settings
from avalon_nuke.db import Repository
from avalon_nuke.db.documents import is_approved
from avalon_nuke.errors import AvalonError
from avalon_nuke.hosts.interface import ScriptHost
from avalon_nuke.pipeline import inventory
from avalon_nuke.pipeline.container_report import explain
from avalon_nuke.pipeline.inventory import Container
from avalon_nuke.pipeline.policy import Policy, State
from avalon_nuke.pipeline.version_listing import VersionRow
from avalon_nuke.tools.grouped_model import GroupedFilterProxy, GroupedRowModel
from avalon_nuke.tools.models import Column, state_colour
from avalon_nuke.tools.ui_state import Remembered, ui_settings
from avalon_nuke.tools.widgets import (
    KeyRelay,
    PolicyCombo,
    StatusLine,
    add_action,
    button,
    popup,
    submenu,
    tree_view,
)
from avalon_nuke.tools.windows import ToolContext, find_open, make_context, show_once

OBJECT_NAME = "AvalonManager"
NO_ASSET = "no asset"  # the group of Reads whose record names no asset (garbled, or made elsewhere)


def _number(value: int | None) -> str:
    return f"v{value:03d}" if value is not None else "—"


def container_columns() -> list[Column]:
    return [
        Column("Node", lambda c: c.node_name, 150, tooltip=lambda c: c.node_name),
        Column("Asset", lambda c: c.asset or "—", 60),
        Column("Subset", lambda c: c.subset, 110),
        Column("Pass", lambda c: c.representation_name or "—", 70),
        Column("State", lambda c: c.state.value, 75, background=lambda c: state_colour(c.state),
               bold=lambda c: c.state is not State.APPROVED),
        Column("Current", lambda c: _number(c.current_number), 60, sort=lambda c: c.current_number or 0),
        Column("Target", lambda c: _number(c.target_number), 60, sort=lambda c: c.target_number or 0),
        Column("Policy", lambda c: c.policy.value, 70),
        Column("Reason", explain, tooltip=explain),
    ]


def version_choices(repo: Repository, project: str, container: Container) -> list[tuple[int, str]]:
    """The versions a container can be set to, newest first, each with its state (one round trip)."""
    if container.current is None:
        return []
    versions = repo.versions(project, container.current["parent"])
    newest = max((int(v["name"]) for v in versions if is_approved(v)), default=None)
    rows = [VersionRow(v, [], container.asset, container.subset, newest) for v in versions]
    return [(row.number, f"v{row.number:03d}  {row.state_text}") for row in rows]


class ManagerWindow(QtWidgets.QMainWindow):
    """The containers of the open script."""

    def __init__(self, context: ToolContext, parent: QtWidgets.QWidget | None = None, *,
                 settings: QtCore.QSettings | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Avalon Manager")
        self.model = GroupedRowModel(container_columns(), lambda c: c.asset or NO_ASSET, self)
        self.proxy = GroupedFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = tree_view(multi=True)
        self.view.setModel(self.proxy)
        self.model.apply_widths(self.view)
        self.view.sortByColumn(1, QtCore.Qt.SortOrder.AscendingOrder)  # by asset: a shot's Reads together
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.view.doubleClicked.connect(lambda _index: self.choose_version())
        self.view.customContextMenuRequested.connect(lambda position: popup(self.menu(), self.view, position))
        self._enter = KeyRelay(self.view, self.update_selected)
        self.outdated_only = QtWidgets.QCheckBox("Outdated only")
        self.outdated_only.setToolTip("show only renders a newer approved version is waiting for")
        self.outdated_only.toggled.connect(self._filter)
        self.version = QtWidgets.QComboBox()
        self.version.setToolTip("the versions of the selected Read's subset, with their state")
        self.version.setMinimumWidth(220)
        self.policy = PolicyCombo()
        self.status = StatusLine(self)
        self.buttons = {
            "refresh": button("Refresh", lambda: self.refresh(repaint=True),
                              "read the script and the database again, and repaint the nodes"),
            "update": button("Update selected", self.update_selected,
                             "switch the selected reads to their target version"),
            "update_all": button("Update all", self.update_all,
                                 "bring every read to what its policy follows (latest approved by default)"),
            "set_version": button("Set version", self.set_version, "show the chosen version and pin it"),
            "set_policy": button("Set policy", self.set_policy,
                                 "change how the selected reads follow versions"),
            "select": button("Select node", self.select_nodes, "select the nodes in the node graph"),
            "remove": button("Remove", self.remove, "delete the selected reads (undoable)"),
        }
        self._build()
        self.remembered = Remembered(settings or ui_settings("manager"), self,
                                     headers={"containers": self.view.header()},
                                     toggles={"outdated_only": self.outdated_only})
        self.remembered.restore()
        self.refresh(repaint=False)

    def _build(self) -> None:
        top = QtWidgets.QHBoxLayout()
        top.addWidget(self.outdated_only)
        top.addStretch(1)
        top.addWidget(self.buttons["refresh"])
        actions = QtWidgets.QHBoxLayout()
        for key in ("update", "update_all", "select", "remove"):
            actions.addWidget(self.buttons[key])
        actions.addStretch(1)
        actions.addWidget(self.version)
        actions.addWidget(self.buttons["set_version"])
        actions.addWidget(self.policy)
        actions.addWidget(self.buttons["set_policy"])
        layout = QtWidgets.QVBoxLayout()
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        central = QtWidgets.QWidget()
        central.setLayout(layout)
        self.setCentralWidget(central)
        self.resize(860, 380)
        self._selection_changed()

    # -- reading -------------------------------------------------------------------------------
    @property
    def containers(self) -> list[Container]:
        return list(self.model.rows)

    def visible_nodes(self) -> list[str]:
        return [row.node_name for _index, row in self.proxy.shown_rows()]

    def selected(self) -> list[Container]:
        chosen = {id(self.proxy.row_at(index)) for index in self.view.selectionModel().selectedRows()}
        return [row for _index, row in self.proxy.shown_rows() if id(row) in chosen]

    def select_rows(self, node_names: Sequence[str]) -> None:
        selection = QtCore.QItemSelection()
        for index, row in self.proxy.shown_rows():
            if row.node_name in node_names:
                selection.select(index, index.sibling(index.row(), self.proxy.columnCount() - 1))
        select = QtCore.QItemSelectionModel.SelectionFlag
        flags = select.ClearAndSelect | select.Rows
        self.view.selectionModel().select(selection, flags)

    def refresh(self, repaint: bool = False) -> None:
        """List the script's containers again and repaint their nodes (the Nuke callbacks call this).

        Repainting makes every node's colour and label say what this list says."""
        keep = [c.node_name for c in self.selected()]
        try:
            containers = inventory.ls(self.context.require_host(), self.context.repo,
                                      self.context.require_project())
        except AvalonError as error:
            self.model.set_rows([])
            self.status.error(f"cannot list loaded renders: {error}")
            return
        if repaint:
            try:
                inventory.repaint(self.context.require_host(), containers)
            except AvalonError as error:
                self.status.error(f"cannot repaint the nodes: {error}")
                return
        self.model.set_rows(containers)
        self.view.expandAll()
        self.view.resizeColumnToContents(0)  # node names are never cut off
        self.select_rows(keep)
        self.status.info(self._summary(containers))

    @staticmethod
    def _summary(containers: Sequence[Container]) -> str:
        if not containers:
            return "no loaded renders in this script"
        counts = {state: sum(c.state is state for c in containers) for state in State}
        parts = [f"{count} {state.value}" for state, count in counts.items() if count]
        return f"{len(containers)} loaded render(s): " + ", ".join(parts)

    def _filter(self, outdated_only: bool) -> None:
        self.proxy.set_predicate((lambda c: c.state is State.OUTDATED) if outdated_only else None)

    def _selection_changed(self) -> None:
        selected = self.selected()
        for key in ("update", "set_policy", "select", "remove"):
            self.buttons[key].setEnabled(bool(selected))
        number = selected[0].current_number if len(selected) == 1 else None
        single = number is not None
        self.buttons["set_version"].setEnabled(single)
        self.version.setEnabled(single)
        self.version.clear()
        if single:
            self._fill_versions(selected[0])
        if len(selected) == 1:
            self.policy.set_policy(selected[0].policy)

    # -- actions (one undo step each, then listed again) -----------------------------------------
    def update_selected(self) -> None:
        self._change("update", lambda host, repo, project, chosen:
                     inventory.update(host, repo, project, chosen), need_selection=True)

    def update_all(self) -> None:
        self._change("update all", lambda host, repo, project, _chosen:
                     inventory.update(host, repo, project), need_selection=False)

    def _fill_versions(self, container: Container) -> None:
        try:
            choices = version_choices(self.context.repo, self.context.require_project(), container)
        except AvalonError as error:
            self.status.error(f"cannot list the versions: {error}")
            return
        for number, text in choices:
            self.version.addItem(text, number)
        self.version.setCurrentIndex(max(0, self.version.findData(container.current_number)))

    def choose_version(self) -> None:
        """Double-click: offer the selected Read's versions to choose from."""
        if self.version.isEnabled() and self.version.count():
            self.version.setFocus()
            self.version.showPopup()

    def set_version(self, number: int | None = None) -> None:
        number = self.version.currentData() if number is None else number
        if number is None:
            self.status.error("choose a version to set")
            return
        self._change("set version", lambda host, repo, project, chosen:
                     [inventory.set_version(host, repo, project, chosen[0], number)], need_selection=True)

    def set_policy(self) -> None:
        policy = self.policy.policy()
        self._change("set policy", lambda host, repo, project, chosen:
                     inventory.update(host, repo, project, chosen, policy=policy), need_selection=True)

    def select_nodes(self) -> None:
        chosen = self.selected()
        if not chosen:
            return
        try:
            inventory.select(self.context.require_host(), chosen)
        except AvalonError as error:
            self.status.error(f"cannot select: {error}")
            return
        self.status.info(f"selected {', '.join(c.node_name for c in chosen)}")

    def remove(self) -> None:
        chosen = self.selected()
        if not chosen:
            return
        try:
            inventory.remove(self.context.require_host(), chosen)
        except AvalonError as error:
            self.status.error(f"cannot remove: {error}")
            return
        self.refresh(repaint=False)
        self.status.info(f"removed {', '.join(c.node_name for c in chosen)} (undo brings them back)")

    def _change(self, action: str, work: Callable[[ScriptHost, Repository, str, list[Container]], Any],
                *, need_selection: bool) -> None:
        chosen = self.selected()
        if need_selection and not chosen:
            self.status.error(f"select loaded renders to {action}")
            return
        before = {c.node_name: c.current_number for c in (chosen or self.containers)}
        try:
            host, project = self.context.require_host(), self.context.require_project()
            after = work(host, self.context.repo, project, chosen)
        except AvalonError as error:
            self.status.error(f"cannot {action}: {error}")
            return
        moved = [f"{c.node_name} {_number(before.get(c.node_name))} → {_number(c.current_number)}"
                 for c in after if before.get(c.node_name) != c.current_number]
        self.refresh(repaint=False)  # the action painted the nodes it touched
        self.select_rows([c.node_name for c in chosen])
        stayed = len(after) - len(moved)
        report = (f"{len(moved)} moved: " + "; ".join(moved)) if moved else "nothing to switch"
        self.status.info(f"{action}: {report}" + (f" ({stayed} unchanged)" if moved and stayed else ""))

    def menu(self) -> QtWidgets.QMenu:
        """What a right-click on the selected Reads offers."""
        menu = QtWidgets.QMenu(self)
        chosen = self.selected()
        if not chosen:
            add_action(menu, "Update all", self.update_all)
            return menu
        add_action(menu, "Update", self.update_selected, tip="switch to the target version")
        if len(chosen) == 1 and chosen[0].current is not None:
            versions = submenu(menu, "Set version")
            for number in range(self.version.count()):
                value = self.version.itemData(number)
                add_action(versions, self.version.itemText(number),
                           functools.partial(self.set_version, value))
        policies = submenu(menu, "Set policy")
        for policy in Policy:
            add_action(policies, policy.value, functools.partial(self._set_policy_to, policy))
        menu.addSeparator()
        add_action(menu, "Select node", self.select_nodes)
        add_action(menu, "Remove", self.remove)
        return menu

    def _set_policy_to(self, policy: Policy) -> None:
        self.policy.set_policy(policy)
        self.set_policy()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:  # noqa: N802
        self.remembered.save()
        self.context.close()
        super().closeEvent(event)


def show(settings: Settings | None = None, *, repo: Repository | None = None, host: ScriptHost | None = None,
         parent: QtWidgets.QWidget | None = None) -> ManagerWindow:
    """Open the Manager on the script open in Nuke (or raise the one already open)."""
    return show_once(OBJECT_NAME, lambda owner: ManagerWindow(make_context(settings, repo=repo, host=host),
                                                              owner), parent)


def refresh_open() -> None:
    """For Nuke's script callbacks: bring an open Manager up to date with the script."""
    window = find_open(OBJECT_NAME)
    if isinstance(window, ManagerWindow):
        window.refresh()
