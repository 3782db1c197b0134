"""The render publisher window: the sequences in a folder, ticked and named, published like the CLI does."""

from __future__ import annotations

import importlib.util

import pytest

from avalon_nuke.cli import main
from avalon_nuke.config import Settings
from avalon_nuke.pipeline.script_context import folder_context
from avalon_nuke.tools.render_publisher import COLUMNS, RenderPublisherWindow
from tests.gui.conftest import write_image

pytestmark = pytest.mark.gui


@pytest.fixture
def renders(pipeline):
    """sh010's lighting renders: beauty (1001-1010, 1005 missing), diffuse, and a movie."""
    folder = pipeline.root / "demo" / "sh010" / "renders" / "lighting_v003"
    folder.mkdir(parents=True)
    for frame in range(1001, 1011):
        if frame != 1005:
            write_image(folder / f"sh010_beauty.{frame}.exr")
        write_image(folder / f"sh010_diffuse.{frame}.exr")
    (folder / "sh010_preview.mov").write_bytes(b"movie")
    return folder


@pytest.fixture
def window(qtbot, pipeline, renders, tmp_path):
    settings = pipeline.settings.with_changes(project=None, asset=None)
    where = folder_context([str(renders)], settings)
    win = RenderPublisherWindow(settings, pipeline.repo, [str(renders)], where, thumbnail_cache=tmp_path / "t")
    qtbot.addWidget(win)
    win.show()
    return win


def cells(window, row):
    return {title: window.table.item(row, col).text() for col, title in enumerate(COLUMNS) if col}


def test_every_sequence_is_listed_with_range_holes_padding_and_a_subset_from_its_name(qtbot, window, screenshot):
    assert (window.project.text(), window.asset.text()) == ("demo", "sh010")   # from the folder
    rows = {cells(window, r)["Sequence"]: cells(window, r) for r in range(window.table.rowCount())}
    assert rows["sh010_beauty.####.exr"] == {"Sequence": "sh010_beauty.####.exr", "Frames": "1001-1010 (9)",
                                             "Holes": "1005", "Padding": "4", "Subset": "beauty"}
    assert rows["sh010_diffuse.####.exr"]["Holes"] == "none"
    assert rows["sh010_preview.mov"]["Subset"] == "preview"
    qtbot.waitUntil(lambda: not window.disk.busy)
    if importlib.util.find_spec("OpenImageIO"):
        labels = [window.table.item(r, 1).text() for r in range(window.table.rowCount())]
        assert not window.table.item(labels.index("sh010_beauty.####.exr"), 0).icon().isNull()  # a thumbnail
    screenshot(window, "render_publisher")


def test_publish_makes_a_version_per_ticked_subset_with_progress(qtbot, window, pipeline):
    labels = [window.table.item(r, 1).text() for r in range(window.table.rowCount())]
    window.set_ticked(labels.index("sh010_preview.mov"), False)
    window.set_subset(labels.index("sh010_beauty.####.exr"), "lightingMain")
    window.set_subset(labels.index("sh010_diffuse.####.exr"), "lightingMain")   # one version, two passes
    window.buttons["publish"].click()
    qtbot.waitUntil(lambda: window.progress.value() == 1 and window.buttons["publish"].isEnabled())
    assert window.results.count() == 1
    assert window.results.item(0).text().startswith("sh010 lightingMain v001 (work in progress): ")
    subset = pipeline.repo.subset("demo", pipeline.assets["sh010"]["_id"], "lightingMain")
    (version,) = pipeline.repo.versions("demo", subset["_id"])
    names = sorted(rep["name"] for rep in pipeline.repo.representations("demo", [version["_id"]]))
    assert names == ["beauty", "diffuse"]
    assert window.status.text() == "published 1 version(s) of sh010"


def test_a_bad_subset_name_is_marked_and_refused(window):
    window.set_subset(0, "my beauty")
    assert "use letters, digits and _ only" in window.table.item(0, 5).toolTip()
    window.buttons["publish"].click()
    assert window.status.is_error and "invalid subset name 'my beauty'" in window.status.text()
    assert window.results.count() == 0


def test_no_context_says_what_to_type(qtbot, pipeline, tmp_path):
    elsewhere = tmp_path / "scratch"
    elsewhere.mkdir()
    write_image(elsewhere / "a.1001.exr")
    where = folder_context([str(elsewhere)], Settings(projects_root=pipeline.root))
    win = RenderPublisherWindow(pipeline.settings, pipeline.repo, [str(elsewhere)], where)
    qtbot.addWidget(win)
    assert win.project.text() == "" and "AVALON_PROJECT" in win.project.toolTip()
    win.buttons["publish"].click()
    assert win.status.is_error and "which project and asset" in win.status.text()


def test_the_command_opens_the_window_with_gui_or_when_a_display_and_no_subset(monkeypatch, renders):
    opened = []
    monkeypatch.setattr("avalon_nuke.tools.render_publisher.run_window",
                        lambda settings, paths, where, **options: opened.append((paths, where.asset)) or 0)
    assert main(["publish", str(renders), "--gui"]) == 0
    monkeypatch.setenv("DISPLAY", ":0")
    assert main(["publish", str(renders)]) == 0
    assert opened == [([str(renders)], None), ([str(renders)], None)]
    monkeypatch.delenv("DISPLAY")
    assert main(["publish", str(renders)]) == 2   # no display, no subset: say what is missing
