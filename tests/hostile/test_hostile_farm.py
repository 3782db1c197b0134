"""The local farm against hostile web pages, jobs and clients, and a kill -9 mid-render (loopback only)."""

from __future__ import annotations

import asyncio
import json
import os
import shlex
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import requests

from avalon_nuke.deadline import states as st
from avalon_nuke.deadline.client import DeadlineClient
from avalon_nuke.deadline.jobs import nuke_job
from avalon_nuke.local_farm.queue import FarmQueue
from avalon_nuke.local_farm.render_environment import job_may_set, render_environment, resolve_command
from avalon_nuke.local_farm.server import LocalFarm
from avalon_nuke.processes import still_running
from tests.support.publishing import wait_until

REPO = Path(__file__).resolve().parents[2]
FAKE_NUKE = REPO / "tests" / "doubles" / "nuke_executable.py"
JOB = {"JobInfo": {"Plugin": "Nuke", "Frames": "1"}, "PluginInfo": {"SceneFile": "/tmp/a.nk"}, "AuxFiles": []}


def write_scene(folder: Path) -> Path:
    scene = folder / "sh010_comp.nk"
    scene.write_text("Root {\n inputs 0\n}\nWrite {\n file renders/beauty.####.exr\n name Write1\n}\n")
    return scene


def submit(client: DeadlineClient, scene: Path, environment: dict, frames: str = "1") -> str:
    job_info, plugin_info = nuke_job(
        name="sh010", batch_name="sh010", user="ana", comment="", frames=frames, chunk_size=1, priority=50,
        pool="none", group="none", scene_file=str(scene), write_node="Write1", nuke_version="15.1",
        output_directory=str(scene.parent / "renders"), output_filename="beauty.####.exr",
        environment=environment, extra_info={})
    return client.submit(job_info, plugin_info)["_id"]


@pytest.fixture
def idle(tmp_path):
    with LocalFarm(tmp_path / "farm", port=0, workers=0) as farm:
        yield farm


# -- a web page in the artist's browser ---------------------------------------------------------

def test_a_cross_site_text_plain_post_is_refused_and_creates_no_job(idle):
    answer = requests.post(idle.url + "/api/jobs", data=json.dumps(JOB), timeout=10,
                           headers={"Content-Type": "text/plain", "Origin": "http://evil.example"})
    assert answer.status_code in (403, 415)
    answer = requests.post(idle.url + "/api/jobs", data=json.dumps(JOB), timeout=10,
                           headers={"Content-Type": "text/plain"})
    assert answer.status_code == 415
    assert DeadlineClient(idle.url).find_jobs({}) == []


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://127.0.0.1.evil.example:8081"])
def test_a_foreign_origin_is_refused_even_with_json(idle, origin):
    answer = requests.post(idle.url + "/api/jobs", json=JOB, headers={"Origin": origin}, timeout=10)
    assert answer.status_code == 403 and "Origin" in answer.text
    assert DeadlineClient(idle.url).find_jobs({}) == []


def test_a_foreign_host_header_dns_rebinding_is_refused(idle):
    port = idle.url.rsplit(":", 1)[1]
    for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1:{int(port) + 1}"):
        answer = requests.get(idle.url + "/api/jobs", headers={"Host": host}, timeout=10)
        assert answer.status_code == 403, host


def test_the_farms_own_origin_and_names_are_answered(idle):
    port = idle.url.rsplit(":", 1)[1]
    answer = requests.post(idle.url + "/api/jobs", json=JOB, headers={"Origin": idle.url}, timeout=10)
    assert answer.status_code == 200
    assert requests.get(idle.url + "/api/pools", headers={"Host": f"localhost:{port}"}, timeout=10).ok


# -- jobs that try to change what runs ------------------------------------------------------------

@pytest.mark.parametrize("name", ["PATH", "path", "BASH_ENV", "ENV", "LD_PRELOAD", "LD_LIBRARY_PATH",
                                  "DYLD_INSERT_LIBRARIES", "PYTHONSTARTUP", "PYTHONHOME", "PYTHONPATH",
                                  "NUKE_PATH", "OFX_PLUGIN_PATH", "BASH_FUNC_nuke%%", "PERL5OPT", "A=B", ""])
def test_a_job_cannot_set_variables_that_change_what_runs(name):
    assert not job_may_set(name)


def test_plugin_paths_pass_only_when_the_farm_allows_them():
    assert job_may_set("NUKE_PATH", allow_plugin_paths=True) and job_may_set("PYTHONPATH", allow_plugin_paths=True)
    assert not job_may_set("PYTHONSTARTUP", allow_plugin_paths=True)
    assert job_may_set("OCIO") and job_may_set("AVALON_PROJECT") and job_may_set("FAKE_NUKE_LOG")


def test_renders_do_not_inherit_the_farms_secrets():
    base = {"PATH": "/bin", "AVALON_MONGO": "mongodb://u:pw@db/avalon", "AVALON_DEADLINE_PASSWORD": "pw",
            "AWS_SECRET_ACCESS_KEY": "k", "GITHUB_TOKEN": "t", "HOME": "/home/ana"}
    environment = render_environment({"AVALON_PROJECT": "demo", "PATH": "/evil"}, base)
    assert environment.variables == {"PATH": "/bin", "HOME": "/home/ana", "AVALON_PROJECT": "demo"}
    assert environment.ignored == ("PATH",)


def test_the_executable_is_resolved_once_to_an_absolute_path(tmp_path, monkeypatch):
    tool = tmp_path / "bin" / "nuke-fake"
    tool.parent.mkdir()
    tool.write_text("#!/bin/sh\n")
    tool.chmod(0o755)
    assert resolve_command("nuke-fake -t", search_path=str(tool.parent)) == [str(tool), "-t"]
    with pytest.raises(Exception, match="not found"):
        resolve_command("nuke-fake", search_path=str(tmp_path))


def test_a_job_setting_path_bash_env_or_ld_preload_runs_nothing_of_its_own(tmp_path, monkeypatch):
    """The farm's nuke is a bash wrapper found on PATH, the way a studio's often is."""
    real_bin, evil_bin = tmp_path / "bin", tmp_path / "evil"
    real_bin.mkdir()
    evil_bin.mkdir()
    marker, dump = tmp_path / "pwned", tmp_path / "render-env.json"
    wrapper = real_bin / "nuke-wrapper"
    wrapper.write_text(f"#!/bin/bash\n{shlex.quote(sys.executable)} -c 'import json, os, sys; "
                       f"json.dump(dict(os.environ), open(sys.argv[1], \"w\"))' {shlex.quote(str(dump))}\n"
                       f"exec {shlex.quote(sys.executable)} {shlex.quote(str(FAKE_NUKE))} \"$@\"\n")
    wrapper.chmod(0o755)
    evil = evil_bin / "nuke-wrapper"
    evil.write_text(f"#!/bin/sh\ntouch {shlex.quote(str(marker))}\n")
    evil.chmod(0o755)
    bash_env = tmp_path / "bash_env.sh"
    bash_env.write_text(f"touch {shlex.quote(str(marker))}\n")
    monkeypatch.setenv("PATH", f"{real_bin}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("AVALON_MONGO", "mongodb://ana:farm-secret-77@db.example/avalon")
    monkeypatch.setenv("AVALON_DEADLINE_PASSWORD", "farm-secret-78")
    scene = write_scene(tmp_path)
    with LocalFarm(tmp_path / "farm", port=0, workers=1, nuke_command="nuke-wrapper") as farm:
        monkeypatch.setenv("PATH", f"{evil_bin}{os.pathsep}{os.environ['PATH']}")  # after start: no effect
        client = DeadlineClient(farm.url)
        job_id = submit(client, scene, {"PATH": str(evil_bin), "BASH_ENV": str(bash_env),
                                        "ENV": str(bash_env), "LD_PRELOAD": "/nonexistent/evil.so",
                                        "AVALON_PROJECT": "demo"})
        wait_until(lambda: client.job(job_id)["Stat"] in (st.JOB_COMPLETED, st.JOB_FAILED), "the render")
        log = client.tasks(job_id)[0]["Log"]
        assert client.job(job_id)["Stat"] == st.JOB_COMPLETED, log
    assert not marker.exists()
    assert (scene.parent / "renders" / "beauty.0001.exr").exists()
    seen = json.loads(dump.read_text())
    assert seen["AVALON_PROJECT"] == "demo" and "BASH_ENV" not in seen and "LD_PRELOAD" not in seen
    assert seen["PATH"] != str(evil_bin)  # the farm's own PATH, not the job's
    assert "farm-secret" not in json.dumps(seen)
    assert "ignored job environment" in log and "BASH_ENV" in log


# -- load: many clients, slow clients -------------------------------------------------------------

async def _post_all(url: str, count: int) -> list[int]:
    host, port = url.removeprefix("http://").rsplit(":", 1)
    body = json.dumps(JOB).encode()
    request = (f"POST /api/jobs HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
               f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body
    opened = await asyncio.gather(*(asyncio.open_connection(host, int(port)) for _ in range(count)))
    for _, writer in opened:
        writer.write(request)
    statuses = []
    for reader, writer in opened:
        status_line = await asyncio.wait_for(reader.readline(), timeout=120)
        statuses.append(int(status_line.split()[1]))
        writer.close()
    return statuses


def test_a_thousand_concurrent_posts_all_get_answers_with_bounded_threads(tmp_path):
    with LocalFarm(tmp_path / "farm", port=0, workers=0) as farm:
        before = threading.active_count()
        statuses = asyncio.run(_post_all(farm.url, 1000))
        assert statuses == [200] * 1000  # no reset: every connection was accepted and answered
        assert threading.active_count() <= before + 1
        assert len(DeadlineClient(farm.url).find_jobs({})) == 1000


def test_slow_clients_hold_no_thread_are_dropped_and_others_are_still_served(tmp_path):
    with LocalFarm(tmp_path / "farm", port=0, workers=0, request_seconds=1.0) as farm:
        host, port = farm.url.removeprefix("http://").rsplit(":", 1)
        before = threading.active_count()
        slow = []
        for _ in range(300):
            connection = socket.create_connection((host, int(port)), timeout=30)
            connection.sendall(b"POST /api/jobs HTTP/1.1\r\nHost: x")  # and then nothing more
            slow.append(connection)
        assert threading.active_count() == before
        assert requests.get(farm.url + "/api/pools", timeout=10).json() == ["none"]
        for connection in slow:  # each is closed by the farm (EOF), not left hanging
            assert connection.recv(1024) == b""
            connection.close()


# -- kill -9 of the farm while it renders ---------------------------------------------------------

def test_a_render_that_survives_a_farm_kill_is_not_rendered_again_until_it_ends(tmp_path):
    scene = write_scene(tmp_path)
    gate, counts = tmp_path / "gate", tmp_path / "counts"
    data = tmp_path / "farm"
    nuke = shlex.join([sys.executable, str(FAKE_NUKE)])
    farm = subprocess.Popen(
        [sys.executable, "-m", "avalon_nuke", "farm", "--port", "0", "--data", str(data), "--workers", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO), "AVALON_NUKE_EXECUTABLE": nuke})
    try:
        url = farm.stdout.readline().split(" on ", 1)[1].strip()
        client = DeadlineClient(url)
        job_id = submit(client, scene, {"FAKE_NUKE_WAIT_FOR": str(gate), "FAKE_NUKE_LOG": str(counts)})
        wait_until(lambda: client.tasks(job_id)[0]["Stat"] == st.TASK_RENDERING, "the render to start")
        wait_until(lambda: _recorded_render(data), "the farm to record the render's process")
        farm.send_signal(signal.SIGKILL)
        farm.wait(timeout=30)
    finally:
        if farm.poll() is None:
            farm.kill()
        farm.stdout.close()
    orphan = _recorded_render(data)
    assert still_running(orphan)
    queue = FarmQueue(data / "farm.sqlite3")
    try:
        assert queue.claim_next("second-farm") is None  # the orphan still renders it
        gate.write_text("go")
        wait_until(lambda: not still_running(orphan), "the orphaned render to end")
        claim = queue.claim_next("second-farm")
        assert claim is not None and claim.job_id == job_id
    finally:
        queue.close()


def _recorded_render(data: Path) -> str | None:
    with sqlite3.connect(data / "farm.sqlite3") as db:
        row = db.execute("SELECT render_process FROM tasks").fetchone()
    return row[0] if row else None
