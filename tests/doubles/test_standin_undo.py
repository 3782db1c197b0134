"""The stand-in's undo: knob changes inside the outermost group are one step, undone together."""

from __future__ import annotations


def test_changes_in_one_group_are_one_step_undone_together(nuke):
    read = nuke.nodes.Read(file="/a/v001.####.exr")
    read["first"].setValue(1001)
    with nuke.Undo():
        nuke.Undo.name("Avalon: follow approvals")
        read["file"].setValue("/a/v002.####.exr")
        nuke.Undo.begin("inner")  # nested groups join the outer step
        read["first"].setValue(1002)
        nuke.Undo.end()
    assert nuke.Undo.undoSize() == 1 and nuke.Undo.undoDescribe(0) == "Avalon: follow approvals"
    nuke.Undo.undo()
    assert (read["file"].value(), read["first"].value()) == ("/a/v001.####.exr", 1001)
    assert nuke.Undo.undoSize() == 0


def test_cancel_reverts_the_open_group_and_disable_records_nothing(nuke):
    read = nuke.nodes.Read(file="/a/v001.####.exr")
    nuke.Undo.begin("x")
    read["file"].setValue("/a/v002.####.exr")
    nuke.Undo.cancel()
    assert read["file"].value() == "/a/v001.####.exr" and nuke.Undo.undoSize() == 0
    nuke.Undo.disable()
    with nuke.Undo():
        read["file"].setValue("/a/v003.####.exr")
    nuke.Undo.enable()
    assert nuke.Undo.undoSize() == 0 and not nuke.Undo.disabled()
