"""The Manager on a .nk script: states, filters and every action, each one undo step."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from Qt import QtCore

from avalon_nuke import nk
from avalon_nuke.hosts.nk_file import NkFileHost
from avalon_nuke.pipeline.container_data import DATA_KNOB
from avalon_nuke.pipeline.loader import load
from avalon_nuke.pipeline.policy import Policy, State
from avalon_nuke.tools import manager
from avalon_nuke.tools.models import state_colour
from avalon_nuke.tools.windows import find_open
from tests.gui.conftest import EMPTY_SCRIPT

pytestmark = pytest.mark.gui


class RecordingHost(NkFileHost):
    """A .nk host that remembers undo steps, selections and edits made outside an undo step."""

    def __init__(self) -> None:
        super().__init__(nk.loads(EMPTY_SCRIPT))
        self.undo_steps: list[str] = []
        self.selected: list[str] = []
        self.edits_outside_undo = 0
        self._depth = 0

    @contextmanager
    def undo(self, label):
        self.undo_steps.append(label)
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1

    def set_knobs(self, node, values):
        self.edits_outside_undo += self._depth == 0
        super().set_knobs(node, values)

    def remove_node(self, node):
        self.edits_outside_undo += self._depth == 0
        super().remove_node(node)

    def select(self, nodes):
        self.selected = [self.node_name(node) for node in nodes]


@pytest.fixture
def host():
    return RecordingHost()


@pytest.fixture
def script(pipeline, host):
    """Four reads of sh010/lightingMain (v001, v002 approved, v003 WIP) in different situations."""
    for approved in (True, False, False):
        pipeline.publish("sh010", "lightingMain", approved=approved)
    pipeline.publish("sh010", "fxSmoke", approved=True, family="prerender")
    load(host, pipeline.repo, "demo", asset="sh010", subset="lightingMain", version=1, policy=Policy.PINNED)
    load(host, pipeline.repo, "demo", asset="sh010", subset="lightingMain", version=3, policy=Policy.LATEST)
    load(host, pipeline.repo, "demo", asset="sh010", subset="fxSmoke")
    pipeline.repo.set_approval("demo", pipeline.repo.version_by_number(
        "demo", pipeline.subset("sh010", "lightingMain")["_id"], 2)["_id"], True, user="lena")
    broken = host.create_node("Read", "oldRead", {"file": "/old/plate.####.exr"})
    host.add_string_knobs(broken, ("avalon_tab", "Avalon"), [(DATA_KNOB, "container", "not json")])
    host.undo_steps.clear()
    return pipeline


@pytest.fixture
def window(qtbot, script, host):
    win = manager.ManagerWindow(manager.make_context(script.settings, repo=script.repo, host=host))
    qtbot.addWidget(win)
    win.show()
    return win


def row(window, node: str) -> dict:
    titles = [c.title for c in window.model.columns]
    container = next(c for c in window.model.rows if c.node_name == node)
    return {title: window.model.index_of(container, col).data() for col, title in enumerate(titles)}


def test_lists_every_container_with_state_versions_and_policy(window, screenshot):
    assert window.visible_nodes() == ["sh010_lightingMain", "sh010_lightingMain1", "sh010_fxSmoke", "oldRead"]
    reason = row(window, "sh010_lightingMain").pop("Reason")
    assert row(window, "sh010_lightingMain") | {"Reason": reason} == {
        "Node": "sh010_lightingMain", "Asset": "sh010", "Subset": "lightingMain", "Pass": "exr",
        "State": "outdated", "Current": "v001", "Target": "v001", "Policy": "pinned", "Reason": reason}
    assert reason.startswith("pinned to v001; newer: v002 approved by lena 20")  # who, and when (local)
    assert row(window, "sh010_lightingMain1")["State"] == "wip"
    assert row(window, "sh010_fxSmoke")["State"] == "approved"
    assert row(window, "oldRead")["State"] == "missing" and "not JSON" in row(window, "oldRead")["Reason"]
    colours = {c.node_name: window.model.index_of(c, 4).data(QtCore.Qt.BackgroundRole).color()
               for c in window.model.rows}
    assert colours["sh010_lightingMain"] == state_colour(State.OUTDATED)
    assert colours["oldRead"] == state_colour(State.MISSING)
    assert window.status.text() == "4 loaded render(s): 1 approved, 1 wip, 1 outdated, 1 missing"
    headings = [window.proxy.index(i, 0).data() for i in range(window.proxy.rowCount())]
    assert headings == ["sh010 (3)", "no asset (1)"]             # grouped by asset, with counts
    screenshot(window, "manager")


def test_outdated_only_filter(window):
    window.outdated_only.setChecked(True)
    assert window.visible_nodes() == ["sh010_lightingMain"]
    window.outdated_only.setChecked(False)
    assert len(window.visible_nodes()) == 4


def test_update_all_follows_each_policy_in_one_undo_step(window, host, script):
    load(host, script.repo, "demo", asset="sh010", subset="lightingMain", version=1)  # approved policy
    window.refresh()
    host.undo_steps.clear()
    window.buttons["update_all"].click()
    assert row(window, "sh010_lightingMain2")["Current"] == "v002"   # followed approval
    assert row(window, "sh010_lightingMain")["Current"] == "v001"    # pinned stays
    assert row(window, "sh010_lightingMain1")["Current"] == "v003"   # latest stays on newest
    assert "sh010_lightingMain2 v001 → v002" in window.status.text()
    assert host.undo_steps == ["Avalon: update containers"] and host.edits_outside_undo == 0


def test_update_selected_moves_only_the_selection(window, host, script):
    for _ in range(2):
        load(host, script.repo, "demo", asset="sh010", subset="lightingMain", version=1)
    window.refresh()
    window.select_rows(["sh010_lightingMain2"])
    window.buttons["update"].click()
    assert row(window, "sh010_lightingMain2")["Current"] == "v002"
    assert row(window, "sh010_lightingMain3")["Current"] == "v001"
    assert [c.node_name for c in window.selected()] == ["sh010_lightingMain2"]  # selection kept


def test_set_version_pins_and_set_policy_follows(window, host):
    window.select_rows(["sh010_lightingMain1"])
    assert window.version.currentData() == 3 and window.policy.policy() is Policy.LATEST
    offered = [window.version.itemText(i) for i in range(window.version.count())]
    assert [text.split()[0] for text in offered] == ["v003", "v002", "v001"]
    assert offered[0].endswith("work in progress") and "approved by lena" in offered[1]
    assert offered[2].endswith("superseded by v002")
    window.version.setCurrentIndex(window.version.findData(2))
    window.buttons["set_version"].click()
    assert row(window, "sh010_lightingMain1")["Current"] == "v002"
    assert row(window, "sh010_lightingMain1")["Policy"] == "pinned"
    window.select_rows(["sh010_lightingMain"])
    window.policy.set_policy(Policy.APPROVED)
    window.buttons["set_policy"].click()
    assert row(window, "sh010_lightingMain")["Current"] == "v002"
    assert row(window, "sh010_lightingMain")["Policy"] == "approved"
    assert host.undo_steps == ["Avalon: set version", "Avalon: update containers"]


def test_set_version_that_does_not_exist_says_so(window):
    window.select_rows(["sh010_fxSmoke"])
    window.set_version(7)
    assert window.status.is_error and "has no version 7 (it has v001)" in window.status.text()


def test_select_node_and_remove(window, host):
    window.select_rows(["sh010_fxSmoke", "oldRead"])
    window.buttons["select"].click()
    assert host.selected == ["sh010_fxSmoke", "oldRead"]
    window.buttons["remove"].click()
    assert window.visible_nodes() == ["sh010_lightingMain", "sh010_lightingMain1"]
    assert [host.node_name(n) for n in host.nodes_with_knob(DATA_KNOB)] == window.visible_nodes()
    assert host.undo_steps == ["Avalon: remove containers"] and host.edits_outside_undo == 0


def test_actions_without_a_selection_do_nothing_but_say_so(window):
    assert not window.buttons["update"].isEnabled() and not window.buttons["remove"].isEnabled()
    window.update_selected()
    assert window.status.is_error and window.status.text() == "select loaded renders to update"


def test_refresh_open_follows_script_changes(qtbot, script, host):
    opened = manager.show(script.settings, repo=script.repo, host=host)
    try:
        assert manager.show(script.settings, repo=script.repo, host=host) is opened
        load(host, script.repo, "demo", asset="sh010", subset="fxSmoke")  # loaded elsewhere
        assert "sh010_fxSmoke1" not in opened.visible_nodes()
        manager.refresh_open()
        assert "sh010_fxSmoke1" in opened.visible_nodes()
    finally:
        opened.close()
    assert find_open(manager.OBJECT_NAME) is None
    manager.refresh_open()  # no window: nothing to do, no error


def test_the_project_comes_from_the_script_when_the_environment_has_none(qtbot, script, host):
    settings = script.settings.with_changes(project=None)
    win = manager.ManagerWindow(manager.make_context(settings, repo=script.repo, host=host))
    qtbot.addWidget(win)
    assert len(win.containers) == 4 and not win.status.is_error  # the containers say 'demo'


def test_without_any_project_context_the_list_is_empty_with_a_reason(qtbot, script):
    settings = script.settings.with_changes(project=None)
    win = manager.ManagerWindow(manager.make_context(settings, repo=script.repo, host=RecordingHost()))
    qtbot.addWidget(win)
    assert win.containers == [] and win.status.is_error and "AVALON_PROJECT" in win.status.text()


def test_refresh_repaints_nodes_when_the_database_changed(qtbot, window, host, script):
    fx = next(c for c in window.containers if c.node_name == "sh010_fxSmoke")
    assert host.knob(fx.node, "avalon_status") == "fxSmoke v001 approved"
    script.publish("sh010", "fxSmoke", approved=True, family="prerender")   # approved elsewhere
    window.buttons["refresh"].click()
    fx = next(c for c in window.containers if c.node_name == "sh010_fxSmoke")
    assert fx.state.value == "outdated"
    assert host.knob(fx.node, "avalon_status").startswith("fxSmoke v001 outdated")
    assert int(host.knob(fx.node, "tile_color"), 0) == 0xD6C431FF   # the node agrees with the list


def test_right_click_offers_update_versions_policies_select_and_remove(window):
    window.select_rows(["sh010_lightingMain1"])
    menu = window.menu()
    titles = [a.text() for a in menu.actions() if a.text()]
    assert titles == ["Update", "Set version", "Set policy", "Select node", "Remove"]
    versions = next(a for a in menu.actions() if a.text() == "Set version").menu()
    [a for a in versions.actions() if a.text().startswith("v002")][0].trigger()
    assert row(window, "sh010_lightingMain1")["Current"] == "v002"
    window.view.clearSelection()
    assert [a.text() for a in window.menu().actions()] == ["Update all"]


def test_double_click_offers_the_versions_and_enter_updates_the_selection(qtbot, window, host, script):
    load(host, script.repo, "demo", asset="sh010", subset="lightingMain", version=1)
    window.refresh()
    window.select_rows(["sh010_lightingMain2"])
    window.view.doubleClicked.emit(window.view.currentIndex())
    assert window.version.view().isVisible() and window.version.count() == 3
    window.version.hidePopup()
    qtbot.keyClick(window.view, QtCore.Qt.Key_Return)
    assert row(window, "sh010_lightingMain2")["Current"] == "v002"


def test_update_all_reports_exactly_what_moved(window, host, script):
    for _ in range(2):
        load(host, script.repo, "demo", asset="sh010", subset="lightingMain", version=1)
    window.refresh()
    window.buttons["update_all"].click()
    text = window.status.text()
    assert text.startswith("update all: 2 moved: ")
    assert "sh010_lightingMain2 v001 → v002" in text and "sh010_lightingMain3 v001 → v002" in text
    assert text.endswith("(4 unchanged)")


def test_node_names_are_never_cut_off(qtbot, window, host, script):
    node = host.create_node("Read", "a_very_long_read_node_name_for_the_hero_plate", {})
    host.add_string_knobs(node, ("avalon_tab", "Avalon"), [(DATA_KNOB, "container", "not json")])
    window.refresh()
    metrics = window.view.fontMetrics()
    assert window.view.columnWidth(0) >= metrics.horizontalAdvance("a_very_long_read_node_name_for_the_hero_plate")


def test_size_columns_and_the_outdated_filter_are_remembered(qtbot, script, host):
    def open_window():
        win = manager.ManagerWindow(manager.make_context(script.settings, repo=script.repo, host=host))
        qtbot.addWidget(win)
        return win

    first = open_window()
    first.outdated_only.setChecked(True)
    first.resize(640, 400)
    first.view.setColumnWidth(2, 133)
    first.close()
    second = open_window()
    assert second.outdated_only.isChecked() and second.width() == 640 and second.view.columnWidth(2) == 133
    assert second.visible_nodes() == ["sh010_lightingMain"]
