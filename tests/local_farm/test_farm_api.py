"""The local farm's Web Service: Deadline's routes, shapes and status codes (no rendering)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
import requests

from avalon_nuke.deadline import states as st
from avalon_nuke.deadline.client import DeadlineClient
from avalon_nuke.deadline.errors import FarmAuthError, FarmRejected, FarmServerError
from avalon_nuke.deadline.jobs import PUBLISHED_RENDER, nuke_job
from avalon_nuke.local_farm.server import LocalFarm

PASSWORD = "farm-pw-7731"


@pytest.fixture
def farm(tmp_path) -> Iterator[LocalFarm]:
    with LocalFarm(tmp_path / "farm", port=0, workers=0, pools=("nuke",), groups=("comp",)) as running:
        yield running


@pytest.fixture
def client(farm) -> DeadlineClient:
    return DeadlineClient(farm.url, timeout=(2, 10))


def submit(client: DeadlineClient, **changes) -> dict:
    arguments = dict(
        name="sh010 comp", batch_name="sh010", user="ana", comment="", frames="1001-1010",
        chunk_size=4, priority=50, pool="nuke", group="comp", scene_file="/p/sh010_comp_v003.nk",
        write_node="Write1", nuke_version="15.1", output_directory="/p/render/v003",
        output_filename="sh010.####.exr", environment={"AVALON_PROJECT": "demo"},
        extra_info={"avalon_version_id": "v3"},
    )
    arguments.update(changes)
    return client.submit(*nuke_job(**arguments))


def raw(farm: LocalFarm, method: str, path: str, **options) -> requests.Response:
    return requests.request(method, farm.url + path, timeout=10, **options)


def test_greeting_reads_like_deadline(client):
    assert client.ping().startswith("Deadline Web Service ")


def test_a_submitted_job_has_deadlines_shape(client):
    job = submit(client)
    assert re.fullmatch(r"[0-9a-f]{24}", job["_id"])
    props = job["Props"]
    assert props["Name"] == "sh010 comp" and props["Batch"] == "sh010" and props["User"] == "ana"
    assert props["Frames"] == "1001-1010" and props["Chunk"] == 4 and props["Tasks"] == 3
    assert props["Pri"] == 50 and props["Pool"] == "nuke" and props["Grp"] == "comp"
    assert props["Env"] == {"AVALON_PROJECT": "demo", PUBLISHED_RENDER: "1"}
    assert props["ExDic"] == {"avalon_version_id": "v3"}
    assert props["PlugInfo"]["WriteNode"] == "Write1"
    assert job["Plug"] == "Nuke" and job["Stat"] == st.JOB_ACTIVE
    assert job["OutDir"] == ["/p/render/v003"] and job["OutFile"] == ["sh010.####.exr"]
    assert job["QueuedChunks"] == 3 and job["CompletedChunks"] == 0


def test_a_job_document_carries_deadlines_usual_fields_at_a_realistic_size(client):
    job = submit(client)
    # A Deadline job document has about 150 fields, some 3 KB of JSON (its Web Service's own answers).
    assert len(job) + len(job["Props"]) > 140
    assert 2500 < len(json.dumps(job)) < 5000
    for key in ("Mach", "ComFra", "Bad", "SnglTskPrg", "DataSize"):
        assert key in job
    for key in ("Limits", "MachLmt", "ListedSlaves", "JobFailOvr", "TskFailErr", "OnComp", "TaskEx9"):
        assert key in job["Props"]


def test_tasks_follow_frames_and_chunk_size(client):
    job = submit(client, frames="1,3,5-9", chunk_size=3)
    tasks = client.tasks(job["_id"])
    assert [task["TaskID"] for task in tasks] == [0, 1, 2]
    assert [task["Frames"] for task in tasks] == ["1-5x2", "6-8", "9-9"]
    assert {task["Stat"] for task in tasks} == {st.TASK_QUEUED}
    assert all(task["JobID"] == job["_id"] for task in tasks)


def test_tasks_answer_has_deadlines_envelope_and_single_task_lookup(farm, client):
    job = submit(client)
    answer = raw(farm, "GET", f"/api/tasks?JobID={job['_id']}").json()
    assert answer["ID"] == job["_id"] and answer["PreTask"] is None and len(answer["Tasks"]) == 3
    one = raw(farm, "GET", f"/api/tasks?JobID={job['_id']}&TaskID=2").json()
    assert one["Frames"] == "1009-1010"
    assert raw(farm, "GET", f"/api/tasks?JobID={job['_id']}&IdOnly=true").json() == [0, 1, 2]
    assert raw(farm, "GET", f"/api/tasks?JobID={job['_id']}&TaskID=x").status_code == 400
    assert raw(farm, "GET", "/api/tasks").status_code == 400
    assert raw(farm, "GET", f"/api/tasks?JobID={'0' * 24}").status_code == 500


def test_jobs_by_id_state_and_id_only(farm, client):
    first, second = submit(client), submit(client, initial_status="Suspended")
    assert [job["_id"] for job in client.jobs([second["_id"], first["_id"]])] == [first["_id"], second["_id"]]
    assert client.jobs(["0" * 24]) == []
    assert client.job("0" * 24) is None
    suspended = raw(farm, "GET", "/api/jobs?States=Suspended").json()
    assert [job["_id"] for job in suspended] == [second["_id"]]
    assert second["Stat"] == st.JOB_SUSPENDED
    active = raw(farm, "GET", "/api/jobs?States=Active,Completed").json()
    assert [job["_id"] for job in active] == [first["_id"]]
    assert raw(farm, "GET", "/api/jobs?IdOnly=true").json() == [first["_id"], second["_id"]]
    assert raw(farm, "GET", "/api/jobs?States=Sleeping").status_code == 400


def test_id_only_submission_answers_just_the_id(farm, client):
    job_info, plugin_info = nuke_job(
        name="a", batch_name="", user="ana", comment="", frames="1", chunk_size=1, priority=50,
        pool="none", group="none", scene_file="/a.nk", write_node="Write1", nuke_version="15.1",
        output_directory="/o", output_filename="a.####.exr", environment={}, extra_info={})
    answer = raw(farm, "POST", "/api/jobs", json={"JobInfo": job_info, "PluginInfo": plugin_info,
                                                  "AuxFiles": [], "IdOnly": True})
    assert answer.status_code == 200 and list(answer.json()) == ["_id"]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"PluginInfo": {"SceneFile": "/a.nk"}, "AuxFiles": []}, "JobInfo"),
        ({"JobInfo": {"Plugin": "Nuke"}, "AuxFiles": []}, "PluginInfo"),
        ({"JobInfo": {"Plugin": "Nuke"}, "PluginInfo": {"SceneFile": "/a.nk"}}, "AuxFiles"),
        ({"JobInfo": {"Plugin": "MayaBatch"}, "PluginInfo": {"SceneFile": "/a.mb"}, "AuxFiles": []},
         "Nuke"),
        ({"JobInfo": {"Plugin": "Nuke"}, "PluginInfo": {}, "AuxFiles": []}, "SceneFile"),
        ({"JobInfo": {"Plugin": "Nuke", "Frames": "1-x"}, "PluginInfo": {"SceneFile": "/a.nk"},
          "AuxFiles": []}, "frame"),
        ({"JobInfo": {"Plugin": "Nuke", "ChunkSize": "many"}, "PluginInfo": {"SceneFile": "/a.nk"},
          "AuxFiles": []}, "many"),
    ],
)
def test_incomplete_or_foreign_jobs_are_refused_with_400(farm, client, body, reason):
    answer = raw(farm, "POST", "/api/jobs", json=body)
    assert answer.status_code == 400 and reason in answer.text
    assert client.find_jobs({}) == []


def test_empty_or_broken_bodies_are_400(farm):
    assert raw(farm, "POST", "/api/jobs").status_code == 400
    json_body = {"Content-Type": "application/json"}
    assert raw(farm, "POST", "/api/jobs", data=b"{not json", headers=json_body).status_code == 400
    assert raw(farm, "PUT", "/api/jobs", data=b"[1]", headers=json_body).status_code == 400


def test_job_commands_change_the_state_and_answer_success(farm, client):
    job_id = submit(client)["_id"]
    assert client.send_command(job_id, "suspend") == "Success"
    assert client.job(job_id)["Stat"] == st.JOB_SUSPENDED
    assert {t["Stat"] for t in client.tasks(job_id)} == {st.TASK_SUSPENDED}
    client.send_command(job_id, "resume")
    assert client.job(job_id)["Stat"] == st.JOB_ACTIVE
    client.send_command(job_id, "fail")
    assert client.job(job_id)["Stat"] == st.JOB_FAILED
    client.send_command(job_id, "requeue")
    assert client.job(job_id)["Stat"] == st.JOB_ACTIVE
    client.send_command(job_id, "complete")
    job = client.job(job_id)
    assert job["Stat"] == st.JOB_COMPLETED and job["CompletedChunks"] == 3
    with pytest.raises(FarmServerError, match="unknown command 'delete'"):
        client.send_command(job_id, "delete")  # as Deadline: deleting is DELETE, not a command
    assert client.job(job_id) is not None


def test_command_errors_use_deadlines_codes(farm, client):
    job_id = submit(client)["_id"]
    assert raw(farm, "PUT", "/api/jobs", json={"JobID": job_id}).status_code == 400
    assert raw(farm, "PUT", "/api/jobs", json={"Command": "explode", "JobID": job_id}).status_code == 500
    assert raw(farm, "PUT", "/api/jobs", json={"Command": "suspend"}).status_code == 400
    with pytest.raises(FarmServerError):
        client.send_command(job_id, "explode")
    with pytest.raises(FarmServerError, match="does not exist"):
        client.send_command("0" * 24, "suspend")


def test_delete_removes_the_job_and_its_tasks(farm, client):
    job_id = submit(client)["_id"]
    client.delete(job_id)
    assert client.jobs([job_id]) == []
    assert raw(farm, "GET", f"/api/tasks?JobID={job_id}").status_code == 500
    assert raw(farm, "DELETE", "/api/jobs").status_code == 400


def test_task_commands_act_on_the_listed_tasks(farm, client):
    job_id = submit(client)["_id"]
    answer = raw(farm, "PUT", "/api/tasks", json={"Command": "suspend", "JobID": job_id, "TaskList": [1]})
    assert answer.status_code == 200 and answer.text == "Success"
    assert [t["Stat"] for t in client.tasks(job_id)] == [st.TASK_QUEUED, st.TASK_SUSPENDED, st.TASK_QUEUED]
    raw(farm, "PUT", "/api/tasks", json={"Command": "complete", "JobID": job_id, "TaskList": [0, 2]})
    raw(farm, "PUT", "/api/tasks", json={"Command": "fail", "JobID": job_id, "TaskList": [1]})
    assert [t["Stat"] for t in client.tasks(job_id)] == [st.TASK_COMPLETED, st.TASK_FAILED, st.TASK_COMPLETED]
    assert client.job(job_id)["Stat"] == st.JOB_FAILED
    raw(farm, "PUT", "/api/tasks", json={"Command": "requeue", "JobID": job_id})  # no list: all tasks
    assert {t["Stat"] for t in client.tasks(job_id)} == {st.TASK_QUEUED}
    assert raw(farm, "PUT", "/api/tasks", json={"Command": "requeue"}).status_code == 400
    assert raw(farm, "PUT", "/api/tasks", json={"JobID": job_id}).status_code == 400
    assert raw(farm, "PUT", "/api/tasks", json={"Command": "warp", "JobID": job_id}).status_code == 500
    assert raw(farm, "POST", "/api/tasks", json={}).status_code == 501
    assert raw(farm, "DELETE", "/api/tasks?JobID=" + job_id).status_code == 501


def test_a_task_list_may_be_one_bare_task_id(farm, client):
    job_id = submit(client)["_id"]
    answer = raw(farm, "PUT", "/api/tasks", json={"Command": "suspend", "JobID": job_id, "TaskList": 2})
    assert answer.status_code == 200
    assert [t["Stat"] for t in client.tasks(job_id)] == [st.TASK_QUEUED, st.TASK_QUEUED, st.TASK_SUSPENDED]


def test_dependent_job_is_pending_until_its_dependency_completes(client):
    first = submit(client)["_id"]
    second = submit(client, dependencies=[first])
    assert second["Stat"] == st.JOB_PENDING and second["PendingChunks"] == 3
    assert second["Props"]["Dep"] == [{"JobID": first}]


def test_pools_groups_and_limits_list_names(farm):
    assert raw(farm, "GET", "/api/pools?NamesOnly=true").json() == ["none", "nuke"]
    assert raw(farm, "GET", "/api/groups").json() == ["none", "comp"]
    assert raw(farm, "GET", "/api/limitgroups?NamesOnly=true").json() == []


def test_job_ids_alone_are_listed_without_reading_jobs(farm, client):
    ids = [submit(client)["_id"] for _ in range(3)]
    assert raw(farm, "GET", "/api/jobs?IdOnly=true").json() == ids


def test_find_jobs_finds_a_job_by_its_extra_info(client):
    submit(client, extra_info={"avalon_version_id": "v3", "attempt": "a1"})
    wanted = submit(client, extra_info={"avalon_version_id": "v4", "attempt": "a1"})
    found = client.find_jobs({"avalon_version_id": "v4"}, states=["Active"])
    assert [job["_id"] for job in found] == [wanted["_id"]]
    assert client.find_jobs({"avalon_version_id": "v4"}, states=["Completed"]) == []


def test_unknown_routes_are_404(farm):
    assert raw(farm, "GET", "/api/slaves").status_code == 404


@pytest.fixture
def locked_farm(tmp_path) -> Iterator[LocalFarm]:
    with LocalFarm(tmp_path / "farm", port=0, workers=0, credentials=("wrangler", PASSWORD)) as running:
        yield running


def test_auth_is_required_when_configured_and_the_password_is_never_echoed(locked_farm):
    answer = raw(locked_farm, "GET", "/api/jobs")
    assert answer.status_code == 401 and "Basic" in answer.headers["WWW-Authenticate"]
    wrong = raw(locked_farm, "GET", "/api/jobs", auth=("wrangler", "guess"))
    assert wrong.status_code == 401 and "guess" not in wrong.text
    with pytest.raises(FarmAuthError) as caught:
        DeadlineClient(locked_farm.url, user="wrangler", password="guess").ping()
    assert "guess" not in str(caught.value)
    client = DeadlineClient(locked_farm.url, user="wrangler", password=PASSWORD)
    job = submit(client, environment={"AVALON_DEADLINE_PASSWORD": PASSWORD, "AVALON_PROJECT": "demo"})
    everything = raw(locked_farm, "GET", "/api/jobs", auth=("wrangler", PASSWORD)).text
    assert PASSWORD not in everything and PASSWORD not in repr(client)
    assert job["Props"]["Env"] == {"AVALON_PROJECT": "demo", PUBLISHED_RENDER: "1"}


def test_a_job_rejected_by_the_farm_raises_rejected(client):
    with pytest.raises(FarmRejected, match="Nuke") as caught:
        client.submit({"Plugin": "Houdini"}, {"SceneFile": "/a.hip"})
    assert caught.value.status == 400


def test_a_refused_request_does_not_spoil_the_kept_alive_connection(locked_farm):
    session = requests.Session()
    refused = session.post(locked_farm.url + "/api/jobs", json={"JobInfo": {}}, timeout=10)
    assert refused.status_code == 401
    answer = session.get(locked_farm.url + "/api/jobs", auth=("wrangler", PASSWORD), timeout=10)
    assert answer.status_code == 200 and answer.json() == []


def test_native_json_values_are_accepted_like_strings(farm, client):
    first = submit(client)["_id"]
    body = {"JobInfo": {"Plugin": "Nuke", "Frames": "1-4", "ChunkSize": 2, "Priority": 70,
                        "JobDependencies": [first]},
            "PluginInfo": {"SceneFile": "/a.nk", "UseGpu": True}, "AuxFiles": []}
    job = raw(farm, "POST", "/api/jobs", json=body).json()
    assert job["Props"]["Chunk"] == 2 and job["Props"]["Pri"] == 70 and job["Props"]["Tasks"] == 2
    assert job["Props"]["Dep"] == [{"JobID": first}] and job["Stat"] == st.JOB_PENDING
    assert job["Props"]["PlugInfo"]["UseGpu"] == "True"
