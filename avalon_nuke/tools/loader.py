"""The Loader: browse asset → subset → version and bring a version in as a Read node.

Every listing is fetched on a worker when its parent is selected (assets of the
project, subsets of the asset, versions of the subset), so a project of 1,000
assets and 100,000 versions costs the UI thread only the rows it shows.
Work-in-progress versions are hidden until "Show work in progress" is ticked;
their render progress (frames on disk, farm job) is gathered after the listing,
and the thumbnail after the selection, both off the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from Qt import QtCore, QtGui, QtWidgets

from avalon_nuke.config import Settings
from avalon_nuke.db import Repository
from avalon_nuke.hosts.interface import ScriptHost
from avalon_nuke.pipeline import version_listing
from avalon_nuke.pipeline.version_listing import RenderProgress, VersionRow
from avalon_nuke.tools import thumbnails
from avalon_nuke.tools.loader_actions import LoaderActions
from avalon_nuke.tools.loader_panels import (
    VersionDetails,
    asset_columns,
    families_of,
    subset_columns,
    version_columns,
)
from avalon_nuke.tools.loader_review import (
    ReviewActions,
    check_reviews,
    open_with_system_player,
    thumbnail_of,
)
from avalon_nuke.tools.models import FilterProxy, RowModel, select_first
from avalon_nuke.tools.ui_state import Remembered, ui_settings
from avalon_nuke.tools.widgets import (
    KeyRelay,
    StatusLine,
    ask,
    button,
    open_in_file_browser,
    stacked,
    table_view,
)
from avalon_nuke.tools.windows import ToolContext, make_context, show_once
from avalon_nuke.tools.workers import Lane

OBJECT_NAME = "AvalonLoader"
ALL_FAMILIES = "all families"


class LoaderWindow(LoaderActions, QtWidgets.QMainWindow):
    """Asset list, subsets, versions and the actions on the selected version."""

    def __init__(self, context: ToolContext, parent: QtWidgets.QWidget | None = None, *,
                 open_folder: Callable[[str], None] = open_in_file_browser,
                 open_movie: Callable[[str], None] = open_with_system_player,
                 thumbnail_cache: Path | None = None, settings: QtCore.QSettings | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Avalon Loader")
        self._open_folder = open_folder
        self._open_movie = open_movie
        self._thumbnail_cache = thumbnail_cache
        self.confirm: Callable[[str, str], bool] = lambda title, question: ask(self, title, question)
        self._subset_names: dict[Any, list[str]] = {}
        self.database = Lane(self, threads=1)   # listings and approvals, one at a time
        self.disk = Lane(self, threads=2)       # thumbnails, frames on disk, farm states
        self._wanted: dict[str, Any] = {"asset": context.asset}
        self._build()
        self.remembered = Remembered(settings or ui_settings("loader"), self,
                                     toggles={"show_wip": self.show_wip},
                                     headers={"assets": self.asset_view.horizontalHeader(),
                                              "subsets": self.subset_view.horizontalHeader(),
                                              "versions": self.version_view.horizontalHeader()},
                                     splitters={"lists": self.splitter})
        self.remembered.restore()
        self.refresh_projects()

    # -- layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.projects = QtWidgets.QComboBox()
        self.projects.currentIndexChanged.connect(lambda _i: self._project_changed())
        self.search = QtWidgets.QLineEdit(placeholderText="Search assets and subsets")
        self.search.setToolTip("shows the assets whose name, or one of whose subsets' names, contains this")
        self.search.setClearButtonEnabled(True)
        self.assets = RowModel(asset_columns(), self)
        self.asset_proxy = FilterProxy(self)
        self.asset_proxy.setSourceModel(self.assets)
        self.search.textChanged.connect(lambda _text: self._search())
        self.asset_view = table_view()
        self.asset_view.setModel(self.asset_proxy)
        self.asset_view.sortByColumn(0, QtCore.Qt.SortOrder.AscendingOrder)
        self.asset_view.horizontalHeader().hide()
        self.asset_view.selectionModel().currentRowChanged.connect(lambda *_: self._asset_selected())

        self.families = QtWidgets.QComboBox()
        self.families.currentIndexChanged.connect(lambda _i: self._filter_families())
        self.subsets = RowModel(subset_columns(), self)
        self.subset_proxy = FilterProxy(self)
        self.subset_proxy.setSourceModel(self.subsets)
        self.subset_view = table_view(multi=True)   # several subsets: Load brings each one in
        self.subset_view.setModel(self.subset_proxy)
        self.subset_view.sortByColumn(0, QtCore.Qt.SortOrder.AscendingOrder)
        self.subsets.apply_widths(self.subset_view)
        self.subset_view.selectionModel().currentRowChanged.connect(lambda *_: self._subset_selected())

        self.show_wip = QtWidgets.QCheckBox("Show work in progress")
        self.show_wip.setToolTip("list versions that are not approved yet (renders still in progress)")
        self.show_wip.toggled.connect(lambda _on: self._filter_versions())
        self.versions = RowModel(version_columns(), self)
        self.version_proxy = FilterProxy(self)
        self.version_proxy.setSourceModel(self.versions)
        self.version_view = table_view()
        self.version_view.setModel(self.version_proxy)
        self.versions.apply_widths(self.version_view)
        self.version_view.sortByColumn(0, QtCore.Qt.SortOrder.DescendingOrder)  # newest first
        self.version_view.selectionModel().currentRowChanged.connect(lambda *_: self._version_selected())
        self.version_view.doubleClicked.connect(lambda _index: self.load_selected())
        self.version_view.customContextMenuRequested.connect(self._show_version_menu)
        self._enter = KeyRelay(self.version_view, self.load_selected)
        self._filter_versions()

        self.details = VersionDetails(self, str(self.context.settings.projects_root))
        self.details.load_requested.connect(self.load_selected)
        self.details.approve_requested.connect(self.set_approval)
        self.details.reject_requested.connect(self.set_rejection)
        self.details.representation_changed.connect(self._request_thumbnail)
        self.details.open_folder_requested.connect(self.open_folder)
        self.details.copy_path_requested.connect(self.copy_path)
        self.status = StatusLine(self)
        self.review = ReviewActions(self, self._open_movie)

        top = QtWidgets.QHBoxLayout()
        top.addWidget(QtWidgets.QLabel("Project"))
        top.addWidget(self.projects, 1)
        top.addWidget(button("Refresh", self.refresh, "list assets, subsets and versions again"))
        left = stacked(self.search, self.asset_view)
        middle = stacked(self.families, self.subset_view)
        right = stacked(self.show_wip, self.version_view)
        self.splitter = splitter = QtWidgets.QSplitter()
        for widget, stretch in ((left, 2), (middle, 2), (right, 6)):
            splitter.addWidget(widget)
            splitter.setStretchFactor(splitter.count() - 1, stretch)
        splitter.setSizes([150, 200, 700])
        body = QtWidgets.QVBoxLayout()
        body.addLayout(top)
        body.addWidget(splitter, 1)
        body.addWidget(self.details)
        body.addWidget(self.status)
        central = QtWidgets.QWidget()
        central.setLayout(body)
        self.setCentralWidget(central)
        self.resize(1080, 560)

    # -- what is selected ------------------------------------------------------------------
    @property
    def project(self) -> str | None:
        return self.projects.currentText() or None

    def selected_asset(self) -> dict | None:
        return self.asset_proxy.row_at(self.asset_view.currentIndex())

    def selected_subset(self) -> dict | None:
        return self.subset_proxy.row_at(self.subset_view.currentIndex())

    def selected_subsets(self) -> list[dict]:
        """Every selected subset, top to bottom (the current one when the selection is empty)."""
        rows = sorted(self.subset_view.selectionModel().selectedRows(), key=lambda index: index.row())
        chosen = [self.subset_proxy.row_at(index) for index in rows]
        current = self.selected_subset()
        return [doc for doc in chosen if doc is not None] or ([current] if current is not None else [])

    def selected_version(self) -> VersionRow | None:
        return self.version_proxy.row_at(self.version_view.currentIndex())

    def visible_versions(self) -> list[int]:
        """Version numbers as listed now, top to bottom."""
        proxy = self.version_proxy
        return [proxy.row_at(proxy.index(i, 0)).number for i in range(proxy.rowCount())]

    def select_asset(self, name: str) -> bool:
        return select_first(self.asset_view, self.asset_proxy, lambda doc: doc["name"] == name)

    def select_subset(self, name: str) -> bool:
        return select_first(self.subset_view, self.subset_proxy, lambda doc: doc["name"] == name)

    def select_version(self, number: int) -> bool:
        return select_first(self.version_view, self.version_proxy, lambda row: row.number == number)

    # -- listings (each fetched on the database lane) ----------------------------------------
    def refresh_projects(self) -> None:
        self.database.submit("projects", lambda: [p["name"] for p in self.context.repo.projects()],
                             self._show_projects, self._failed("list projects"))

    def refresh(self) -> None:
        """List everything again, keeping the selection where it still exists."""
        asset, subset, version = self.selected_asset(), self.selected_subset(), self.selected_version()
        self._wanted = {"asset": asset["name"] if asset else None,
                        "subset": subset["name"] if subset else None,
                        "version": version.number if version else None}
        self._project_changed()

    def _show_projects(self, names: list[str]) -> None:
        self.projects.blockSignals(True)
        self.projects.clear()
        self.projects.addItems(names)
        wanted = self.context.project if self.context.project in names else (names[0] if names else None)
        self.projects.setCurrentIndex(names.index(wanted) if wanted else -1)
        self.projects.blockSignals(False)
        if not names:
            self.status.error("the database holds no project yet "
                              "(create one with 'avalon-nuke project create')")
        self._project_changed()

    def _project_changed(self) -> None:
        self.assets.set_rows([])
        self._clear_subsets()
        project, repo = self.project, self.context.repo
        if project:
            self.database.submit("assets", lambda: repo.assets(project), self._show_assets,
                                 self._failed("list assets"))

    def _show_assets(self, assets: list[dict]) -> None:
        self.assets.set_rows(assets)
        project, repo = self.project, self.context.repo
        if project and assets:
            ids = [asset["_id"] for asset in assets]
            self.database.submit("subset names", lambda: repo.subsets_of_assets(project, ids),
                                 self._know_subset_names, self._failed("list subsets for the search"))
        wanted = self._wanted.pop("asset", None)
        if wanted and not self.select_asset(wanted):
            self.status.error(f"asset '{wanted}' is not in project '{self.project}'")

    def _know_subset_names(self, subsets: list[dict]) -> None:
        self._subset_names = {}
        for subset in subsets:
            self._subset_names.setdefault(subset["parent"], []).append(subset["name"])
        self._search()

    def _search(self) -> None:
        """Assets whose name or a subset's name contains the text; their subsets narrowed the same way."""
        text = self.search.text().strip().lower()
        names = self._subset_names
        self.asset_proxy.set_predicate(None if not text else lambda doc: text in doc["name"].lower() or any(
            text in name.lower() for name in names.get(doc["_id"], ())))
        self._filter_families()

    def _clear_subsets(self) -> None:
        self.database.forget("subsets")
        self.subsets.set_rows([])
        self._clear_versions()

    def _clear_versions(self) -> None:
        self.database.forget("versions")
        self.disk.forget("progress")
        self.versions.set_rows([])
        self._version_selected()

    def _asset_selected(self) -> None:
        self._clear_subsets()
        asset, project, repo = self.selected_asset(), self.project, self.context.repo
        if asset is not None and project:
            self.database.submit("subsets", lambda: repo.subsets(project, asset["_id"]), self._show_subsets,
                                 self._failed("list subsets"))

    def _show_subsets(self, subsets: list[dict]) -> None:
        self.subsets.set_rows(subsets)
        families = sorted({doc.get("data", {}).get("family") or "" for doc in subsets} - {""})
        chosen = self.families.currentText()
        self.families.blockSignals(True)
        self.families.clear()
        self.families.addItems([ALL_FAMILIES, *families])
        self.families.setCurrentIndex(max(0, self.families.findText(chosen)))
        self.families.blockSignals(False)
        self._filter_families()
        wanted = self._wanted.pop("subset", None)
        if wanted:
            self.select_subset(wanted)

    def _filter_families(self) -> None:
        family = self.families.currentText()
        text = self.search.text().strip().lower()
        asset = self.selected_asset()
        by_name = bool(text) and asset is not None and text not in asset["name"].lower()

        def shown(doc: dict) -> bool:
            if family not in ("", ALL_FAMILIES) and family not in families_of(doc):
                return False
            return not by_name or text in doc["name"].lower()
        self.subset_proxy.set_predicate(shown)

    def _subset_selected(self) -> None:
        self._clear_versions()
        subset, project, repo = self.selected_subset(), self.project, self.context.repo
        if subset is not None and project:
            asset = self.selected_asset()
            asset_name = asset["name"] if asset else ""
            self.database.submit("versions", lambda: check_reviews(
                                     version_listing.subset_versions(repo, project, subset, asset_name)),
                                 self._show_versions, self._failed("list versions"))

    def _show_versions(self, rows: list[VersionRow]) -> None:
        self.versions.set_rows(rows)
        wanted = self._wanted.pop("version", None)
        if not (wanted and self.select_version(wanted)) and self.version_proxy.rowCount():
            self.version_view.setCurrentIndex(self.version_proxy.index(0, 0))
        if rows:
            settings: Settings = self.context.settings
            self.disk.submit("progress", lambda: version_listing.measure_progress(rows, settings),
                             self._show_progress, self._failed("read render progress"))

    def _show_progress(self, progress: RenderProgress) -> None:
        version_listing.apply_progress(self.versions.rows, progress)
        self.versions.refresh_rows()
        self.details.show_version(self.selected_version())

    def _filter_versions(self) -> None:
        show_wip = self.show_wip.isChecked()
        self.version_proxy.set_predicate(None if show_wip else (lambda row: row.approved))

    def _version_selected(self) -> None:
        row = self.selected_version()
        self.details.show_version(row)
        self.review.show_version(row)
        self._request_thumbnail()

    def _request_thumbnail(self) -> None:
        """The thumbnail of the chosen pass of the selected version."""
        row = self.selected_version()
        self.disk.forget("thumbnail")
        if row is None:
            return
        cache = self._thumbnail_cache
        path = row.path(self.details.representation())
        self.disk.submit("thumbnail", lambda: thumbnail_of(row, cache, path),
                         self._show_thumbnail, self._failed("make a thumbnail"))

    def _show_thumbnail(self, path: Path | None) -> None:
        if path is not None:
            self.details.thumbnail.show_file(path)
        elif not thumbnails.image_library_available():
            self.details.thumbnail.show_placeholder("no thumbnail (OpenImageIO not installed)")
        else:
            self.details.thumbnail.show_placeholder("no frames yet")

    def _failed(self, action: str) -> Callable[[Exception], None]:
        return lambda error: self.status.error(f"cannot {action}: {error}")

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:  # noqa: N802
        self.remembered.save()
        self.database.shutdown()
        self.disk.shutdown()
        self.context.close()
        super().closeEvent(event)


def show(settings: Settings | None = None, *, repo: Repository | None = None, host: ScriptHost | None = None,
         parent: QtWidgets.QWidget | None = None, **options: Any) -> LoaderWindow:
    """Open the Loader (or raise the one already open). In Nuke, loads into the open script."""
    return show_once(OBJECT_NAME, lambda owner: LoaderWindow(make_context(settings, repo=repo, host=host),
                                                             owner, **options), parent)
