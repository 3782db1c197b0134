"""Creating publish instances on both hosts (a .nk file and live Nuke's stand-in)."""

from __future__ import annotations

import pytest

from avalon_nuke import nk
from avalon_nuke.errors import InputError, NotFoundError
from avalon_nuke.hosts.nk_file import NkFileHost
from avalon_nuke.pipeline import creator
from avalon_nuke.pipeline.creator import create_avalon_write, gizmo_text, ls_instances, mark_write, set_active
from avalon_nuke.pipeline.instance_data import (
    FarmSettings,
    InstanceData,
    read_farm_settings,
)

SCRIPT = (
    "#! nuke -nx\nversion 15.1 v1\nRoot {\n inputs 0\n name /projects/demo/sh010/work/nuke/sh010_v001.nk\n}\n"
    "Blur {\n inputs 0\n size 4\n name Blur1\n}\n"
    "Write {\n file /projects/demo/sh010/renders/comp.####.exr\n file_type exr\n name Write1\n}\n"
)


@pytest.fixture(params=["nkfile", "live"])
def host(request, tmp_path):
    if request.param == "nkfile":
        return NkFileHost(nk.loads(SCRIPT), tmp_path / "sh010_v001.nk")
    nuke = request.getfixturevalue("nuke")
    from avalon_nuke.hosts.live_nuke.script_host import LiveHost

    nuke.nodes.Blur(name="Blur1")
    nuke.nodes.Write(name="Write1", file="/projects/demo/sh010/renders/comp.####.exr")
    live = LiveHost()
    live.saved_to = tmp_path / "sh010_v001.nk"
    return live


def reopened(host):
    """The host as the next session sees the script (saved and read back)."""
    if isinstance(host, NkFileHost):
        return NkFileHost(nk.loads(nk.dumps(host.script)), host.path)
    import nuke

    nuke.scriptSaveAs(str(host.saved_to), overwrite=1)
    nuke.scriptClear()
    nuke.scriptOpen(str(host.saved_to))
    return host


def test_a_marked_write_is_an_instance_after_save_and_open(host):
    made = mark_write(host, "Write1", family="render", asset="sh010", subset="compMain", project="demo")
    assert (made.node_name, made.write_name) == ("Write1", "Write1")
    host = reopened(host)
    (found,) = ls_instances(host)
    assert found.data == InstanceData(family="render", asset="sh010", subset="compMain")
    assert (found.node_name, found.write_name, found.problem) == ("Write1", "Write1", "")
    assert read_farm_settings(host, found.node) == FarmSettings()
    assert host.root_knob("avalon_project") == "demo" and host.root_knob("avalon_asset") == "sh010"


def test_marking_changes_only_the_write_and_roots_context():
    host = NkFileHost(nk.loads(SCRIPT))
    mark_write(host, "Write1", family="render", asset="sh010", subset="compMain")
    text = nk.dumps(host.script)
    assert "Blur {\n inputs 0\n size 4\n name Blur1\n}\n" in text
    assert text.count("addUserKnob") == 19  # Root: tab + asset; Write: tab + 16 knobs (record and farm)
    assert " file /projects/demo/sh010/renders/comp.####.exr\n file_type exr\n name Write1\n" in text


def test_an_avalon_write_renders_through_its_inner_write(host):
    made = create_avalon_write(host, family="prerender", asset="sh010", subset="slapComp",
                               farm=FarmSettings(priority=80, chunk_size=5, pool="comp"))
    assert made.node_name == "AvalonWrite_slapComp"
    assert made.write_name == "AvalonWrite_slapComp.Write1"
    host = reopened(host)
    (found,) = ls_instances(host)
    assert found.data.family == "prerender" and found.write_name == "AvalonWrite_slapComp.Write1"
    farm = read_farm_settings(host, found.node)
    assert (farm.priority, farm.chunk_size, farm.pool, farm.use_range) == (80, 5, "comp", False)
    assert host.knob(found.write, "file_type") == "exr" and host.knob(found.write, "channels") == "rgba"


def test_subset_names_are_checked_and_unique_per_asset(host):
    mark_write(host, "Write1", family="render", asset="sh010", subset="compMain")
    with pytest.raises(InputError, match="already published by Write1"):
        create_avalon_write(host, family="render", asset="sh010", subset="compMain")
    create_avalon_write(host, family="render", asset="sh020", subset="compMain")  # another asset: fine
    with pytest.raises(InputError, match="letters, digits and _ only"):
        create_avalon_write(host, family="render", asset="sh010", subset="comp main")
    with pytest.raises(InputError, match="unknown family 'model'"):
        create_avalon_write(host, family="model", asset="sh010", subset="compOther")
    assert [i.node_name for i in ls_instances(host)] == ["Write1", "AvalonWrite_compMain"]


def test_only_an_unmarked_write_can_be_marked(host):
    with pytest.raises(NotFoundError, match=r"no node named 'Write9' \(Write nodes: Write1\)"):
        mark_write(host, "Write9", family="render", asset="sh010", subset="compMain")
    with pytest.raises(InputError, match="Blur1 is a Blur node"):
        mark_write(host, "Blur1", family="render", asset="sh010", subset="compMain")
    mark_write(host, "Write1", family="render", asset="sh010", subset="compMain")
    with pytest.raises(InputError, match=r"Write1 is already a publish instance \(render compMain\)"):
        mark_write(host, "Write1", family="render", asset="sh010", subset="other")


def test_an_inactive_instance_stays_listed_as_inactive(host):
    made = mark_write(host, "Write1", family="render", asset="sh010", subset="compMain")
    set_active(host, made, False)
    (found,) = ls_instances(reopened(host))
    assert found.data.active is False


def test_garbage_in_farm_knobs_is_one_clear_error():
    host = NkFileHost(nk.loads(SCRIPT))
    made = mark_write(host, "Write1", family="render", asset="sh010", subset="compMain")
    host.set_knobs(made.node, {"avalon_priority": "high"})
    with pytest.raises(InputError, match="Write1: avalon_priority must be a whole number, not 'high'"):
        read_farm_settings(host, made.node)


def test_a_broken_record_is_listed_with_the_reason():
    host = NkFileHost(nk.loads(SCRIPT))
    made = mark_write(host, "Write1", family="render", asset="sh010", subset="compMain")
    host.set_knobs(made.node, {"avalon_instance": "{not json"})
    (found,) = ls_instances(host)
    assert found.data is None and "not JSON" in found.problem


def test_the_gizmo_file_is_the_group_definition_and_round_trips():
    text = creator.GIZMO_PATH.read_text(encoding="utf-8")
    assert text == gizmo_text(), "regenerate with: python -m avalon_nuke.pipeline.creator"
    gizmo = nk.loads(text)
    assert nk.dumps(gizmo) == text
    (group,) = [node for node in gizmo.nodes() if node.parent is None]
    assert group.cls == "Group" and group.name == "AvalonWrite"
    assert [child.cls for child in group.children] == ["Input", "Write", "Output"]
    host = NkFileHost(nk.loads(SCRIPT))
    made = create_avalon_write(host, family="render", asset="sh010", subset="compMain")
    assert [k.name for k in made.node.user_knobs()] == [k.name for k in group.user_knobs()]
