"""Headless containers from the command line: load, ls, update on .nk files."""

from __future__ import annotations

import json

import pytest

from avalon_nuke.cli import main
from avalon_nuke.config import Settings
from avalon_nuke.db import open_database


@pytest.fixture
def env(cli_env):
    return cli_env


def publish(env, approve=False):
    existing = list((env / "projects" / "demo" / "sh010").glob("renders_*"))
    renders = env / "projects" / "demo" / "sh010" / f"renders_{len(existing) + 1}"
    renders.mkdir(parents=True, exist_ok=True)
    for frame in (1001, 1002, 1003):
        (renders / f"beauty.{frame}.exr").write_bytes(b"x")
    args = ["publish", str(renders), "--project", "demo", "--asset", "sh010", "--subset", "lightingMain"]
    assert main(args + (["--approve"] if approve else [])) == 0


def out_json(capsys, argv):
    capsys.readouterr()
    status = main([*argv, "--json"])
    return status, json.loads(capsys.readouterr().out)


def test_load_ls_update_round_trip(env, capsys):
    publish(env, approve=True)
    comp = env / "comp.nk"
    status, loaded = out_json(capsys, ["load", str(comp), "--project", "demo", "--asset", "sh010",
                                       "--subset", "lightingMain"])
    assert status == 0 and loaded["version"] == 1 and loaded["state"] == "approved"
    status, rows = out_json(capsys, ["ls", str(comp)])            # project read from the container
    assert [(r["node"], r["version"], r["target"], r["state"]) for r in rows] == \
        [("sh010_lightingMain", 1, 1, "approved")]
    publish(env)                                                   # WIP v2: nothing to do
    capsys.readouterr()
    assert main(["update", str(comp)]) == 0
    assert "nothing to do" in capsys.readouterr().out
    publish(env, approve=True)                                     # approved v3
    text_before = comp.read_text()
    status, result = out_json(capsys, ["update", str(comp), "--dry-run"])
    assert result["changed"] and not result["written"] and comp.read_text() == text_before
    capsys.readouterr()
    assert main(["update", str(comp)]) == 0
    assert "switched v001 -> v003" in capsys.readouterr().out
    assert (env / "comp.nk.bak").read_text() == text_before
    changed = [a for a, b in zip(text_before.splitlines(), comp.read_text().splitlines(), strict=True) if a != b]
    assert {line.split()[0] for line in changed} == {"file", "avalon_container", "avalon_status"}


def test_loading_wip_needs_a_version_or_the_latest_policy(env, capsys):
    publish(env)
    comp = env / "comp.nk"
    capsys.readouterr()
    assert main(["load", str(comp), "--project", "demo", "--asset", "sh010", "--subset", "lightingMain"]) == 2
    assert "no approved versions yet" in capsys.readouterr().err
    assert not comp.exists()
    status, loaded = out_json(capsys, ["load", str(comp), "--project", "demo", "--asset", "sh010",
                                       "--subset", "lightingMain", "--policy", "latest"])
    assert status == 0 and loaded["state"] == "wip" and loaded["policy"] == "latest"


def test_scripts_without_containers_and_unreadable_scripts(env, capsys):
    plain = env / "plain.nk"
    plain.write_text("Root {\n inputs 0\n}\nBlur {\n size 3\n}\n")
    capsys.readouterr()
    assert main(["update", str(plain)]) == 0
    assert "nothing to do: no Avalon containers" in capsys.readouterr().out
    broken = env / "broken.nk"
    broken.write_text("Blur {\n size {3\n")
    assert main(["ls", str(broken)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("avalon-nuke: error: ") and "broken.nk" in err and err.count("\n") == 1
    assert main(["ls", str(env / "absent.nk")]) == 2
    assert "no such script: " in capsys.readouterr().err


def test_containers_of_another_project_are_reported_missing(env, capsys):
    publish(env, approve=True)
    comp = env / "comp.nk"
    assert main(["load", str(comp), "--project", "demo", "--asset", "sh010", "--subset", "lightingMain"]) == 0
    repo = open_database(Settings.from_env())
    repo.create_project("other", root=str(env))
    repo.close()
    status, rows = out_json(capsys, ["ls", str(comp), "--project", "other"])
    assert status == 0 and rows[0]["state"] == "missing" and "belongs to project 'demo'" in rows[0]["reason"]
