"""Editing knobs: only the touched text changes, new text is what Nuke would write."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from avalon_nuke import nk

FIXTURES = Path(__file__).parent / "fixtures"


def comp() -> nk.Script:
    return nk.load(FIXTURES / "comp.nk")


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm="")
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_changing_one_knob_changes_only_that_line() -> None:
    script = comp()
    before = nk.dumps(script)
    script.find("Read1").set_knob("file", "/show/demo/sh010/publish/plate/v003/sh010.####.exr")
    assert changed_lines(before, nk.dumps(script)) == [
        "- file /show/demo/sh010/publish/plate/v002/sh010_plate_v002.####.exr",
        "+ file /show/demo/sh010/publish/plate/v003/sh010.####.exr",
    ]


def test_setting_the_same_value_changes_nothing() -> None:
    script = comp()
    before = nk.dumps(script)
    script.find("Read1").set_knob("first", 1001)
    assert nk.dumps(script) == before


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("plain/path.####.exr", "plain/path.####.exr"),
        ("", '""'),
        ("two words", '"two words"'),
        ('say "hi"', '"say \\"hi\\""'),
        ("C:\\temp", '"C:\\\\temp"'),
        ("line one\nline two", '"line one\\nline two"'),
        ("[value root.name]", '"\\[value root.name]"'),
        ("{a b}", '"\\{a b\\}"'),
        ("$HOME/x", '"\\$HOME/x"'),
        ("a;b", '"a;b"'),
        ("tab\there", '"tab\\there"'),
        (True, "true"),
        (False, "false"),
        (42, "42"),
        (0.5, "0.5"),
        (2.0, "2"),
        (1 / 3, "0.3333333333"),
    ],
)
def test_values_are_quoted_as_nuke_writes_them(value: object, written: str) -> None:
    script = comp()
    grade = script.find("Grade1")
    grade.set_knob("label", value)
    assert grade.knob_text("label") == written
    reread = nk.loads(nk.dumps(script)).find("Grade1")
    assert reread.knob_text("label") == written
    if isinstance(value, str):
        assert reread.knob("label") == value


def test_unsupported_value_types_are_refused() -> None:
    with pytest.raises(TypeError):
        comp().find("Grade1").set_knob("label", ["a"])


def test_raw_knob_text_for_expressions_and_curves() -> None:
    script = comp()
    grade = script.find("Grade1")
    grade.set_knob_text("gamma", "{{curve x1 0.9 x10 1.2}}")
    assert " gamma {{curve x1 0.9 x10 1.2}}\n" in nk.dumps(script)
    for bad in ("{unclosed", "two words", '"open', ""):
        with pytest.raises(ValueError):
            grade.set_knob_text("gamma", bad)


def test_new_standard_knob_goes_before_user_knobs() -> None:
    script = comp()
    read = script.find("Read1")
    read.set_knob("on_error", "black")
    text = read.text()
    assert text.index(" on_error black\n") < text.index(" addUserKnob {20 Avalon}")
    assert changed_lines(comp().find("Read1").text(), text) == ["+ on_error black"]


def test_add_user_knobs_as_nuke_writes_them() -> None:
    script = comp()
    grade = script.find("Grade1")
    grade.add_user_knob(20, "Avalon")
    grade.add_user_knob(1, "avalon_container", "container", flags="+DISABLED", value="x y")
    grade.add_user_knob(
        4, "policy", "Version policy", tooltip='follow "approved"', extra="M {approved latest pinned}"
    )
    grade.add_user_knob(6, "approved_only", value=True)
    assert grade.text().endswith(
        " ypos 60\n"
        " addUserKnob {20 Avalon}\n"
        " addUserKnob {1 avalon_container l container +DISABLED}\n"
        ' avalon_container "x y"\n'
        ' addUserKnob {4 policy l "Version policy" t "follow \\"approved\\"" M {approved latest pinned}}\n'
        " addUserKnob {6 approved_only}\n"
        " approved_only true\n"
        "}\n"
    )
    reread = nk.loads(nk.dumps(script)).find("Grade1")
    assert [(k.type_id, k.name, k.label) for k in reread.user_knobs()] == [
        (20, "Avalon", None),
        (1, "avalon_container", "container"),
        (4, "policy", "Version policy"),
        (6, "approved_only", None),
    ]
    assert reread.knob("avalon_container") == "x y"


def test_user_knob_value_set_later_follows_its_definition() -> None:
    script = comp()
    grade = script.find("Grade1")
    grade.add_user_knob(20, "Avalon")
    grade.add_user_knob(1, "avalon_id", "id")
    grade.add_user_knob(1, "avalon_name", "name")
    grade.set_knob("avalon_id", "pyblish.avalon.container")
    lines = grade.text().splitlines()
    at = lines.index(" addUserKnob {1 avalon_id l id}")
    assert lines[at + 1] == " avalon_id pyblish.avalon.container"


def test_duplicate_user_knob_is_refused() -> None:
    with pytest.raises(ValueError, match="avalon_container"):
        comp().find("Read1").add_user_knob(1, "avalon_container")


def test_remove_knob_removes_value_and_definition() -> None:
    script = comp()
    read = script.find("Read1")
    assert read.remove_knob("avalon_container") is True
    assert read.knob("avalon_container") is None
    assert [k.name for k in read.user_knobs()] == ["Avalon", "avalon_representation"]
    assert read.remove_knob("avalon_container") is False
    assert read.remove_knob("label") is True
    assert "label" not in read.knob_names()


def test_valueless_name_line_gets_a_value_separated_by_a_space() -> None:
    script = nk.loads("Group {\n Stray\n name G\n}\nend_group\n")
    group = script.find("G")
    assert group.knob("Stray") == ""
    group.set_knob("Stray", "x")
    assert " Stray x\n" in nk.dumps(script)


def test_a_knob_whose_value_reads_addUserKnob_is_not_taken_for_a_user_knob() -> None:
    script = nk.loads("Grade {\n label addUserKnob\n name Grade1\n addUserKnob {20 t l T}\n"
                      " addUserKnob {1 note}\n note hi\n}\n")
    script.find("Grade1").set_knobs([("label", "addUserKnob"), ("mix", 0.5)])
    assert nk.dumps(script) == ("Grade {\n label addUserKnob\n name Grade1\n mix 0.5\n addUserKnob {20 t l T}\n"
                                " addUserKnob {1 note}\n note hi\n}\n")


def test_a_knob_set_on_a_node_without_user_knobs_goes_last_with_its_indentation() -> None:
    script = nk.loads("Group {\n name G\n}\n  Grade {\n   name Grade1\n  }\nend_group\n")
    script.find("G.Grade1").set_knobs([("mix", 0.5), ("name", "Grade2")])
    assert nk.dumps(script) == "Group {\n name G\n}\n  Grade {\n   name Grade2\n   mix 0.5\n  }\nend_group\n"
