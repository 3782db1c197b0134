"""``avalon-nuke farm``: options, one-line errors, and the real command serving and stopping."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from avalon_nuke.cli import main
from avalon_nuke.deadline.client import DeadlineClient
from avalon_nuke.local_farm.server import LocalFarm

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "cli-pw-5521"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--password", "x"], "--password needs --user"),
        (["--user", "wrangler"], "AVALON_DEADLINE_PASSWORD"),
        (["--workers", "-1"], "--workers cannot be negative"),
        (["--port", "70000"], "--port must be between"),
        (["--task-error-limit", "-1"], "cannot be negative (0 means no limit)"),
        (["--limit", "nuke_render=0"], "a whole number of at least 1"),
        (["--limit", "nuke_render=two"], "a whole number of at least 1"),
        (["--limit", "nuke render"], "may hold only letters"),
    ],
)
def test_bad_options_are_one_line_errors(tmp_path, capsys, monkeypatch, arguments, message):
    monkeypatch.delenv("AVALON_DEADLINE_PASSWORD", raising=False)
    assert main(["farm", "--data", str(tmp_path), *arguments]) == 2
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1


def test_limits_and_error_limits_reach_the_farm(tmp_path):
    import argparse

    from avalon_nuke.cli.farm_command import farm_options
    from avalon_nuke.config import Settings
    from avalon_nuke.local_farm.failure_limits import ErrorLimits

    args = argparse.Namespace(port=0, workers=0, password=None, user=None, data=tmp_path, host="127.0.0.1",
                              pool=[], group=[], limit=["nuke_render=2", "disk"], task_error_limit=3,
                              job_error_limit=0)
    options = farm_options(args, Settings())
    assert options["limit_groups"] == ("nuke_render", "disk")
    assert options["limit_stubs"] == {"nuke_render": 2}
    assert options["error_limits"] == ErrorLimits(task=3, job=0)
    with LocalFarm(**options) as farm:
        assert DeadlineClient(farm.url).limit_groups() == ["nuke_render", "disk"]
        assert farm.queue.limit_stubs == {"nuke_render": 2}


def test_a_busy_port_is_a_one_line_failure(tmp_path, capsys):
    with LocalFarm(tmp_path / "first", port=0, workers=0) as running:
        port = running.url.rsplit(":", 1)[1]
        assert main(["farm", "--data", str(tmp_path / "second"), "--port", port]) == 1
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err


def test_the_command_serves_until_interrupted_and_keeps_the_password_to_itself(tmp_path):
    environment = {**os.environ, "AVALON_DEADLINE_PASSWORD": PASSWORD, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, "-m", "avalon_nuke", "farm", "--port", "0", "--data", str(tmp_path / "farm"),
         "--workers", "0", "--user", "wrangler", "--pool", "nuke"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environment, cwd=REPO,
    )
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True)
    reader.start()
    try:
        first = lines.get(timeout=30)
        assert first.startswith("Deadline Web Service 10 (avalon-nuke local farm) on http://127.0.0.1:")
        url = first.split(" on ", 1)[1].strip()
        client = DeadlineClient(url, user="wrangler", password=PASSWORD, timeout=(2, 10))
        assert client.ping().startswith("Deadline Web Service")
        assert client.jobs(["0" * 24]) == []
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
        reader.join(timeout=10)
    output = first + "".join(lines.get_nowait() for _ in range(lines.qsize()))
    assert "stopping" in output and "basic auth: on" in output
    assert PASSWORD not in output
