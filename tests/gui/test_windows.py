"""Opening the windows: the live script only inside Nuke, Nuke's main window as parent, the menu."""

from __future__ import annotations

import pytest
from Qt import QtWidgets

from avalon_nuke.errors import InputError
from avalon_nuke.pipeline.loader import load
from avalon_nuke.tools import creator, loader, manager
from avalon_nuke.tools.windows import find_open, nuke_main_window

pytestmark = pytest.mark.gui


def test_outside_nuke_a_window_needs_a_host(qtbot, pipeline):
    with pytest.raises(InputError, match="not running inside Nuke"):
        manager.show(pipeline.settings, repo=pipeline.repo)
    assert find_open(manager.OBJECT_NAME) is None
    assert nuke_main_window() is None


def test_the_menu_opens_the_manager_on_the_open_nuke_script(qtbot, pipeline, nuke, nuke_standin):
    from avalon_nuke.hosts.live_nuke.script_host import LiveHost
    from nuke_menu.commands import run

    pipeline.publish("sh010", "lightingMain", approved=True)
    load(LiveHost(), pipeline.repo, "demo", asset="sh010", subset="lightingMain")
    run("Manage...", "avalon_nuke.tools.manager.show", pipeline.settings)
    window = find_open(manager.OBJECT_NAME)
    try:
        assert nuke_standin.messages() == []
        assert isinstance(window.context.host, LiveHost) and window.context.owns_repo
        assert [(c.node_name, c.current_number) for c in window.containers] == [("sh010_lightingMain", 1)]
        window.select_rows(["sh010_lightingMain"])
        window.select_nodes()
        assert [n.name() for n in nuke.selectedNodes()] == ["sh010_lightingMain"]
    finally:
        window.close()


def test_windows_are_parented_to_nukes_main_window(qtbot, pipeline, nuke):
    from avalon_nuke.hosts.live_nuke.script_host import LiveHost

    main = QtWidgets.QMainWindow()
    main.setObjectName("NukeMainWindow")
    qtbot.addWidget(main)
    main.show()
    assert nuke_main_window() is main
    window = creator.show(pipeline.settings, repo=pipeline.repo)
    try:
        assert window.parent() is main and window.isWindow()
        assert isinstance(window.context.host, LiveHost)
        assert creator.show(pipeline.settings, repo=pipeline.repo) is window
    finally:
        window.close()


def test_each_window_has_its_own_single_instance(qtbot, pipeline, host):
    opened = [module.show(pipeline.settings, repo=pipeline.repo, host=host)
              for module in (loader, manager, creator)]
    try:
        assert len({id(window) for window in opened}) == 3
        assert [w.objectName() for w in opened] == ["AvalonLoader", "AvalonManager", "AvalonCreator"]
    finally:
        for window in opened:
            window.close()
