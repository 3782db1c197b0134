"""A wheel install (not editable) gives Nuke everything: start-up files, menu, gizmo.

The wheel is built from a copy of this checkout and installed, without its dependencies, into
a throwaway venv that sees the dependencies already installed here (no network). The Nuke
stand-in then starts from the ``NUKE_PATH`` the installed ``avalon-nuke nuke-path`` prints.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NUKE_STARTUP = REPO / "tests" / "doubles" / "nuke_startup.py"
NOT_PACKAGED = ("tests", "benchmarks", "docs", ".git", "build", "dist", "*.egg-info", "__pycache__",
                ".*_cache", ".hypothesis", ".venv")

pytestmark = pytest.mark.packaging


def _run(*command: str | Path, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run([str(part) for part in command], capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result


def _clean_env(**extra: str) -> dict[str, str]:
    """No PYTHONPATH: the venv must import the installed wheel, not this checkout."""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "NUKE_PATH")}
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def wheel_venv(tmp_path_factory) -> Path:
    """A venv holding only the avalon-nuke wheel; the dependencies come from this interpreter's site."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(*NOT_PACKAGED))
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "--quiet", "--wheel-dir", work / "dist", source, env=_clean_env())
    (wheel,) = (work / "dist").glob("avalon_nuke-*.whl")
    venv = work / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
         "--quiet", wheel, env=_clean_env())
    purelib = _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip()
    dependencies = [*site.getsitepackages(), sysconfig.get_paths()["purelib"]]
    # A .pth line appends the folder after the venv's own: the wheel's copy wins.
    Path(purelib, "zz_test_dependencies.pth").write_text("\n".join(dict.fromkeys(dependencies)) + "\n")
    return venv


def _bin(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / name


def _start_nuke(venv: Path, nuke_path: str, *args: str) -> dict:
    result = _run(_bin(venv, "python"), NUKE_STARTUP, *args, cwd=venv.parent,
                  env=_clean_env(NUKE_PATH=nuke_path, AVALON_PROJECT="demo", AVALON_ASSET="sh010"))
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_nuke_path_of_a_wheel_install_is_its_installed_copy_of_the_startup_files(wheel_venv):
    printed = _run(_bin(wheel_venv, "avalon-nuke"), "nuke-path", cwd=wheel_venv.parent,
                   env=_clean_env()).stdout.strip()
    folder = Path(printed)
    assert folder.is_relative_to(wheel_venv)
    assert (folder / "init.py").read_text() == (REPO / "init.py").read_text()
    assert (folder / "menu.py").read_text() == (REPO / "menu.py").read_text()
    assert (folder / "gizmos" / "AvalonWrite.gizmo").is_file()


def test_nuke_started_from_a_wheel_install_has_the_host_the_menu_and_the_gizmo(wheel_venv):
    nuke_path = _run(_bin(wheel_venv, "avalon-nuke"), "nuke-path", env=_clean_env()).stdout.strip()
    started = _start_nuke(wheel_venv, nuke_path)
    assert Path(started["avalon_nuke"]).is_relative_to(wheel_venv)
    assert Path(started["nuke_menu"]).is_relative_to(wheel_venv)
    assert started["installed"] is True
    assert "Load..." in started["menu"] and "Context: demo | sh010" in started["menu"]
    assert started["gizmo"] and Path(started["gizmo"]).is_relative_to(wheel_venv)


def test_a_terminal_session_from_a_wheel_install_has_the_host_and_no_menu(wheel_venv):
    nuke_path = _run(_bin(wheel_venv, "avalon-nuke"), "nuke-path", env=_clean_env()).stdout.strip()
    started = _start_nuke(wheel_venv, nuke_path, "--terminal")
    assert started["installed"] is True and started["menu"] is None
    assert started["gizmo"] is not None
