"""Loaded renders on both hosts (a .nk file and live Nuke's stand-in): policy, edits, bad containers."""

from __future__ import annotations

import difflib

import pytest

from avalon_nuke import nk
from avalon_nuke.hosts.nk_file import NkFileHost
from avalon_nuke.pipeline import inventory
from avalon_nuke.pipeline.container_data import DATA_KNOB
from avalon_nuke.pipeline.loader import load
from avalon_nuke.pipeline.policy import Policy, State
from tests.support.containers import make_shot

EMPTY = "#! nuke -nx\nversion 15.1 v1\nRoot {\n inputs 0\n name /tmp/comp.nk\n}\n"


@pytest.fixture
def shot(tmp_path):
    return make_shot(tmp_path)


@pytest.fixture(params=["nkfile", "live"])
def host(request, tmp_path):
    if request.param == "nkfile":
        return NkFileHost(nk.loads(EMPTY))
    request.getfixturevalue("nuke")
    from avalon_nuke.hosts.live_nuke.script_host import LiveHost

    live = LiveHost()
    live.saved_to = tmp_path / "comp.nk"
    return live


def reload(host):
    """Save and read back, as the next session would see the script."""
    if isinstance(host, NkFileHost):
        return NkFileHost(nk.loads(nk.dumps(host.script)))
    import nuke

    nuke.scriptSaveAs(str(host.saved_to), overwrite=1)
    nuke.scriptClear()
    nuke.scriptOpen(str(host.saved_to))
    return host


def find(host, name):
    if isinstance(host, NkFileHost):
        return host.script.find(name)
    import nuke

    return nuke.toNode(name)


def only(host, repo):
    (container,) = inventory.ls(host, repo, "demo")
    return container


def test_wip_container_waits_for_an_approved_version_at_least_as_new(shot, host):
    for _ in range(4):
        shot.approve(shot.publish(approved=False))
    v5 = shot.publish(approved=False)
    loaded = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain", version=5)
    assert (loaded.current_number, loaded.state) == (5, State.WIP)
    host = reload(host)
    assert [c.current_number for c in inventory.update(host, shot.repo, "demo")] == [5]
    assert only(host, shot.repo).state is State.WIP
    shot.approve(v5)
    container = only(host, shot.repo)
    assert (container.current_number, container.target_number) == (5, 5)
    (updated,) = inventory.update(host, shot.repo, "demo")
    assert (updated.current_number, updated.state) == (5, State.APPROVED)
    assert "lightingMain v005 approved" in host.knob(updated.node, "avalon_status")


def test_approved_container_moves_to_the_newest_approved_only(shot, host):
    shot.publish(approved=True)
    load(host, shot.repo, "demo", asset="sh010", subset="lightingMain")
    shot.publish(approved=False)          # WIP v2 does not move it
    assert [c.current_number for c in inventory.update(host, shot.repo, "demo")] == [1]
    v3 = shot.publish(approved=False)
    shot.approve(v3)                      # approved v3 does
    planned = only(host, shot.repo)
    assert (planned.state, planned.target_number) == (State.OUTDATED, 3)
    (updated,) = inventory.update(host, shot.repo, "demo")
    assert (updated.current_number, updated.state) == (3, State.APPROVED)
    assert host.knob(updated.node, "file").endswith("/v003/lightingMain.####.exr")


def test_latest_follows_work_in_progress_and_pinned_never_moves(shot, host):
    shot.publish(approved=True)
    latest = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain", policy=Policy.LATEST)
    pinned = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain", policy=Policy.PINNED)
    assert latest.node_name != pinned.node_name
    shot.approve(shot.publish(approved=False))
    shot.publish(approved=False)          # v3 WIP
    after = {c.node_name: c for c in inventory.update(host, shot.repo, "demo")}
    assert (after[latest.node_name].current_number, after[latest.node_name].state) == (3, State.WIP)
    assert (after[pinned.node_name].current_number, after[pinned.node_name].state) == (1, State.OUTDATED)


def test_loading_with_no_approved_version_says_how_to_load_work_in_progress(shot, host):
    shot.publish(approved=False)
    with pytest.raises(Exception, match="no approved versions yet.*latest"):
        load(host, shot.repo, "demo", asset="sh010", subset="lightingMain")


ARTIST_SCRIPT = """#! nuke -nx
version 15.1 v1
Root {
 inputs 0
 name /tmp/comp.nk
}
Read {
 inputs 0
 file /old.####.exr
 first 1001
 last 1010
 origfirst 1001
 origlast 1010
 colorspace ACES2065-1
 raw true
 on_error black
 frame_mode "start at"
 frame 1
 reformat true
 label "my note \\[value avalon_status]"
 name beauty_in
 xpos 150
 ypos -300
}
Grade {
 white {{"beauty_in.first / 1000"}}
 name Grade1
 xpos 150
 ypos -200
}
"""


def open_text(host, text):
    if isinstance(host, NkFileHost):
        host.script = nk.loads(text)
        return
    import nuke

    host.saved_to.write_text(text)
    nuke.scriptOpen(str(host.saved_to))


def text_of(host) -> str:
    if isinstance(host, NkFileHost):
        return nk.dumps(host.script)
    import nuke

    nuke.scriptSave()
    return host.saved_to.read_text()


def test_switching_changes_only_file_frames_and_ids(shot, host):
    from avalon_nuke.pipeline.container_data import ContainerData

    v1 = shot.publish(approved=True)
    rep = shot.repo.representations("demo", [v1["_id"]])[0]
    open_text(host, ARTIST_SCRIPT)
    read = find(host, "beauty_in")
    record = ContainerData(name="lightingMain", namespace="beauty_in", loader="ReadLoader",
                           representation=str(rep["_id"]), version=str(v1["_id"]), project="demo")
    host.add_string_knobs(read, ("avalon_tab", "Avalon"), [(DATA_KNOB, "container", record.to_json())])
    before = text_of(host)
    shot.publish(approved=True, first=990, last=1020)
    (updated,) = inventory.update(host, shot.repo, "demo")
    assert updated.current_number == 2
    after = text_of(host)
    changed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines())
               if line.startswith(("- ", "+ "))]
    changed_knobs = {line[2:].split()[0] for line in changed}
    assert changed_knobs <= {"file", "first", "last", "origfirst", "origlast", "avalon_container",
                             "avalon_status", "tile_color", "addUserKnob"}
    for kept in ("colorspace ACES2065-1", "raw true", "on_error black", 'frame_mode "start at"', "frame 1",
                 "reformat true", 'label "my note \\[value avalon_status]"', "name beauty_in", "xpos 150",
                 "ypos -300", 'white {{"beauty_in.first / 1000"}}'):
        assert kept in after
    assert " first 990\n" in after and " last 1020\n" in after


def test_an_artist_colour_is_kept_and_state_colours_are_ours(shot, host):
    shot.publish(approved=False)
    container = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain", policy=Policy.LATEST)
    assert host.knob(container.node, "tile_color") == "0xd88a2bff"     # WIP orange
    host.set_knobs(container.node, {"tile_color": "0x112233ff"})
    shot.approve(shot.publish(approved=False))
    inventory.update(host, shot.repo, "demo")
    assert host.knob(container.node, "tile_color") == "0x112233ff"


def test_bad_containers_are_missing_with_a_reason_and_the_rest_resolve(shot, host):
    v1 = shot.publish(approved=True)
    good = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain")
    garbage = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain")
    host.set_knobs(garbage.node, {DATA_KNOB: "{not json"})
    deleted = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain")
    elsewhere = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain")
    host.set_knobs(elsewhere.node, {DATA_KNOB: elsewhere.data.with_changes(project="other").to_json()})
    bad_id = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain")
    host.set_knobs(bad_id.node, {DATA_KNOB: bad_id.data.with_changes(representation="xyz").to_json()})
    shot.publish(approved=True)
    shot.repo.delete_version("demo", v1["_id"])   # takes the representation `deleted` points at
    host = reload(host)
    states = {c.node_name: (c.state, c.reason) for c in inventory.update(host, shot.repo, "demo")}
    assert states[garbage.node_name] == (State.MISSING, "container knob is not JSON")
    assert states[deleted.node_name] == (State.MISSING, "representation not in the database")
    assert states[elsewhere.node_name] == (State.MISSING, "belongs to project 'other'")
    assert states[bad_id.node_name] == (State.MISSING, "container holds an invalid id")
    assert states[good.node_name][0] is State.MISSING  # it pointed at v1 too
    assert host.knob(find(host, garbage.node_name), "tile_color") == "0xc23b3bff"


def test_resolution_costs_the_same_round_trips_for_5_or_50_containers(shot, host):
    subsets = [shot.subset_named(f"layer{i}") for i in range(50)]
    for subset in subsets:
        shot.publish(approved=True, subset=subset)
        shot.publish(approved=True, subset=subset)
    trips = []
    for count in (5, 50):
        for container in inventory.ls(host, shot.repo, "demo"):
            host.remove_node(container.node)
        for subset in subsets[:count]:
            load(host, shot.repo, "demo", asset="sh010", subset=subset["name"], version=1)
        shot.repo.round_trips = 0
        updated = inventory.update(host, shot.repo, "demo")
        assert {c.current_number for c in updated} == {2}
        trips.append(shot.repo.round_trips)
    assert trips[0] == trips[1] <= 4


def test_containers_inside_groups_are_found(shot):
    shot.publish(approved=True)
    script = nk.loads(EMPTY + "Group {\n inputs 0\n name Comp\n}\nend_group\n")
    host = NkFileHost(script)
    node = script.add_node("Read", [("name", "inner")], group=script.find("Comp"))
    record = load(NkFileHost(nk.loads(EMPTY)), shot.repo, "demo", asset="sh010", subset="lightingMain").data
    host.add_string_knobs(node, ("avalon_tab", "Avalon"), [(DATA_KNOB, "container", record.to_json())])
    (container,) = inventory.ls(reload(host), shot.repo, "demo")
    assert container.node_name == "Comp.inner" and container.state is State.APPROVED


def test_set_version_pins_and_set_policy_applies(shot, host):
    shot.publish(approved=True)
    shot.publish(approved=True)
    container = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain")
    assert container.current_number == 2
    pinned = inventory.set_version(host, shot.repo, "demo", container, 1)
    assert (pinned.current_number, pinned.policy) == (1, Policy.PINNED)
    assert [c.current_number for c in inventory.update(host, shot.repo, "demo")] == [1]
    following = inventory.set_policy(host, shot.repo, "demo", only(host, shot.repo), Policy.APPROVED)
    assert following.current_number == 2
    inventory.remove(host, [following])
    assert inventory.ls(host, shot.repo, "demo") == []


def test_a_container_copied_and_pasted_elsewhere_still_resolves(shot):
    """Nuke's clipboard is .nk text: the container record travels inside the node block."""
    shot.publish(approved=True)
    source = NkFileHost(nk.loads(EMPTY))
    load(source, shot.repo, "demo", asset="sh010", subset="lightingMain")
    text = nk.dumps(source.script)
    block = text[text.index("Read {"):text.index("\n}\n", text.index("Read {")) + 3]
    clipboard = "set cut_paste_input [stack 0]\nversion 15.1 v1\n" + block
    pasted = NkFileHost(nk.loads(clipboard))
    (container,) = inventory.ls(pasted, shot.repo, "demo")
    assert (container.state, container.current_number) == (State.APPROVED, 1)


def _read_block(text: str) -> list[str]:
    start = text.index("Read {")
    return text[start:text.index("\n}\n", start)].splitlines()[1:]


def test_a_new_read_is_written_as_nuke_writes_one_and_takes_its_format_from_the_file(shot, host):
    shot.publish(approved=True)  # the asset is 2048x858: that is not forced on the Read
    loaded = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain")
    if isinstance(host, NkFileHost):
        block = [line.split()[0] for line in _read_block(text_of(host))]
        assert block[:7] == ["inputs", "file", "first", "last", "origfirst", "origlast", "origset"]
        assert "format" not in block
        return
    import nuke

    assert loaded.node["origset"].value() is True
    assert loaded.node["format"].value().width() == nuke.nodes.Read()["format"].value().width()


def test_an_asset_whose_name_starts_with_a_digit_loads_under_a_valid_node_name(shot, host):
    asset = shot.repo.create_asset("demo", "010", {"frameStart": 1, "frameEnd": 5})
    subset = shot.repo.ensure_subset("demo", asset["_id"], "lighting", "render")
    shot.publish(approved=True, subset=subset)
    loaded = load(host, shot.repo, "demo", asset="010", subset="lighting")
    assert loaded.node_name == "Read_010_lighting" and loaded.data.namespace == "Read_010_lighting"
    host = reload(host)
    assert only(host, shot.repo).state is State.APPROVED


def test_a_read_left_on_a_rejected_render_is_flagged_with_who_rejected_it(shot, host):
    from avalon_nuke.pipeline.container_data import STATE_COLOURS, STATUS_KNOB
    from avalon_nuke.pipeline.container_report import explain

    first = shot.publish(approved=True)
    pinned = inventory.set_version(host, shot.repo, "demo",
                                   load(host, shot.repo, "demo", asset="sh010", subset="lightingMain"), 1)
    shot.repo.set_rejection("demo", first["_id"], True, user="lead")
    (updated,) = inventory.update(host, shot.repo, "demo")
    assert (updated.current_number, updated.state) == (1, State.OUTDATED)  # pinned: it stays, flagged
    assert explain(updated) == "pinned to v001 rejected by lead"
    assert host.knob(pinned.node, STATUS_KNOB) == "lightingMain v001 outdated (pinned): v001 rejected by lead"
    assert host.knob(pinned.node, "tile_color") == f"0x{STATE_COLOURS[State.OUTDATED]:08x}"


def test_a_read_with_no_version_to_go_back_to_stays_on_the_rejected_one_and_says_so(shot, host):
    from avalon_nuke.pipeline.container_report import explain

    only_version = shot.publish(approved=True)
    load(host, shot.repo, "demo", asset="sh010", subset="lightingMain")
    shot.repo.set_rejection("demo", only_version["_id"], True, user="lead")
    (updated,) = inventory.update(host, shot.repo, "demo")
    assert (updated.current_number, updated.state) == (1, State.OUTDATED)
    assert explain(updated) == "v001 rejected by lead"
    shot.approve(shot.publish(approved=False))  # a new render approved: it moves on, no longer flagged
    (moved,) = inventory.update(host, shot.repo, "demo")
    assert (moved.current_number, moved.state, moved.reason) == (2, State.APPROVED, "")


def test_setting_a_rejected_version_by_hand_shows_it_flagged(shot, host):
    shot.publish(approved=True)
    rejected = shot.publish(approved=False)
    shot.repo.set_rejection("demo", rejected["_id"], True, user="lead")
    container = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain")
    shown = inventory.set_version(host, shot.repo, "demo", container, 2)
    assert (shown.current_number, shown.state, shown.reason) == (2, State.OUTDATED, "v002 rejected by lead")
