"""The command line as a lighter uses it: publish, list, approve, and bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from avalon_nuke.cli import main
from avalon_nuke.colour_management import READS_FILE_COLOURSPACE_SINCE
from avalon_nuke.config import Settings
from avalon_nuke.db import open_database


@pytest.fixture
def env(cli_env):
    return cli_env


def frames(folder: Path, name: str, numbers) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in numbers:
        (folder / f"{name}.{n:04d}.exr").write_bytes(b"x" * 10)
    return folder


def run_json(capsys, argv):
    capsys.readouterr()
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_publish_inside_projects_root_registers_in_place(env, capsys):
    renders = frames(env / "projects" / "demo" / "sh010" / "renders", "sh010_beauty", range(1001, 1011))
    out = run_json(capsys, ["publish", str(renders), "--project", "demo", "--asset", "sh010",
                            "--subset", "lightingMain"])
    assert out["version"] == 1 and out["approved"] is False
    assert out["bytesCopied"] == 0
    assert out["representations"] == {"exr": str(renders / "sh010_beauty.####.exr")}


def test_publish_records_the_colourspace_given_on_the_command_line(env, capsys):
    renders = frames(env / "projects" / "demo" / "sh010" / "renders", "sh010_beauty", range(1001, 1004))
    out = run_json(capsys, ["publish", str(renders), "--project", "demo", "--asset", "sh010",
                            "--subset", "lightingMain", "--colorspace", "ACEScg"])
    assert out["colorspaces"] == {"exr": "ACEScg"}


def test_publish_records_what_the_images_metadata_says_and_nothing_for_unreadable_files(env, capsys):
    oiio = pytest.importorskip("OpenImageIO")
    import numpy

    tagged = env / "projects" / "demo" / "sh010" / "tagged"
    tagged.mkdir(parents=True)
    for number in (1, 2):
        spec = oiio.ImageSpec(2, 2, 3, "float")
        spec.attribute("oiio:ColorSpace", "ACEScg")
        out = oiio.ImageOutput.create(str(tagged / f"beauty.{number:04d}.exr"))
        out.open(str(tagged / f"beauty.{number:04d}.exr"), spec)
        out.write_image(numpy.zeros((2, 2, 3), dtype="float32"))
        out.close()
    recorded = run_json(capsys, ["publish", str(tagged), "--project", "demo", "--asset", "sh010",
                                 "--subset", "lightingMain"])["colorspaces"]["exr"]
    if oiio.VERSION >= READS_FILE_COLOURSPACE_SINCE:
        assert recorded in ("ACEScg", "lin_ap1_scene")  # OpenImageIO 3.1+ reports the interop id
    else:
        assert recorded is None  # older OpenImageIO only guesses (lin_rec709 for any EXR): not recorded
    junk = frames(env / "projects" / "demo" / "sh010" / "junk", "beauty", range(1, 3))
    out = run_json(capsys, ["publish", str(junk), "--project", "demo", "--asset", "sh010",
                            "--subset", "compMain"])
    assert out["colorspaces"] == {"exr": None}


def test_publish_from_outside_root_places_frames_in_the_version_folder(env, capsys):
    renders = frames(env / "scratch", "beauty", range(1, 4))
    out = run_json(capsys, ["publish", str(renders / "beauty.0001.exr"), str(renders / "beauty.0002.exr"),
                            str(renders / "beauty.0003.exr"), "--project", "demo", "--asset", "sh010",
                            "--subset", "lightingMain", "--approve"])
    folder = env / "projects" / "demo" / "sh010" / "publish" / "render" / "lightingMain" / "v001"
    assert out["folder"] == str(folder) and out["approved"] is True
    assert out["representations"]["exr"] == str(folder / "beauty.####.exr")
    assert sorted(p.name for p in folder.iterdir()) == ["beauty.0001.exr", "beauty.0002.exr", "beauty.0003.exr"]


def test_versions_hide_work_in_progress_and_show_frames_on_disk(env, capsys):
    renders = frames(env / "projects" / "demo" / "sh010" / "renders", "beauty", range(1001, 1007))
    assert main(["publish", str(renders), "--project", "demo", "--asset", "sh010", "--subset", "lightingMain",
                 "--frames", "1001-1010", "--comment", "pass one"]) == 0
    capsys.readouterr()
    assert main(["versions", "--project", "demo", "--asset", "sh010"]) == 0
    assert "1 work in progress hidden" in capsys.readouterr().out
    rows = run_json(capsys, ["versions", "--project", "demo", "--asset", "sh010", "--all"])
    assert [(r["version"], r["approved"], r["framesOnDisk"], r["framesExpected"], r["comment"]) for r in rows] \
        == [(1, False, 6, 10, "pass one")]


def test_approve_latest_then_unapprove(env, capsys):
    renders = frames(env / "projects" / "demo" / "sh010" / "renders", "beauty", range(1001, 1003))
    for _ in range(2):
        assert main(["publish", str(renders), "--project", "demo", "--asset", "sh010",
                     "--subset", "lightingMain"]) == 0
    out = run_json(capsys, ["approve", "--project", "demo", "--asset", "sh010", "--subset", "lightingMain",
                            "--version", "latest"])
    assert out["version"] == 2 and out["approved"] is True and out["approvedBy"]
    rows = run_json(capsys, ["versions", "--project", "demo", "--asset", "sh010"])
    assert [r["version"] for r in rows] == [2]
    out = run_json(capsys, ["approve", "--project", "demo", "--asset", "sh010", "--subset", "lightingMain",
                            "--version", "2", "--unapprove"])
    assert out["approved"] is False


@pytest.mark.parametrize(("argv", "message"), [
    (["publish", "NOPE", "--project", "demo", "--asset", "sh010", "--subset", "main"], "no such file or folder"),
    (["publish", ".", "--project", "demo", "--asset", "sh010", "--subset", "my shot"], "invalid subset name"),
    (["publish", ".", "--project", "nope", "--asset", "sh010", "--subset", "main"], "no project 'nope'"),
    (["approve", "--project", "demo", "--asset", "sh010", "--subset", "x", "--version", "1"], "no subset 'x'"),
    (["asset", "create", "sh020", "--project", "demo", "--frames", "1100-1001"], "ends before it starts"),
    (["asset", "create", "sh020"], "--project is required"),
    (["versions", "--project", "demo"], "--asset is required"),
    (["frobnicate"], "invalid choice"),
])
def test_bad_input_is_one_line_exit_2(env, capsys, argv, message):
    capsys.readouterr()
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("avalon-nuke: error: ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_failed_file_placement_leaves_no_orphan_version(env, capsys, monkeypatch):
    renders = frames(env / "scratch", "beauty", range(1, 3))

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("avalon_nuke.publish.rendered_images.place_sequence", broken)
    capsys.readouterr()
    assert main(["publish", str(renders), "--project", "demo", "--asset", "sh010", "--subset", "lightingMain"]) == 1
    assert capsys.readouterr().err == "avalon-nuke: error: disk full\n"
    repo = open_database(Settings.from_env())
    asset = repo.asset("demo", "sh010")
    subset = repo.subset("demo", asset["_id"], "lightingMain")
    assert repo.versions("demo", subset["_id"]) == []
    assert not (env / "projects" / "demo" / "sh010" / "publish" / "render" / "lightingMain" / "v001").exists()


def test_demo_runs_on_a_fresh_machine_without_services(tmp_path):
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-m", "avalon_nuke", "demo"], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "v002 is now approved" in result.stdout
    assert "6/10" in result.stdout and "switched v001 -> v002" in result.stdout
    assert "published compMain v001" in result.stdout and "Queued 0/1 tasks" in result.stdout
    assert not (tmp_path / ".avalon").exists()  # the demo never touches the user's real database


def test_versions_show_the_farm_job_state_and_survive_a_farm_that_is_down(env, capsys):
    renders = frames(env / "projects" / "demo" / "sh010" / "renders", "beauty", range(1001, 1003))
    out = run_json(capsys, ["publish", str(renders), "--project", "demo", "--asset", "sh010",
                            "--subset", "lightingMain"])
    repo = open_database(Settings.from_env())
    from bson import ObjectId

    repo.update_version_data("demo", ObjectId(out["id"]), {"farm": {"backend": "deadline", "url": "http://127.0.0.1:9",
                                                                     "jobId": "0" * 24, "state": "submitted"}})
    (row,) = run_json(capsys, ["versions", "--project", "demo", "--asset", "sh010", "--all"])
    assert row["farmState"] == "farm unreachable"
