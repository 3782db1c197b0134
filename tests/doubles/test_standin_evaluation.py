"""The stand-in evaluates string knobs as Foundry documents: value() expands TCL, getText() does not."""

from __future__ import annotations

import pytest


@pytest.fixture
def node(nuke):
    node = nuke.nodes.NoOp(name="Plate")
    for name in ("s", "other"):
        node.addKnob(nuke.String_Knob(name))
    node["other"].setValue("v003")
    return node


@pytest.mark.parametrize(("text", "evaluated"), [
    ("plain text", "plain text"),
    ("version [value other]", "version v003"),
    ("[value Plate.other] again", "v003 again"),
    ('quoted \\"x\\" and \\n', 'quoted "x" and \n'),
    ("\\[not a command] \\$NOT", "[not a command] $NOT"),
    ("home is $env(AVALON_STANDIN_HOME)", "home is /home/ana"),
    ("[getenv AVALON_STANDIN_HOME]/x", "/home/ana/x"),
    ("costs $", "costs $"),
    ("{braces stay}", "{braces stay}"),
])
def test_value_is_the_evaluated_text_and_get_text_the_text_as_set(node, monkeypatch, text, evaluated):
    monkeypatch.setenv("AVALON_STANDIN_HOME", "/home/ana")
    node["s"].setValue(text)
    assert node["s"].value() == evaluated
    assert node["s"].getText() == text


@pytest.mark.parametrize("text", ["[exec rm -rf /]", "$HOME", "${unknown}", "[value no_such_knob]", "[unclosed"])
def test_text_that_does_not_evaluate_raises_instead_of_passing_for_a_value(node, text):
    node["s"].setValue(text)
    with pytest.raises(RuntimeError):
        node["s"].value()
    assert node["s"].getText() == text


def test_labels_and_eval_strings_evaluate_file_names_and_scripts_do_not(nuke, node):
    node["label"].setValue("[value other]")
    assert node["label"].value() == "v003" and node["label"].evaluate() == "v003"
    read = nuke.nodes.Read(file="/plates/[value name].####.exr")
    assert read["file"].value() == "/plates/[value name].####.exr"
    script = nuke.PyScript_Knob("run", "Run", "print('[x] $y')")
    node.addKnob(script)
    assert script.value() == "print('[x] $y')"


def test_setting_an_equal_value_still_counts_as_an_edit(nuke, node):
    """Undocumented (live check ``set_equal_value_marks_modified``): the stand-in assumes the worst."""
    nuke.root().setModified(False)
    node["other"].setValue("v003")
    assert nuke.root().modified()


def test_edits_made_while_a_script_loads_leave_it_modified(nuke, tmp_path):
    path = tmp_path / "a.nk"
    nuke.nodes.NoOp(name="Keep")
    nuke.scriptSaveAs(str(path))

    def touch():
        nuke.toNode("Keep")["label"].setValue("touched")

    nuke.addOnScriptLoad(touch)
    nuke.scriptClear()
    nuke.scriptOpen(str(path))
    assert nuke.root().modified()
    nuke.removeOnScriptLoad(touch)
    nuke.scriptClear()
    nuke.scriptOpen(str(path))
    assert not nuke.root().modified()


def test_the_root_name_is_the_script_file_and_root_while_untitled(nuke, tmp_path):
    assert nuke.root().name() == "Root"
    nuke.scriptSaveAs(str(tmp_path / "b.nk"))
    assert nuke.root().name() == str(tmp_path / "b.nk")


def test_a_read_only_file_cannot_be_saved_over(nuke, tmp_path):
    import os

    path = tmp_path / "locked.nk"
    nuke.scriptSaveAs(str(path))
    os.chmod(path, 0o444)
    before = path.read_text()
    nuke.nodes.Blur()
    with pytest.raises(RuntimeError, match="Permission denied"):
        nuke.scriptSave()
    assert path.read_text() == before


def test_colourspace_menus_list_the_sessions_colourspaces(nuke, nuke_standin):
    assert "linear" in nuke.getColorspaceList(nuke.nodes.Read()["colorspace"])
    nuke_standin.use_colorspaces(["default", "ACEScg"])
    read = nuke.nodes.Read()
    assert nuke.getColorspaceList(read["colorspace"]) == ["default", "ACEScg"]
    with pytest.raises(ValueError):
        read["colorspace"].setValue("linear")
