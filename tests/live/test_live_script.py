"""Saving and opening in real Nuke, and the product's .nk model reading what Nuke wrote."""

import json

import nuke
from live_helpers import fresh_script, raises, scratch_dir

from avalon_nuke import nk

JSON_VALUE = json.dumps({"name": 'say "hi"', "notes": "line one\nline two", "braces": "{x}"})


def test_save_open_round_trip_and_the_model_reads_it():
    fresh_script()
    read = nuke.nodes.Read(file="/plates/sh010.####.exr")
    read.addKnob(nuke.Tab_Knob("avalon", "Avalon"))
    read.addKnob(nuke.String_Knob("avalon_data", "data"))
    read["avalon_data"].setValue(JSON_VALUE)
    group = nuke.nodes.Group()
    with group:
        nuke.nodes.Output(inputs=[nuke.nodes.Blur(inputs=[nuke.nodes.Input()])])
    group.setInput(0, read)
    nuke.root()["first_frame"].setValue(1001)
    with scratch_dir() as folder:
        path = str(folder / "sh010_comp_v001.nk")
        nuke.scriptSaveAs(path)
        assert nuke.scriptName() == path and not nuke.root().modified()
        model = nk.load(path)
        assert model.find("Read1").knob("avalon_data") == JSON_VALUE
        assert model.find("Group1.Blur1").inputs == [model.find("Group1.Input1")]
        assert [k.name for k in model.find("Read1").user_knobs()] == ["avalon", "avalon_data"]
        nuke.scriptClear()
        nuke.scriptOpen(path)
        assert nuke.toNode("Read1")["avalon_data"].getText() == JSON_VALUE
        assert nuke.toNode("Group1").input(0) == nuke.toNode("Read1")
        assert nuke.root()["first_frame"].value() == 1001


def test_save_as_respects_overwrite_in_terminal_mode():
    fresh_script()
    with scratch_dir() as folder:
        path = folder / "a.nk"
        path.write_text("old")
        with raises(RuntimeError):
            nuke.scriptSaveAs(str(path), overwrite=0)
        with raises(RuntimeError):
            nuke.scriptSaveAs(str(path))  # in a terminal, -1 behaves as 0
        assert path.read_text() == "old"
        nuke.scriptSaveAs(str(path), overwrite=1)
        assert path.read_text().startswith("#! ")


def test_a_failing_save_callback_leaves_the_file_alone():
    fresh_script()
    with scratch_dir() as folder:
        path = folder / "locked.nk"
        path.write_text("#! nuke -nx\nversion 15.1 v1\nRoot {\n inputs 0\n}\n")
        nuke.nodes.Read()

        def refuse():
            raise RuntimeError("script is locked")

        nuke.addOnScriptSave(refuse)
        try:
            with raises(RuntimeError):
                nuke.scriptSave(str(path))
        finally:
            nuke.removeOnScriptSave(refuse)
        assert "Read" not in path.read_text()
