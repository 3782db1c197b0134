"""Farm progress for version listings: states as Deadline Monitor names them, ids asked for in batches."""

from __future__ import annotations

import pytest
import requests

from avalon_nuke.config import Settings
from avalon_nuke.deadline import states as st
from avalon_nuke.deadline.client import DeadlineClient
from avalon_nuke.deadline.jobs import nuke_job
from avalon_nuke.deadline.progress import job_states, state_name


def submit(client: DeadlineClient, frames: str = "1-4") -> str:
    job_info, plugin_info = nuke_job(
        name="sh010 compMain v001", batch_name="sh010", user="ana", comment="", frames=frames, chunk_size=1,
        priority=50, pool="none", group="none", scene_file="/p/a.nk", write_node="Write1", nuke_version="15.1",
        output_directory="/p/r", output_filename="a.####.exr", environment={}, extra_info={})
    return client.submit(job_info, plugin_info)["_id"]


def version(key: str, url: str, job_id: str) -> dict:
    return {"_id": key, "data": {"farm": {"backend": "deadline", "url": url, "jobId": job_id}}}


def test_a_queued_job_with_nothing_rendering_reads_queued_not_active(idle_farm):
    client = DeadlineClient(idle_farm.url)
    waiting, held = submit(client), submit(client)
    client.send_command(held, "suspend")
    states = job_states([version("v1", idle_farm.url, waiting), version("v2", idle_farm.url, held),
                         version("v3", idle_farm.url, "0" * 24)], Settings())
    assert states == {"v1": "Queued 0/4 tasks", "v2": "Suspended 0/4 tasks", "v3": "job gone"}


@pytest.mark.parametrize(("job", "name"), [
    ({"Stat": st.JOB_ACTIVE, "RenderingChunks": 2}, "Rendering"),
    ({"Stat": st.JOB_ACTIVE, "RenderingChunks": 0}, "Queued"),
    ({"Stat": st.JOB_ACTIVE}, "Queued"),
    ({"Stat": st.JOB_FAILED, "RenderingChunks": 0}, "Failed"),
    ({"Stat": "weird"}, "Unknown"),
])
def test_state_names_are_deadline_monitors(job, name):
    assert state_name(job) == name


def test_a_listing_of_many_versions_asks_for_their_jobs_100_at_a_time(idle_farm, monkeypatch):
    client = DeadlineClient(idle_farm.url)
    job_id = submit(client, frames="1")
    versions = [version(f"v{index}", idle_farm.url, job_id if index == 0 else f"{index:024x}") for index in range(250)]
    asked: list[str] = []
    original = requests.Session.request

    def counting(self, method, url, **options):
        asked.append(options.get("params", {}).get("JobID", ""))
        return original(self, method, url, **options)

    monkeypatch.setattr(requests.Session, "request", counting)
    states = job_states(versions, Settings())
    assert [len(ids.split(",")) for ids in asked] == [100, 100, 50]
    assert states["v0"] == "Queued 0/1 tasks" and states["v1"] == "job gone"
