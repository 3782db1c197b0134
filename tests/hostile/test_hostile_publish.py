"""Publishing killed half-way: SIGTERM/SIGHUP clean up, SIGKILL leaves an incomplete version nobody sees."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from avalon_nuke.cli import main
from avalon_nuke.config import Settings
from avalon_nuke.db import open_database
from tests.support.publishing import wait_until

REPO = Path(__file__).resolve().parents[2]
PUBLISH = ["publish", "--project", "demo", "--asset", "sh010", "--subset", "plateMain"]


@pytest.fixture
def renders(cli_env):
    folder = cli_env / "outside" / "renders"  # not under the projects root: every frame is placed
    folder.mkdir(parents=True)
    for frame in range(1001, 1011):
        (folder / f"plate.{frame}.exr").write_bytes(b"frame %d" % frame)
    return folder


def versions(include_incomplete: bool = False) -> list[dict]:
    with open_database(Settings.from_env()) as repo:
        asset = repo.asset("demo", "sh010")
        subsets = [s for s in repo.subsets("demo", asset["_id"]) if s["name"] == "plateMain"]
        if not subsets:
            return []
        found = repo.versions("demo", subsets[0]["_id"])
        if include_incomplete:
            found += repo.incomplete_versions("demo", subsets[0]["_id"])
        return found


def publish_then(renders: Path, stop: int, tmp_path: Path) -> subprocess.CompletedProcess:
    ready = tmp_path / "ready"
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.hostile.publisher_to_kill", str(ready), PUBLISH[0], str(renders),
         *PUBLISH[1:]],
        cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    try:
        wait_until(ready.exists, "the publish to place its first frame")
        process.send_signal(stop)
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def version_folders(env: Path) -> list[Path]:
    return [p for p in (env / "projects").rglob("v0*") if p.is_dir()]


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_publish_stopped_by_a_signal_leaves_nothing_and_exits_128_plus_n(cli_env, renders, tmp_path, stop):
    result = publish_then(renders, stop, tmp_path)
    assert result.returncode == 128 + stop, result.stderr
    assert result.stderr.count("\n") == 1 and "interrupted" in result.stderr
    assert versions(include_incomplete=True) == []
    assert not any(folder.iterdir() for folder in version_folders(cli_env))


def test_a_publish_killed_outright_leaves_an_incomplete_version_nobody_sees(cli_env, renders, tmp_path, capsys):
    result = publish_then(renders, signal.SIGKILL, tmp_path)
    assert result.returncode == -signal.SIGKILL
    assert versions() == []                                    # not listed, not "latest"
    left = versions(include_incomplete=True)
    assert [v["name"] for v in left] == [1] and left[0]["data"]["incomplete"]["process"]
    capsys.readouterr()
    assert main(["versions", "--project", "demo", "--asset", "sh010", "--all", "--json"]) == 0
    assert "plateMain" not in capsys.readouterr().out
    assert main(["load", str(cli_env / "comp.nk"), "--project", "demo", "--asset", "sh010",
                 "--subset", "plateMain", "--version", "1"]) == 2
    assert "incomplete" in capsys.readouterr().err
    assert not (cli_env / "comp.nk").exists()

    assert main([PUBLISH[0], str(renders), *PUBLISH[1:]]) == 0  # the next publish of the subset cleans up
    err = capsys.readouterr().err
    assert "removed incomplete version(s) v001" in err
    listed = versions(include_incomplete=True)
    assert [(v["name"], v["data"].get("incomplete")) for v in listed] == [(1, None)]
    folder = version_folders(cli_env)
    assert len(folder) == 1 and len(list(folder[0].iterdir())) == 10


def test_an_incomplete_version_of_a_publish_still_running_is_left_alone(cli_env, renders):
    from avalon_nuke.db import RepresentationSpec
    from avalon_nuke.publish.incomplete_versions import abandoned, publisher_mark

    with open_database(Settings.from_env()) as repo:
        asset = repo.asset("demo", "sh010")
        subset = repo.ensure_subset("demo", asset["_id"], "plateMain", "render")
        version, _ = repo.publish_version("demo", subset["_id"], {"approved": False},
                                          [RepresentationSpec("exr", "/x/plate.####.exr")],
                                          incomplete=publisher_mark())  # this very process: alive
        assert not abandoned(version)
    assert main([PUBLISH[0], str(renders), *PUBLISH[1:]]) == 0
    assert [v["name"] for v in versions(include_incomplete=True)] == [2, 1]


def test_publish_reports_missing_frames(cli_env, renders, capsys):
    (renders / "plate.1004.exr").unlink()
    (renders / "plate.1005.exr").unlink()
    capsys.readouterr()
    assert main([PUBLISH[0], str(renders), *PUBLISH[1:], "--frames", "1001-1012"]) == 0
    assert "exr: frames missing: 1004-1005,1011-1012" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["shot[exec rm -rf ~]", "shot$HOME", "a]b"])
def test_render_paths_nuke_would_evaluate_as_tcl_are_refused(cli_env, capsys, name):
    folder = cli_env / "outside" / name
    folder.mkdir(parents=True)
    (folder / "plate.1001.exr").write_bytes(b"x")
    capsys.readouterr()
    assert main([PUBLISH[0], str(folder), *PUBLISH[1:]]) == 2
    error = capsys.readouterr().err
    assert "Tcl" in error and error.count("\n") == 1
    assert versions(include_incomplete=True) == []


def test_a_script_publish_interrupted_after_submitting_withdraws_its_job_and_version(studio, idle_farm):
    """SIGTERM/SIGHUP reach a publish as KeyboardInterrupt (see avalon_nuke.cli.termination)."""
    import pyblish.api

    from avalon_nuke.cli.termination import Terminated
    from avalon_nuke.deadline.client import DeadlineClient
    from avalon_nuke.publish.script_publish import publish, publish_plugins
    from tests.support.publishing import render_jobs, saved_comp

    class TerminatedAfterSubmitting(pyblish.api.ContextPlugin):
        order = pyblish.api.IntegratorOrder + 0.2

        def process(self, context):
            raise Terminated(signal.SIGTERM)

    client = DeadlineClient(idle_farm.url)
    with pytest.raises(KeyboardInterrupt):
        publish(saved_comp(studio), studio.repo, studio.settings, client,
                plugins=[*publish_plugins(), TerminatedAfterSubmitting])
    assert studio.versions() == []
    assert render_jobs(client) == []
    assert not studio.version_folder("compMain", 1).exists()
