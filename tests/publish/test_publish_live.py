"""Publishing from Nuke (the stand-in) through the live host, and pyblish finding the plug-ins."""

from __future__ import annotations

from pathlib import Path

import pytest

from avalon_nuke import nk
from avalon_nuke.deadline.client import DeadlineClient
from avalon_nuke.local_farm.server import LocalFarm
from avalon_nuke.pipeline import protection
from avalon_nuke.pipeline.creator import create_avalon_write
from avalon_nuke.publish.script_publish import publish, publish_plugins
from tests.support.publishing import render_jobs


def test_an_avalon_write_published_from_nuke_renders_from_a_self_contained_copy(nuke, studio, tmp_path):
    from avalon_nuke.hosts.live_nuke import commands
    from avalon_nuke.hosts.live_nuke.script_host import LiveHost

    host = LiveHost()
    read = nuke.nodes.Read(name="Read1", file=str(studio.root / "demo" / "sh010" / "plates" / "p.####.exr"))
    made = create_avalon_write(host, family="render", asset="sh010", subset="compMain", project="demo")
    made.node.setInput(0, read)
    nuke.root()["first_frame"].setValue(1001)
    nuke.root()["last_frame"].setValue(1010)
    studio.work.mkdir(parents=True)
    nuke.scriptSaveAs(str(studio.work / "sh010_v001.nk"))
    nuke.addOnScriptSave(commands.on_script_save)

    with LocalFarm(tmp_path / "farm", port=0, workers=0) as farm:
        client = DeadlineClient(farm.url)
        result = publish(host, studio.repo, studio.settings, client)
        assert result.ok, result.message
        (job,) = render_jobs(client)
    (item,) = result.instances
    assert job["Props"]["PlugInfo"]["WriteNode"] == "AvalonWrite_compMain.Write1"
    copy = nk.load(item.published_copy)
    inner = copy.find("AvalonWrite_compMain.Write1")
    assert inner.knob("file") == str(studio.version_folder("compMain", 1) / "sh010_compMain_v001.####.exr")
    assert [child.cls for child in copy.find("AvalonWrite_compMain").children] == ["Input", "Write", "Output"]
    assert not nuke.root().modified() and protection.is_locked(host)
    with pytest.raises(protection.ScriptLocked):
        nuke.scriptSave()


def test_pyblish_discovers_the_plugins_from_the_registered_folder(pyblish_state):
    import avalon_nuke.publish.plugins as folder

    pyblish_state.register_host("nuke")  # as avalon_nuke.install() does, with this folder
    pyblish_state.register_plugin_path(str(Path(folder.__file__).parent))
    discovered = {plugin.__name__ for plugin in pyblish_state.discover()}
    ours = {plugin.__name__ for plugin in publish_plugins()}
    assert len(ours) == 20 and ours <= discovered




def test_a_pyblish_window_in_nuke_publishes_the_open_script(nuke, pyblish_state, studio, monkeypatch):
    """Plug-ins found through the install, run by plain pyblish: the live host supplies the script."""
    import pyblish.util

    # A pyblish window reads the environment, as Nuke was started with it.
    monkeypatch.setenv("AVALON_DB_PATH", str(studio.settings.db_path))
    monkeypatch.setenv("AVALON_PROJECTS", str(studio.settings.projects_root))
    for name in ("AVALON_MONGO", "AVALON_DEADLINE"):
        monkeypatch.delenv(name, raising=False)

    import avalon_nuke
    from avalon_nuke.hosts.live_nuke.script_host import LiveHost
    from avalon_nuke.publish.shared_data import HOST

    avalon_nuke.install(studio.settings)
    try:
        names = {plugin.__name__ for plugin in pyblish_state.discover()}
        assert "CollectLiveNukeScript" in names and "CollectAvalonSession" in names
        context = pyblish.util.collect()
        assert isinstance(context.data[HOST], LiveHost)
    finally:
        avalon_nuke.uninstall()
