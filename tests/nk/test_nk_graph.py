"""Adding and removing nodes: Nuke's stack commands stay right for every other node."""

from __future__ import annotations

from pathlib import Path

import pytest

from avalon_nuke import nk

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str = "comp.nk") -> nk.Script:
    return nk.load(FIXTURES / name)


def graph(script: nk.Script) -> dict[str | None, list[str | None]]:
    """Every named node's inputs by full name, read back from the written text."""
    reread = nk.loads(nk.dumps(script))
    return {
        node.full_name: [i.full_name if i is not None else "-" for i in node.inputs]
        for node in reread.nodes()
        if node.name is not None
    }


def test_new_node_below_its_input_needs_no_stack_command() -> None:
    script = load("toolset.nk")
    before = nk.dumps(script)
    grade = script.add_node("Grade", [("white", 2), ("label", "two words")], inputs=[script.find("Merge3")])
    assert nk.dumps(script) == before + 'Grade {\n white 2\n label "two words"\n name Grade1\n}\n'
    assert grade.inputs == [script.find("Merge3")]
    assert graph(script)["Grade1"] == ["Merge3"]


def test_new_node_without_inputs_says_inputs_0() -> None:
    script = load("toolset.nk")
    before = nk.dumps(script)
    script.add_node("Read", [("file", "/a/b.####.exr"), ("name", "Plate")])
    assert nk.dumps(script) == before + "Read {\n inputs 0\n file /a/b.####.exr\n name Plate\n}\n"
    assert graph(script)["Plate"] == []


def test_inputs_from_earlier_nodes_are_pushed_by_variable() -> None:
    script = load()
    before = graph(script)
    read, blur = script.find("Read1"), script.find("Blur1")
    merge = script.add_node("Merge2", [("operation", "over")], inputs=[blur, None, read])
    text = nk.dumps(script)
    assert text.endswith(
        "push $N1a2b3c00\npush 0\npush $Na7a10000\nMerge2 {\n inputs 3\n operation over\n name Merge2\n}\n"
    )
    # Blur1 had no variable yet: one is set right after it, nothing else moves.
    assert "name Blur1\n xpos -40\n ypos -200\n}\nset Na7a10000 [stack 0]\nset C4d5e6f00" in text
    assert merge.inputs == [blur, None, read]
    assert graph(script) == {**before, "Merge2": ["Blur1", "-", "Read1"]}


def test_input_named_by_a_set_line_just_above_needs_no_push() -> None:
    script = nk.loads("Dot {\n name Dot1\n}\nset N1 [stack 0]\n")
    script.add_node("Blur", inputs=[script.find("Dot1")])
    assert nk.dumps(script) == "Dot {\n name Dot1\n}\nset N1 [stack 0]\nBlur {\n name Blur1\n}\n"


def test_trailing_disconnected_inputs_are_not_written() -> None:
    script = load("toolset.nk")
    script.add_node("Grade", inputs=[script.find("Merge3"), None, None])
    assert nk.dumps(script).endswith("Grade {\n name Grade1\n}\n")


def test_automatic_names_count_per_group_and_drop_class_digits() -> None:
    script = load()
    assert script.add_node("Merge2").name == "Merge2"  # Merge1 exists
    assert script.add_node("Camera3").name == "Camera1"
    group = script.find("Despill1")
    assert script.add_node("Input", group=group).full_name == "Despill1.Input2"


def test_node_added_to_a_group_goes_before_end_group_indented() -> None:
    script = load()
    group = script.find("Despill1")
    before = graph(script)
    expression = script.find("Despill1.Expression1")
    script.add_node("Clamp", [("name", "Clamp1")], group=group, inputs=[expression])
    text = nk.dumps(script)
    assert " Output {\n  name Output1\n  xpos 0\n  ypos 140\n }\n" in text
    assert " }\n push $Na7a10000\n Clamp {\n  name Clamp1\n }\nend_group\n" in text
    assert graph(script) == {**before, "Despill1.Clamp1": ["Despill1.Expression1"]}
    assert script.find("Despill1.Clamp1").parent is group


def test_added_group_gets_end_group_and_children() -> None:
    script = load("toolset.nk")
    group = script.add_node("Group", [("name", "Wrap")], inputs=[script.find("Merge3")])
    inner_input = script.add_node("Input", [("name", "Input1")], group=group)
    script.add_node("Output", [("name", "Output1")], group=group, inputs=[inner_input])
    assert nk.dumps(script).endswith(
        "Group {\n name Wrap\n}\n Input {\n  inputs 0\n  name Input1\n }\n"
        " Output {\n  name Output1\n }\nend_group\n"
    )
    reread = nk.loads(nk.dumps(script))
    assert [child.name for child in reread.find("Wrap").children] == ["Input1", "Output1"]
    assert graph(script)["Wrap.Output1"] == ["Wrap.Input1"]


def test_inputs_must_come_from_the_same_group() -> None:
    script = load()
    with pytest.raises(ValueError, match="same group"):
        script.add_node("Grade", inputs=[script.find("Despill1.Expression1")])
    with pytest.raises(ValueError, match="not a group"):
        script.add_node("Grade", group=script.find("Read1"))
    with pytest.raises(ValueError, match="class"):
        script.add_node("Bad Class")


def test_appending_to_a_file_without_final_newline() -> None:
    script = nk.loads("Dot {\n name Dot1\n}")
    script.add_node("Dot", inputs=[script.find("Dot1")])
    assert nk.dumps(script) == "Dot {\n name Dot1\n}\nDot {\n name Dot2\n}\n"


def test_crlf_scripts_get_crlf_additions() -> None:
    script = nk.loads("Dot {\r\n name Dot1\r\n}\r\n")
    script.add_node("Blur", [("size", 2)], inputs=[script.find("Dot1")])
    script.find("Blur1").add_user_knob(20, "Avalon")
    assert nk.dumps(script) == (
        "Dot {\r\n name Dot1\r\n}\r\nBlur {\r\n size 2\r\n name Blur1\r\n addUserKnob {20 Avalon}\r\n}\r\n"
    )


def test_removing_a_node_disconnects_what_it_fed() -> None:
    script = load()
    before = graph(script)
    script.remove_node(script.find("Grade1"))
    after = graph(script)
    expected = {name: inputs for name, inputs in before.items() if name != "Grade1"}
    expected["Write1"] = ["-"]
    assert after == expected
    assert "name Grade1" not in nk.dumps(script)


def test_removing_a_node_with_a_stack_variable_turns_its_pushes_into_push_0() -> None:
    script = load()
    before = graph(script)
    script.remove_node(script.find("Read1"))
    after = graph(script)
    expected = {name: inputs for name, inputs in before.items() if name != "Read1"}
    expected["Blur1"] = ["-"]
    expected["Merge1"] = ["-", "-", None]  # the mask is still the (unnamed) clone of Blur1
    assert after == expected
    clone_input = nk.loads(nk.dumps(script)).find("Merge1").inputs[2]
    assert clone_input is not None and clone_input.clone_source.name == "Blur1"
    assert "set N1a2b3c00" not in nk.dumps(script)


def test_removing_a_group_removes_its_children_and_end_group() -> None:
    script = load()
    before = graph(script)
    script.remove_node(script.find("Despill1"))
    text = nk.dumps(script)
    assert "Despill1" not in text and "Expression1" not in text
    assert text.count("end_group") == 0
    assert graph(script) == {
        name: inputs for name, inputs in before.items() if not name.startswith("Despill1")
    }


def test_removing_a_node_inside_a_group() -> None:
    script = load()
    script.remove_node(script.find("Despill1.Inner"))
    after = graph(script)
    assert after["Despill1.Output1"] == ["-"]
    assert script.find("Despill1.Inner") is None
    assert [child.name for child in script.find("Despill1").children] == ["Input1", "Expression1", "Output1"]


def test_refused_removals() -> None:
    script = load()
    with pytest.raises(ValueError, match="clones"):
        script.remove_node(script.find("Blur1"))
    with pytest.raises(ValueError, match="Root"):
        script.remove_node(script.root)
    other = load().find("Grade1")
    with pytest.raises(ValueError, match="not in this script"):
        script.remove_node(other)


def test_editing_the_inputs_knob_rewires() -> None:
    script = load("toolset.nk")
    merge = script.find("Merge3")
    merge.set_knob("inputs", 1)
    assert merge.inputs == [script.find("Dot7")]
