"""Farm renders render what was published: Nuke driven exactly as Deadline's Nuke plugin drives it.

The stand-in is started as the plugin starts Nuke (batch mode: ``-V 2 -t <scene>`` and the
task's ``nuke.execute`` lines on stdin; otherwise ``-V 2 -x -X <WriteNode> -F a-b <scene>``),
with the job's environment, and opens the published script as Nuke opens the scene it
was given. Its loaded render must stay at the version it was published with, though a
newer one was approved since, and the database is never opened.
"""

from __future__ import annotations

import pytest

from avalon_nuke.config import Settings
from avalon_nuke.deadline.jobs import PUBLISHED_RENDER, nuke_job, read_numbered_pairs
from avalon_nuke.local_farm import render_commands as rc
from tests.support.containers import make_shot


@pytest.fixture
def published(nuke, tmp_path, monkeypatch):
    """A saved comp: a WIP v002 Read of lightingMain and an AvalonWrite; v003 is approved after saving."""
    from avalon_nuke.hosts.live_nuke.script_host import LiveHost
    from avalon_nuke.pipeline.creator import create_avalon_write
    from avalon_nuke.pipeline.loader import load

    shot = make_shot(tmp_path)
    shot.publish(approved=True)
    shot.publish(approved=False)
    host = LiveHost()
    container = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain", version=2)
    instance = create_avalon_write(host, family="render", asset="sh010", subset="compMain", project="demo")
    nuke.toNode(f"{instance.node_name}.Write1")["file"].setValue(str(tmp_path / "out" / "comp.####.exr"))
    path = str(tmp_path / "sh010_comp_v001.nk")
    nuke.scriptSaveAs(path)
    shot.approve(shot.publish(approved=False))  # v003 approved: a GUI session would switch to it
    shot.repo.close()
    settings = Settings(db_path=tmp_path / "avalon.db", projects_root=tmp_path, project="demo", asset="sh010")
    return {"path": path, "read": container.node_name, "write": instance.write_name,
            "group": instance.node_name, "settings": settings}


def job_for(write: str, path: str) -> tuple[dict, dict]:
    return nuke_job(name="sh010 compMain v001", batch_name="sh010", user="ana", comment="", frames="1001-1003",
                    chunk_size=3, priority=50, pool="none", group="none", scene_file=path, write_node=write,
                    nuke_version="15.1", output_directory="/out", output_filename="comp.####.exr",
                    environment={"AVALON_PROJECT": "demo"}, extra_info={})


def start_nuke(nuke, nuke_standin, monkeypatch, published, *, gui: bool, raw_args: list[str],
               environment: dict[str, str]) -> list[str]:
    """A fresh Nuke process with *raw_args* and the job's environment, the host installed, the scene opened."""
    import avalon_nuke

    opened: list[str] = []
    monkeypatch.setattr("avalon_nuke.db.open_database", lambda settings: opened.append("database") or 1 / 0)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    nuke_standin.reset(gui=gui, raw_args=raw_args)
    avalon_nuke.install(published["settings"])
    nuke.scriptOpen(published["path"])  # Nuke opens the scene named on its command line
    return opened


def read_version(nuke, published) -> str:
    return nuke.toNode(published["read"])["file"].value().split("/")[-2]


@pytest.mark.parametrize("with_marker", [True, False], ids=["job environment", "no marker"])
def test_a_batch_mode_render_keeps_the_published_versions_and_renders_the_groups_write(
        nuke, nuke_standin, pyblish_state, monkeypatch, published, with_marker):
    import avalon_nuke

    job_info, plugin_info = job_for(published["write"], published["path"])
    environment = read_numbered_pairs("EnvironmentKeyValue", job_info)
    if not with_marker:
        environment.pop(PUBLISHED_RENDER)
    command = rc.batch_command(["Nuke15.1"], plugin_info, published["path"])
    try:
        opened = start_nuke(nuke, nuke_standin, monkeypatch, published, gui=False, raw_args=command,
                            environment=environment)
        for statement in rc.render_statements(plugin_info, [1001, 1002, 1003]):  # what the plugin writes on stdin
            exec(statement, {"nuke": nuke})  # noqa: S102 (Nuke's terminal prompt runs each line)
        exec(rc.READY_COMMAND, {})  # noqa: S102
    finally:
        avalon_nuke.uninstall()
    assert read_version(nuke, published) == "v002" and opened == []
    assert nuke_standin.messages() == []
    assert nuke_standin.renders() == [(published["write"], frame, frame, 1) for frame in (1001, 1002, 1003)]


def test_a_render_without_batch_mode_keeps_the_published_versions(nuke, nuke_standin, pyblish_state, monkeypatch,
                                                                   published):
    import avalon_nuke

    job_info, plugin_info = job_for(published["write"], published["path"])
    command = rc.single_command(["Nuke15.1"], plugin_info, [1001, 1002, 1003], published["path"])
    assert command[1:7] == ["-V", "2", "-x", "-X", published["write"], "-F"]
    try:
        opened = start_nuke(nuke, nuke_standin, monkeypatch, published, gui=False, raw_args=command,
                            environment=read_numbered_pairs("EnvironmentKeyValue", job_info))
        nuke.execute(published["write"], 1001, 1003)  # what -X <WriteNode> -F 1001-1003 renders
    finally:
        avalon_nuke.uninstall()
    assert read_version(nuke, published) == "v002" and opened == []
    assert nuke_standin.renders() == [(published["write"], 1001, 1003, 1)]


def test_a_gui_session_with_the_published_render_marker_leaves_versions_alone_too(
        nuke, nuke_standin, pyblish_state, monkeypatch, published):
    import avalon_nuke

    try:
        opened = start_nuke(nuke, nuke_standin, monkeypatch, published, gui=True,
                            raw_args=["Nuke15.1", published["path"]], environment={PUBLISHED_RENDER: "1"})
    finally:
        avalon_nuke.uninstall()
    assert read_version(nuke, published) == "v002" and opened == []


def test_an_artists_gui_session_does_switch_to_the_newly_approved_version(
        nuke, nuke_standin, pyblish_state, monkeypatch, published):
    import avalon_nuke

    monkeypatch.delenv(PUBLISHED_RENDER, raising=False)
    nuke_standin.reset(gui=True, raw_args=["Nuke15.1", published["path"]])
    try:
        avalon_nuke.install(published["settings"])
        nuke.scriptOpen(published["path"])
    finally:
        avalon_nuke.uninstall()
    assert read_version(nuke, published) == "v003"  # the set-up above would change something


def test_the_write_node_sent_for_an_avalon_write_is_its_inner_write_which_nuke_can_execute(
        nuke, nuke_standin, published):
    nuke.scriptOpen(published["path"])
    assert published["write"] == f"{published['group']}.Write1"
    _, plugin_info = job_for(published["write"], published["path"])
    assert plugin_info["WriteNode"] == published["write"]
    with pytest.raises(RuntimeError, match="cannot be executed"):
        nuke.execute(published["group"], 1001, 1001)  # a Group is not an executable operator
    nuke.execute(published["write"], 1001, 1001)
    assert nuke_standin.renders() == [(published["write"], 1001, 1001, 1)]
