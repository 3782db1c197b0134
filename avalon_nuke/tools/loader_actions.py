"""What the Loader does to a version: load its passes, approve, reject, open, copy; and its menu.

Kept apart from the window's layout and listings (:mod:`avalon_nuke.tools.loader`) so
each reads on its own. Approving an incomplete render asks first, naming the missing
frames; loading a pass the script already shows asks before making a duplicate Read.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from Qt import QtCore, QtWidgets

from avalon_nuke.errors import AvalonError
from avalon_nuke.pipeline import loader as pipeline_loader
from avalon_nuke.pipeline.approval import completeness_problem
from avalon_nuke.pipeline.container_data import DATA_KNOB, ContainerDataError, parse_container
from avalon_nuke.pipeline.policy import State
from avalon_nuke.pipeline.version_listing import RenderProgress, VersionRow, apply_progress, measure_progress
from avalon_nuke.tools.manager import refresh_open as refresh_open_manager
from avalon_nuke.tools.widgets import add_action, popup


class LoaderActions:
    """Mixed into :class:`avalon_nuke.tools.loader.LoaderWindow`; uses its selection and lanes."""

    confirm: Callable[[str, str], bool]

    # -- load ------------------------------------------------------------------------------
    def load_selected(self: Any) -> None:
        """Bring the chosen passes of the selected version in, one Read each, following the policy."""
        asset, subset, row = self.selected_asset(), self.selected_subset(), self.selected_version()
        if len(self.selected_subsets()) > 1:
            self.load_subsets()
            return
        if asset is None or subset is None or row is None or not self.project:
            self.status.error("select an asset, a subset and a version to load")
            return
        try:
            host = self.context.require_host()
        except AvalonError as error:
            self.status.error(f"cannot load: {error}")
            return
        loaded, skipped = [], []
        for name in self.details.chosen_representations():
            rep = row.representation(name)
            shown_by = _nodes_showing(host, rep["_id"]) if rep is not None else []
            if shown_by and not self.confirm(
                    "Load again?", f"{', '.join(shown_by)} already shows {subset['name']} v{row.number:03d} "
                                   f"{rep['name']}. Load another Read of it?"):
                skipped.append(rep["name"])
                continue
            try:
                loaded.append(pipeline_loader.load(
                    host, self.context.repo, self.project, asset=asset["name"], subset=subset["name"],
                    version=row.number, representation=name, policy=self.details.policy.policy()))
            except AvalonError as error:
                self.status.error(f"cannot load: {error}")
                return
        if loaded:
            refresh_open_manager()  # the script changed: an open Manager lists the new Reads
        self.status.info(_loaded_message(loaded, subset["name"], row, skipped))

    def load_subsets(self: Any) -> None:
        """Several subsets selected (AOVs published one subset each): the version each one's policy
        follows, its automatic pass, one Read each."""
        asset, policy = self.selected_asset(), self.details.policy.policy()
        try:
            host = self.context.require_host()
            loaded = [pipeline_loader.load(host, self.context.repo, self.project, asset=asset["name"],
                                           subset=subset["name"], policy=policy)
                      for subset in self.selected_subsets()]
        except AvalonError as error:
            self.status.error(f"cannot load: {error}")
            return
        refresh_open_manager()
        self.status.info(f"loaded {len(loaded)} Reads: " + ", ".join(
            f"{c.subset} v{c.current_number:03d} as {c.node_name}" for c in loaded))

    # -- approval and rejection ------------------------------------------------------------
    def set_approval(self: Any, approved: bool) -> None:
        row, project, repo = self.selected_version(), self.project, self.context.repo
        if row is None or not project:
            self.status.error("select a version first")
            return
        if approved and row.frames_found is None:  # not measured yet: measure first, then ask
            settings = self.context.settings

            def measured(progress: RenderProgress) -> None:
                apply_progress([row], progress)
                self.set_approval(True)

            self.disk.submit("approval check", lambda: measure_progress([row], settings), measured,
                             self._failed("check the render before approving"))
            return
        problem = completeness_problem(row) if approved else None
        if problem and not self.confirm(
                "Approve an incomplete render?",
                f"{problem}.\n\nEvery Read following approved versions would show this incomplete render. "
                "Approve it anyway?"):
            self.status.info(f"not approved: {problem}")
            return

        def done(document: dict) -> None:
            self._row_changed(row, document)
            verb = f"approved {row.subset} v{row.number:03d}" if approved else \
                f"approval withdrawn: {row.subset} v{row.number:03d} is work in progress"
            frames = f" ({row.progress} frames on disk)" if row.progress else ""
            self.status.info(f"{verb}{frames}")

        self.database.submit("approval", lambda: repo.set_approval(project, row.id, approved), done,
                             self._failed("change the approval"))

    def set_rejection(self: Any, rejected: bool) -> None:
        row, project, repo = self.selected_version(), self.project, self.context.repo
        if row is None or not project:
            self.status.error("select a version first")
            return

        def done(document: dict) -> None:
            self._row_changed(row, document)
            what = "rejected: no policy follows it" if rejected else "no longer rejected (work in progress)"
            self.status.info(f"{row.subset} v{row.number:03d} {what}")

        self.database.submit("rejection", lambda: repo.set_rejection(project, row.id, rejected), done,
                             self._failed("change the rejection"))

    def _row_changed(self: Any, row: VersionRow, document: dict) -> None:
        row.document = document
        newest = max((r.number for r in self.versions.rows if r.approved), default=None)
        for listed in self.versions.rows:
            listed.newest_approved = newest
        self.versions.refresh_rows()
        self._filter_versions()
        self.details.show_version(self.selected_version())

    # -- files -----------------------------------------------------------------------------
    def open_folder(self: Any) -> None:
        row = self.selected_version()
        folder = row.folder() if row else ""
        if not folder:
            self.status.error("select a version with files first")
        elif not Path(folder).is_dir():
            self.status.error(f"the folder does not exist yet: {folder}")
        else:
            self._open_folder(folder)
            self.status.info(f"opened {folder}")

    def copy_path(self: Any) -> None:
        row = self.selected_version()
        path = row.path(self.details.representation()) if row else ""
        if not path:
            self.status.error("select a version with files first")
            return
        QtWidgets.QApplication.clipboard().setText(path)
        self.status.info(f"copied {path}")

    # -- the right-click menu --------------------------------------------------------------
    def version_menu(self: Any) -> QtWidgets.QMenu:
        """The actions that apply to the selected version (what a right-click shows)."""
        menu = QtWidgets.QMenu(self)
        row = self.selected_version()
        if row is None:
            return menu
        add_action(menu, "Load", self.load_selected, tip="bring the chosen passes in as Read nodes")
        menu.addSeparator()
        if not row.approved:
            add_action(menu, "Approve", lambda: self.set_approval(True))
        if row.approved:
            add_action(menu, "Unapprove", lambda: self.set_approval(False))
        if row.rejected:
            add_action(menu, "Undo reject", lambda: self.set_rejection(False))
        else:
            add_action(menu, "Reject", lambda: self.set_rejection(True))
        menu.addSeparator()
        add_action(menu, "Open folder", self.open_folder, enabled=bool(row.folder()))
        add_action(menu, "Copy path", self.copy_path, enabled=bool(row.path()))
        return menu

    def _show_version_menu(self: Any, position: QtCore.QPoint) -> None:
        popup(self.version_menu(), self.version_view, position)


def _nodes_showing(host: Any, representation_id: Any) -> list[str]:
    """Names of the containers already showing that representation."""
    names = []
    for node in host.nodes_with_knob(DATA_KNOB):
        try:
            data = parse_container(host.knob(node, DATA_KNOB))
        except ContainerDataError:
            continue
        if data.representation == str(representation_id):
            names.append(host.node_name(node))
    return names


def _loaded_message(loaded: list, subset: str, row: VersionRow, skipped: list[str]) -> str:
    if not loaded:
        return "nothing loaded" + (f" ({', '.join(skipped)} already in the script)" if skipped else "")
    first = loaded[0]
    state = "work in progress" if first.state is State.WIP else first.state.value
    passes = ", ".join(f"{c.representation_name} as {c.node_name}" for c in loaded)
    text = f"loaded {subset} v{row.number:03d} {passes} ({state}, follows {first.policy.value})"
    return text + (f"; skipped {', '.join(skipped)}" if skipped else "")
