"""The local farm rendering for real with tests/doubles/nuke_executable.py standing in for Nuke."""

from __future__ import annotations

import shlex
import sys
from collections import Counter
from pathlib import Path

import pytest

from avalon_nuke.deadline import states as st
from avalon_nuke.deadline.client import DeadlineClient
from avalon_nuke.deadline.jobs import nuke_job
from avalon_nuke.errors import FarmError
from avalon_nuke.local_farm.job_records import Claim
from avalon_nuke.local_farm.server import LocalFarm
from avalon_nuke.local_farm.worker import render_command, render_environment
from tests.support.publishing import wait_until

FAKE_NUKE = shlex.join([sys.executable, str(Path(__file__).resolve().parents[1] / "doubles" / "nuke_executable.py")])


def write_script(folder: Path) -> Path:
    script = folder / "sh010_comp_v003.nk"
    script.write_text(
        "#! nuke -nx\nversion 15.1 v1\nRoot {\n inputs 0\n name sh010_comp_v003.nk\n}\n"
        "Group {\n name Group1\n}\n Write {\n  file \"renders/beauty.####.exr\"\n  name Write1\n }\n"
        "end_group\nWrite {\n file other.%04d.exr\n name Write1\n}\n",
        encoding="utf-8",
    )
    return script


def submit(client: DeadlineClient, script: Path, *, frames="1001-1006", chunk_size=3,
           environment=None, write_node="Group1.Write1") -> str:
    job_info, plugin_info = nuke_job(
        name="sh010 comp", batch_name="sh010", user="ana", comment="", frames=frames,
        chunk_size=chunk_size, priority=50, pool="none", group="none", scene_file=str(script),
        write_node=write_node, nuke_version="15.1", output_directory=str(script.parent / "renders"),
        output_filename="beauty.####.exr", environment=environment or {}, extra_info={})
    return client.submit(job_info, plugin_info)["_id"]


def job_state(client: DeadlineClient, job_id: str) -> int:
    return client.job(job_id)["Stat"]


def rendered(count_log: Path) -> Counter:
    if not count_log.exists():
        return Counter()
    return Counter(int(line) for line in count_log.read_text().split())


@pytest.fixture
def scene(tmp_path) -> Path:
    return write_script(tmp_path)


def test_a_job_renders_every_frame_once_and_completes(tmp_path, scene):
    counts = tmp_path / "rendered.txt"
    with LocalFarm(tmp_path / "farm", port=0, workers=2, nuke_command=FAKE_NUKE) as farm:
        client = DeadlineClient(farm.url)
        job_id = submit(client, scene, environment={"FAKE_NUKE_LOG": str(counts)})
        wait_until(lambda: job_state(client, job_id) == st.JOB_COMPLETED, "the job to complete")
        job, tasks = client.job(job_id), client.tasks(job_id)
    frames = sorted(path.name for path in (tmp_path / "renders").iterdir())
    assert frames == [f"beauty.{frame}.exr" for frame in range(1001, 1007)]
    assert rendered(counts) == Counter(range(1001, 1007))
    assert job["CompletedChunks"] == 2 and job["DateComp"] != "0001-01-01T00:00:00Z"
    assert [task["Stat"] for task in tasks] == [st.TASK_COMPLETED] * 2
    assert "-F 1001-1003 -X Group1.Write1 -x" in tasks[0]["Log"]
    assert "Writing" in tasks[0]["Log"] and "exit code 0" in tasks[0]["Log"]


def test_a_failing_frame_fails_its_task_with_the_log(tmp_path, scene):
    with LocalFarm(tmp_path / "farm", port=0, workers=1, nuke_command=FAKE_NUKE) as farm:
        client = DeadlineClient(farm.url)
        job_id = submit(client, scene, environment={"FAKE_NUKE_FAIL_FRAME": "1005"})
        wait_until(lambda: job_state(client, job_id) == st.JOB_FAILED, "the job to fail")
        job, tasks = client.job(job_id), client.tasks(job_id)
    assert [task["Stat"] for task in tasks] == [st.TASK_COMPLETED, st.TASK_FAILED]
    assert "cannot render frame 1005" in tasks[1]["Log"] and "exit code 1" in tasks[1]["Log"]
    assert tasks[1]["Errs"] == 1 and job["Errs"] == 1 and job["FailedChunks"] == 1
    assert (tmp_path / "renders" / "beauty.1004.exr").exists()
    assert not (tmp_path / "renders" / "beauty.1005.exr").exists()


def test_a_missing_node_or_executable_fails_with_a_reason(tmp_path, scene):
    with LocalFarm(tmp_path / "farm", port=0, workers=1, nuke_command=FAKE_NUKE) as farm:
        client = DeadlineClient(farm.url)
        job_id = submit(client, scene, frames="1", write_node="Write9")
        wait_until(lambda: job_state(client, job_id) == st.JOB_FAILED, "the job to fail")
        assert "Write9 is not a Write node" in client.tasks(job_id)[0]["Log"]
    with LocalFarm(tmp_path / "farm2", port=0, workers=1, nuke_command="/no/such/Nuke15.1") as farm:
        client = DeadlineClient(farm.url)
        job_id = submit(client, scene, frames="1")
        wait_until(lambda: job_state(client, job_id) == st.JOB_FAILED, "the job to fail")
        assert "cannot start the Nuke executable '/no/such/Nuke15.1'" in client.tasks(job_id)[0]["Log"]


def test_a_task_the_worker_cannot_even_start_fails_and_the_worker_carries_on(tmp_path, scene):
    with LocalFarm(tmp_path / "farm", port=0, workers=1, nuke_command=FAKE_NUKE) as farm:
        client = DeadlineClient(farm.url)
        job_info, plugin_info = nuke_job(
            name="bad", batch_name="", user="ana", comment="", frames="1", chunk_size=1, priority=90,
            pool="none", group="none", scene_file=str(scene), write_node="Write1", nuke_version="15.1",
            output_directory=str(tmp_path), output_filename="other.####.exr", environment={},
            extra_info={})
        bad = client.submit(job_info, {**plugin_info, "Threads": "many"})["_id"]
        good = submit(client, scene, frames="1", write_node="Write1")
        wait_until(lambda: job_state(client, good) == st.JOB_COMPLETED, "the good job")
        assert job_state(client, bad) == st.JOB_FAILED
        assert "local farm worker error" in client.tasks(bad)[0]["Log"]


def test_suspending_a_rendering_job_stops_its_render_and_resume_finishes_it(tmp_path, scene):
    gate, counts = tmp_path / "go", tmp_path / "rendered.txt"
    environment = {"FAKE_NUKE_WAIT_FOR": str(gate), "FAKE_NUKE_LOG": str(counts)}
    with LocalFarm(tmp_path / "farm", port=0, workers=1, nuke_command=FAKE_NUKE) as farm:
        client = DeadlineClient(farm.url)
        held = submit(client, scene, environment=environment)
        wait_until(lambda: client.tasks(held)[0]["Stat"] == st.TASK_RENDERING, "the render to start")
        assert client.send_command(held, "suspend") == "Success"
        assert {task["Stat"] for task in client.tasks(held)} == {st.TASK_SUSPENDED}
        # The only worker is free again: a second job renders while the first stays suspended.
        other = submit(client, scene, frames="1", write_node="Write1")
        wait_until(lambda: job_state(client, other) == st.JOB_COMPLETED, "the second job")
        assert job_state(client, held) == st.JOB_SUSPENDED
        gate.touch()
        client.send_command(held, "resume")
        wait_until(lambda: job_state(client, held) == st.JOB_COMPLETED, "the resumed job")
    assert rendered(counts) == Counter(range(1001, 1007))
    assert (tmp_path / "other.0001.exr").exists()


def test_a_task_requeued_while_rendering_never_renders_twice_at_once(tmp_path, scene):
    gate, counts = tmp_path / "go", tmp_path / "rendered.txt"
    environment = {"FAKE_NUKE_WAIT_FOR": str(gate), "FAKE_NUKE_LOG": str(counts)}
    with LocalFarm(tmp_path / "farm", port=0, workers=2, nuke_command=FAKE_NUKE) as farm:
        client = DeadlineClient(farm.url)
        job_id = submit(client, scene, frames="1001-1003", chunk_size=3, environment=environment)
        wait_until(lambda: client.tasks(job_id)[0]["Stat"] == st.TASK_RENDERING, "the render to start")
        client.send_command(job_id, "requeue")
        assert client.tasks(job_id)[0]["Stat"] == st.TASK_QUEUED
        # Claimed again only once the first process is gone: opening the gate now lets a
        # single render through. Claimed at once, both processes would see the gate.
        wait_until(lambda: client.tasks(job_id)[0]["Stat"] == st.TASK_RENDERING, "the second claim")
        gate.touch()
        wait_until(lambda: job_state(client, job_id) == st.JOB_COMPLETED, "the requeued render")
    assert rendered(counts) == Counter(range(1001, 1004))


def test_requeue_renders_a_completed_job_again(tmp_path, scene):
    counts = tmp_path / "rendered.txt"
    with LocalFarm(tmp_path / "farm", port=0, workers=1, nuke_command=FAKE_NUKE) as farm:
        client = DeadlineClient(farm.url)
        job_id = submit(client, scene, frames="1-2", chunk_size=1, environment={"FAKE_NUKE_LOG": str(counts)})
        wait_until(lambda: job_state(client, job_id) == st.JOB_COMPLETED, "the first render")
        client.send_command(job_id, "requeue")
        wait_until(lambda: sum(rendered(counts).values()) == 4
                   and job_state(client, job_id) == st.JOB_COMPLETED, "the second render")
    assert rendered(counts) == Counter({1: 2, 2: 2})


def test_a_farm_restarted_mid_queue_finishes_the_job_rendering_each_frame_once(tmp_path, scene):
    gate, counts = tmp_path / "go", tmp_path / "rendered.txt"
    environment = {"FAKE_NUKE_WAIT_FOR": str(gate), "FAKE_NUKE_LOG": str(counts)}
    data = tmp_path / "farm"
    with LocalFarm(data, port=0, workers=1, nuke_command=FAKE_NUKE) as farm:
        client = DeadlineClient(farm.url)
        job_id = submit(client, scene, frames="1001-1009", chunk_size=3, environment=environment)
        wait_until(lambda: client.tasks(job_id)[0]["Stat"] == st.TASK_RENDERING, "the first task to start")
    # Stopped while task 0 rendered and tasks 1-2 waited; nothing was written yet.
    assert rendered(counts) == Counter()
    gate.touch()
    with LocalFarm(data, port=0, workers=2, nuke_command=FAKE_NUKE) as farm:
        client = DeadlineClient(farm.url)
        wait_until(lambda: job_state(client, job_id) == st.JOB_COMPLETED, "the job after the restart")
        first_task = client.tasks(job_id)[0]
    assert rendered(counts) == Counter(range(1001, 1010))
    assert first_task["Stat"] == st.TASK_COMPLETED


def test_two_farms_cannot_share_a_queue(tmp_path):
    with LocalFarm(tmp_path / "farm", port=0, workers=0):
        with pytest.raises(FarmError, match="already using"):
            LocalFarm(tmp_path / "farm", port=0, workers=0).start()


def claim(plugin_info: dict, frames=(1001, 1002, 1003), job_info=None) -> Claim:
    return Claim("a" * 24, 0, "t", list(frames), job_info or {}, plugin_info)


def test_render_command_is_the_nuke_plugins_batch_command_line():
    plugin = {"SceneFile": "/p/sh010.nk", "WriteNode": "Group1.Write1", "Threads": "8", "UseGpu": "True",
              "ContinueOnError": "True", "EnforceRenderOrder": "True"}
    assert render_command(["nuke"], claim(plugin, frames=(1, 3, 5, 6))) == [
        "nuke", "-V", "2", "-F", "1-5x2", "-F", "6-6", "-m", "8", "--gpu", "--cont", "--sro",
        "-X", "Group1.Write1", "-x", "/p/sh010.nk"]
    plain = {"SceneFile": "/p/sh010.nk", "WriteNode": "Write1", "Threads": "0", "UseGpu": "False"}
    assert render_command(["/opt/Nuke15.1v1/Nuke15.1", "-t"], claim(plain)) == [
        "/opt/Nuke15.1v1/Nuke15.1", "-t", "-V", "2", "-F", "1001-1003", "-X", "Write1", "-x", "/p/sh010.nk"]


def test_render_environment_adds_the_jobs_variables_and_hides_the_farm_password():
    job_info = {"EnvironmentKeyValue0": "AVALON_PROJECT=demo", "EnvironmentKeyValue1": "OCIO=/c/config.ocio"}
    environment = render_environment(claim({}, job_info=job_info),
                                     base={"PATH": "/bin", "AVALON_DEADLINE_PASSWORD": "pw"})
    assert environment == {"PATH": "/bin", "AVALON_PROJECT": "demo", "OCIO": "/c/config.ocio"}
