"""Values that cannot be right are refused, and bad data never crashes a command (one line, an exit code)."""

from __future__ import annotations

import json
import sqlite3

import pytest
import requests

from avalon_nuke import nk
from avalon_nuke.cli import main
from avalon_nuke.config import Settings
from avalon_nuke.db import open_database
from avalon_nuke.local_farm.server import LocalFarm

LOAD = ["load", "--project", "demo", "--asset", "sh010", "--subset", "lightingMain", "--policy", "latest"]


def one_line_error(capsys, argv: list[str], status: int = 2) -> str:
    capsys.readouterr()
    assert main(argv) == status
    error = capsys.readouterr().err
    assert error.startswith("avalon-nuke: error: ") and error.count("\n") == 1, error
    assert "Traceback" not in error
    return error


@pytest.fixture
def env(cli_env):
    renders = cli_env / "projects" / "demo" / "sh010" / "renders"
    renders.mkdir(parents=True)
    (renders / "beauty.1001.exr").write_bytes(b"x")
    assert main(["publish", str(renders), "--project", "demo", "--asset", "sh010", "--subset", "lightingMain"]) == 0
    return cli_env


@pytest.mark.parametrize("argv", [
    ["asset", "create", "sh020", "--project", "demo", "--fps", "nan"],
    ["asset", "create", "sh020", "--project", "demo", "--fps", "inf"],
    ["asset", "create", "sh020", "--project", "demo", "--fps", "100000"],
    ["asset", "create", "sh020", "--project", "demo", "--frames", "1-99999999999999999999"],
    ["asset", "create", "sh020", "--project", "demo", "--frames", "-99999999-1"],
    ["asset", "create", "sh020", "--project", "demo", "--frames", "١-٩"],
    ["asset", "create", "sh020", "--project", "demo", "--resolution", "999999x1080"],
    ["asset", "create", "sh\n020", "--project", "demo"],
    ["approve", "--project", "demo", "--asset", "sh010", "--subset", "lightingMain", "--version", "²"],
    ["approve", "--project", "demo", "--asset", "sh010", "--subset", "lightingMain", "--version", "١"],
    ["farm", "--port", "99999999999999999999"],
])
def test_values_that_cannot_be_right_are_one_line_errors(env, capsys, argv):
    one_line_error(capsys, argv)
    with open_database(Settings.from_env()) as repo:
        assert [a["name"] for a in repo.assets("demo")] == ["sh010"]


@pytest.mark.parametrize("option", [["--version", "²"], ["--version", "0"], ["--version", "1e3"]])
def test_load_takes_ascii_version_numbers_only(env, capsys, option):
    one_line_error(capsys, [LOAD[0], str(env / "comp.nk"), *LOAD[1:], *option])
    assert not (env / "comp.nk").exists()


@pytest.mark.parametrize(("option", "value"), [("--priority", "101"), ("--priority", "-1"),
                                                ("--chunk-size", "0"), ("--chunk-size", "10000000000"),
                                                ("--pool", "nuke\nPreJobScript=/evil.py"), ("--group", "a b"),
                                                ("--frames", "1-99999999999")])
def test_create_refuses_farm_settings_out_of_bounds_and_writes_nothing(env, capsys, option, value):
    comp = env / "comp.nk"
    assert main([LOAD[0], str(comp), *LOAD[1:]]) == 0
    before = comp.read_bytes()
    one_line_error(capsys, ["create", str(comp), "--subset", "compMain", "--asset", "sh010", "--project", "demo",
                            option, value])
    assert comp.read_bytes() == before


def test_bad_shot_data_in_the_database_is_not_written_into_a_new_script(env, capsys):
    with open_database(Settings.from_env()) as repo:
        asset = repo.asset("demo", "sh010")
        repo._merge_data("demo", asset["_id"], {"fps": float("nan"), "frameEnd": 10**20})
    error = one_line_error(capsys, [LOAD[0], str(env / "comp.nk"), *LOAD[1:]])
    assert "no script written" in error and not (env / "comp.nk").exists()
    capsys.readouterr()
    assert main(["asset", "ls", "--project", "demo", "--json"]) == 0
    out = capsys.readouterr().out
    assert "NaN" not in out and json.loads(out)[0]["fps"] is None


def test_names_with_newlines_are_refused_in_one_line(env, capsys):
    error = one_line_error(capsys, [LOAD[0], str(env / "comp.nk"), "--project", "demo", "--asset", "sh\n010",
                                    "--subset", "lightingMain"])
    assert "\\n" in error
    one_line_error(capsys, ["publish", str(env), "--project", "demo", "--asset", "sh010", "--subset", "a\nb"])
    one_line_error(capsys, ["publish", str(env), "--project", "demo", "--asset", "sh010", "--subset", "ok",
                            "--comment", "first line\nPreJobScript=/tmp/evil.py"])
    one_line_error(capsys, [LOAD[0], str(env / "comp\n.nk"), *LOAD[1:]])
    assert not list(env.glob("comp*"))


@pytest.mark.parametrize("field", [
    {"Frames": "1-10", "Priority": "1000"},
    {"Frames": "99999999999"},
    {"Frames": "1", "ChunkSize": "0"},
    {"Frames": "1", "Comment": "line one\nPreJobScript=/tmp/evil.py"},
    {"Frames": "1", "JobDependencies": ",".join(["65f0c0ffee00112233445566"] * 1001)},
    {"Frames": "1", "JobDependencies": "../../etc/passwd"},
    {"Frames": "1", "MachineLimit": "-1"},
    {"Frames": "1", "MachineLimit": "two"},
])
def test_farm_job_fields_are_bounded(tmp_path, field):
    with LocalFarm(tmp_path / "farm", port=0, workers=0) as farm:
        body = {"JobInfo": {"Plugin": "Nuke", **field}, "PluginInfo": {"SceneFile": "/a.nk"}, "AuxFiles": []}
        answer = requests.post(farm.url + "/api/jobs", json=body, timeout=10)
        assert answer.status_code == 400 and answer.text.startswith("Bad job")
        assert requests.get(farm.url + "/api/jobs", timeout=10).json() == []


# -- bad data ---------------------------------------------------------------------------------------

def test_a_container_knob_with_100000_deep_json_is_reported_not_crashed(env, capsys):
    comp = env / "comp.nk"
    assert main([LOAD[0], str(comp), *LOAD[1:]]) == 0
    script = nk.load(comp)
    node = next(n for n in script.nodes() if n.knob("avalon_container") is not None)
    node.set_knob("avalon_container", "[" * 100_000 + "]" * 100_000)
    nk.dump(script, comp)
    before = comp.read_bytes()
    capsys.readouterr()
    assert main(["ls", str(comp), "--project", "demo"]) == 0
    assert "not JSON" in capsys.readouterr().out
    assert main(["update", str(comp), "--project", "demo", "--dry-run"]) == 0
    assert comp.read_bytes() == before


def test_a_container_inside_1000_nested_groups_is_listed(env, capsys):
    comp = env / "comp.nk"
    assert main([LOAD[0], str(comp), *LOAD[1:]]) == 0
    text = comp.read_text()
    head, rest = text.split("Read {", 1)
    nested = "".join(f"Group {{\n name G{i}\n}}\n" for i in range(1000))
    comp.write_text(head + nested + "Read {" + rest + "end_group\n" * 1000)
    capsys.readouterr()
    assert main(["ls", str(comp), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["node"].startswith("G0.G1.") and rows[0]["node"].endswith(".G999.sh010_lightingMain")


def test_a_container_node_without_a_name_is_listed(env, capsys):
    comp = env / "comp.nk"
    assert main([LOAD[0], str(comp), *LOAD[1:]]) == 0
    comp.write_text("\n".join(line for line in comp.read_text().splitlines()
                              if not line.strip().startswith("name sh010")) + "\n")
    capsys.readouterr()
    assert main(["ls", str(comp)]) == 0
    assert main(["update", str(comp), "--dry-run"]) == 0


@pytest.mark.parametrize("damage", ["garbage file", "truncated", "bad body", "not a document", "wrong table"])
def test_a_corrupted_database_is_a_one_line_error(env, capsys, damage):
    path = Settings.from_env().db_path
    if damage == "garbage file":
        path.write_bytes(b"this is not sqlite" * 100)
    elif damage == "truncated":
        with open(path, "r+b") as stream:
            stream.truncate(3000)
    else:
        with sqlite3.connect(path) as db:
            if damage == "bad body":
                db.execute("UPDATE documents SET body='{not json' WHERE type='project'")
            elif damage == "not a document":
                db.execute("UPDATE documents SET body='[1, 2]' WHERE type='project'")
            else:
                db.execute("DROP TABLE documents")
                db.execute("CREATE TABLE documents (x)")
    for wal in path.parent.glob(path.name + "-*"):
        wal.unlink()
    one_line_error(capsys, ["project", "ls"], status=1)
