"""The Creator on a .nk script: defaults from the context, live validation, both ways of creating."""

from __future__ import annotations

import pytest

from avalon_nuke import nk
from avalon_nuke.hosts.nk_file import NkFileHost
from avalon_nuke.pipeline.creator import ls_instances
from avalon_nuke.tools import creator
from tests.gui.conftest import EMPTY_SCRIPT

pytestmark = pytest.mark.gui


class SelectingHost(NkFileHost):
    """A .nk host that, like live Nuke, can say which nodes are selected."""

    def __init__(self) -> None:
        super().__init__(nk.loads(EMPTY_SCRIPT))
        self.selection: list = []

    def selected_nodes(self) -> list:
        return list(self.selection)


@pytest.fixture
def host():
    return SelectingHost()


def open_creator(qtbot, pipeline, host):
    window = creator.CreatorWindow(creator.make_context(pipeline.settings, repo=pipeline.repo, host=host))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.asset.count() == 3)  # the project's assets arrived
    return window


def test_defaults_come_from_the_context_and_create_an_avalon_write(qtbot, pipeline, host, screenshot):
    window = open_creator(qtbot, pipeline, host)
    assert (window.family.currentText(), window.asset.currentText(), window.subset.text()) == \
        ("render", "sh010", "renderMain")
    assert window.create_button.isEnabled() and window.problem.text() == ""
    assert not window.use_selection.isChecked()
    screenshot(window, "creator")
    window.create_button.click()
    [instance] = ls_instances(host)
    assert instance.node_name == "AvalonWrite_renderMain" and instance.write_name == "AvalonWrite_renderMain.Write1"
    assert (instance.data.family, instance.data.asset, instance.data.subset) == ("render", "sh010", "renderMain")
    assert window.status.text() == "created AvalonWrite_renderMain: render 'renderMain' of sh010"


def test_subset_is_checked_as_it_is_typed(qtbot, pipeline, host):
    window = open_creator(qtbot, pipeline, host)
    qtbot.keyClicks(window.subset, " v2!")
    assert "use letters, digits and _ only" in window.problem.text()
    assert not window.create_button.isEnabled()
    window.subset.clear()
    qtbot.keyClicks(window.subset, "comp_final")
    assert window.problem.text() == "" and window.create_button.isEnabled()
    window.family.setCurrentText("prerender")  # a typed name is kept when the family changes
    assert window.subset.text() == "comp_final"


def test_family_change_suggests_its_subset_until_one_is_typed(qtbot, pipeline, host):
    window = open_creator(qtbot, pipeline, host)
    window.family.setCurrentText("prerender")
    assert window.subset.text() == "prerenderMain"


def test_unknown_asset_is_refused_before_creating(qtbot, pipeline, host):
    window = open_creator(qtbot, pipeline, host)
    window.asset.setEditText("sh999")
    assert window.problem.text() == "no asset 'sh999' in project 'demo'"
    assert window.create_instance() is None and ls_instances(host) == []


def test_use_selection_marks_the_selected_write(qtbot, pipeline, host):
    host.create_node("Write", "Write1", {"file": "/renders/a.####.exr"})
    host.selection = [host.create_node("Write", "Write2", {"file": "/renders/b.####.exr"})]
    window = open_creator(qtbot, pipeline, host)
    assert window.use_selection.isChecked() and window.write.currentText() == "Write2"
    window.create_button.click()
    [instance] = ls_instances(host)
    assert instance.node_name == "Write2" and instance.data.subset == "renderMain"


def test_a_subset_already_in_the_script_is_reported_in_one_line(qtbot, pipeline, host):
    window = open_creator(qtbot, pipeline, host)
    window.create_button.click()
    assert window.create_instance() is None
    assert window.status.is_error
    assert window.status.text().startswith("cannot create: subset 'renderMain' of asset 'sh010' is already published")
    assert len(ls_instances(host)) == 1


def test_use_selection_without_writes_says_so(qtbot, pipeline, host):
    window = open_creator(qtbot, pipeline, host)
    window.use_selection.setChecked(True)
    assert window.problem.text() == "the script has no Write node to mark"
    assert not window.create_button.isEnabled()
