"""Facts about Nuke that the test stand-in imitates (tests/test_standin_*.py), checked for real.

If one of these fails, the stand-in is wrong about Nuke: fix the stand-in, then the product.
Run under ``nuke -t`` (terminal mode), see README.md.
"""

import nuke
from live_helpers import fresh_script, raises, registrations, scratch_dir


def test_terminal_mode_has_no_gui_and_no_menus():
    assert nuke.GUI is False and nuke.env["gui"] is False
    with raises(RuntimeError):
        nuke.menu("Nuke")
    with raises(RuntimeError):
        nuke.toolbar("Nodes")


def test_missing_things_are_none_or_the_documented_error():
    fresh_script()
    read = nuke.createNode("Read", inpanel=False)
    assert nuke.toNode("NoSuchNode") is None
    assert read.knob("no_such_knob") is None
    with raises(NameError):
        read["no_such_knob"]
    with raises(ValueError):
        read.removeKnob(nuke.String_Knob("stray"))
    with raises(RuntimeError):
        nuke.scriptName()
    nuke.delete(read)
    with raises(ValueError):
        nuke.selectedNode()
    with raises(ValueError):
        read.name()


def test_auto_names_count_per_group():
    fresh_script()
    first, second, merge = nuke.createNode("Read", inpanel=False), nuke.nodes.Read(), nuke.nodes.Merge2()
    group = nuke.nodes.Group()
    with group:
        inner = nuke.nodes.Read()
        assert nuke.thisGroup() == group
    assert [first.name(), second.name(), merge.name(), inner.name()] == ["Read1", "Read2", "Merge1", "Read1"]
    assert inner.fullName() == "Group1.Read1"
    assert nuke.toNode("Group1.Read1") == inner
    assert nuke.toNode("root.Group1.Read1") == inner


def test_set_name_resolves_collisions_unless_told_not_to():
    fresh_script()
    first, second, third = nuke.nodes.Read(), nuke.nodes.Read(), nuke.nodes.Read()
    second.setName("plate")
    third.setName("plate")
    assert (second.name(), third.name()) == ("plate", "plate1")
    with raises(ValueError):
        first.setName("plate", uncollide=False)


def test_create_node_versus_nodes_constructor():
    fresh_script()
    nuke.knobDefault("Read.on_error", "black")
    read = nuke.createNode("Read", "file /plates/a.####.exr first 1001 last 1010", inpanel=False)
    assert read["on_error"].value() == "black"
    assert (read["file"].value(), read["first"].value()) == ("/plates/a.####.exr", 1001)
    write = nuke.createNode("Write", inpanel=False)
    assert write.input(0) == read
    assert nuke.selectedNodes() == [write] and not read.isSelected()
    nuke.knobDefault("Write.create_directories", "true")
    loose = nuke.nodes.Write(file="/out/x.####.exr")
    assert loose.input(0) is None and loose["create_directories"].value() is False
    assert nuke.selectedNode() == write
    merge = nuke.nodes.Merge2(inputs=[read, write])
    assert (merge.input(0), merge.input(1), merge.inputs()) == (read, write, 2)


def test_all_nodes_and_groups():
    fresh_script()
    nuke.nodes.Read()
    group = nuke.nodes.Group()
    group.begin()
    inner = nuke.createNode("Blur", inpanel=False)
    group.end()
    assert inner.parent() == group
    assert [n.name() for n in nuke.allNodes("Read")] == ["Read1"]
    assert inner in nuke.allNodes("Blur", recurseGroups=True)
    assert nuke.allNodes(group=group) == [inner]


def test_wiring():
    fresh_script()
    read, grade = nuke.nodes.Read(), nuke.nodes.Grade()
    assert grade.setInput(0, read) is True
    assert grade.dependencies() == [read] and read.dependent() == [grade]
    nuke.delete(read)
    assert grade.input(0) is None


def test_knob_values_flags_and_the_user_tab():
    fresh_script()
    node = nuke.nodes.NoOp()
    node.addKnob(nuke.String_Knob("data", "Data"))
    assert [k.name() for k in node.allKnobs()][-2:] == ["User", "data"]
    node["data"].setValue('{"a": "quoted \\"x\\"\\nline"}')
    assert node["data"].getText() == '{"a": "quoted \\"x\\"\\nline"}'
    with raises(TypeError):
        node["data"].setValue(5)
    enum = nuke.Enumeration_Knob("policy", "Policy", ["approved", "latest", "pinned"])
    node.addKnob(enum)
    enum.setValue("latest")
    assert (enum.value(), enum.getValue()) == ("latest", 1.0)
    with raises(ValueError):
        enum.setValue("nonsense")
    knob = node["data"]
    knob.setFlag(nuke.READ_ONLY)
    assert knob.getFlag(nuke.READ_ONLY)
    knob.setEnabled(False)
    assert knob.enabled() is False and knob.getFlag(nuke.DISABLED)
    node["tile_color"].setValue(0x00FF00FF)
    assert node["tile_color"].value() == 0x00FF00FF


def test_root_format_and_undo():
    fresh_script()
    fmt = nuke.addFormat("2048 858 1 avalon_live_scope")
    nuke.root()["format"].setValue("avalon_live_scope")
    assert nuke.root()["format"].value().name() == "avalon_live_scope"
    assert (fmt.width(), fmt.height()) == (2048, 858)
    assert nuke.Root() == nuke.root()
    with nuke.Undo():
        nuke.Undo.name("avalon live")
        nuke.root()["first_frame"].setValue(1001)
    assert nuke.root()["first_frame"].value() == 1001


def test_callbacks_filter_by_class_and_are_registered_once():
    fresh_script()
    seen = []

    def on_create():
        seen.append(nuke.thisNode().name())

    nuke.addOnCreate(on_create, nodeClass="Write")
    nuke.addOnCreate(on_create, nodeClass="Write")
    try:
        assert registrations(nuke.callbacks.onCreates, on_create) == 1
        nuke.nodes.Read()
        nuke.nodes.Write()
        user = []
        nuke.addOnUserCreate(lambda: user.append(1))
        nuke.createNode("Write", inpanel=False)
        assert seen == ["Write1", "Write2"]
        assert user == []  # not a GUI creation
    finally:
        nuke.removeOnCreate(on_create, nodeClass="Write")
        nuke.callbacks.onUserCreates.clear()
    assert registrations(nuke.callbacks.onCreates, on_create) == 0


def test_a_failing_before_render_aborts_the_render():
    fresh_script()
    with scratch_dir() as folder:
        constant = nuke.nodes.Constant()
        write = nuke.nodes.Write(file=str(folder / "out.####.exr"), inputs=[constant])

        def refuse():
            raise ValueError("not published")

        nuke.addBeforeRender(refuse)
        try:
            with raises(RuntimeError):
                nuke.execute(write, 1, 1)
            assert list(folder.iterdir()) == []
        finally:
            nuke.removeBeforeRender(refuse)
        nuke.execute(write, 1, 2)
        assert sorted(p.name for p in folder.iterdir()) == ["out.0001.exr", "out.0002.exr"]
