"""The stand-in's nodes and knobs behave as Foundry documents Nuke's (see docs/ARCHITECTURE.md)."""

from __future__ import annotations

import pytest


def test_missing_things_are_none_or_the_documented_error(nuke):
    read = nuke.createNode("Read")
    assert nuke.toNode("NoSuchNode") is None
    assert read.knob("no_such_knob") is None
    with pytest.raises(NameError):
        read["no_such_knob"]
    stray = nuke.String_Knob("stray")
    with pytest.raises(ValueError):
        read.removeKnob(stray)
    with pytest.raises(RuntimeError):
        nuke.scriptName()
    nuke.delete(read)
    with pytest.raises(ValueError, match="No node selected"):
        nuke.selectedNode()


def test_unknown_node_classes_are_refused(nuke):
    with pytest.raises(RuntimeError, match="unknown command"):
        nuke.createNode("NoSuchClass")
    with pytest.raises(RuntimeError):
        nuke.nodes.NoSuchClass()


def test_auto_names_count_per_group_and_strip_the_class_number(nuke):
    first, second = nuke.createNode("Read"), nuke.nodes.Read()
    merge = nuke.nodes.Merge2()
    group = nuke.nodes.Group()
    with group:
        inner = nuke.nodes.Read()
    assert [first.name(), second.name(), merge.name()] == ["Read1", "Read2", "Merge1"]
    assert inner.name() == "Read1"
    assert inner.fullName() == "Group1.Read1"
    assert nuke.toNode("Group1.Read1") is inner
    assert nuke.toNode("root.Group1.Read1") is inner
    assert nuke.toNode("Read1") is first


def test_set_name_resolves_collisions_unless_told_not_to(nuke):
    first, second = nuke.nodes.Read(), nuke.nodes.Read()
    second.setName("plate")
    assert second.name() == "plate"
    third = nuke.nodes.Read()
    third.setName("plate")
    assert third.name() == "plate1"
    with pytest.raises(ValueError):
        first.setName("plate", uncollide=False)
    assert first.name() == "Read1"
    first["name"].setValue("plate")  # renaming through the knob uncollides too
    assert first.name() == "plate2"


def test_create_node_applies_defaults_wires_to_the_selection_and_selects(nuke):
    nuke.knobDefault("Read.on_error", "black")
    read = nuke.createNode("Read", "file /plates/a.####.exr first 1001 last 1010", inpanel=False)
    assert read["on_error"].value() == "black"
    assert read["file"].value() == "/plates/a.####.exr"
    assert read["first"].value() == 1001
    write = nuke.createNode("Write", inpanel=False)
    assert write.input(0) is read
    assert nuke.selectedNodes() == [write]
    assert nuke.selectedNode() is write
    assert not read.isSelected()


def test_nodes_constructor_neither_applies_defaults_nor_wires_nor_selects(nuke):
    nuke.knobDefault("Write.create_directories", "true")
    read = nuke.createNode("Read", inpanel=False)
    write = nuke.nodes.Write(file="/out/x.####.exr")
    assert write.input(0) is None
    assert write["create_directories"].value() is False
    assert write["file"].value() == "/out/x.####.exr"
    assert nuke.selectedNodes() == [read]
    merge = nuke.nodes.Merge2(inputs=[read, write])
    assert (merge.input(0), merge.input(1), merge.inputs()) == (read, write, 2)


def test_all_nodes_filters_by_class_group_and_recursion(nuke):
    nuke.nodes.Read()
    group = nuke.nodes.Group()
    with group:
        inner = nuke.nodes.Read()
        assert nuke.thisGroup() is group
        assert nuke.allNodes() == [inner]
    assert nuke.thisGroup() is nuke.root()
    assert [n.name() for n in nuke.allNodes("Read")] == ["Read1"]
    assert inner in nuke.allNodes("Read", recurseGroups=True)
    assert nuke.allNodes(group=group) == [inner]
    assert nuke.root() not in nuke.allNodes(recurseGroups=True)


def test_group_begin_end_sets_where_new_nodes_go(nuke):
    group = nuke.nodes.Group()
    group.begin()
    made = nuke.createNode("Blur", inpanel=False)
    group.end()
    assert made.parent() is group
    assert made.fullName() == "Group1.Blur1"
    assert nuke.createNode("Blur", inpanel=False).parent() is nuke.root()


def test_wiring_and_dependencies(nuke):
    read = nuke.nodes.Read()
    grade = nuke.nodes.Grade()
    assert grade.setInput(0, read) is True
    assert read.setInput(0, grade) is False  # a Read has no inputs
    assert grade.dependencies() == [read]
    assert read.dependent() == [grade]
    assert grade.inputs() == 1
    group = nuke.nodes.Group()
    with group:
        inner = nuke.nodes.Blur()
    assert inner.setInput(0, read) is False  # not across groups


def test_delete_disconnects_and_detaches(nuke):
    read, grade = nuke.nodes.Read(), nuke.nodes.Grade()
    grade.setInput(0, read)
    nuke.delete(read)
    assert grade.input(0) is None
    assert nuke.toNode("Read1") is None
    with pytest.raises(ValueError):
        read.name()
    nuke.delete(None)  # documented: does nothing


def test_knob_values_have_nukes_types(nuke):
    node = nuke.nodes.NoOp()
    knobs = {
        "s": nuke.String_Knob("s", "S"), "f": nuke.File_Knob("f"), "i": nuke.Int_Knob("i"),
        "d": nuke.Double_Knob("d"), "b": nuke.Boolean_Knob("b"),
        "e": nuke.Enumeration_Knob("e", "E", ["approved", "latest", "pinned"]),
        "m": nuke.Multiline_Eval_String_Knob("m"), "t": nuke.Text_Knob("t", "", "<b>hi</b>"),
    }
    for knob in knobs.values():
        node.addKnob(knob)
    node["s"].setValue('{"a": "quoted \\"x\\"\\nline"}')
    node["i"].setValue(3)
    node["d"].setValue(2)
    node["b"].setValue(True)
    node["e"].setValue("latest")
    assert node["s"].getText() == '{"a": "quoted \\"x\\"\\nline"}'
    assert node["i"].value() == 3 and isinstance(node["i"].value(), int)
    assert node["d"].value() == 2.0 and isinstance(node["d"].value(), float)
    assert node["b"].value() is True
    assert (node["e"].value(), node["e"].getValue()) == ("latest", 1.0)
    assert node["t"].value() == "<b>hi</b>"
    with pytest.raises(ValueError):
        node["e"].setValue("nonsense")
    with pytest.raises(TypeError):
        node["s"].setValue(5)
    assert node["e"].Class() == "Enumeration_Knob"
    assert node.Class() == "NoOp"


def test_the_first_user_knob_gets_a_user_tab(nuke):
    node = nuke.nodes.NoOp()
    node.addKnob(nuke.String_Knob("data"))
    names = [k.name() for k in node.allKnobs()]
    assert names[-2:] == ["User", "data"]
    assert node.knob("User").Class() == "Tab_Knob"
    tabbed = nuke.nodes.NoOp()
    tabbed.addKnob(nuke.Tab_Knob("avalon", "Avalon"))
    tabbed.addKnob(nuke.String_Knob("data"))
    assert [k.name() for k in tabbed.allKnobs()][-2:] == ["avalon", "data"]
    assert tabbed.knob("User") is None
    assert set(tabbed.knobs()) >= {"avalon", "data", "name", "label", "tile_color"}


def test_flags_enabled_visible_label_and_tooltip(nuke):
    knob = nuke.String_Knob("data", "Data")
    knob.setFlag(nuke.READ_ONLY)
    assert knob.getFlag(nuke.READ_ONLY)
    knob.clearFlag(nuke.READ_ONLY)
    assert not knob.getFlag(nuke.READ_ONLY)
    knob.setEnabled(False)
    knob.setVisible(False)
    knob.setTooltip("why")
    assert (knob.enabled(), knob.visible(), knob.label(), knob.tooltip()) == (False, False, "Data", "why")
    assert knob.getFlag(nuke.DISABLED) and knob.getFlag(nuke.INVISIBLE)


def test_node_colour_label_and_position(nuke):
    read = nuke.nodes.Read()
    read["tile_color"].setValue(0x00FF00FF)
    read["label"].setValue("v003 (WIP)")
    read.setXYpos(120, -40)
    assert (read["tile_color"].value(), read["label"].value()) == (0x00FF00FF, "v003 (WIP)")
    assert (read.xpos(), read.ypos()) == (120, -40)


def test_root_holds_the_project_settings(nuke):
    root = nuke.root()
    assert nuke.Root() is root
    assert (root["first_frame"].value(), root["last_frame"].value(), root["fps"].value()) == (1, 100, 24.0)
    fmt = nuke.addFormat("2048 858 1 avalon_scope")
    root["format"].setValue("avalon_scope")
    assert root["format"].value() is fmt
    assert (fmt.width(), fmt.height(), fmt.pixelAspect(), fmt.name()) == (2048, 858, 1.0, "avalon_scope")
    assert fmt in nuke.formats()
    assert (root.firstFrame(), root.lastFrame()) == (1, 100)


def test_modified_follows_edits(nuke):
    assert not nuke.root().modified()
    nuke.nodes.Read()
    assert nuke.root().modified()
    nuke.root().setModified(False)
    nuke.allNodes()[0].setSelected(True)
    assert not nuke.modified()


def test_undo_is_a_context_manager_and_a_pair_of_calls(nuke, nuke_standin):
    with nuke.Undo():
        nuke.Undo.name("Avalon: update")
        assert nuke_standin.undo_depth() == 1
    assert nuke_standin.undo_depth() == 0
    nuke.Undo.begin("x")
    nuke.Undo.name("y")
    nuke.Undo.end()
    assert nuke_standin.undo_depth() == 0


def test_plugin_path_puts_new_folders_first(nuke, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    nuke.pluginAddPath(str(first))
    nuke.pluginAddPath(str(second))
    nuke.pluginAddPath(str(first))
    assert nuke.pluginPath()[:2] == [str(first), str(second)]
    assert nuke.pluginPath().count(str(first)) == 1


def test_gui_and_env_agree(nuke, nuke_standin):
    assert nuke.GUI is True and nuke.env["gui"] is True
    nuke_standin.reset(gui=False)
    assert nuke.GUI is False and nuke.env["gui"] is False


def test_terminal_mode_has_no_menus(nuke_terminal):
    with pytest.raises(RuntimeError):
        nuke_terminal.menu("Nuke")
    with pytest.raises(RuntimeError):
        nuke_terminal.toolbar("Nodes")


def test_dialogs_are_captured_and_unexpected_questions_fail(nuke, nuke_standin):
    nuke.message("Avalon: no asset set")
    nuke.critical("boom")
    nuke_standin.answer(True)
    assert nuke.ask("Overwrite?") is True
    with pytest.raises(RuntimeError):
        nuke.ask("Unexpected?")
    assert nuke_standin.messages("message") == ["Avalon: no asset set"]
    assert nuke_standin.messages("critical") == ["boom"]
