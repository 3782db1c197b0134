"""The stand-in's menus: paths, existing menus reused, commands replaced, items invoked."""

from __future__ import annotations

import pytest


def test_menus_are_found_made_and_reused(nuke):
    bar = nuke.menu("Nuke")
    assert bar.findItem("File") is not None
    avalon = bar.addMenu("Avalon")
    assert bar.addMenu("Avalon") is avalon
    assert bar.findItem("Avalon") is avalon
    assert nuke.menu("No Such Menu") is None


def test_commands_by_path_with_separators_and_removal(nuke):
    bar = nuke.menu("Nuke")
    calls = []
    item = bar.addCommand("Avalon/Load...", lambda: calls.append("load"), "", tooltip="Load")
    bar.findItem("Avalon").addSeparator()
    bar.addCommand("Avalon/Scripted", "nuke.message('from a string')")
    assert bar.findItem("Avalon/Load...") is item
    assert [i.name() for i in bar.findItem("Avalon").items()] == ["Load...", "", "Scripted"]
    item.invoke()
    bar.findItem("Avalon/Scripted").invoke()
    assert calls == ["load"]
    assert bar.findItem("Avalon/Scripted").script() == "nuke.message('from a string')"
    bar.addCommand("Avalon/Load...", lambda: calls.append("again"))
    assert [i.name() for i in bar.findItem("Avalon").items()].count("Load...") == 1
    bar.removeItem("Avalon")
    assert bar.findItem("Avalon") is None


def test_removing_a_missing_menu_item_raises_so_callers_must_ask_find_item_first(nuke):
    """Undocumented in Nuke (live check ``menu_remove_missing_item``): the stand-in assumes the worst."""
    with pytest.raises(RuntimeError, match="Never There"):
        nuke.menu("Nuke").removeItem("Never There")


def test_disabled_items_do_nothing(nuke, nuke_standin):
    calls = []
    item = nuke.menu("Nuke").addCommand("Avalon/Context", lambda: calls.append("x"))
    item.setEnabled(False)
    item.invoke()
    assert calls == [] and nuke_standin.item_enabled(item) is False


def test_toolbars_exist_in_the_gui(nuke):
    nodes = nuke.toolbar("Nodes")
    assert nodes.addCommand("Avalon/Write", "nuke.createNode('Write')").name() == "Write"
