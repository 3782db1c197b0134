"""Open Avalon windows follow the script: after a menu action and after a script opens."""

from __future__ import annotations

import sys
import types

from avalon_nuke.config import Settings


def test_menu_actions_and_script_loads_refresh_an_open_manager(nuke, tmp_path, monkeypatch):
    import nuke_menu

    refreshed = []
    fake_manager = types.SimpleNamespace(refresh_open=lambda: refreshed.append("refresh"))
    monkeypatch.setitem(sys.modules, "avalon_nuke.tools.manager", fake_manager)
    nuke_menu.build(Settings(project="demo", asset="sh010", db_path=tmp_path / "db.sqlite"))
    nuke_menu.build(Settings(project="demo", asset="sh010", db_path=tmp_path / "db.sqlite"))  # no duplicate
    nuke.menu("Nuke").findItem("Avalon/Update to latest approved").invoke()
    assert refreshed == ["refresh"]
    nuke.scriptSaveAs(str(tmp_path / "comp.nk"))
    nuke.scriptOpen(str(tmp_path / "comp.nk"))
    assert refreshed == ["refresh", "refresh"]
    nuke_menu.remove()
    nuke.scriptOpen(str(tmp_path / "comp.nk"))
    assert refreshed == ["refresh", "refresh"]


def test_without_an_open_window_nothing_imports_qt(nuke, tmp_path, monkeypatch):
    import nuke_menu

    monkeypatch.delitem(sys.modules, "avalon_nuke.tools.manager", raising=False)
    nuke_menu.refresh_windows()
    assert "avalon_nuke.tools.manager" not in sys.modules
