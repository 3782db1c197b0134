"""Saving and opening through ``avalon_nuke.nk``: what the stand-in writes reads back the same."""

from __future__ import annotations

import json

import pytest

JSON_VALUE = json.dumps({"name": 'say "hi"', "notes": "line one\nline two", "braces": "{x}"})


def _build(nuke):
    read = nuke.createNode("Read", "file /plates/sh010.####.exr first 1001 last 1010", inpanel=False)
    read.addKnob(nuke.Tab_Knob("avalon", "Avalon"))
    read.addKnob(nuke.String_Knob("avalon_data", "data"))
    read["avalon_data"].setValue(JSON_VALUE)
    read["avalon_data"].setFlag(nuke.DISABLED)
    policy = nuke.Enumeration_Knob("policy", "Policy", ["approved", "latest", "pinned"])
    read.addKnob(policy)
    policy.setValue("pinned")
    read["tile_color"].setValue(0x3BB33BFF)
    group = nuke.nodes.Group()
    with group:
        inner_in = nuke.nodes.Input()
        nuke.nodes.Output(inputs=[nuke.nodes.Blur(inputs=[inner_in])])
    group.setInput(0, read)
    nuke.nodes.Write(inputs=[group], file="/out/sh010.####.exr")
    root = nuke.root()
    root["first_frame"].setValue(1001)
    root["last_frame"].setValue(1010)
    root["fps"].setValue(25)
    nuke.addFormat("2048 1152 1 sh010_fmt")
    root["format"].setValue("sh010_fmt")


def test_save_as_then_open_round_trips_user_knobs_groups_wiring_and_root(nuke, tmp_path):
    _build(nuke)
    path = str(tmp_path / "sh010_comp_v001.nk")
    nuke.scriptSaveAs(path)
    assert nuke.scriptName() == path and not nuke.root().modified()
    nuke.scriptClear()
    assert nuke.allNodes() == []
    nuke.scriptOpen(path)
    read = nuke.toNode("Read1")
    assert read["avalon_data"].getText() == JSON_VALUE
    assert read["avalon_data"].getFlag(nuke.DISABLED)
    assert read["policy"].value() == "pinned"
    assert read["tile_color"].value() == 0x3BB33BFF
    assert [k.name() for k in read.allKnobs()][-3:] == ["avalon", "avalon_data", "policy"]
    assert nuke.toNode("Group1.Blur1").input(0) is nuke.toNode("Group1.Input1")
    assert nuke.toNode("Group1").input(0) is read
    assert nuke.toNode("Write1").input(0) is nuke.toNode("Group1")
    root = nuke.root()
    assert (root["first_frame"].value(), root["last_frame"].value(), root["fps"].value()) == (1001, 1010, 25.0)
    assert (root["format"].value().width(), root["format"].value().name()) == (2048, "sh010_fmt")
    assert nuke.scriptName() == path and not root.modified()


def test_the_file_is_read_by_the_product_model(nuke, tmp_path):
    from avalon_nuke import nk

    _build(nuke)
    path = tmp_path / "a.nk"
    nuke.scriptSaveAs(str(path))
    script = nk.load(path)
    assert script.find("Read1").knob("avalon_data") == JSON_VALUE
    assert script.find("Group1.Blur1").inputs == [script.find("Group1.Input1")]
    assert script.root.knob("first_frame") == "1001"


def test_save_needs_a_name_in_terminal_mode_and_keeps_the_name_when_saving_a_copy(nuke_terminal, tmp_path):
    nuke = nuke_terminal
    nuke.nodes.Read()
    with pytest.raises(RuntimeError):
        nuke.scriptSave()
    copy = tmp_path / "copy.nk"
    assert nuke.scriptSave(str(copy)) is True
    assert copy.exists()
    with pytest.raises(RuntimeError):
        nuke.scriptName()


def test_save_as_over_an_existing_file(nuke, nuke_standin, tmp_path):
    path = tmp_path / "a.nk"
    path.write_text("old")
    with pytest.raises(RuntimeError):
        nuke.scriptSaveAs(str(path), overwrite=0)
    nuke_standin.answer(False)
    with pytest.raises(RuntimeError):
        nuke.scriptSaveAs(str(path))
    assert path.read_text() == "old"
    nuke.scriptSaveAs(str(path), overwrite=1)
    assert path.read_text().startswith("#! nuke")


def test_opening_a_missing_file_is_an_error(nuke, tmp_path):
    with pytest.raises(RuntimeError):
        nuke.scriptOpen(str(tmp_path / "missing.nk"))


def test_a_failing_save_callback_leaves_the_file_alone(nuke, tmp_path):
    path = tmp_path / "locked.nk"
    path.write_text("#! nuke -nx\nversion 15.1 v1\nRoot {\n inputs 0\n}\n")

    def refuse():
        raise RuntimeError("script is locked")

    nuke.nodes.Read()
    nuke.addOnScriptSave(refuse)
    with pytest.raises(RuntimeError, match="locked"):
        nuke.scriptSave(str(path))
    assert "Read" not in path.read_text()
