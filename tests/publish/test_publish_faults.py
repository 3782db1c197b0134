"""Farm faults during a publish: nothing lost, nothing duplicated, no orphan version, one clear message."""

from __future__ import annotations

import socket
from collections import Counter
from pathlib import Path

import pytest

from avalon_nuke.deadline import states as st
from avalon_nuke.deadline.client import DeadlineClient
from avalon_nuke.errors import FarmError
from avalon_nuke.hosts.nk_file import NkFileHost
from avalon_nuke.local_farm.server import LocalFarm
from avalon_nuke.publish.script_publish import publish
from tests.doubles.farm_faults import FaultyProxy
from tests.support.publishing import FAKE_NUKE, render_jobs, review_jobs, saved_comp, wait_until

FAST = (2.0, 0.5)  # connect, read timeouts: a stalled answer is given up on quickly


@pytest.fixture
def farm(idle_farm):
    return idle_farm


def jobs_on(farm) -> list[dict]:
    return render_jobs(DeadlineClient(farm.url))


def nothing_left(studio, farm) -> None:
    assert studio.versions() == []
    assert jobs_on(farm) == []
    assert not (studio.root / "demo" / "sh010" / "publish" / "render" / "compMain" / "v001").exists()


def proxied(farm, rule) -> FaultyProxy:
    return FaultyProxy(farm.url, rule)


def test_a_farm_that_is_down_is_found_before_anything_is_made(studio, farm):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        dead_url = f"http://127.0.0.1:{unused.getsockname()[1]}"
    host = saved_comp(studio)
    result = publish(host, studio.repo, studio.settings, DeadlineClient(dead_url, timeout=FAST))
    assert result.message.startswith(f"cannot reach the Deadline Web Service at {dead_url}")
    with pytest.raises(FarmError):
        result.raise_for_failures()
    nothing_left(studio, farm)
    assert NkFileHost.open(host.path).root_knob("avalon_locked") is None


def test_refused_credentials_are_named_without_the_password(studio, tmp_path):
    with LocalFarm(tmp_path / "locked-farm", port=0, workers=0, credentials=("wrangler", "right-pw")) as farm:
        client = DeadlineClient(farm.url, user="wrangler", password="wrong-pw-3391")
        result = publish(saved_comp(studio), studio.repo, studio.settings, client)
        assert "refused the credentials (HTTP 401); check AVALON_DEADLINE_USER/PASSWORD" in result.message
        assert "wrong-pw-3391" not in result.message
        assert studio.versions() == []


def test_a_500_on_submission_rolls_the_version_back(studio, farm):
    rule = lambda method, path: "fail" if method == "POST" else "forward"  # noqa: E731
    with proxied(farm, rule) as proxy:
        result = publish(saved_comp(studio), studio.repo, studio.settings, DeadlineClient(proxy.url, timeout=FAST))
    assert "(HTTP 500)" in result.message and "[compMain v001 rolled back]" in result.message
    assert "\n" not in result.message
    nothing_left(studio, farm)


def test_a_500_from_a_farm_that_took_the_job_anyway_counts_as_submitted(studio, farm):
    rule = lambda method, path: "forward-then-fail" if method == "POST" else "forward"  # noqa: E731
    with proxied(farm, rule) as proxy:
        result = publish(saved_comp(studio), studio.repo, studio.settings, DeadlineClient(proxy.url, timeout=FAST))
    assert result.ok, result.message
    (job,) = jobs_on(farm)
    assert result.instances[0].job_id == job["_id"]
    assert studio.versions()[0]["data"]["farm"]["jobId"] == job["_id"]


def test_a_lost_answer_is_looked_up_never_sent_twice(studio, farm):
    rule = lambda method, path: "forward-then-hang" if method == "POST" else "forward"  # noqa: E731
    with proxied(farm, rule) as proxy:
        result = publish(saved_comp(studio), studio.repo, studio.settings, DeadlineClient(proxy.url, timeout=FAST))
        posts = [seen for seen in proxy.seen if seen[0] == "POST"]
    assert result.ok, result.message
    assert len(posts) == 2 and len(jobs_on(farm)) == 1  # the render job and its review job, each once
    assert len(review_jobs(DeadlineClient(farm.url))) == 1
    assert studio.versions()[0]["data"]["farm"]["state"] == "submitted"


def test_a_reset_after_the_farm_took_the_job_binds_the_version_to_it_with_two_small_requests(studio, farm):
    rule = lambda method, path: "forward-then-reset" if method == "POST" else "forward"  # noqa: E731
    with proxied(farm, rule) as proxy:
        result = publish(saved_comp(studio), studio.repo, studio.settings, DeadlineClient(proxy.url, timeout=FAST))
        after_post = proxy.seen[[seen[0] for seen in proxy.seen].index("POST") + 1:]
    assert result.ok, result.message
    (job,) = jobs_on(farm)
    assert result.instances[0].job_id == job["_id"] and studio.versions()[0]["data"]["farm"]["jobId"] == job["_id"]
    # The lookup: the ids alone, then the few jobs made since the POST; never the whole farm.
    assert [(method, query.split("=")[0]) for method, _path, _action, query in after_post[:3]] == [
        ("GET", "IdOnly"), ("GET", "JobID"), ("POST", "")]  # then the review job, looked up the same way


def test_a_reset_before_the_farm_got_the_job_keeps_the_version_and_the_retry_replaces_it(studio, farm):
    host = saved_comp(studio)
    rule = lambda method, path: "reset" if method == "POST" else "forward"  # noqa: E731
    with proxied(farm, rule) as proxy:
        first = publish(host, studio.repo, studio.settings, DeadlineClient(proxy.url, timeout=FAST))
    assert not first.ok and "kept, marked 'farm state unknown'" in first.message
    (version,) = studio.versions()
    assert version["data"]["farm"]["state"] == "unknown" and version["data"]["farm"]["sentAt"]
    assert jobs_on(farm) == []  # the farm never got it: it could not say so before the retry
    retry = publish(host, studio.repo, studio.settings, DeadlineClient(farm.url))
    assert retry.ok, retry.message
    (version,) = studio.versions()
    (job,) = jobs_on(farm)
    assert version["data"]["farm"]["jobId"] == job["_id"] and version["name"] == 1


def test_a_farm_that_refuses_the_connection_got_nothing_so_the_version_is_rolled_back_at_once(studio, farm):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        dead_url = f"http://127.0.0.1:{unused.getsockname()[1]}"
    host = saved_comp(studio)
    client = DeadlineClient(dead_url, timeout=FAST)
    client.ping = lambda: "Deadline Web Service 10"  # validation passed while it was up
    result = publish(host, studio.repo, studio.settings, client)
    assert "nothing was sent" in result.message and "rolled back" in result.message
    nothing_left(studio, farm)


def test_a_farm_that_stops_answering_leaves_the_version_marked_unknown_and_a_retry_adopts_it(studio, farm):
    host = saved_comp(studio)
    rule = lambda method, path: "forward" if path == "/" else "forward-then-hang"  # noqa: E731
    with proxied(farm, rule) as proxy:
        result = publish(host, studio.repo, studio.settings, DeadlineClient(proxy.url, timeout=FAST))
    assert "kept, marked 'farm state unknown'" in result.message
    (version,) = studio.versions()
    assert version["data"]["farm"]["state"] == "unknown" and "did not confirm" in version["data"]["publishError"]
    assert NkFileHost.open(host.path).root_knob("avalon_locked") is None
    assert len(jobs_on(farm)) == 1  # the farm did get it

    retry = publish(NkFileHost.open(host.path), studio.repo, studio.settings, DeadlineClient(farm.url))
    assert retry.ok, retry.message
    assert [(i.version, i.job_id) for i in retry.instances] == [(1, jobs_on(farm)[0]["_id"])]
    (version,) = studio.versions()
    assert version["data"]["farm"]["state"] == "submitted" and version["data"].get("publishError") is None
    assert len(jobs_on(farm)) == 1
    assert "compMain v001" in NkFileHost.open(host.path).root_knob("avalon_locked")


def test_an_unconfirmed_version_of_an_older_script_stays_and_the_changed_script_gets_its_own(studio, farm):
    host = saved_comp(studio)
    rule = lambda method, path: "forward" if path == "/" else "forward-then-hang"  # noqa: E731
    with proxied(farm, rule) as proxy:
        publish(host, studio.repo, studio.settings, DeadlineClient(proxy.url, timeout=FAST))
    host.set_knobs(host.script.find("Read1"), {"label": "graded"})
    host.save(backup=False)
    retry = publish(host, studio.repo, studio.settings, DeadlineClient(farm.url))
    assert retry.ok, retry.message
    assert [v["name"] for v in studio.versions()] == [2, 1]
    assert {v["data"]["farm"]["state"] for v in studio.versions()} == {"submitted"}
    per_version = Counter(job["Props"]["ExDic"]["AvalonVersionId"] for job in jobs_on(farm))
    assert sorted(per_version.values()) == [1, 1]


def test_an_unconfirmed_job_that_never_arrived_is_replaced_on_retry(studio, farm):
    host = saved_comp(studio)
    rule = lambda method, path: "forward" if path == "/" else "hang"  # noqa: E731
    with proxied(farm, rule) as proxy:
        first = publish(host, studio.repo, studio.settings, DeadlineClient(proxy.url, timeout=FAST))
    assert not first.ok and studio.versions()[0]["data"]["farm"]["state"] == "unknown"
    retry = publish(host, studio.repo, studio.settings, DeadlineClient(farm.url))
    assert retry.ok, retry.message
    (version,) = studio.versions()
    (job,) = jobs_on(farm)
    assert version["data"]["farm"]["jobId"] == job["_id"] and job["Props"]["ExDic"]["AvalonVersionId"] == str(
        version["_id"])


def test_a_later_instance_failing_withdraws_the_jobs_already_sent(studio, farm):
    posts = []

    def rule(method, path):
        if method == "POST":
            posts.append(path)
            return "forward" if len(posts) == 1 else "fail"
        return "forward"

    host = saved_comp(studio, subsets=("compMain", "compAlt"))
    with proxied(farm, rule) as proxy:
        result = publish(host, studio.repo, studio.settings, DeadlineClient(proxy.url, timeout=FAST))
        deletes = [seen for seen in proxy.seen if seen[0] == "DELETE"]
    assert not result.ok and len(deletes) == 1
    assert "compMain v001 rolled back and job" in result.message and "withdrawn" in result.message
    nothing_left(studio, farm)
    assert studio.versions("compAlt") == []
    assert [p for p in (studio.root / "demo" / "sh010" / "publish").rglob("*") if p.is_file()] == []


def test_a_farm_restarted_mid_queue_renders_every_frame_once_into_the_version(studio, tmp_path, monkeypatch):
    gate, counts = tmp_path / "go", tmp_path / "rendered.txt"
    monkeypatch.setenv("FAKE_NUKE_WAIT_FOR", str(gate))
    monkeypatch.setenv("FAKE_NUKE_LOG", str(counts))
    host = saved_comp(studio)
    host.set_knobs(host.script.find("Write1"), {"avalon_chunk_size": 4})
    host.save(backup=False)
    data = tmp_path / "render-farm"
    with LocalFarm(data, port=0, workers=1, nuke_command=FAKE_NUKE) as farm:
        client = DeadlineClient(farm.url)
        result = publish(host, studio.repo, studio.settings, client, review=False)
        assert result.ok, result.message
        job_id = result.instances[0].job_id
        wait_until(lambda: client.tasks(job_id)[0]["Stat"] == st.TASK_RENDERING, "the first task to start")
    gate.touch()
    with LocalFarm(data, port=0, workers=2, nuke_command=FAKE_NUKE) as farm:
        client = DeadlineClient(farm.url)
        wait_until(lambda: client.job(job_id)["Stat"] == st.JOB_COMPLETED, "the job after the restart")
        assert len(render_jobs(client)) == 1
    rendered = Counter(int(line) for line in counts.read_text().split())
    assert rendered == Counter(range(1001, 1011))
    folder = Path(result.instances[0].folder)
    assert sorted(p.name for p in folder.glob("*.exr")) == [f"sh010_compMain_v001.{f}.exr" for f in range(1001, 1011)]
