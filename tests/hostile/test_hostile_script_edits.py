"""Scripts edited by several commands at once, through symlinks, after kills, or not to be edited."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from avalon_nuke import nk
from avalon_nuke.cli import main
from avalon_nuke.hosts.nk_file.script_lock import locked_script, remove_leftover_temporaries

REPO = Path(__file__).resolve().parents[2]
LOAD = ["load", "--project", "demo", "--asset", "sh010", "--subset", "lightingMain", "--policy", "latest"]


@pytest.fixture
def env(cli_env):
    renders = cli_env / "projects" / "demo" / "sh010" / "renders"
    renders.mkdir(parents=True)
    for frame in (1001, 1002):
        (renders / f"beauty.{frame}.exr").write_bytes(b"x")
    assert main(["publish", str(renders), "--project", "demo", "--asset", "sh010", "--subset", "lightingMain"]) == 0
    return cli_env


def reads(path: Path) -> int:
    return sum(1 for node in nk.load(path).nodes() if node.cls == "Read")


def run_cli(*argv: str) -> subprocess.Popen:
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-m", "avalon_nuke", *argv], env=environment, cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_ten_concurrent_loads_into_one_script_keep_all_ten_reads(env):
    comp = env / "comp.nk"
    processes = [run_cli(LOAD[0], str(comp), *LOAD[1:]) for _ in range(10)]
    results = [(process.wait(timeout=120), process.stderr.read()) for process in processes]
    for process in processes:
        process.stdout.close()
        process.stderr.close()
    assert [code for code, _ in results] == [0] * 10, results
    assert reads(comp) == 10


def test_a_symlinked_script_is_edited_at_its_target_and_stays_a_link(env, capsys):
    target = env / "real" / "comp.nk"
    target.parent.mkdir()
    assert main([LOAD[0], str(target), *LOAD[1:]]) == 0
    link = env / "comp_link.nk"
    link.symlink_to(target)
    assert main([LOAD[0], str(link), *LOAD[1:]]) == 0
    assert link.is_symlink() and reads(target) == 2


def test_a_backup_that_is_a_symlink_is_replaced_not_written_through(env):
    comp = env / "comp.nk"
    assert main([LOAD[0], str(comp), *LOAD[1:]]) == 0
    victim = env / "victim.txt"
    victim.write_text("precious")
    (env / "comp.nk.bak").symlink_to(victim)
    before = comp.read_bytes()
    assert main([LOAD[0], str(comp), *LOAD[1:]]) == 0
    assert victim.read_text() == "precious"
    assert not (env / "comp.nk.bak").is_symlink() and (env / "comp.nk.bak").read_bytes() == before


def test_leftover_temporary_files_of_a_killed_write_are_removed_on_the_next_edit(env):
    comp = env / "comp.nk"
    assert main([LOAD[0], str(comp), *LOAD[1:]]) == 0
    leftovers = [env / ".comp.nk.abcd1234.tmp", env / ".comp.nk.bak.x_y_z_09.tmp"]
    for leftover in leftovers:
        leftover.write_bytes(b"half a scri")
    someone_elses = env / ".comp.nk.old.nk.abcd1234.tmp"
    someone_elses.write_bytes(b"")
    assert main([LOAD[0], str(comp), *LOAD[1:]]) == 0
    assert not any(leftover.exists() for leftover in leftovers)
    assert someone_elses.exists()


def test_a_kill_during_the_backup_leaves_the_previous_backup_whole(env, monkeypatch):
    comp = env / "comp.nk"
    assert main([LOAD[0], str(comp), *LOAD[1:]]) == 0
    assert main([LOAD[0], str(comp), *LOAD[1:]]) == 0
    backup = env / "comp.nk.bak"
    previous = backup.read_bytes()
    from avalon_nuke.nk import fileio

    real_fdopen = os.fdopen

    class Dying:
        def __init__(self, handle, mode):
            self._stream = real_fdopen(handle, mode)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self._stream.close()

        def write(self, data):  # the process dies half-way through writing the new backup
            self._stream.write(data[: len(data) // 2])
            raise KeyboardInterrupt

    monkeypatch.setattr(fileio.os, "fdopen", Dying)
    assert main([LOAD[0], str(comp), *LOAD[1:]]) == 130
    monkeypatch.undo()
    assert backup.read_bytes() == previous and backup.stat().st_size > 0
    assert not list(env.glob(".comp.nk*.tmp"))


@pytest.mark.parametrize("command", ["load", "create", "update"])
def test_read_only_scripts_are_refused_and_not_rewritten(env, capsys, command):
    comp = env / "comp.nk"
    assert main([LOAD[0], str(comp), *LOAD[1:]]) == 0
    comp.chmod(stat.S_IRUSR | stat.S_IRGRP)
    before = comp.read_bytes()
    argv = {"load": [LOAD[0], str(comp), *LOAD[1:]],
            "create": ["create", str(comp), "--subset", "compMain", "--asset", "sh010", "--project", "demo"],
            "update": ["update", str(comp)]}[command]
    capsys.readouterr()
    assert main(argv) == 2
    error = capsys.readouterr().err
    assert "read-only" in error and error.count("\n") == 1
    assert comp.read_bytes() == before


@pytest.mark.parametrize("reason", ["published copy", "published as compMain v001"])
def test_published_copies_and_locked_scripts_are_refused(env, capsys, reason):
    comp = env / "comp.nk"
    assert main([LOAD[0], str(comp), *LOAD[1:]]) == 0
    knob = json.dumps(json.dumps({"reason": reason}))  # a Tcl "..." string holding the JSON
    text = comp.read_text().replace("Root {\n", f"Root {{\n avalon_locked {knob}\n", 1)
    comp.write_text(text)
    for argv in ([LOAD[0], str(comp), *LOAD[1:]],
                 ["create", str(comp), "--subset", "compMain", "--asset", "sh010", "--project", "demo"],
                 ["update", str(comp)]):
        capsys.readouterr()
        assert main(argv) == 2
        error = capsys.readouterr().err
        assert ("published copy" in error if reason == "published copy" else "locked" in error)
        assert error.count("\n") == 1
        assert comp.read_text() == text


def test_missing_scripts_and_folders_are_one_line_errors(env, capsys):
    for argv in (["ls", str(env / "absent.nk")], ["update", str(env / "absent.nk")],
                 [LOAD[0], str(env / "no" / "such" / "folder" / "comp.nk"), *LOAD[1:]]):
        capsys.readouterr()
        assert main(argv) == 2
        error = capsys.readouterr().err
        assert error.startswith("avalon-nuke: error: ") and error.count("\n") == 1
        assert ".tmp" not in error and "Errno" not in error


def test_the_edit_lock_is_reentrant_within_one_process(tmp_path):
    script = tmp_path / "a.nk"
    script.write_text("Root {\n}\n")
    with locked_script(script) as outer, locked_script(script, wait_seconds=0.1) as inner:
        assert outer == inner == script.resolve()
    assert remove_leftover_temporaries(script) == []
