"""The local farm rendering for real, with tests/doubles/nuke_executable.py standing in for Nuke."""

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
from avalon_nuke.local_farm.failure_limits import ErrorLimits
from avalon_nuke.local_farm.server import LocalFarm
from tests.support.publishing import wait_until

FAKE_NUKE = shlex.join([sys.executable, str(Path(__file__).resolve().parents[1] / "doubles" / "nuke_executable.py")])
FAIL_FAST = ErrorLimits(task=1, job=100)


def write_script(folder: Path) -> Path:
    script = folder / "sh010_comp_v003.nk"
    script.write_text(
        "#! nuke -nx\nversion 15.1 v1\nRoot {\n inputs 0\n name sh010_comp_v003.nk\n}\n"
        "Group {\n name Group1\n}\n Write {\n  file \"renders/beauty.####.exr\"\n  name Write1\n }\n"
        "end_group\nWrite {\n file other.%04d.exr\n name Write1\n}\n",
        encoding="utf-8",
    )
    return script


def submit(client: DeadlineClient, script: Path, *, frames="1001-1006", chunk_size=3, environment=None,
           write_node="Group1.Write1", output="beauty.####.exr", limit_groups=(), **plugin_changes) -> str:
    job_info, plugin_info = nuke_job(
        name="sh010 comp", batch_name="sh010", user="ana", comment="", frames=frames,
        chunk_size=chunk_size, priority=50, pool="none", group="none", scene_file=str(script),
        write_node=write_node, nuke_version="15.1", output_directory=str(script.parent / "renders"),
        output_filename=output, environment=environment or {}, extra_info={}, limit_groups=limit_groups)
    return client.submit(job_info, {**plugin_info, **plugin_changes})["_id"]


def job_state(client: DeadlineClient, job_id: str) -> int:
    return client.job(job_id)["Stat"]


def counted(path: Path) -> Counter:
    if not path.exists():
        return Counter()
    return Counter(line for line in path.read_text().split())


def rendered(count_log: Path) -> Counter:
    return Counter({int(frame): times for frame, times in counted(count_log).items()})


@pytest.fixture
def scene(tmp_path) -> Path:
    return write_script(tmp_path)


# -- the two ways Deadline's plugin runs Nuke ------------------------------------------------------

def test_batch_mode_keeps_one_nuke_per_job_and_feeds_it_execute_lines(tmp_path, scene):
    counts, starts = tmp_path / "rendered.txt", tmp_path / "starts.txt"
    environment = {"FAKE_NUKE_LOG": str(counts), "FAKE_NUKE_STARTS": str(starts)}
    with LocalFarm(tmp_path / "farm", port=0, workers=1, nuke_command=FAKE_NUKE) as farm:
        client = DeadlineClient(farm.url)
        job_id = submit(client, scene, frames="1001-1009", environment=environment)
        wait_until(lambda: job_state(client, job_id) == st.JOB_COMPLETED, "the job to complete")
        job, tasks = client.job(job_id), client.tasks(job_id)
    assert rendered(counts) == Counter(range(1001, 1010))
    assert len(counted(starts)) == 1  # three tasks, one Nuke
    assert job["CompletedChunks"] == 3 and job["DateComp"] != "0001-01-01T00:00:00Z"
    first, second = tasks[0]["Log"], tasks[1]["Log"]
    assert f"-V 2 -t {scene}" in first
    assert '>>> nuke.execute("Group1.Write1", 1001, 1001, 1, continueOnError=False); ' \
           'print("Frame 1001 (1 of 3)")' in first
    assert "Frame 1003 (3 of 3)" in first and "task done" in first
    assert "the job's Nuke (pid" in second and "-t" not in second.splitlines()[0]


def test_a_movie_is_written_by_one_execute_per_task(tmp_path, scene):
    with LocalFarm(tmp_path / "farm", port=0, workers=1, nuke_command=FAKE_NUKE) as farm:
        client = DeadlineClient(farm.url)
        job_id = submit(client, scene, frames="1001-1003", write_node="Write1", output="other.mov")
        wait_until(lambda: job_state(client, job_id) == st.JOB_COMPLETED, "the job to complete")
        log = client.tasks(job_id)[0]["Log"]
    assert '>>> nuke.execute("Write1", 1001, 1003, 1, continueOnError=False)\n' in log


def test_without_batch_mode_each_task_is_its_own_nuke_x_process(tmp_path, scene):
    counts, starts = tmp_path / "rendered.txt", tmp_path / "starts.txt"
    environment = {"FAKE_NUKE_LOG": str(counts), "FAKE_NUKE_STARTS": str(starts)}
    with LocalFarm(tmp_path / "farm", port=0, workers=1, nuke_command=FAKE_NUKE) as farm:
        client = DeadlineClient(farm.url)
        job_id = submit(client, scene, environment=environment, BatchMode="False")
        wait_until(lambda: job_state(client, job_id) == st.JOB_COMPLETED, "the job to complete")
        tasks = client.tasks(job_id)
    assert rendered(counts) == Counter(range(1001, 1007)) and len(counted(starts)) == 2
    assert f"-V 2 -x -X Group1.Write1 -F 1001-1003 {scene}" in tasks[0]["Log"]
    assert "exit code 0" in tasks[0]["Log"]


@pytest.mark.parametrize("batch", ["True", "False"])
def test_an_error_line_fails_the_task_even_when_nuke_carries_on(tmp_path, scene, batch):
    environment = {"FAKE_NUKE_SAY": "Text1: Error: font not found"}
    with LocalFarm(tmp_path / "farm", port=0, workers=1, nuke_command=FAKE_NUKE, error_limits=FAIL_FAST) as farm:
        client = DeadlineClient(farm.url)
        failing = submit(client, scene, frames="1", environment=environment, BatchMode=batch)
        wait_until(lambda: job_state(client, failing) == st.JOB_FAILED, "the job to fail")
        assert "Text1: Error: font not found" in client.tasks(failing)[0]["Log"]
        tolerant = submit(client, scene, frames="1", environment=environment, BatchMode=batch,
                          ContinueOnError="True")
        wait_until(lambda: job_state(client, tolerant) == st.JOB_COMPLETED, "the job that carries on")


# -- failures as Deadline counts them ---------------------------------------------------------------

def test_an_erroring_task_is_requeued_and_a_fresh_nuke_renders_it(tmp_path, scene):
    counts, starts, once = tmp_path / "rendered.txt", tmp_path / "starts.txt", tmp_path / "failed-once"
    environment = {"FAKE_NUKE_LOG": str(counts), "FAKE_NUKE_STARTS": str(starts), "FAKE_NUKE_FAIL_ONCE": str(once)}
    with LocalFarm(tmp_path / "farm", port=0, workers=1, nuke_command=FAKE_NUKE) as farm:
        client = DeadlineClient(farm.url)
        job_id = submit(client, scene, frames="1001-1003", environment=environment)
        wait_until(lambda: job_state(client, job_id) == st.JOB_COMPLETED, "the retried job")
        job, (task,) = client.job(job_id), client.tasks(job_id)
    assert rendered(counts) == Counter(range(1001, 1004))
    assert (task["Errs"], job["Errs"]) == (1, 1)
    assert len(counted(starts)) == 2  # the Nuke that failed was closed, not reused


def test_a_task_fails_at_its_error_limit_and_the_rest_of_the_job_completes(tmp_path, scene):
    with LocalFarm(tmp_path / "farm", port=0, workers=1, nuke_command=FAKE_NUKE,
                   error_limits=ErrorLimits(task=2, job=100)) as farm:
        client = DeadlineClient(farm.url)
        job_id = submit(client, scene, environment={"FAKE_NUKE_FAIL_FRAME": "1005"})
        wait_until(lambda: job_state(client, job_id) == st.JOB_FAILED, "the job to fail")
        job, tasks = client.job(job_id), client.tasks(job_id)
    assert [task["Stat"] for task in tasks] == [st.TASK_COMPLETED, st.TASK_FAILED]
    assert "cannot render frame 1005" in tasks[1]["Log"]
    assert tasks[1]["Errs"] == 2 and job["Errs"] == 2 and job["FailedChunks"] == 1
    assert (tmp_path / "renders" / "beauty.1004.exr").exists()
    assert not (tmp_path / "renders" / "beauty.1005.exr").exists()


def test_a_job_fails_whole_at_its_error_limit(tmp_path, scene):
    with LocalFarm(tmp_path / "farm", port=0, workers=1, nuke_command=FAKE_NUKE,
                   error_limits=ErrorLimits(task=0, job=3)) as farm:
        client = DeadlineClient(farm.url)
        job_id = submit(client, scene, frames="1001-1012", chunk_size=2, environment={"FAKE_NUKE_FAIL_FRAME": "1001"})
        wait_until(lambda: job_state(client, job_id) == st.JOB_FAILED, "the job to fail")
        job = client.job(job_id)
    assert job["Errs"] == 3 and job["FailedChunks"] == 6 and job["CompletedChunks"] == 0


def test_a_jobs_own_failure_detection_overrides_the_farms(tmp_path, scene):
    with LocalFarm(tmp_path / "farm", port=0, workers=1, nuke_command=FAKE_NUKE) as farm:
        client = DeadlineClient(farm.url)
        job_info, plugin_info = nuke_job(
            name="strict", batch_name="", user="ana", comment="", frames="1", chunk_size=1, priority=50,
            pool="none", group="none", scene_file=str(scene), write_node="Write9", nuke_version="15.1",
            output_directory=str(tmp_path), output_filename="other.####.exr", environment={}, extra_info={})
        job_info.update(OverrideTaskFailureDetection="True", FailureDetectionTaskErrors="1")
        job_id = client.submit(job_info, plugin_info)["_id"]
        wait_until(lambda: job_state(client, job_id) == st.JOB_FAILED, "the job to fail")
        assert client.job(job_id)["Props"]["TskFailOvr"] is True


def test_a_missing_node_a_group_or_a_missing_executable_fails_with_a_reason(tmp_path, scene):
    with LocalFarm(tmp_path / "farm", port=0, workers=1, nuke_command=FAKE_NUKE, error_limits=FAIL_FAST) as farm:
        client = DeadlineClient(farm.url)
        missing = submit(client, scene, frames="1", write_node="Write9")
        group = submit(client, scene, frames="1", write_node="Group1")  # the group, not its Write
        wait_until(lambda: job_state(client, missing) == job_state(client, group) == st.JOB_FAILED, "both to fail")
        assert "ValueError: no node named 'Write9'" in client.tasks(missing)[0]["Log"]
        assert "RuntimeError: Group1 cannot be executed" in client.tasks(group)[0]["Log"]
    with LocalFarm(tmp_path / "farm2", port=0, workers=1, nuke_command="/no/such/Nuke15.1",
                   error_limits=FAIL_FAST) as farm:
        client = DeadlineClient(farm.url)
        job_id = submit(client, scene, frames="1")
        wait_until(lambda: job_state(client, job_id) == st.JOB_FAILED, "the job to fail")
        assert "cannot start the Nuke executable '/no/such/Nuke15.1'" in client.tasks(job_id)[0]["Log"]


def test_a_task_the_worker_cannot_even_start_fails_and_the_worker_carries_on(tmp_path, scene):
    with LocalFarm(tmp_path / "farm", port=0, workers=1, nuke_command=FAKE_NUKE, error_limits=FAIL_FAST) as farm:
        client = DeadlineClient(farm.url)
        bad = submit(client, scene, frames="1", write_node="Write1", output="other.####.exr", Threads="many")
        good = submit(client, scene, frames="1", write_node="Write1", output="other.####.exr")
        wait_until(lambda: job_state(client, good) == st.JOB_COMPLETED, "the good job")
        assert job_state(client, bad) == st.JOB_FAILED
        assert "local farm worker error" in client.tasks(bad)[0]["Log"]


# -- renders stopped, moved and resumed -------------------------------------------------------------

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
        other = submit(client, scene, frames="1", write_node="Write1", output="other.####.exr")
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


def test_with_one_licence_a_second_job_of_its_limit_group_waits_while_other_work_goes_on(tmp_path, scene):
    gate, counts = tmp_path / "go", tmp_path / "rendered.txt"
    environment = {"FAKE_NUKE_WAIT_FOR": str(gate), "FAKE_NUKE_LOG": str(counts)}
    with LocalFarm(tmp_path / "farm", port=0, workers=2, nuke_command=FAKE_NUKE,
                   limit_stubs={"nuke_render": 1}) as farm:
        client = DeadlineClient(farm.url)
        holding = submit(client, scene, frames="1001", environment=environment, limit_groups=["nuke_render"])
        wait_until(lambda: client.tasks(holding)[0]["Stat"] == st.TASK_RENDERING, "the first render")
        waiting = submit(client, scene, frames="1002", environment=environment, limit_groups=["nuke_render"])
        free = submit(client, scene, frames="1", write_node="Write1", output="other.####.exr")
        # The idle worker passed over the waiting job (submitted first) to render the free one.
        wait_until(lambda: job_state(client, free) == st.JOB_COMPLETED, "the job outside the limit")
        assert client.tasks(waiting)[0]["Stat"] == st.TASK_QUEUED
        gate.touch()
        wait_until(lambda: job_state(client, waiting) == st.JOB_COMPLETED, "the job that waited")
    assert rendered(counts) == Counter([1001, 1002])


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
