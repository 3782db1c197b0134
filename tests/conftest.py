"""Shared fixtures: the Nuke stand-in (``tests/doubles/nuke_module``).

``import nuke`` works only inside tests that ask for the ``nuke`` fixture: the stand-in is
imported once, then put into ``sys.modules`` for the test and taken out again afterwards,
so product code that looks for a real Nuke elsewhere does not find one. Every use starts
from a fresh Nuke "process" (untitled empty script, no callbacks, menus or dialogs).

GUI mode is the default; ask for terminal mode (``nuke -t``) with the ``nuke_terminal``
fixture or ``@pytest.mark.parametrize("nuke", ["terminal"], indirect=True)``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

STANDIN_DIR = Path(__file__).resolve().parent / "doubles" / "nuke_module"
_STANDIN_MODULES = ("nuke", "nuke_standin_control")


def _is_standin_module(name: str) -> bool:
    return name in _STANDIN_MODULES or name.startswith("nuke.")


@pytest.fixture(scope="session")
def _nuke_standin_modules() -> dict:
    if "nuke" in sys.modules:
        raise RuntimeError("a 'nuke' module is already imported; the stand-in would shadow it")
    sys.path.insert(0, str(STANDIN_DIR))
    try:
        import nuke  # noqa: F401  (the stand-in)
        import nuke_standin_control  # noqa: F401
    finally:
        sys.path.remove(str(STANDIN_DIR))
    modules = {name: module for name, module in sys.modules.items() if _is_standin_module(name)}
    for name in modules:
        del sys.modules[name]
    return modules


def _mode(request: pytest.FixtureRequest) -> str:
    mode = getattr(request, "param", "gui")
    if mode not in ("gui", "terminal"):
        raise ValueError(f"nuke fixture mode must be 'gui' or 'terminal', not {mode!r}")
    return mode


@contextmanager
def _activated(modules: dict, gui: bool) -> Iterator:
    sys.modules.update(modules)
    control = modules["nuke_standin_control"]
    control.reset(gui=gui)
    try:
        yield modules["nuke"]
    finally:
        control.reset(gui=True)  # also takes pluginAddPath's entries off sys.path
        for name in list(sys.modules):
            if _is_standin_module(name):
                del sys.modules[name]


@pytest.fixture
def nuke(request: pytest.FixtureRequest, _nuke_standin_modules: dict):
    """The Nuke stand-in, freshly reset, importable as ``nuke`` for this test."""
    with _activated(_nuke_standin_modules, gui=_mode(request) == "gui") as module:
        yield module


@pytest.fixture
def nuke_terminal(_nuke_standin_modules: dict):
    """The stand-in as under ``nuke -t``: ``nuke.GUI`` is False and there are no menus."""
    with _activated(_nuke_standin_modules, gui=False) as module:
        yield module


@pytest.fixture
def nuke_standin(_nuke_standin_modules: dict):
    """The stand-in's test controls: captured messages, queued ``ask`` answers, renders."""
    return _nuke_standin_modules["nuke_standin_control"]


@pytest.fixture
def pyblish_state():
    """Leave pyblish's global registries as they were."""
    import pyblish.api

    hosts, paths = list(pyblish.api.registered_hosts()), list(pyblish.api.registered_paths())
    yield pyblish.api
    pyblish.api.deregister_all_hosts()
    pyblish.api.deregister_all_paths()
    for host in hosts:
        pyblish.api.register_host(host)
    for path in paths:
        pyblish.api.register_plugin_path(path)


@pytest.fixture
def cli_env(tmp_path, monkeypatch):
    """The ``avalon-nuke`` command on a fresh embedded database with project demo, shot sh010 (1001-1010).

    Every ``AVALON_*`` variable that could point elsewhere (MongoDB, a farm, a context) is cleared.
    Returns the temporary folder holding the database and ``projects/``.
    """
    from avalon_nuke.cli import main

    monkeypatch.setenv("AVALON_DB_PATH", str(tmp_path / "db" / "avalon.db"))
    monkeypatch.setenv("AVALON_PROJECTS", str(tmp_path / "projects"))
    for name in ("AVALON_MONGO", "AVALON_PROJECT", "AVALON_ASSET", "AVALON_DEADLINE", "AVALON_DEADLINE_USER",
                 "AVALON_DEADLINE_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    assert main(["project", "create", "demo"]) == 0
    assert main(["asset", "create", "sh010", "--project", "demo", "--frames", "1001-1010"]) == 0
    return tmp_path


@pytest.fixture(autouse=True)
def _no_real_pipeline(tmp_path_factory, monkeypatch):
    """No test reaches the user's database, a studio's MongoDB or farm, or their shot context.

    Code that falls back to the environment finds a throwaway embedded database instead.
    (The MongoDB contract tests read ``AVALON_MONGO`` when they are collected.)
    """
    monkeypatch.setenv("AVALON_DB_PATH", str(tmp_path_factory.mktemp("default-db") / "avalon.db"))
    for name in ("AVALON_MONGO", "AVALON_DEADLINE", "AVALON_DEADLINE_USER", "AVALON_DEADLINE_PASSWORD",
                 "AVALON_PROJECT", "AVALON_ASSET", "DISPLAY", "WAYLAND_DISPLAY"):  # no window opens by itself
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def studio(tmp_path):
    """A project ``demo`` with shot ``sh010`` on an embedded database, and settings pointing at it."""
    from tests.support.publishing import make_studio

    return make_studio(tmp_path)


@pytest.fixture
def idle_farm(tmp_path):
    """The local farm on loopback with no workers: submitted jobs stay queued."""
    from avalon_nuke.local_farm.server import LocalFarm

    with LocalFarm(tmp_path / "farm", port=0, workers=0) as running:
        yield running


@pytest.fixture
def paris(monkeypatch):
    """The machine's local time is Paris's (dates shown to people are local, JSON stays UTC)."""
    import time

    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
