"""End to end on loopback: create -> submit -> the farm renders -> approve -> a comp follows.

The commands run as a user types them (``avalon-nuke ...``); the farm is the local
farm with ``tests/doubles/nuke_executable.py`` standing in for Nuke on the render nodes.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from avalon_nuke.cli import main
from avalon_nuke.config import Settings
from avalon_nuke.db import open_database
from avalon_nuke.deadline import states as st
from avalon_nuke.deadline.client import DeadlineClient
from avalon_nuke.hosts.nk_file import NkFileHost
from avalon_nuke.local_farm.server import LocalFarm
from avalon_nuke.pipeline import inventory
from avalon_nuke.pipeline.policy import Policy, State
from avalon_nuke.pipeline.version_listing import (
    VersionState,
    apply_progress,
    asset_versions,
    measure_progress,
)
from tests.support.publishing import FAKE_NUKE, render_jobs, wait_until

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def env(cli_env):
    return cli_env


def comp(env: Path, name: str = "sh010_v001.nk") -> Path:
    work = env / "projects" / "demo" / "sh010" / "work" / "nuke"
    work.mkdir(parents=True, exist_ok=True)
    path = work / name
    path.write_text(
        f"#! nuke -nx\nversion 15.1 v1\nRoot {{\n inputs 0\n name {path.as_posix()}\n first_frame 1001\n"
        f" last_frame 1010\n}}\nRead {{\n inputs 0\n file {env.as_posix()}/projects/demo/sh010/plates/p.####.exr\n"
        " name Read1\n}\nGrade {\n white 1.2\n name Grade1\n}\nWrite {\n file comp.####.exr\n name Write1\n}\n")
    return path


def run_json(capsys, argv) -> dict:
    capsys.readouterr()
    assert main([*argv, "--json"]) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def failing(capsys, argv, status: int) -> str:
    capsys.readouterr()
    assert main(argv) == status
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and error.startswith("avalon-nuke: error: "), error
    return error


def test_create_submit_render_approve_and_a_comp_follows(env, capsys, monkeypatch):
    script = comp(env)
    made = run_json(capsys, ["create", str(script), "--node", "Write1", "--subset", "compMain",
                             "--asset", "sh010", "--project", "demo"])
    assert made["node"] == "Write1" and Path(made["backup"]).is_file()

    with LocalFarm(env / "farm", port=0, workers=2, nuke_command=FAKE_NUKE) as farm:
        monkeypatch.setenv("AVALON_DEADLINE", farm.url)
        out = run_json(capsys, ["submit", str(script), "--comment", "first comp"])
        (item,) = out["instances"]
        assert (item["subset"], item["version"], item["frames"]) == ("compMain", 1, "1001-1010")
        client = DeadlineClient(farm.url)
        wait_until(lambda: client.job(item["jobId"])["Stat"] == st.JOB_COMPLETED, "the render")

    folder = Path(item["folder"])
    assert sorted(p.name for p in folder.glob("*.exr")) == [
        f"sh010_compMain_v001.{frame}.exr" for frame in range(1001, 1011)]
    settings = Settings.from_env()
    with open_database(settings) as repo:
        (row,) = asset_versions(repo, "demo", "sh010", subset="compMain")
    apply_progress([row], measure_progress([row], settings))
    assert (row.approved, row.frames_on_disk, row.frames_expected) == (False, 10, 10)
    assert row.farm_job[1] == item["jobId"] and row.comment == "first comp"
    assert row.state is VersionState.AWAITING

    later_comp = comp(env, "sh020_v001.nk")
    loaded = run_json(capsys, ["load", str(later_comp), "--project", "demo", "--asset", "sh010",
                               "--subset", "compMain", "--version", "1"])
    assert (loaded["state"], loaded["policy"]) == (State.WIP.value, Policy.APPROVED.value)

    with open_database(settings) as repo:
        repo.set_approval("demo", repo.version("demo", _oid(item["versionId"]))["_id"], True, user="sup")
        host = NkFileHost.open(later_comp)
        (container,) = inventory.update(host, repo, "demo")
    assert (container.current_number, container.state) == (1, State.APPROVED)
    assert container.representation["data"]["path"] == str(folder / "sh010_compMain_v001.####.exr")


def _oid(text: str):
    from bson import ObjectId

    return ObjectId(text)


def test_a_second_submit_of_the_same_script_is_refused_as_locked(env, capsys, monkeypatch, tmp_path):
    script = comp(env)
    assert main(["create", str(script), "--node", "Write1", "--subset", "compMain", "--asset", "sh010",
                 "--project", "demo"]) == 0
    with LocalFarm(tmp_path / "farm", port=0, workers=0) as farm:
        monkeypatch.setenv("AVALON_DEADLINE", farm.url)
        capsys.readouterr()
        assert main(["submit", str(script)]) == 0
        printed = capsys.readouterr().out
        assert "Write1: published compMain v001" in printed and "-> farm job " in printed
        error = failing(capsys, ["submit", str(script)], 2)
        assert "locked (published as compMain v001" in error and "Version up" in error
        assert len(render_jobs(DeadlineClient(farm.url))) == 1


def test_bad_input_is_one_line_with_exit_status_2(env, capsys, monkeypatch):
    script = comp(env)
    assert "no such script" in failing(capsys, ["submit", str(env / "missing.nk")], 2)
    create = ["create", str(script), "--node", "Write1", "--asset", "sh010", "--project", "demo"]
    assert "invalid subset name 'comp main'" in failing(capsys, [*create, "--subset", "comp main"], 2)
    outside = env / "scratch.nk"  # not under the projects root: nothing says which project it is
    outside.write_text(script.read_text())
    assert "--project is required" in failing(capsys, ["create", str(outside), "--node", "Write1", "--asset",
                                                       "sh010", "--subset", "x"], 2)
    assert "no node named 'Write9'" in failing(capsys, [*create[:3], "Write9", *create[4:], "--subset", "x"], 2)
    assert main(["create", str(script), "--node", "Write1", "--subset", "compMain", "--asset", "sh010",
                 "--project", "demo"]) == 0
    assert "set AVALON_DEADLINE" in failing(capsys, ["submit", str(script)], 2)
    monkeypatch.setenv("AVALON_DEADLINE", "http://127.0.0.1:9")
    error = failing(capsys, ["submit", str(script), "--frames", "1-5"], 1)  # several problems, one farm
    assert error.startswith("avalon-nuke: error: 2 problems: cannot reach the Deadline Web Service")


def test_a_farm_that_is_down_is_one_line_on_stderr_and_exit_status_1(env):
    script = comp(env)
    assert main(["create", str(script), "--node", "Write1", "--subset", "compMain", "--asset", "sh010",
                 "--project", "demo"]) == 0
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    environment = {**os.environ, "AVALON_DEADLINE": f"http://127.0.0.1:{port}"}
    done = subprocess.run([sys.executable, "-m", "avalon_nuke", "submit", str(script)], cwd=REPO,
                          env=environment, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr == (f"avalon-nuke: error: cannot reach the Deadline Web Service at http://127.0.0.1:{port} "
                           "(connection refused; nothing was sent); the service may be down or the URL "
                           "(AVALON_DEADLINE) wrong\n")
