"""The stand-in runs callbacks when and as Nuke does (nodeClass filters, thisNode/thisKnob)."""

from __future__ import annotations

import pytest


def test_create_callbacks_filter_by_class_and_see_the_node(nuke):
    seen = []
    nuke.addOnCreate(lambda: seen.append(("any", nuke.thisNode().name())))
    nuke.addOnCreate(lambda: seen.append(("write", nuke.thisNode().name())), nodeClass="Write")
    nuke.nodes.Read()
    nuke.nodes.Write()
    assert seen == [("any", "Read1"), ("write", "Write1"), ("any", "Write1")]


def test_user_create_runs_for_gui_creations_only_and_before_on_create(nuke, nuke_standin):
    order = []
    nuke.addOnCreate(lambda: order.append("create"))
    nuke.addOnUserCreate(lambda: order.append("user"))
    nuke.createNode("Read", inpanel=False)
    assert order == ["user", "create"]
    order.clear()
    nuke.nodes.Read()
    assert order == ["create"]
    nuke_standin.reset(gui=False)
    nuke.addOnCreate(lambda: order.append("create"))
    nuke.addOnUserCreate(lambda: order.append("user"))
    order.clear()
    nuke.createNode("Read")
    assert order == ["create"]


def test_adding_a_callback_twice_keeps_one_and_remove_takes_it_away(nuke, nuke_standin):
    calls = []

    def on_create():
        calls.append(nuke.thisNode().name())

    nuke.addOnCreate(on_create)
    nuke.addOnCreate(on_create)
    assert nuke_standin.callback_count() == 1
    nuke.nodes.Blur()
    nuke.removeOnCreate(on_create)
    nuke.removeOnCreate(on_create)  # removing a missing callback does nothing
    nuke.nodes.Blur()
    assert calls == ["Blur1"]
    with pytest.raises(ValueError):
        nuke.addOnCreate("not callable")


def test_knob_changed_sees_the_knob_when_the_panel_is_open(nuke):
    changes = []
    nuke.addKnobChanged(lambda: changes.append((nuke.thisNode().name(), nuke.thisKnob().name())),
                        nodeClass="Read")
    read = nuke.createNode("Read")  # in the GUI its panel opens
    read["file"].setValue("/plates/a.####.exr")
    read.hideControlPanel()
    read["file"].setValue("/plates/b.####.exr")
    assert changes == [("Read1", "file")]


def test_script_callbacks_run_for_the_root(nuke, tmp_path):
    events = []
    nuke.addOnScriptSave(lambda: events.append(("save", nuke.thisNode().Class())))
    nuke.addOnScriptLoad(lambda: events.append(("load", nuke.thisNode().Class())))
    nuke.addOnScriptClose(lambda: events.append(("close", nuke.thisNode().Class())))
    nuke.nodes.Read()
    path = str(tmp_path / "a.nk")
    nuke.scriptSaveAs(path)
    nuke.scriptClear()
    nuke.scriptOpen(path)
    assert events == [("save", "Root"), ("close", "Root"), ("load", "Root")]


def test_a_failing_before_render_aborts_the_render(nuke, nuke_standin, tmp_path):
    def refuse():
        raise ValueError("not published")

    write = nuke.nodes.Write(file=str(tmp_path / "out.####.exr"))
    nuke.addBeforeRender(refuse)
    with pytest.raises(RuntimeError, match="not published"):
        nuke.execute(write, 1, 2)
    assert list(tmp_path.iterdir()) == []
    assert nuke_standin.renders() == []


def test_execute_renders_frames_between_the_render_callbacks(nuke, nuke_standin, tmp_path):
    events = []
    nuke.addBeforeRender(lambda: events.append(("before", nuke.thisNode().name())))
    nuke.addAfterRender(lambda: events.append(("after", nuke.thisNode().name())))
    write = nuke.nodes.Write(file=str(tmp_path / "frames" / "out.%04d.exr"), create_directories=True)
    nuke.execute("Write1", 1001, 1003)
    assert events == [("before", "Write1"), ("after", "Write1")]
    assert sorted(p.name for p in (tmp_path / "frames").iterdir()) == [
        "out.1001.exr", "out.1002.exr", "out.1003.exr"]
    assert nuke_standin.renders() == [("Write1", 1001, 1003, 1)]
    write["create_directories"].setValue(False)
    write["file"].setValue(str(tmp_path / "missing" / "out.####.exr"))
    with pytest.raises(RuntimeError):
        nuke.execute(write, 1, 1)
    with pytest.raises(RuntimeError):
        nuke.execute(nuke.nodes.Read(), 1, 1)
