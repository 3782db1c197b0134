"""The Loader's usual ways to act: menus, double-click, Enter, passes, duplicates, sorting, search, memory."""

from __future__ import annotations

import pytest
from Qt import QtCore

from avalon_nuke.db import RepresentationSpec
from avalon_nuke.pipeline import inventory
from avalon_nuke.tools import loader

pytestmark = pytest.mark.gui

PASSES = ("albedo", "beauty", "crypto", "diffuse")


@pytest.fixture
def shot(pipeline):
    """sh010/lightingMain v001 (approved), v002 approved with four passes, v003 WIP; sh020/fxSmoke."""
    pipeline.publish("sh010", "lightingMain", approved=True, comment="first look")
    subset = pipeline.subset("sh010", "lightingMain")

    def specs(number):
        folder = pipeline.folder("sh010", "lightingMain", number)
        return [RepresentationSpec(name, str(folder / f"sh010_lightingMain_v{number:03d}_{name}.####.exr"), {},
                                   {"frameStart": 1001, "frameEnd": 1010}) for name in PASSES]

    pipeline.repo.publish_version("demo", subset["_id"], {"approved": True, "frameStart": 1001, "frameEnd": 1010,
                                                          "comment": "passes"}, specs)
    pipeline.publish("sh010", "lightingMain", approved=False, comment="rim")
    pipeline.publish("sh020", "fxSmoke", approved=True, family="prerender")
    return pipeline


@pytest.fixture
def window(qtbot, shot, host, tmp_path):
    win = loader.LoaderWindow(loader.make_context(shot.settings, repo=shot.repo, host=host),
                              open_folder=lambda folder: None, thumbnail_cache=tmp_path / "thumbs")
    win.asked = []
    win.answer = True
    win.confirm = lambda title, question: win.asked.append(question) or win.answer
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.selected_asset() is not None)
    return win


def open_version(qtbot, window, number=2, subset="lightingMain"):
    qtbot.waitUntil(lambda: window.select_subset(subset))
    qtbot.waitUntil(lambda: bool(window.versions.rows))
    window.show_wip.setChecked(True)
    assert window.select_version(number)


def reads(host):
    return [(host.node_name(n), host.knob(n, "file").rsplit("_", 1)[-1]) for n in host.nodes_with_knob("avalon_container")]


def test_the_automatic_pass_is_the_beauty_and_the_path_follows_the_chosen_pass(qtbot, window):
    open_version(qtbot, window)
    assert window.details.chosen_representations() == ["beauty"]   # not "albedo", first in sort order
    assert "_beauty.####.exr" in window.details.facts.text()
    window.details.choose("diffuse")
    assert "_diffuse.####.exr" in window.details.facts.text()
    assert window.details.representations.minimumWidth() >= 180


def test_several_passes_load_at_once_and_the_message_names_them(qtbot, window, host):
    open_version(qtbot, window)
    window.details.choose("diffuse", "albedo", "crypto", "beauty")
    window.details.load_button.click()
    assert not window.status.is_error, window.status.text()
    assert sorted(name for _node, name in reads(host)) == ["albedo.####.exr", "beauty.####.exr", "crypto.####.exr",
                                                           "diffuse.####.exr"]
    assert "crypto as" in window.status.text() and "diffuse as" in window.status.text()


def test_double_click_and_enter_load_the_version(qtbot, window, host):
    open_version(qtbot, window)
    index = window.version_view.currentIndex()
    rect = window.version_view.visualRect(index)
    qtbot.mouseClick(window.version_view.viewport(), QtCore.Qt.LeftButton, pos=rect.center())
    qtbot.mouseDClick(window.version_view.viewport(), QtCore.Qt.LeftButton, pos=rect.center())
    assert len(reads(host)) == 1
    window.details.choose("diffuse")
    qtbot.keyClick(window.version_view, QtCore.Qt.Key_Return)
    assert len(reads(host)) == 2


def test_loading_the_same_pass_twice_asks_first(qtbot, window, host):
    open_version(qtbot, window)
    window.details.load_button.click()
    window.answer = False
    window.details.load_button.click()
    assert len(reads(host)) == 1 and "already shows lightingMain v002 beauty" in window.asked[0]
    assert window.status.text().startswith("nothing loaded")
    window.answer = True
    window.details.load_button.click()
    assert len(reads(host)) == 2


def test_right_click_offers_what_applies_to_the_version(qtbot, window, shot):
    open_version(qtbot, window, 3)
    actions = [a.text() for a in window.version_menu().actions() if a.text()]
    assert actions == ["Load", "Approve", "Reject", "Open folder", "Copy path"]
    window.select_version(2)
    actions = [a.text() for a in window.version_menu().actions() if a.text()]
    assert actions == ["Load", "Unapprove", "Reject", "Open folder", "Copy path"]


def test_reject_hides_a_version_like_wip_and_undo_brings_it_back(qtbot, window, shot):
    open_version(qtbot, window, 2)
    next(a for a in window.version_menu().actions() if a.text() == "Reject").trigger()
    qtbot.waitUntil(lambda: window.selected_version() is not None and window.selected_version().rejected)
    assert window.selected_version().state_text.startswith("rejected")
    window.show_wip.setChecked(False)
    assert window.visible_versions() == [1]
    window.show_wip.setChecked(True)
    window.select_version(2)
    window.details.unreject_button.click()
    qtbot.waitUntil(lambda: not window.selected_version().rejected)
    assert not window.selected_version().approved


def test_columns_sort_when_their_header_is_clicked(qtbot, window):
    open_version(qtbot, window)
    assert window.visible_versions() == [3, 2, 1]
    window.version_view.sortByColumn(0, QtCore.Qt.AscendingOrder)
    assert window.visible_versions() == [1, 2, 3]
    titles = [c.title for c in window.versions.columns]
    window.version_view.sortByColumn(titles.index("Comment"), QtCore.Qt.AscendingOrder)
    assert window.visible_versions() == [1, 2, 3]   # "first look", "passes", "rim"


def test_search_matches_subset_names_too(qtbot, window):
    qtbot.waitUntil(lambda: bool(window._subset_names))
    window.search.setText("smoke")
    shown = [window.asset_proxy.row_at(window.asset_proxy.index(i, 0))["name"]
             for i in range(window.asset_proxy.rowCount())]
    assert shown == ["sh020"]
    window.select_asset("sh020")
    qtbot.waitUntil(lambda: window.subset_proxy.rowCount() == 1)
    window.search.setText("sh0")
    assert window.asset_proxy.rowCount() == 3


def test_size_column_widths_and_the_wip_toggle_are_remembered(qtbot, shot, host, _remembered_layout_in_tmp):
    def open_window():
        win = loader.LoaderWindow(loader.make_context(shot.settings, repo=shot.repo, host=host))
        qtbot.addWidget(win)
        return win

    first = open_window()
    first.show_wip.setChecked(True)
    first.resize(734, 510)  # within the offscreen screen (800x600)
    first.version_view.setColumnWidth(3, 177)
    first.close()
    assert list(_remembered_layout_in_tmp.rglob("*.ini"))
    second = open_window()
    assert second.show_wip.isChecked() and second.size().width() == 734
    assert second.version_view.columnWidth(3) == 177


def test_long_status_messages_wrap_instead_of_widening_the_window(qtbot, window):
    width = window.width()
    window.status.error("cannot load: " + "a very long reason " * 40)
    QtCore.QCoreApplication.processEvents()
    assert window.status.wordWrap() and window.width() == width


def test_loaded_read_of_an_older_version_shows_outdated_like_ls(qtbot, window, host, shot):
    open_version(qtbot, window, 1)
    window.details.load_button.click()
    (container,) = inventory.ls(host, shot.repo, "demo")
    assert container.state.value == "outdated"
    assert host.knob(container.node, "avalon_status").startswith("lightingMain v001 outdated")


def test_several_subsets_selected_load_one_read_each(qtbot, window, host, shot):
    shot.publish("sh010", "fxSmoke", approved=True, family="prerender")
    window.refresh()
    qtbot.waitUntil(lambda: window.select_subset("fxSmoke"))
    qtbot.waitUntil(lambda: len(window.subsets.rows) == 2)
    view = window.subset_view
    flags = QtCore.QItemSelectionModel.Select | QtCore.QItemSelectionModel.Rows
    for row in range(window.subset_proxy.rowCount()):
        view.selectionModel().select(window.subset_proxy.index(row, 0), flags)
    assert [s["name"] for s in window.selected_subsets()] == ["fxSmoke", "lightingMain"]
    window.load_selected()
    assert not window.status.is_error, window.status.text()
    assert window.status.text().startswith("loaded 2 Reads: fxSmoke v001 as sh010_fxSmoke, lightingMain v002")
    assert len(reads(host)) == 2
