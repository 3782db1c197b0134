"""Publishing a saved comp (.nk host) to the local farm: versions, published copy, job, lock."""

from __future__ import annotations

import json
import os
import stat

import pytest

from avalon_nuke import nk
from avalon_nuke.deadline.client import DeadlineClient
from avalon_nuke.hosts.nk_file import NkFileHost
from avalon_nuke.local_farm.server import LocalFarm
from avalon_nuke.publish.script_publish import PublishRun, publish
from avalon_nuke.publish.shared_data import PublishOptions
from tests.support.publishing import render_jobs, saved_comp


@pytest.fixture
def farm(tmp_path):
    with LocalFarm(tmp_path / "farm", port=0, workers=0, credentials=("wrangler", "farm-pw-77"),
                   pools=("comp", "spare"), groups=("nuke16",), limit_groups=("nuke_render", "neat")) as running:
        yield running


@pytest.fixture
def client(farm):
    return DeadlineClient(farm.url, user="wrangler", password="farm-pw-77")


def farm_jobs(client):
    return render_jobs(client)


def test_a_publish_makes_a_wip_version_a_published_copy_and_one_job(studio, client):
    host = saved_comp(studio)
    saved_text = host.path.read_text()
    result = publish(host, studio.repo, studio.settings, client, comment="first pass")
    assert result.ok, result.message
    (item,) = result.instances
    folder = studio.version_folder("compMain", 1)
    assert (item.node, item.subset, item.version, item.frames) == ("Write1", "compMain", 1, "1001-1010")

    (version,) = studio.versions()
    data = version["data"]
    assert data["approved"] is False and data["comment"] == "first pass"
    assert (data["frameStart"], data["frameEnd"]) == (1001, 1010)
    assert data["farm"]["state"] == "submitted" and data["farm"]["jobId"] == item.job_id
    assert data["farm"]["url"] == client.url and "farm-pw-77" not in json.dumps(data)
    reps = {rep["name"]: rep["data"]["path"] for rep in studio.repo.representations("demo", [version["_id"]])}
    assert reps == {"exr": str(folder / "sh010_compMain_v001.####.exr"), "nk": str(folder / "sh010_compMain_v001.nk"),
                    "review": str(folder / "sh010_compMain_v001_review.mov")}

    (job,) = farm_jobs(client)
    props = job["Props"]
    assert job["_id"] == item.job_id
    assert props["PlugInfo"]["SceneFile"] == reps["nk"] and props["PlugInfo"]["WriteNode"] == "Write1"
    assert props["PlugInfo"]["Version"] == "15.1"
    assert props["Frames"] == "1001-1010" and props["Chunk"] == 10 and props["Pri"] == 50
    assert props["Batch"] == "sh010_v001.nk"
    assert props["ExDic"]["AvalonVersionId"] == str(version["_id"])
    assert props["Env"]["AVALON_PROJECT"] == "demo" and props["Env"]["AVALON_ASSET"] == "sh010"
    assert "farm-pw-77" not in json.dumps(job)

    copy = folder / "sh010_compMain_v001.nk"
    assert not os.stat(copy).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    published = nk.load(copy)
    assert published.find("Write1").knob("file") == reps["exr"]
    assert "published copy" in published.root.knob("avalon_locked")
    saved_lines = set(saved_text.splitlines())
    changed = [line for line in copy.read_text().splitlines() if line not in saved_lines]
    assert sorted(line.split()[0] for line in changed) == [
        "addUserKnob", "avalon_locked", "create_directories", "file", "name"]


def test_after_publishing_the_work_file_is_locked_and_cannot_be_published_again(studio, client):
    host = saved_comp(studio)
    assert publish(host, studio.repo, studio.settings, client).ok
    reopened = NkFileHost.open(host.path)
    assert "compMain v001" in reopened.root_knob("avalon_locked")
    assert not reopened.is_modified()
    again = publish(reopened, studio.repo, studio.settings, client)
    assert not again.ok and "locked (published as compMain v001" in again.message
    assert "Version up" in again.message
    assert len(studio.versions()) == 1 and len(farm_jobs(client)) == 1


def test_several_instances_publish_each_to_its_own_version_and_job(studio, client):
    host = saved_comp(studio, subsets=("compMain", "compAlt"))
    result = publish(host, studio.repo, studio.settings, client)
    assert result.ok, result.message
    assert [(i.subset, i.version) for i in result.instances] == [("compMain", 1), ("compAlt", 1)]
    jobs = {job["Props"]["PlugInfo"]["WriteNode"]: job for job in farm_jobs(client)}
    assert sorted(jobs) == ["Write1", "Write2"]
    alt_copy = nk.load(studio.version_folder("compAlt", 1) / "sh010_compAlt_v001.nk")
    assert alt_copy.find("Write1").knob("file").endswith("compMain/v001/sh010_compMain_v001.####.exr")
    assert alt_copy.find("Write2").knob("file").endswith("compAlt/v001/sh010_compAlt_v001.####.exr")


def test_only_the_named_instance_and_frames_are_published(studio, client):
    host = saved_comp(studio, subsets=("compMain", "compAlt"))
    result = publish(host, studio.repo, studio.settings, client, instances=["Write2"], frames=(1003, 1005))
    assert result.ok, result.message
    assert [(i.subset, i.frames) for i in result.instances] == [("compAlt", "1003-1005")]
    (job,) = farm_jobs(client)
    assert job["Props"]["Frames"] == "1003-1005"
    assert studio.versions("compMain") == []
    unknown = publish(saved_comp(studio), studio.repo, studio.settings, client, instances=["Write7"])
    assert "no publish instance named Write7 (instances: Write1)" in unknown.message


def test_farm_knobs_on_the_instance_reach_the_job(studio, client):
    host = saved_comp(studio)
    write = host.script.find("Write1")
    host.set_knobs(write, {"avalon_priority": 90, "avalon_chunk_size": 3, "avalon_pool": "comp",
                           "avalon_group": "nuke16", "avalon_use_range": True, "avalon_first": 1002,
                           "avalon_last": 1004})
    host.save(backup=False)
    assert publish(host, studio.repo, studio.settings, client).ok
    (job,) = farm_jobs(client)
    props = job["Props"]
    assert (props["Pri"], props["Chunk"], props["Pool"], props["Grp"], props["Frames"]) == (
        90, 3, "comp", "nuke16", "1002-1004")
    assert len(client.tasks(job["_id"])) == 1


def test_licence_limits_machines_department_nukex_and_gpu_reach_the_job(studio, client):
    host = saved_comp(studio)
    host.set_knobs(host.script.find("Write1"), {
        "avalon_secondary_pool": "spare", "avalon_limits": "neat", "avalon_machine_limit": 3,
        "avalon_nukex": "yes", "avalon_use_gpu": True, "avalon_gpu": 1})
    host.save(backup=False)
    settings = studio.settings.with_changes(deadline_limit_groups=("nuke_render",), deadline_department="comp")
    result = publish(host, studio.repo, settings, client)
    assert result.ok, result.message
    (job,) = farm_jobs(client)
    props, plugin = job["Props"], job["Props"]["PlugInfo"]
    assert (props["SecPool"], props["Limits"], props["MachLmt"], props["Dept"]) == (
        "spare", ["nuke_render", "neat"], 3, "comp")
    assert job["Mach"]  # the machine it was submitted from
    assert (plugin["NukeX"], plugin["UseGpu"], plugin["UseSpecificGpu"], plugin["GpuOverride"]) == (
        "True", "True", "True", "1")
    assert plugin["BatchModeIsMovie"] == "False"  # an image sequence: progress frame by frame


@pytest.mark.parametrize(("knob", "value", "message"), [
    ("avalon_pool", "compp", "pool 'compp' not on the farm (its pools: none, comp, spare)"),
    ("avalon_group", "nuke61", "group 'nuke61' not on the farm (its groups: none, nuke16)"),
    ("avalon_limits", "nuke_rendr", "limit 'nuke_rendr' not on the farm (its limits: nuke_render, neat)"),
])
def test_a_pool_group_or_limit_the_farm_lacks_is_refused_before_anything_is_made(studio, client, knob, value,
                                                                                 message):
    host = saved_comp(studio)
    host.set_knobs(host.script.find("Write1"), {knob: value})
    host.save(backup=False)
    result = publish(host, studio.repo, studio.settings, client)
    assert not result.ok and message in result.message
    assert studio.versions() == [] and farm_jobs(client) == []


def test_the_steps_can_be_followed_one_plugin_at_a_time(studio, client):
    run = PublishRun(saved_comp(studio), studio.repo, studio.settings, client, options=PublishOptions())
    labels = [step["plugin"].label for step in run.steps()]
    assert labels[:2] == ["Avalon session", "Script"]
    assert labels[-5:] == ["Published copy of the script", "Review movie script", "Submit to the farm",
                           "Submit the review movie", "Lock the script"]
    assert labels.index("Farm reachable") < labels.index("Create WIP versions")
    assert run.result.ok and run.result.instances[0].job_id


def test_the_image_representation_records_the_writes_colourspace(studio, client):
    host = saved_comp(studio)
    host.set_knobs(host.find_node("Write1"), {"colorspace": "ACEScg"})
    host.save(backup=False)
    assert publish(host, studio.repo, studio.settings, client).ok
    (version,) = studio.versions()
    reps = {rep["name"]: rep["data"] for rep in studio.repo.representations("demo", [version["_id"]])}
    assert reps["exr"]["colorspace"] == "ACEScg" and "colorspace" not in reps["nk"]


def test_a_write_left_at_its_default_records_no_colourspace(studio, client):
    host = saved_comp(studio)
    assert publish(host, studio.repo, studio.settings, client).ok
    (version,) = studio.versions()
    (exr,) = [rep for rep in studio.repo.representations("demo", [version["_id"]]) if rep["name"] == "exr"]
    assert "colorspace" not in exr["data"]
