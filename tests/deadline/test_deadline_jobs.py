"""Frame lists, task chunks and the Nuke JobInfo/PluginInfo sent to Deadline."""

from __future__ import annotations

import pytest

from avalon_nuke.deadline.frames import chunk_frames, frame_runs, parse_frames, task_frames_text
from avalon_nuke.deadline.jobs import PUBLISHED_RENDER, nuke_job, read_numbered_pairs
from avalon_nuke.errors import InputError


@pytest.mark.parametrize(
    ("text", "frames"),
    [
        ("1001-1005", [1001, 1002, 1003, 1004, 1005]),
        ("1,3,5-9", [1, 3, 5, 6, 7, 8, 9]),
        ("1-10x2", [1, 3, 5, 7, 9]),
        ("5-3", [5, 4, 3]),
        ("-2-1", [-2, -1, 0, 1]),
        ("7", [7]),
        ("1-3,2-4", [1, 2, 3, 4]),
    ],
)
def test_frame_lists_read_like_deadline(text, frames):
    assert parse_frames(text) == frames


@pytest.mark.parametrize("text", ["", "1-", "a-b", "1-10x0", "1..5"])
def test_unreadable_frame_lists_are_refused_with_the_text(text):
    with pytest.raises(InputError, match="frame"):
        parse_frames(text)


def test_chunks_cut_the_frame_list_in_order():
    chunks = chunk_frames(parse_frames("1001-1010"), 4)
    assert chunks == [[1001, 1002, 1003, 1004], [1005, 1006, 1007, 1008], [1009, 1010]]
    assert [task_frames_text(chunk) for chunk in chunks] == ["1001-1004", "1005-1008", "1009-1010"]


def test_task_frames_show_single_frames_and_steps_as_nuke_ranges():
    assert task_frames_text([21]) == "21-21"
    assert frame_runs([1, 3, 5]) == ["1-5x2"]
    assert frame_runs([1, 2, 3, 10, 11]) == ["1-3", "10-11"]


def job(**changes):
    arguments = dict(
        name="sh010 lighting v003", batch_name="sh010", user="ana", comment="first pass",
        frames="1001-1100", chunk_size=10, priority=60, pool="nuke", group="comp",
        scene_file="/projects/demo/sh010/publish/workfile/v003/sh010_comp_v003.nk",
        write_node="Group1.Write1", nuke_version="15.1",
        output_directory="/projects/demo/sh010/publish/render/v003",
        output_filename="sh010_v003.####.exr",
        environment={"AVALON_PROJECT": "demo", "AVALON_ASSET": "sh010"},
        extra_info={"avalon_version_id": "65f0c0ffee", "avalon_subset": "renderMain"},
    )
    arguments.update(changes)
    return nuke_job(**arguments)


def test_nuke_job_has_the_keys_deadline_and_its_nuke_plugin_read():
    job_info, plugin_info = job(secondary_pool="spare", department="comp", initial_status="Suspended",
                                dependencies=["65f0c0ffee00112233445566"], threads=8, use_gpu=True)
    assert job_info["Plugin"] == "Nuke"
    assert job_info["Frames"] == "1001-1100" and job_info["ChunkSize"] == "10"
    assert job_info["Priority"] == "60" and job_info["Pool"] == "nuke" and job_info["Group"] == "comp"
    assert job_info["SecondaryPool"] == "spare" and job_info["Department"] == "comp"
    assert job_info["InitialStatus"] == "Suspended"
    assert job_info["JobDependencies"] == "65f0c0ffee00112233445566"
    assert job_info["OutputFilename0"] == "sh010_v003.####.exr"
    assert read_numbered_pairs("EnvironmentKeyValue", job_info) == {
        "AVALON_ASSET": "sh010", "AVALON_PROJECT": "demo", PUBLISHED_RENDER: "1"}
    assert read_numbered_pairs("ExtraInfoKeyValue", job_info) == {
        "avalon_subset": "renderMain", "avalon_version_id": "65f0c0ffee"}
    assert plugin_info["SceneFile"].endswith("sh010_comp_v003.nk")
    assert plugin_info["WriteNode"] == "Group1.Write1" and plugin_info["Version"] == "15.1"
    assert plugin_info["Threads"] == "8" and plugin_info["UseGpu"] == "True"
    assert plugin_info["BatchMode"] == "True" and plugin_info["ContinueOnError"] == "False"
    assert all(isinstance(value, str) for value in [*job_info.values(), *plugin_info.values()])


def test_optional_keys_are_left_out_when_not_given():
    job_info, plugin_info = job()
    for key in ("SecondaryPool", "Department", "InitialStatus", "JobDependencies", "LimitGroups",
                "MachineLimit", "MachineName"):
        assert key not in job_info
    assert (plugin_info["NukeX"], plugin_info["UseGpu"], plugin_info["UseSpecificGpu"]) == ("False",) * 3


def test_the_keys_studio_submitters_send_for_licences_machines_and_gpus():
    job_info, plugin_info = job(limit_groups=["nuke_render", "neat_video", "nuke_render"], machine_limit=4,
                                machine_name="ws-ana-01", nukex=True, gpu=1)
    assert job_info["LimitGroups"] == "nuke_render,neat_video"
    assert job_info["MachineLimit"] == "4" and job_info["MachineName"] == "ws-ana-01"
    assert plugin_info["NukeX"] == "True"
    assert (plugin_info["UseGpu"], plugin_info["UseSpecificGpu"], plugin_info["GpuOverride"]) == ("True", "True", "1")


@pytest.mark.parametrize(("filename", "movie"), [("sh010_v003.####.exr", "False"), ("sh010.%04d.dpx", "False"),
                                                 ("sh010_v003.mov", "True")])
def test_an_image_sequence_renders_frame_by_frame_and_a_movie_in_one_go(filename, movie):
    _, plugin_info = job(output_filename=filename)
    assert plugin_info["BatchModeIsMovie"] == movie


def test_every_job_says_its_renders_are_of_a_published_script():
    job_info, _ = job(environment={})
    assert read_numbered_pairs("EnvironmentKeyValue", job_info) == {PUBLISHED_RENDER: "1"}


def test_secrets_never_reach_the_job():
    job_info, plugin_info = job(
        environment={"AVALON_MONGO": "mongodb://pipe:hunter2@db:27017", "AVALON_DEADLINE_PASSWORD": "x1",
                     "API_TOKEN": "abc", "AVALON_PROJECT": "demo"},
        extra_info={"client_secret": "s3", "avalon_subset": "renderMain"},
    )
    text = repr((job_info, plugin_info))
    for secret in ("hunter2", "x1", "abc", "s3", "PASSWORD", "TOKEN", "secret"):
        assert secret not in text
    assert read_numbered_pairs("EnvironmentKeyValue", job_info) == {"AVALON_PROJECT": "demo", PUBLISHED_RENDER: "1"}
    numbered = sorted(key for key in job_info if key.startswith("EnvironmentKeyValue"))
    assert numbered == ["EnvironmentKeyValue0", "EnvironmentKeyValue1"]  # numbering has no gaps


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"frames": "1001-"}, "frame"),
        ({"chunk_size": 0}, "chunk size"),
        ({"priority": 101}, "priority"),
        ({"nuke_version": "fifteen"}, "Nuke version"),
        ({"write_node": " "}, "write node"),
        ({"initial_status": "Paused"}, "initial status"),
        ({"dependencies": ["12"]}, "job id"),
        ({"environment": {"BAD KEY": "1"}}, "BAD KEY"),
        ({"limit_groups": ["nuke render"]}, "limit name"),
        ({"machine_limit": -1}, "machine limit"),
        ({"gpu": -2}, "GPU index"),
    ],
)
def test_bad_job_settings_are_refused_before_anything_is_sent(changes, message):
    with pytest.raises(InputError, match=message):
        job(**changes)
