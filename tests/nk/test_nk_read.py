"""Reading scripts, toolsets and gizmos into nodes, and writing them back unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from avalon_nuke import nk

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> nk.Script:
    return nk.load(FIXTURES / name)


def names(nodes: list[nk.Node | None]) -> list[str | None]:
    return [node.full_name if node is not None else None for node in nodes]


@pytest.mark.parametrize("name", ["comp.nk", "toolset.nk", "glow.gizmo", "pasted_clone.nk"])
def test_fixtures_round_trip_byte_identical(name: str) -> None:
    data = (FIXTURES / name).read_bytes()
    assert nk.dumps(nk.loads(data)).encode() == data


def test_script_header_root_and_nodes_in_file_order() -> None:
    script = fixture("comp.nk")
    assert script.version == "15.1 v1"
    assert script.root is not None and script.root.cls == "Root"
    assert script.root.knob("first_frame") == "1001"
    assert script.root not in script.nodes()
    assert [node.cls for node in script.nodes()][:4] == ["Read", "Blur", "Group", "Input"]
    assert names(script.nodes("Write")) == ["Write1"]


def test_groups_nest_with_full_names() -> None:
    script = fixture("comp.nk")
    despill = script.find("Despill1")
    inner = script.find("Despill1.Inner")
    assert despill is not None and inner is not None
    assert [child.name for child in despill.children] == ["Input1", "Expression1", "Inner", "Output1"]
    assert inner.parent is despill
    assert script.find("Despill1.Inner.Output1").parent is inner
    assert script.find("Input1") is None  # only inside groups
    assert script.find("Despill1.Nope") is None


def test_inputs_follow_the_stack_with_input_zero_on_top() -> None:
    script = fixture("comp.nk")
    assert names(script.find("Blur1").inputs) == ["Read1"]
    assert names(script.find("Despill1").inputs) == ["Blur1"]
    assert script.find("Read1").inputs == []
    merge = script.find("Merge1")
    b_input, a_input, mask = merge.inputs  # inputs 2+1 pops three
    assert b_input is script.find("Read1") and a_input is None
    assert mask is not None and mask.clone_source is script.find("Blur1")
    assert names(script.find("Despill1.Expression1").inputs) == ["Despill1.Input1"]
    assert names(script.find("Despill1.Output1").inputs) == ["Despill1.Inner"]


def test_clone_shares_knobs_with_its_original_but_keeps_its_position() -> None:
    script = fixture("comp.nk")
    clone = script.find("Merge1").inputs[2]
    assert clone.cls == "Blur"
    assert clone.knob("size") == "{curve x1001 2 x1050 8 x1100 2}"
    assert clone.knob("xpos") == "100"
    assert clone.name is None
    clone.set_knob("size", 5)
    assert script.find("Blur1").knob("size") == "5"
    clone.set_knob("xpos", 150)
    assert clone.knob("xpos") == "150" and script.find("Blur1").knob("xpos") == "-40"


def test_knob_values_lose_one_level_of_quoting() -> None:
    script = fixture("comp.nk")
    read = script.find("Read1")
    assert read.knob("label") == "plate\n[value first]-[value last]"
    assert read.knob_text("label") == '"plate\\n\\[value first]-\\[value last]"'
    assert script.root.knob("project_directory") == "[python {nuke.script_directory()}]"
    assert script.find("Grade1").knob("white") == "1.1 1.05 1 1"
    assert script.find("Merge1").knob("custom knob") == "{parent.Blur1.size}"
    assert read.knob("missing") is None and read.knob_text("missing") is None


def test_knob_names_in_file_order_without_definitions() -> None:
    read = fixture("comp.nk").find("Read1")
    assert read.knob_names()[:3] == ["inputs", "file_type", "file"]
    assert "addUserKnob" not in read.knob_names()
    assert read.knob_names()[-2:] == ["avalon_container", "avalon_representation"]


def test_user_knobs_are_listed_with_type_label_and_flags() -> None:
    script = fixture("comp.nk")
    knobs = script.find("Read1").user_knobs()
    assert [(k.type_id, k.name, k.label, k.flags) for k in knobs] == [
        (20, "Avalon", None, ()),
        (1, "avalon_container", "container", ("+DISABLED",)),
        (1, "avalon_representation", "representation", ("+DISABLED",)),
    ]
    python_button = script.find("Despill1").user_knobs()[-1]
    assert (python_button.type_id, python_button.flags) == (22, ("+STARTLINE",))


def test_python_knob_keeps_escaped_newlines_and_quotes() -> None:
    definition = fixture("comp.nk").find("Despill1").user_knobs()[-1].definition
    assert "\\nn\\['amount'].setValue(0.75)\\nprint(\\\"reset" in definition


def test_toolset_reads_the_paste_input_as_disconnected() -> None:
    script = fixture("toolset.nk")
    assert script.root is None
    dot, blur, merge = script.nodes()
    assert dot.inputs == [None]
    assert blur.inputs == [dot]
    assert merge.inputs == [dot, blur]


def test_gizmo_children_and_missing_final_newline() -> None:
    script = fixture("glow.gizmo")
    gizmo = script.nodes()[0]
    assert gizmo.cls == "Gizmo" and gizmo.is_group
    assert [child.name for child in gizmo.children] == ["Source", "Mask", "Blur1", "Output1"]
    assert gizmo.knob("size") == "25"
    assert not nk.dumps(script).endswith("\n")


def test_crlf_line_endings_and_trailing_blanks_survive() -> None:
    text = "version 15.1 v1 \r\nBlur {\r\n size 3  \r\n name Blur1\r\n}\r\n\r\n  \r\n"
    script = nk.loads(text)
    assert nk.dumps(script) == text
    assert script.find("Blur1").knob("size") == "3"


def test_any_byte_survives_a_round_trip() -> None:
    data = b'Text2 {\n message "caf\xe9 \xff\xfe"\n name T\xe9xt1\n}\n'
    assert nk.dumps(nk.loads(data)).encode("utf-8", "surrogateescape") == data
    utf8 = 'Text2 {\n message "café ☃"\n name Text1\n}\n'.encode()
    assert nk.loads(utf8).find("Text1").knob("message") == "café ☃"


def test_byte_order_mark_single_line_nodes_and_odd_spacing() -> None:
    text = "\ufeffDot {name Dot1}\nBlur {size 3 name Blur1 }\n\tGrade  {\n\tgain   2\n\tname Grade1\n\t}\n"
    script = nk.loads(text)
    assert nk.dumps(script) == text
    assert [node.name for node in script.nodes()] == ["Dot1", "Blur1", "Grade1"]
    assert script.find("Grade1").knob("gain") == "2"
    assert script.find("Grade1").inputs == [script.find("Blur1")]


def test_multi_line_brace_values_stay_one_knob() -> None:
    text = "Root {\n inputs 0\n gsv  {\n  __default__ {\n   shot sh010\n  }\n \n}\n name x.nk\n}\n"
    root = nk.loads(text).root
    assert root.knob_names() == ["inputs", "gsv", "name"]
    assert root.knob("gsv") == "\n  __default__ {\n   shot sh010\n  }\n \n"
    assert root.knob("name") == "x.nk"


def test_values_that_do_not_end_their_line_are_read_whole() -> None:
    text = ('Text2 {\n message "two\n lines fake 1"\n\n size 2 name Text1\n tail\n'
            ' label "a\\"\n b"\r\n}\n')
    node = nk.loads(text).find("Text1")
    assert node.knob_names() == ["message", "size", "name", "tail", "label"]
    assert node.knob("message") == "two\n lines fake 1"
    assert node.knob("label") == 'a"\n b'
    assert node.knob("fake") is None


def test_empty_text_is_an_empty_script() -> None:
    script = nk.loads("")
    assert script.nodes() == [] and script.root is None and nk.dumps(script) == ""


def test_clone_pasted_from_another_script_reads_as_its_class_with_its_own_knobs() -> None:
    # Nuke writes a clone whose original is in another script as
    # `clone node<address>|<Class>|<pid> <Class> {...}`, with every knob.
    data = (FIXTURES / "pasted_clone.nk").read_bytes()
    script = nk.loads(data)
    assert nk.dumps(script).encode() == data
    write = script.find("Write1")
    assert (write.cls, write.pasted_clone_of) == ("Write", "node7f6100171d00|Write|21972")
    assert write.knob("file_type") == "jpeg" and write.clone_source is None
    blur = script.find("Passes.Blur1")
    assert (blur.cls, blur.knob("size"), blur.inputs) == ("Blur", "4", [script.find("Passes.Input1")])


def test_clones_of_a_pasted_clone_share_its_knobs() -> None:
    script = fixture("pasted_clone.nk")
    write = script.find("Write1")
    clone = next(node for node in script.nodes() if node.clone_source is not None)
    assert clone.clone_source is write and clone.cls == "Write"
    clone.set_knob("file_type", "png")
    assert write.knob("file_type") == "png"
    assert clone.inputs == [script.find("Dot1")]
    assert nk.dumps(nk.loads(nk.dumps(script))) == nk.dumps(script)


@pytest.mark.parametrize("count", [255, 256, 257, 1000])
def test_nodes_of_many_knobs_read_whole_whichever_form_they_take(count: int) -> None:
    lines = "".join(f" knob{index} {index}\n" for index in range(count))
    plain = "".join(f" knob{index} {index}" for index in range(count))  # all on one line
    mixed = lines + " label {two\nlines}\n" + lines.replace("knob", "more")
    for body in (lines, plain + "\n", mixed):
        text = f"NoOp {{\n{body} name NoOp1\n}}\n"
        node = nk.loads(text).nodes()[0]
        assert nk.dumps(nk.loads(text)) == text
        assert node.knob(f"knob{count - 1}") == str(count - 1) and node.knob("name") == "NoOp1"
        assert node._one_per_line is (body is lines)
        assert len(node.knob_names()) == count * (2 if body is mixed else 1) + 1 + (body is mixed)
