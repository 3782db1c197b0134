"""Script protection: a published script is locked, saving it is refused, Version up moves on."""

from __future__ import annotations

import pytest

from avalon_nuke import nk
from avalon_nuke.errors import InputError
from avalon_nuke.hosts.nk_file import NkFileHost
from avalon_nuke.pipeline import protection
from avalon_nuke.pipeline.protection import ScriptLocked
from tests.support.publishing import saved_comp


def test_a_lock_is_written_into_the_saved_file_and_nothing_else_changes(studio):
    host = saved_comp(studio)
    before = host.path.read_text()
    protection.lock(host, reason="published", versions=["compMain v001"])
    after = host.path.read_text()
    assert [line for line in after.splitlines() if line not in before.splitlines()][-1].startswith(
        " avalon_locked ")
    assert not host.is_modified()
    info = protection.lock_info(NkFileHost.open(host.path))
    assert info["versions"] == ["compMain v001"] and info["reason"] == "published"
    with pytest.raises(ScriptLocked, match=r"locked \(published as compMain v001 by .*\).*Version up"):
        protection.check_unlocked(host, "publish")


def test_unlock_lifts_the_lock_in_the_open_script(studio):
    host = saved_comp(studio)
    protection.lock(host)
    assert protection.unlock(host) is True and not protection.is_locked(host)
    assert protection.unlock(host) is False
    protection.check_unlocked(host)


def test_version_up_saves_the_next_work_version_unlocked(studio):
    host = saved_comp(studio)
    (studio.work / "sh010_v004.nk").write_text("#! nuke -nx\nversion 15.1 v1\nRoot {\n inputs 0\n}\n")
    protection.lock(host, versions=["compMain v001"])
    new_path = protection.version_up(host, settings=studio.settings, repo=studio.repo)
    assert new_path == studio.work / "sh010_v005.nk"
    assert host.path == new_path and not protection.is_locked(NkFileHost.open(new_path))
    assert nk.load(new_path).root.knob("name") == new_path.as_posix()
    assert protection.is_locked(NkFileHost.open(studio.work / "sh010_v001.nk"))


def test_version_up_needs_a_context(studio):
    host = NkFileHost(nk.loads("#! nuke -nx\nversion 15.1 v1\nRoot {\n inputs 0\n}\n"), studio.work / "a.nk")
    with pytest.raises(InputError, match="no Avalon context"):
        protection.version_up(host, settings=studio.settings.with_changes(project=None, asset=None),
                              repo=studio.repo)


# -- live Nuke (stand-in) ---------------------------------------------------------------------

def live_comp(nuke, studio):
    studio.work.mkdir(parents=True, exist_ok=True)
    nuke.nodes.Write(name="Write1", file=str(studio.root / "out.####.exr"))
    path = studio.work / "sh010_v001.nk"
    nuke.scriptSaveAs(str(path))
    return path


def test_saving_a_locked_script_in_nuke_is_refused_and_the_file_stays(nuke, nuke_standin, studio):
    from avalon_nuke.hosts.live_nuke import commands
    from avalon_nuke.hosts.live_nuke.script_host import LiveHost  # noqa: F401

    path = live_comp(nuke, studio)
    nuke.addOnScriptSave(commands.on_script_save)  # what the installed hook hands over to
    commands.lock(settings=studio.settings)  # as the menu calls it
    assert nuke_standin.messages() == ["Avalon: script locked; use Version up to keep working"]
    locked_text = path.read_text()
    nuke.nodes.Blur(name="Blur1")
    with pytest.raises(ScriptLocked, match="Version up"):
        nuke.scriptSave()
    assert path.read_text() == locked_text and "Blur1" not in locked_text
    commands.unlock(settings=studio.settings)
    assert nuke.scriptSave() is True
    assert "Blur1" in path.read_text() and "avalon_locked" not in path.read_text()


def test_version_up_in_nuke_continues_in_a_new_unlocked_file(nuke, nuke_standin, studio):
    from avalon_nuke.hosts.live_nuke import commands
    from avalon_nuke.hosts.live_nuke.script_host import LiveHost  # noqa: F401

    live_comp(nuke, studio)
    nuke.addOnScriptSave(commands.on_script_save)
    protection.lock(LiveHost(), versions=("compMain v001",))
    assert not nuke.root().modified()
    commands.version_up(settings=studio.settings)
    new_path = studio.work / "sh010_v002.nk"
    assert nuke.scriptName() == str(new_path)
    assert not nuke.root().modified() and nuke.root().knob("avalon_locked") is None
    assert nuke_standin.messages()[-1] == "Avalon: saved as sh010_v002.nk"
    nuke.nodes.Blur()
    assert nuke.scriptSave() is True


def test_the_installed_save_hook_refuses_a_locked_script(nuke, nuke_standin, studio):
    import avalon_nuke
    from avalon_nuke.hosts.live_nuke import commands
    from avalon_nuke.hosts.live_nuke.script_host import LiveHost  # noqa: F401

    live_comp(nuke, studio)
    avalon_nuke.install(studio.settings)
    try:
        commands.lock(settings=studio.settings)
        nuke.nodes.Blur(name="Blur1")
        with pytest.raises(ScriptLocked):
            nuke.scriptSave()
    finally:
        avalon_nuke.uninstall()
