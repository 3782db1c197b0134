"""Installing avalon-nuke into Nuke (the stand-in): host, callbacks, menu, context commands."""

from __future__ import annotations

import logging
import runpy
import subprocess
import sys
import types
from pathlib import Path

import pytest

from avalon_nuke.config import Settings
from avalon_nuke.errors import DatabaseError, InputError, NotFoundError

REPO = Path(__file__).resolve().parents[2]
SETTINGS = Settings(project="demo", asset="sh010")


@pytest.fixture
def avalon(nuke, pyblish_state):
    import avalon_nuke

    yield avalon_nuke
    avalon_nuke.uninstall()


def _fake_module(monkeypatch, dotted: str, **functions) -> types.ModuleType:
    module = types.ModuleType(dotted)
    for name, function in functions.items():
        setattr(module, name, function)
    monkeypatch.setitem(sys.modules, dotted, module)
    return module


def _avalon_menu(nuke_standin):
    return nuke_standin.menu_bar("Nuke").findItem("Avalon")


def _state(nuke, nuke_standin, pyblish):
    menu = _avalon_menu(nuke_standin)
    return (nuke_standin.callback_count(), nuke.pluginPath(), list(pyblish.registered_hosts()),
            list(pyblish.registered_paths()), [i.name() for i in menu.items()] if menu else None)


class FakeRepository:
    def __init__(self, assets: dict):
        self.assets = assets

    def asset(self, project: str, name: str) -> dict:
        if (project, name) not in self.assets:
            raise NotFoundError(f"no asset '{name}' in project '{project}'")
        return self.assets[(project, name)]


# -- install / uninstall -----------------------------------------------------------------
def test_install_wires_every_menu_entry_to_its_function(avalon, nuke, nuke_standin, monkeypatch):
    from nuke_menu.table import CONTEXT_LABEL, ENTRIES, SEPARATOR

    calls = []
    fakes: dict[str, types.ModuleType] = {}
    for entry in ENTRIES:
        if entry.target:
            module, _, function = entry.target.rpartition(".")
            fake = fakes.get(module) or _fake_module(monkeypatch, module)
            fakes[module] = fake
            setattr(fake, function, lambda settings, _label=entry.label: calls.append((_label, settings)))

    avalon.install(SETTINGS)

    menu = nuke.menu("Nuke").findItem("Avalon")
    items = menu.items()
    assert len(items) == len(ENTRIES)
    for entry, item in zip(ENTRIES, items, strict=True):
        if entry is SEPARATOR:
            assert item.name() == ""
        elif entry is CONTEXT_LABEL:
            assert item.name() == "Context: demo | sh010"
            assert nuke_standin.item_enabled(item) is False
        else:
            assert item.name() == entry.label
            assert item.shortcut() == entry.shortcut
            item.invoke()
    assert calls == [(e.label, SETTINGS) for e in ENTRIES if e.target]
    assert nuke_standin.messages() == []


def test_a_second_install_adds_nothing(avalon, nuke, nuke_standin, pyblish_state):
    avalon.install(SETTINGS)
    once = _state(nuke, nuke_standin, pyblish_state)
    avalon.install(SETTINGS)
    avalon.install(Settings(project="other", asset="sh020"))
    again = _state(nuke, nuke_standin, pyblish_state)
    assert again[:4] == once[:4]
    assert len(again[4]) == len(once[4])
    # onScriptLoad and onScriptSave, the menu's refresh of open windows, and the approval
    # watcher's start (script load, Read created) and stop (script close)
    assert once[0] == 6
    assert "Context: other | sh020" in again[4]


def test_uninstall_removes_everything_it_added(avalon, nuke, nuke_standin, pyblish_state):
    from avalon_nuke.hosts.live_nuke import install as host

    hosts_before = list(pyblish_state.registered_hosts())
    paths_before = list(pyblish_state.registered_paths())
    avalon.install(SETTINGS)
    assert host.is_installed()
    avalon.uninstall()
    assert nuke_standin.callback_count() == 0
    assert _avalon_menu(nuke_standin) is None
    assert nuke.menu("Nuke").findItem("File") is not None
    assert list(pyblish_state.registered_hosts()) == [h for h in hosts_before if h != "nuke"]
    assert list(pyblish_state.registered_paths()) == paths_before
    assert not host.is_installed()


def test_install_registers_the_host_plugins_and_gizmos(avalon, nuke, pyblish_state):
    from avalon_nuke.hosts.live_nuke import install as host

    avalon.install(SETTINGS)
    assert "nuke" in pyblish_state.registered_hosts()
    assert str(host.PUBLISH_PLUGINS) in pyblish_state.registered_paths()
    assert host.PUBLISH_PLUGINS.is_dir()
    assert nuke.pluginPath()[0] == str(REPO / "gizmos")


def test_terminal_sessions_get_callbacks_but_no_menu(nuke_terminal, nuke_standin, pyblish_state):
    import avalon_nuke

    try:
        avalon_nuke.install(SETTINGS)
        assert _avalon_menu(nuke_standin) is None
        assert nuke_standin.callback_count() == 2
        avalon_nuke.uninstall()
        assert nuke_standin.callback_count() == 0
    finally:
        avalon_nuke.uninstall()


def test_startup_files_split_the_work_between_init_and_menu(nuke, nuke_standin, pyblish_state, monkeypatch):
    monkeypatch.setenv("AVALON_PROJECT", "demo")
    monkeypatch.setenv("AVALON_ASSET", "sh010")
    try:
        nuke_standin.reset(gui=False)
        runpy.run_path(str(REPO / "init.py"))
        runpy.run_path(str(REPO / "menu.py"))
        assert nuke_standin.callback_count() == 2 and _avalon_menu(nuke_standin) is None
        nuke_standin.reset(gui=True)
        runpy.run_path(str(REPO / "init.py"))
        runpy.run_path(str(REPO / "menu.py"))
        runpy.run_path(str(REPO / "menu.py"))
        # the menu adds the refresh of open windows and the approval watcher's three callbacks
        assert nuke_standin.callback_count() == 6
        labels = [i.name() for i in _avalon_menu(nuke_standin).items()]
        assert labels.count("Load...") == 1 and "Context: demo | sh010" in labels
    finally:
        import avalon_nuke

        avalon_nuke.uninstall()


def test_importing_the_package_does_nothing():
    code = ("import sys, avalon_nuke, nuke_menu, nuke_menu.table\n"
            "loaded = {'nuke', 'pyblish', 'pymongo', 'avalon_nuke.db', 'avalon_nuke.hosts.live_nuke.install'}\n"
            "print(sorted(loaded & set(sys.modules)))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


# -- clicking menu entries --------------------------------------------------------------
def test_a_missing_tool_is_one_line_not_a_traceback(avalon, nuke, nuke_standin, monkeypatch):
    monkeypatch.setitem(sys.modules, "avalon_nuke.tools", None)  # as if not installed
    monkeypatch.setitem(sys.modules, "avalon_nuke.tools.loader", None)
    avalon.install(SETTINGS)
    nuke.menu("Nuke").findItem("Avalon/Load...").invoke()
    assert nuke_standin.messages() == [
        "Avalon: Load is not available: avalon_nuke.tools.loader is not installed yet"]


def test_pipeline_errors_and_bugs_become_one_line(avalon, nuke, nuke_standin, monkeypatch, caplog):
    def refuses(settings):
        raise DatabaseError("cannot reach mongodb://artist:secret@db:27017")

    def breaks(settings):
        raise KeyError("frames\nmore detail")

    _fake_module(monkeypatch, "avalon_nuke.hosts.live_nuke.commands", lock=refuses, unlock=breaks)
    avalon.install(SETTINGS)
    nuke.menu("Nuke").findItem("Avalon/Lock script").invoke()
    with caplog.at_level(logging.ERROR):
        nuke.menu("Nuke").findItem("Avalon/Unlock script").invoke()
    locked, unlocked = nuke_standin.messages()
    assert locked == "Avalon: Lock script failed: cannot reach mongodb://artist:***@db:27017"
    assert unlocked.startswith("Avalon: Unlock script failed: 'frames") and "\n" not in unlocked
    assert "Traceback" in caplog.text or any(r.exc_info for r in caplog.records)


def test_set_frame_range_without_a_context_says_what_to_set(avalon, nuke, nuke_standin):
    avalon.install(Settings())
    nuke.menu("Nuke").findItem("Avalon/Set frame range").invoke()
    assert nuke_standin.messages() == [
        "Avalon: Set frame range failed: no Avalon context: set AVALON_PROJECT and AVALON_ASSET "
        "before starting Nuke"]
    assert nuke.menu("Nuke").findItem("Avalon").items()[-1].name() == \
        "Context: none (set AVALON_PROJECT and AVALON_ASSET)"


# -- frame range and resolution -----------------------------------------------------------
ASSET = {"type": "asset", "name": "sh010", "data": {
    "frameStart": 1001, "frameEnd": 1096, "fps": 25, "resolutionWidth": 2048,
    "resolutionHeight": 858, "pixelAspect": 1.0}}


def test_set_frame_range_changes_the_root(nuke):
    from avalon_nuke.hosts.live_nuke import context

    context.set_frame_range(SETTINGS, FakeRepository({("demo", "sh010"): ASSET}))
    root = nuke.root()
    assert (root["first_frame"].value(), root["last_frame"].value(), root["fps"].value()) == (1001, 1096, 25.0)
    assert root.modified()


def test_set_resolution_adds_a_named_format_or_reuses_a_matching_one(nuke):
    from avalon_nuke.hosts.live_nuke import context

    context.set_resolution(SETTINGS, FakeRepository({("demo", "sh010"): ASSET}))
    fmt = nuke.root()["format"].value()
    assert (fmt.width(), fmt.height(), fmt.pixelAspect(), fmt.name()) == (2048, 858, 1.0, "sh010_2048x858")
    hd = {"data": {"resolutionWidth": 1920, "resolutionHeight": 1080}}
    context.set_resolution(SETTINGS, FakeRepository({("demo", "sh010"): hd}))
    assert nuke.root()["format"].value().name() == "HD_1080"
    count = len(nuke.formats())
    context.set_resolution(SETTINGS, FakeRepository({("demo", "sh010"): ASSET}))
    assert len(nuke.formats()) == count


def test_context_commands_refuse_incomplete_asset_data(nuke):
    from avalon_nuke.hosts.live_nuke import context

    no_range = FakeRepository({("demo", "sh010"): {"data": {"frameStart": 1001}}})
    with pytest.raises(InputError, match="frameEnd"):
        context.set_frame_range(SETTINGS, no_range)
    with pytest.raises(NotFoundError):
        context.set_resolution(Settings(project="demo", asset="nope"), no_range)
    assert nuke.root()["first_frame"].value() == 1


def test_the_menu_command_opens_the_database_lazily(avalon, nuke, nuke_standin, monkeypatch, tmp_path):
    from avalon_nuke.db import open_database

    settings = Settings(db_path=tmp_path / "avalon.db", project="demo", asset="sh010")
    with open_database(settings) as repo:
        repo.create_project("demo", root=str(tmp_path / "projects"))
        repo.create_asset("demo", "sh010", ASSET["data"])
    avalon.install(settings)
    nuke.menu("Nuke").findItem("Avalon/Set frame range").invoke()
    assert nuke_standin.messages() == []
    assert nuke.root()["last_frame"].value() == 1096


# -- script callbacks ---------------------------------------------------------------------
def test_script_load_and_save_hand_over_to_the_pipeline(avalon, nuke, nuke_standin, monkeypatch, tmp_path):
    seen = []
    _fake_module(monkeypatch, "avalon_nuke.hosts.live_nuke.commands",
                 on_script_load=lambda settings: seen.append(("load", nuke.scriptName(), settings)),
                 on_script_save=lambda settings: seen.append(("save", settings)))
    avalon.install(SETTINGS)
    path = str(tmp_path / "a.nk")
    nuke.scriptSaveAs(path)
    nuke.scriptClear()
    nuke.scriptOpen(path)
    assert seen == [("save", SETTINGS), ("load", path, SETTINGS)]


def test_a_failing_load_hook_does_not_stop_the_script_opening(avalon, nuke, nuke_standin, monkeypatch,
                                                              tmp_path):
    def fails(settings):
        raise DatabaseError("database is down")

    _fake_module(monkeypatch, "avalon_nuke.hosts.live_nuke.commands", on_script_load=fails,
                 on_script_save=lambda settings: None)
    avalon.install(SETTINGS)
    path = str(tmp_path / "a.nk")
    nuke.nodes.Read()
    nuke.scriptSaveAs(path)
    nuke.scriptClear()
    nuke.scriptOpen(path)
    assert nuke.toNode("Read1") is not None
    assert nuke_standin.messages() == ["Avalon: resolving loaded versions failed: database is down"]


def test_only_an_interactive_session_resolves_containers_on_load(nuke, nuke_standin, pyblish_state, monkeypatch,
                                                                 tmp_path):
    import avalon_nuke

    seen = []
    _fake_module(monkeypatch, "avalon_nuke.hosts.live_nuke.commands",
                 on_script_load=lambda settings: seen.append(settings))
    monkeypatch.delenv("AVALON_PUBLISHED_RENDER", raising=False)
    path = str(tmp_path / "a.nk")
    nuke.scriptSaveAs(path)
    sessions = {"nuke -x": (False, ["Nuke15.1", "-F", "1-10", "-X", "Write1", "-x", path]),
                "nuke -t (Deadline batch mode)": (False, ["Nuke15.1", "-V", "2", "-t", path]),
                "GUI": (True, ["Nuke15.1", path])}
    resolved = {}
    for label, (gui, raw_args) in sessions.items():
        nuke_standin.reset(gui=gui, raw_args=raw_args)
        try:
            avalon_nuke.install(SETTINGS)
            nuke.scriptOpen(path)
        finally:
            avalon_nuke.uninstall()
        resolved[label], seen[:] = list(seen), []
    assert resolved == {"nuke -x": [], "nuke -t (Deadline batch mode)": [], "GUI": [SETTINGS]}


def test_opening_a_script_without_containers_never_touches_the_database(nuke, nuke_standin, pyblish_state,
                                                                       tmp_path):
    import avalon_nuke

    settings = Settings(db_path=tmp_path / "avalon.db", project="demo", asset="sh010")
    path = str(tmp_path / "plain.nk")
    nuke.nodes.Read()
    nuke.scriptSaveAs(path)
    nuke.scriptClear()
    avalon_nuke.install(settings)
    try:
        nuke.scriptOpen(path)
    finally:
        avalon_nuke.uninstall()
    assert nuke_standin.messages() == []
    assert not settings.db_path.exists()


def test_a_gizmo_folder_nuke_lists_written_another_way_is_not_added_again(avalon, nuke):
    """Nuke hands paths back as written (Windows: forward or back slashes, a trailing one)."""
    nuke.pluginAddPath(str(REPO / "gizmos" / ".") + "/", addToSysPath=False)
    avalon.install(SETTINGS)
    avalon.install(SETTINGS)
    assert len(nuke.pluginPath()) == 1


def test_the_menu_is_rebuilt_without_removing_what_is_not_there(avalon, nuke, nuke_standin):
    """``removeItem`` of a missing item is undocumented (the stand-in raises): install asks findItem."""
    import nuke_menu

    assert nuke.menu("Nuke").findItem("Avalon") is None
    nuke_menu.build(SETTINGS)
    nuke_menu.build(SETTINGS)
    assert [i.name() for i in nuke.menu("Nuke").items()].count("Avalon") == 1
    nuke_menu.remove()
    nuke_menu.remove()
    assert nuke.menu("Nuke").findItem("Avalon") is None
