"""Update to latest approved, and the script-load switch, in (stand-in) Nuke."""

from __future__ import annotations

import pytest

from avalon_nuke.config import Settings
from avalon_nuke.errors import InputError
from tests.support.containers import make_shot


@pytest.fixture
def shot(tmp_path):
    return make_shot(tmp_path)


@pytest.fixture
def settings(tmp_path, shot):
    return Settings(db_path=tmp_path / "avalon.db", projects_root=tmp_path, project="demo", asset="sh010")


def load_wip(nuke, shot):
    from avalon_nuke.hosts.live_nuke.script_host import LiveHost
    from avalon_nuke.pipeline.loader import load

    shot.publish(approved=True)
    wip = shot.publish(approved=False)
    container = load(LiveHost(), shot.repo, "demo", asset="sh010", subset="lightingMain", version=2)
    return wip, nuke.toNode(container.node_name)


def test_opening_a_script_switches_a_wip_read_once_approved(nuke, shot, settings, tmp_path):
    import nuke_standin_control as control

    from avalon_nuke.hosts.live_nuke import commands

    wip, read = load_wip(nuke, shot)
    name = read.name()
    nuke.scriptSaveAs(str(tmp_path / "comp.nk"))
    shot.approve(shot.publish(approved=False))   # v3 approved: newer than the WIP v2 on screen
    nuke.scriptClear()
    nuke.scriptOpen(str(tmp_path / "comp.nk"))
    commands.on_script_load(settings)
    read = nuke.toNode(name)
    assert read["file"].value().endswith("/v003/lightingMain.####.exr")
    assert control.messages() == ["Avalon: switched to newer versions: sh010_lightingMain v002 -> v003"]


def test_opening_a_script_in_notify_only_mode_says_what_would_move_and_moves_nothing(nuke, shot, settings,
                                                                                     tmp_path):
    import dataclasses

    import nuke_standin_control as control

    from avalon_nuke.hosts.live_nuke import commands

    wip, read = load_wip(nuke, shot)
    name = read.name()
    nuke.scriptSaveAs(str(tmp_path / "comp.nk"))
    shot.approve(shot.publish(approved=False))
    nuke.scriptClear()
    nuke.scriptOpen(str(tmp_path / "comp.nk"))
    commands.on_script_load(dataclasses.replace(settings, approval_mode="notify"))
    assert nuke.toNode(name)["file"].value().endswith("/v002/lightingMain.####.exr")
    assert control.messages() == ["Avalon: newer versions to switch to (notify only; Manage... applies them): "
                                  "sh010_lightingMain v002 -> v003"]


def test_update_all_reports_what_it_did_and_is_one_undo_step(nuke, shot, settings):
    import nuke_standin_control as control

    from avalon_nuke.hosts.live_nuke import commands

    wip, read = load_wip(nuke, shot)
    assert commands.update_all(settings) == []
    shot.approve(wip)
    assert commands.update_all(settings) == []  # same version, now approved: nothing moves
    assert read["avalon_status"].value() == "lightingMain v002 approved"
    shot.approve(shot.publish(approved=False))
    assert commands.update_all(settings) == ["sh010_lightingMain v002 -> v003"]
    assert control.messages()[-1] == "Avalon: 1 loaded render(s) checked, 1 switched"
    assert control.undo_depth() == 0


def test_scripts_without_containers_never_open_the_database(nuke, tmp_path, monkeypatch):
    from avalon_nuke.hosts.live_nuke import commands

    def refuse(settings):
        raise AssertionError("the database was opened")

    monkeypatch.setattr("avalon_nuke.db.open_database", refuse)
    nuke.nodes.Read(file="/plain/read.####.exr")
    commands.on_script_load(Settings(project="demo"))


def test_no_project_context_is_a_clear_error(nuke, tmp_path):
    from avalon_nuke.hosts.live_nuke import commands

    with pytest.raises(InputError, match="AVALON_PROJECT"):
        commands.update_all(Settings(db_path=tmp_path / "x.db"))


def test_the_live_host_reports_the_artists_selection(nuke):
    from avalon_nuke.hosts.live_nuke.script_host import LiveHost

    write = nuke.nodes.Write(name="Write_main")
    nuke.nodes.Blur()
    write.setSelected(True)
    host = LiveHost()
    assert [host.node_name(n) for n in host.selected_nodes()] == ["Write_main"]
    host.select([])
    assert host.selected_nodes() == []
