"""Reviewing from the command line: states, the approval guard, rejection, dates, tables, inference."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from avalon_nuke.cli import build_parser, main


@pytest.fixture
def env(cli_env):
    return cli_env


def frames(folder: Path, numbers) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in numbers:
        (folder / f"beauty.{n:04d}.exr").write_bytes(b"x")
    return folder


def publish(env, name: str, numbers, *extra: str) -> None:
    renders = frames(env / "projects" / "demo" / "sh010" / "renders" / name, numbers)
    assert main(["publish", str(renders), "--project", "demo", "--asset", "sh010", "--subset", "lightingMain",
                 "--frames", "1001-1010", *extra]) == 0


def run(capsys, argv) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(argv)
    out = capsys.readouterr()
    return status, out.out, out.err


def run_json(capsys, argv):
    status, out, err = run(capsys, [*argv, "--json"])
    assert status == 0, err
    return json.loads(out)


SHOT = ["--project", "demo", "--asset", "sh010"]


def test_approving_a_partial_render_is_refused_unless_forced_and_the_count_stays(env, capsys):
    publish(env, "pass1", range(1001, 1007))
    status, _out, err = run(capsys, ["approve", *SHOT, "--subset", "lightingMain", "--version", "1"])
    assert status == 2
    assert err == ("avalon-nuke: error: lightingMain v001 has 6 of 10 frames on disk (missing 1007-1010): "
                   "not approved (pass --force to approve it anyway)\n")
    (row,) = run_json(capsys, ["versions", *SHOT, "--all"])
    assert row["approved"] is False
    status, out, _err = run(capsys, ["approve", *SHOT, "--subset", "lightingMain", "--version", "1", "--force"])
    assert status == 0 and "is now approved by" in out and "(6/10 frames on disk)" in out
    (row,) = run_json(capsys, ["versions", *SHOT])
    assert (row["state"], row["framesOnDisk"], row["framesExpected"]) == ("approved", 6, 10)


def test_a_complete_render_is_approved_without_force(env, capsys):
    publish(env, "pass1", range(1001, 1011))
    out = run_json(capsys, ["approve", *SHOT, "--subset", "lightingMain", "--version", "latest"])
    assert out["approved"] is True and out["framesOnDisk"] == 10


def test_versions_table_has_a_header_aligned_columns_and_states_apart(env, capsys):
    publish(env, "pass1", range(1001, 1011), "--approve")
    publish(env, "pass2", range(1001, 1011))
    publish(env, "pass3", range(1001, 1004))
    publish(env, "pass4", range(1001, 1011))
    assert main(["reject", *SHOT, "--subset", "lightingMain", "--version", "4"]) == 0
    status, out, _err = run(capsys, ["versions", *SHOT, "--all"])
    lines = out.splitlines()
    assert lines[0].split() == ["ASSET", "SUBSET", "VERSION", "STATE", "FRAMES", "FARM", "JOB", "AUTHOR",
                                "PUBLISHED", "REVIEW", "COMMENT"]
    state_at = lines[0].index("STATE")
    states = {line.split()[2]: line[state_at:].split("  ")[0] for line in lines[1:]}
    assert states["v004"].startswith("rejected by")
    assert states["v003"] == "rendering 3/10"
    assert states["v002"] == "complete, awaiting approval"
    assert states["v001"].startswith("approved by")
    assert all(line[:state_at].split()[0] == "sh010" for line in lines[1:])  # the asset column
    status, out, _err = run(capsys, ["versions", *SHOT])
    assert "2 work in progress, 1 rejected hidden: add --all" in out


def test_rejected_versions_are_followed_by_no_policy_and_undo_brings_them_back(env, capsys):
    publish(env, "pass1", range(1001, 1011), "--approve")
    publish(env, "pass2", range(1001, 1011), "--approve")
    comp = env / "comp.nk"
    assert main(["load", str(comp), *SHOT, "--subset", "lightingMain", "--policy", "latest"]) == 0
    assert main(["reject", *SHOT, "--subset", "lightingMain", "--version", "2"]) == 0
    rows = run_json(capsys, ["versions", *SHOT])
    assert [r["version"] for r in rows] == [1]
    (container,) = run_json(capsys, ["ls", str(comp)])
    assert container["version"] == 2 and container["target"] == 1     # goes back: v002 was rejected
    fresh = env / "fresh.nk"
    loaded = run_json(capsys, ["load", str(fresh), *SHOT, "--subset", "lightingMain", "--policy", "latest"])
    assert loaded["version"] == 1                                      # never starts on a rejected one
    out = run_json(capsys, ["reject", *SHOT, "--subset", "lightingMain", "--version", "2", "--undo"])
    assert out["rejected"] is False and out["approved"] is False


def test_people_read_local_times_and_json_keeps_iso_utc(env, capsys, paris):
    publish(env, "pass1", range(1001, 1011), "--approve")
    (row,) = run_json(capsys, ["versions", *SHOT])
    assert row["time"].endswith("Z") and "T" in row["time"] and len(row["time"]) == 20
    from datetime import datetime, timezone

    expected = datetime.strptime(row["time"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    status, out, _err = run(capsys, ["versions", *SHOT])
    assert expected.astimezone().strftime("%Y-%m-%d %H:%M") in out


def test_a_wrong_version_number_names_the_subset_and_its_versions(env, capsys):
    publish(env, "pass1", range(1001, 1011))
    publish(env, "pass2", range(1001, 1011))
    status, _out, err = run(capsys, ["approve", *SHOT, "--subset", "lightingMain", "--version", "7"])
    assert status == 2 and "lightingMain of sh010 has no version 7 (it has v001-v002)" in err


def test_near_misses_get_did_you_mean(env, capsys):
    publish(env, "pass1", range(1001, 1011))
    status, _out, err = run(capsys, ["versions", "--project", "demo", "--asset", "sh01"])
    assert status == 2 and "did you mean 'sh010'?" in err
    status, _out, err = run(capsys, ["versions", *SHOT, "--subset", "lightingMian"])
    assert status == 2 and "did you mean 'lightingMain'?" in err
    status, _out, err = run(capsys, ["versions", "--project", "dmeo", "--asset", "sh010"])
    assert status == 2 and "did you mean 'demo'?" in err


def test_load_create_and_ls_take_project_and_asset_from_the_script(env, capsys):
    publish(env, "pass1", range(1001, 1011), "--approve")
    work = env / "projects" / "demo" / "sh010" / "work" / "nuke"
    work.mkdir(parents=True)
    comp = work / "sh010_v001.nk"
    loaded = run_json(capsys, ["load", str(comp), "--subset", "lightingMain"])   # from the path
    assert loaded["asset"] == "sh010"
    made = run_json(capsys, ["create", str(comp), "--subset", "compMain"])      # from the Root knobs
    assert made["asset"] == "sh010"
    moved = env / "elsewhere.nk"
    comp.rename(moved)
    (row,) = run_json(capsys, ["ls", str(moved)])                                # from the nodes
    assert (row["asset"], row["subset"], row["version"]) == ("sh010", "lightingMain", 1)


def test_load_and_update_on_a_locked_script_refuse_with_the_lock_message(env, capsys):
    publish(env, "pass1", range(1001, 1011), "--approve")
    comp = env / "comp.nk"
    assert main(["load", str(comp), *SHOT, "--subset", "lightingMain"]) == 0
    text = comp.read_text().replace(" name ", ' avalon_locked "\\{\\"reason\\": \\"published\\"\\}"\n name ', 1)
    comp.write_text(text)
    before = comp.read_text()
    for argv in (["load", str(comp), *SHOT, "--subset", "lightingMain"], ["update", str(comp)]):
        status, _out, err = run(capsys, argv)
        assert status == 2 and "this script is locked" in err and "Version up" in err, err
    assert comp.read_text() == before


def test_every_option_has_help_and_commands_are_in_workflow_order():
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command")
    assert list(commands.choices) == ["project", "asset", "publish", "versions", "approve", "reject", "rerender", "load",
                                      "ls", "update", "create", "submit", "farm", "demo", "nuke-path"]

    def parsers(p):
        yield p
        for action in p._actions:
            for child in (getattr(action, "choices", None) or {}).values() if action.dest in (
                    "command", "action") else ():
                yield from parsers(child)

    missing = [f"{p.prog} {a.option_strings or a.dest}" for p in parsers(parser) for a in p._actions
               if a.dest not in ("help", "command", "action") and not a.help]
    assert missing == []


def test_empty_listings_say_so(env, capsys):
    assert run(capsys, ["versions", *SHOT])[1] == "no versions of sh010 yet (publish one with 'avalon-nuke publish')\n"
    assert main(["asset", "create", "sh020", "--project", "demo"]) == 0
    assert main(["project", "create", "empty"]) == 0
    assert "no assets in empty yet" in run(capsys, ["asset", "ls", "--project", "empty"])[1]


def test_read_only_commands_do_not_create_the_embedded_database(tmp_path, monkeypatch, capsys):
    missing = tmp_path / "nowhere" / "avalon.db"
    monkeypatch.setenv("AVALON_DB_PATH", str(missing))
    for argv in (["project", "ls"], ["asset", "ls", "--project", "demo"],
                 ["versions", "--project", "demo", "--asset", "sh010"]):
        status, _out, err = run(capsys, argv)
        assert status == 2 and f"no embedded database at {missing}" in err
    assert not missing.exists() and not missing.parent.exists()


def test_approving_while_the_farm_job_still_renders_is_refused(env, capsys, idle_farm):
    from bson import ObjectId

    from avalon_nuke.config import Settings
    from avalon_nuke.db import open_database
    from avalon_nuke.deadline.client import DeadlineClient
    from avalon_nuke.deadline.jobs import nuke_job

    publish(env, "pass1", range(1001, 1011))                  # every frame there, but the job is queued
    job_info, plugin_info = nuke_job(
        name="sh010 lighting", batch_name="sh010", user="lena", comment="", frames="1001-1010", chunk_size=10,
        priority=50, pool="none", group="none", scene_file=str(env / "light.nk"), write_node="Write1",
        nuke_version="15.1", output_directory=str(env), output_filename="beauty.####.exr", environment={},
        extra_info={})
    job_id = DeadlineClient(idle_farm.url).submit(job_info, plugin_info)["_id"]
    (row,) = run_json(capsys, ["versions", *SHOT, "--all"])
    with open_database(Settings.from_env()) as repo:
        repo.update_version_data("demo", ObjectId(row["id"]),
                                 {"farm": {"backend": "deadline", "url": idle_farm.url, "jobId": job_id}})
    status, _out, err = run(capsys, ["approve", *SHOT, "--subset", "lightingMain", "--version", "1"])
    assert status == 2 and "lightingMain v001's farm job is Queued 0/1 tasks" in err and "--force" in err
    (row,) = run_json(capsys, ["versions", *SHOT, "--all"])
    assert row["state"] == "rendering" and row["farmState"].startswith("Queued")


def test_publish_takes_project_and_asset_from_the_folder_under_the_projects_root(env, capsys):
    renders = frames(env / "projects" / "demo" / "sh010" / "renders" / "pass1", range(1001, 1003))
    out = run_json(capsys, ["publish", str(renders), "--subset", "lightingMain"])
    assert out["version"] == 1
    status, _out, err = run(capsys, ["publish", str(frames(env / "elsewhere", [1])), "--subset", "x"])
    assert status == 2 and "--project is required" in err
