"""The Loader against the embedded database and a .nk script: browse, WIP, load, approve."""

from __future__ import annotations

import pytest
from Qt import QtCore, QtWidgets

from avalon_nuke.deadline.client import DeadlineClient
from avalon_nuke.deadline.jobs import nuke_job
from avalon_nuke.local_farm.server import LocalFarm
from avalon_nuke.pipeline import inventory
from avalon_nuke.pipeline.policy import Policy, State
from avalon_nuke.tools import loader
from avalon_nuke.tools.models import state_colour
from avalon_nuke.tools.windows import find_open

pytestmark = pytest.mark.gui


@pytest.fixture
def farm(tmp_path):
    with LocalFarm(tmp_path / "farm", port=0, workers=0) as running:  # jobs stay queued
        yield running


def submit_job(farm, script_folder) -> str:
    job_info, plugin_info = nuke_job(
        name="sh010 lighting", batch_name="sh010", user="lena", comment="", frames="1001-1010",
        chunk_size=5, priority=50, pool="none", group="none", scene_file=str(script_folder / "light.nk"),
        write_node="Write1", nuke_version="15.1", output_directory=str(script_folder),
        output_filename="beauty.####.exr", environment={}, extra_info={})
    return DeadlineClient(farm.url).submit(job_info, plugin_info)["_id"]


@pytest.fixture
def shot(pipeline, farm, tmp_path):
    """sh010/lightingMain v001, v002 approved, v003 a WIP render with 3 of 10 frames on disk."""
    pipeline.publish("sh010", "lightingMain", approved=True, comment="first look")
    pipeline.publish("sh010", "lightingMain", approved=True, comment="notes addressed")
    job_id = submit_job(farm, tmp_path)
    pipeline.publish("sh010", "lightingMain", approved=False, comment="rim light",
                     farm={"backend": "deadline", "jobId": job_id, "url": farm.url})
    pipeline.write_frames("sh010", "lightingMain", 3, range(1001, 1004))
    pipeline.publish("sh010", "fxSmoke", approved=True, family="prerender")
    pipeline.publish("sh020", "lightingMain", approved=True)
    return pipeline


@pytest.fixture
def window(qtbot, shot, host, tmp_path):
    opened = []
    win = loader.LoaderWindow(loader.make_context(shot.settings, repo=shot.repo, host=host),
                              open_folder=opened.append, thumbnail_cache=tmp_path / "thumbs")
    win.opened_folders = opened
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.selected_asset() is not None)  # the context asset, sh010
    return win


def open_subset(qtbot, window, name: str = "lightingMain") -> None:
    qtbot.waitUntil(lambda: window.select_subset(name))
    qtbot.waitUntil(lambda: bool(window.versions.rows))


def cell(window, number: int, column: str) -> str:
    titles = [c.title for c in window.versions.columns]
    row = next(i for i, r in enumerate(window.versions.rows) if r.number == number)
    return window.versions.index(row, titles.index(column)).data()


def test_opens_on_the_context_asset_with_work_in_progress_hidden(qtbot, window):
    assert window.project == "demo" and window.selected_asset()["name"] == "sh010"
    open_subset(qtbot, window)
    assert window.visible_versions() == [2, 1]
    assert window.selected_version().number == 2  # the newest approved, ready to load


def test_show_work_in_progress_lists_it_first_and_marks_it(qtbot, window, screenshot):
    open_subset(qtbot, window)
    window.show_wip.setChecked(True)
    assert window.visible_versions() == [3, 2, 1]
    titles = [c.title for c in window.versions.columns]
    qtbot.waitUntil(lambda: cell(window, 3, "Status") == "rendering 3/10")
    status = window.versions.index(0, titles.index("Status"))
    assert status.data(QtCore.Qt.BackgroundRole).color() == state_colour(State.WIP)
    assert cell(window, 2, "Status") == "approved"
    assert cell(window, 1, "Status") == "superseded by v002"
    assert cell(window, 3, "Comment") == "rim light" and cell(window, 3, "Author") == "lena"
    assert cell(window, 3, "Frames") == "1001-1010"
    window.show_wip.setChecked(False)
    assert window.visible_versions() == [2, 1]


def test_wip_render_shows_frames_on_disk_and_its_farm_job(qtbot, window, screenshot):
    open_subset(qtbot, window)
    window.show_wip.setChecked(True)
    qtbot.waitUntil(lambda: cell(window, 3, "On disk") == "3/10")
    qtbot.waitUntil(lambda: cell(window, 3, "Farm job").startswith(("Queued", "Active", "Pending")))
    assert cell(window, 3, "Farm job").endswith("0/2 tasks")
    assert cell(window, 2, "On disk") == "0/10"  # the count stays shown after approval
    window.select_version(3)
    qtbot.waitUntil(lambda: "3 of 10 frames" in window.details.facts.text())
    qtbot.waitUntil(lambda: not window.disk.busy)
    screenshot(window, "loader")


def test_loading_a_wip_version_makes_a_read_bound_to_it(qtbot, window, host, shot):
    open_subset(qtbot, window)
    window.show_wip.setChecked(True)
    assert window.select_version(3)
    window.details.policy.set_policy(Policy.APPROVED)
    window.details.load_button.click()
    assert not window.status.is_error, window.status.text()
    assert "sh010_lightingMain" in window.status.text() and "work in progress" in window.status.text()
    [container] = inventory.ls(host, shot.repo, "demo")
    assert (container.current_number, container.state, container.policy) == (3, State.WIP, Policy.APPROVED)
    assert host.knob(container.node, "file").endswith("v003/lightingMain.####.exr")


def test_approve_and_unapprove_a_version(qtbot, window, shot):
    open_subset(qtbot, window)
    window.show_wip.setChecked(True)
    window.select_version(3)
    qtbot.waitUntil(lambda: cell(window, 3, "On disk") == "3/10")
    asked = []
    window.confirm = lambda title, question: asked.append(question) or True
    assert window.details.approve_button.isEnabled() and not window.details.unapprove_button.isEnabled()
    window.details.approve_button.click()
    assert asked and "3 of 10 frames on disk (missing 1004-1010)" in asked[0]
    qtbot.waitUntil(lambda: cell(window, 3, "Status").startswith("approved by "))
    version = shot.repo.version_by_number("demo", shot.subset("sh010", "lightingMain")["_id"], 3)
    assert version["data"]["approved"] is True and version["data"]["approvedBy"]
    window.show_wip.setChecked(False)
    assert window.visible_versions() == [3, 2, 1]
    window.select_version(3)
    window.details.unapprove_button.click()
    qtbot.waitUntil(lambda: window.visible_versions() == [2, 1])
    version = shot.repo.version_by_number("demo", version["parent"], 3)
    assert version["data"]["approved"] is False


def test_asset_search_and_family_filter(qtbot, window):
    window.search.setText("02")
    assert [window.asset_proxy.index(i, 0).data() for i in range(window.asset_proxy.rowCount())] == ["sh020"]
    window.search.clear()
    assert window.asset_proxy.rowCount() == 3
    window.select_asset("sh010")
    qtbot.waitUntil(lambda: len(window.subsets.rows) == 2)
    families = [window.families.itemText(i) for i in range(window.families.count())]
    assert families == [loader.ALL_FAMILIES, "prerender", "render"]
    window.families.setCurrentText("prerender")
    assert [window.subset_proxy.index(i, 0).data() for i in range(window.subset_proxy.rowCount())] == ["fxSmoke"]


def test_choosing_another_asset_lists_its_own_subsets_and_versions(qtbot, window):
    open_subset(qtbot, window)
    window.select_asset("sh030")
    qtbot.waitUntil(lambda: not window.database.busy)
    assert window.subsets.rows == [] and window.versions.rows == []
    window.select_asset("sh020")
    open_subset(qtbot, window)
    assert window.visible_versions() == [1]


def test_thumbnail_is_made_from_a_frame_and_cached_beside_the_version(qtbot, window, shot):
    pytest.importorskip("OpenImageIO")
    open_subset(qtbot, window)
    window.show_wip.setChecked(True)
    window.select_version(3)
    qtbot.waitUntil(lambda: not window.details.thumbnail.shows_placeholder)
    cached = list(shot.folder("sh010", "lightingMain", 3).glob(".thumbnail.*.png"))
    assert len(cached) == 1
    window.select_version(2)  # no frames on disk: placeholder, nothing cached
    qtbot.waitUntil(lambda: not window.disk.busy)
    assert window.details.thumbnail.shows_placeholder
    assert not shot.folder("sh010", "lightingMain", 2).exists()


def test_copy_path_and_open_folder(qtbot, window, shot):
    open_subset(qtbot, window)
    window.details.copy_button.click()
    expected = str(shot.folder("sh010", "lightingMain", 2) / "lightingMain.####.exr")
    assert QtWidgets.QApplication.clipboard().text() == expected
    window.details.folder_button.click()  # v002 has no folder on disk yet
    assert window.status.is_error and "does not exist yet" in window.status.text()
    window.show_wip.setChecked(True)
    window.select_version(3)
    window.details.folder_button.click()
    assert window.opened_folders == [str(shot.folder("sh010", "lightingMain", 3))]


def test_load_without_a_host_or_selection_says_so_in_one_line(qtbot, shot):
    win = loader.LoaderWindow(loader.make_context(shot.settings, repo=shot.repo, need_host=False))
    qtbot.addWidget(win)
    win.details.load_requested.emit()
    assert win.status.is_error and win.status.text() == "select an asset, a subset and a version to load"
    open_subset(qtbot, win)
    win.details.load_button.click()
    assert win.status.is_error and "no script to work on" in win.status.text()


def test_a_second_show_raises_the_open_loader(qtbot, shot, host):
    first = loader.show(shot.settings, repo=shot.repo, host=host)
    try:
        second = loader.show(shot.settings, repo=shot.repo, host=host)
        assert second is first and first.isVisible()
        assert first.objectName() == loader.OBJECT_NAME and first.windowTitle() == "Avalon Loader"
    finally:
        first.close()  # deleted on close: the next show() opens a fresh window
    assert find_open(loader.OBJECT_NAME) is None
    third = loader.show(shot.settings, repo=shot.repo, host=host)
    try:
        assert third is not first and third.isVisible()
    finally:
        third.close()


def test_declining_the_incomplete_render_question_approves_nothing(qtbot, window, shot):
    open_subset(qtbot, window)
    window.show_wip.setChecked(True)
    window.select_version(3)
    qtbot.waitUntil(lambda: cell(window, 3, "On disk") == "3/10")
    window.confirm = lambda title, question: False
    window.details.approve_button.click()
    assert window.status.text().startswith("not approved: lightingMain v003 has 3 of 10 frames on disk")
    version = shot.repo.version_by_number("demo", shot.subset("sh010", "lightingMain")["_id"], 3)
    assert version["data"]["approved"] is False


def test_approving_before_the_frames_are_counted_still_asks(qtbot, window, shot):
    open_subset(qtbot, window)
    window.show_wip.setChecked(True)
    window.select_version(3)
    window.selected_version().frames_found = None   # as if the count had not arrived yet
    asked = []
    window.confirm = lambda title, question: asked.append(question) or False
    window.set_approval(True)
    qtbot.waitUntil(lambda: bool(asked))
    assert "missing 1004-1010" in asked[0]
