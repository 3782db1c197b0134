"""Records on knobs read back exactly as written, TCL-looking characters and all.

Foundry documents ``String_Knob.value()`` as the evaluated value: ``[`` starts a TCL
command, ``$`` a variable and ``\\"`` an escape. The live host reads records with
``getText()``, so none of that touches them (live check ``string_value_vs_text``).
"""

from __future__ import annotations

import json

import pytest

from avalon_nuke.hosts.nk_file import NkFileHost
from avalon_nuke.pipeline import protection
from avalon_nuke.pipeline.container_data import DATA_KNOB, ContainerData, parse_container

AWKWARD = [
    'beauty [exec rm -rf /] pass',
    "costs $HOME and ${USER} and $env(PATH)",
    'say "hi" \\ back\\slash \\n not a newline',
    "ünïcødé — 日本語 ✓",
    "{braced} [value name] \\[escaped]",
]


def _container(text: str) -> ContainerData:
    return ContainerData(name=text, namespace="plate", loader=text, representation="5f0c" * 6,
                         version="6a1d" * 6, project="demo")


@pytest.mark.parametrize("text", AWKWARD)
def test_a_container_record_reads_back_as_written_in_live_nuke_and_after_save_and_open(nuke, tmp_path, text):
    from avalon_nuke.hosts.live_nuke.script_host import LiveHost

    host = LiveHost()
    node = host.create_node("Read", "plate", {})
    record = _container(text).to_json()
    host.add_string_knobs(node, ("avalon_tab", "Avalon"), [(DATA_KNOB, "container", record)])
    assert host.knob(node, DATA_KNOB) == record
    assert parse_container(host.knob(node, DATA_KNOB)).name == text
    path = tmp_path / "comp.nk"
    nuke.scriptSaveAs(str(path))
    assert NkFileHost.open(path).knob(NkFileHost.open(path).script.find("plate"), DATA_KNOB) == record
    nuke.scriptClear()
    nuke.scriptOpen(str(path))
    assert host.knob(nuke.toNode("plate"), DATA_KNOB) == record


def test_the_evaluated_value_is_not_the_record(nuke):
    """Why getText(): value() expands the escapes in JSON text and so breaks the record."""
    node = nuke.nodes.NoOp()
    knob = nuke.String_Knob(DATA_KNOB)
    node.addKnob(knob)
    record = json.dumps({"name": 'say "hi"', "path": "C:\\shots"})
    knob.setValue(record)
    assert knob.getText() == record
    assert knob.value() != record
    with pytest.raises(ValueError):
        json.loads(knob.value())


@pytest.mark.parametrize("text", AWKWARD)
def test_a_lock_record_reads_back_as_written(nuke, studio, text):
    from avalon_nuke.hosts.live_nuke.script_host import LiveHost

    studio.work.mkdir(parents=True, exist_ok=True)
    path = studio.work / "sh010_v001.nk"
    nuke.scriptSaveAs(str(path))
    protection.lock(LiveHost(), reason=text, versions=[text])
    assert protection.lock_info(LiveHost())["reason"] == text
    assert protection.lock_info(NkFileHost.open(path))["versions"] == [text]
    nuke.scriptClear()
    nuke.scriptOpen(str(path))
    assert protection.lock_info(LiveHost())["reason"] == text
