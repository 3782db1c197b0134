"""Resolving and updating many containers at once shares work between containers of the same
subset; these check that sharing never changes what any one container ends up showing."""

from __future__ import annotations

import json

from avalon_nuke import nk
from avalon_nuke.hosts.nk_file import NkFileHost
from avalon_nuke.pipeline import inventory
from avalon_nuke.pipeline.container_data import DATA_KNOB, ContainerData, parse_container
from avalon_nuke.pipeline.loader import load
from avalon_nuke.pipeline.policy import Policy, State
from tests.support.containers import make_shot

EMPTY = "#! nuke -nx\nversion 15.1 v1\nRoot {\n inputs 0\n name /tmp/comp.nk\n}\n"


def _mixed_script(tmp_path):
    """Containers sharing subsets and versions under every policy, a rejected and a missing one."""
    shot = make_shot(tmp_path)
    other = shot.subset_named("fxMain")
    for subset in (shot.subset, other):
        shot.publish(approved=True, subset=subset, reps=("exr", "jpg"))
        shot.publish(approved=False, subset=subset, reps=("exr",))
    host = NkFileHost(nk.loads(EMPTY))
    for subset in (shot.subset, other):
        for policy in (Policy.APPROVED, Policy.LATEST, Policy.PINNED):
            for version in (1, 2):
                for rep in ("exr", "jpg") if version == 1 else ("exr",):
                    load(host, shot.repo, "demo", asset="sh010", subset=subset["name"], version=version,
                         representation=rep, policy=policy)
    shot.publish(approved=True, subset=shot.subset, reps=("exr",))  # no jpg: the jpg ones cannot follow
    shown = shot.repo.version_by_number("demo", other["_id"], 2)
    shot.repo.set_rejection("demo", shown["_id"], True, user="lead")  # shown by some: they go back
    shot.publish(approved=False, subset=other, reps=("exr", "jpg"))
    gone = load(host, shot.repo, "demo", asset="sh010", subset="fxMain", version=1)
    host.set_knobs(gone.node, {DATA_KNOB: gone.data.with_changes(representation="0" * 24).to_json()})
    return shot, host


def test_containers_updated_together_end_exactly_as_each_updated_alone(tmp_path):
    shot, together = _mixed_script(tmp_path)
    alone = NkFileHost(nk.loads(nk.dumps(together.script)))

    updated = inventory.update(together, shot.repo, "demo")
    one_by_one = [inventory.update(alone, shot.repo, "demo", [container])[0]
                  for container in inventory.ls(alone, shot.repo, "demo")]

    assert [c.summary() for c in updated] == [c.summary() for c in one_by_one]
    assert nk.dumps(together.script) == nk.dumps(alone.script)
    states = {c.state for c in updated}
    assert {State.MISSING, State.OUTDATED, State.APPROVED} <= states


def test_one_policy_given_for_all_applies_to_each_container(tmp_path):
    shot, host = _mixed_script(tmp_path)
    updated = inventory.update(host, shot.repo, "demo", inventory.ls(host, shot.repo, "demo"),
                               policy=Policy.LATEST)
    resolved = [c for c in updated if c.state is not State.MISSING]
    assert resolved and all(c.policy is Policy.LATEST for c in resolved)
    assert all(parse_container(host.knob(c.node, DATA_KNOB)).policy is Policy.LATEST for c in resolved)


def test_the_record_written_holds_every_field_and_reads_back_the_same():
    record = ContainerData(name="light\"ing", namespace="ns{1}", loader="ReadLoader",
                           representation="a" * 24, version="b" * 24, policy=Policy.PINNED,
                           project="démo", schema="avalon-core:container-2.0")
    written = json.loads(record.to_json())
    assert set(written) == set(ContainerData._fields)
    assert parse_container(record.to_json()) == record
    assert record.to_json() == json.dumps({**written}, sort_keys=True, separators=(",", ":"))
    changed = record.with_changes(version="c" * 24)
    assert (changed.version, changed.namespace, changed.policy) == ("c" * 24, "ns{1}", Policy.PINNED)


def test_an_update_writes_what_applying_the_containers_ls_found_writes(tmp_path):
    shot, host = _mixed_script(tmp_path)
    nodes = host.nodes_with_knob(DATA_KNOB)
    host.set_knobs(nodes[0], {"tile_color": 0x112233FF})  # an artist's colour
    nodes[1].remove_knob("avalon_status")  # a container made elsewhere, without a status
    twin = NkFileHost(nk.loads(nk.dumps(host.script)))

    updated = inventory.update(host, shot.repo, "demo")
    applied = inventory.apply_all(twin, inventory.ls(twin, shot.repo, "demo"))

    assert [c.summary() for c in updated] == [c.summary() for c in applied]
    assert nk.dumps(host.script) == nk.dumps(twin.script)
    assert host.knob(nodes[0], "tile_color") == "0x112233ff"
    assert host.knob(nodes[1], "avalon_status") is None
