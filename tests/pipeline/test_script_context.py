"""One rule for a script's project and asset: option, Root knobs, its nodes, its path, the environment."""

from __future__ import annotations

import pytest

from avalon_nuke import nk
from avalon_nuke.config import Settings
from avalon_nuke.errors import InputError
from avalon_nuke.hosts.nk_file import NkFileHost
from avalon_nuke.pipeline.container_data import DATA_KNOB, ContainerData
from avalon_nuke.pipeline.instance_data import INSTANCE_KNOB, ROOT_ASSET_KNOB, ROOT_PROJECT_KNOB, InstanceData
from avalon_nuke.pipeline.script_context import script_context

EMPTY = "#! nuke -nx\nversion 15.1 v1\nRoot {\n inputs 0\n}\n"


def host(path=None) -> NkFileHost:
    """A script; saved at *path* when one is given (an unsaved script has no path)."""
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(EMPTY)
        return NkFileHost.open(path)
    return NkFileHost(nk.loads(EMPTY))


def add_container(script: NkFileHost, project: str) -> None:
    node = script.create_node("Read", "Read1", {})
    record = ContainerData("lightingMain", "Read1", "ReadLoader", "0" * 24, "1" * 24, project=project)
    script.add_string_knobs(node, ("avalon_tab", "Avalon"), [(DATA_KNOB, "container", record.to_json())])


def add_instance(script: NkFileHost, asset: str) -> None:
    node = script.create_node("Write", "Write1", {})
    record = InstanceData("render", asset, "compMain")
    script.add_string_knobs(node, ("avalon_tab", "Avalon"), [(INSTANCE_KNOB, "instance", record.to_json())])


def test_the_environment_is_the_last_resort():
    where = script_context(host(), Settings(project="envProject", asset="envAsset"))
    assert (where.project, where.asset) == ("envProject", "envAsset")
    assert where.project_from == "AVALON_PROJECT"


def test_what_the_nodes_recorded_wins_over_the_environment():
    script = host()
    add_container(script, "demo")
    add_instance(script, "sh020")
    where = script_context(script, Settings(project="other", asset="sh999"))
    assert (where.project, where.asset) == ("demo", "sh020")


def test_root_knobs_win_over_the_nodes_and_an_option_over_everything():
    script = host()
    add_container(script, "demo")
    script.set_root_knobs({ROOT_PROJECT_KNOB: "rootProject", ROOT_ASSET_KNOB: "sh030"})
    assert script_context(script, Settings()).project == "rootProject"
    assert script_context(script, Settings(), project="asked", asset="sh040").asset == "sh040"


def test_the_path_under_the_projects_root_names_project_and_asset(tmp_path):
    root = tmp_path / "projects"
    script = host(root / "demo" / "sh010" / "work" / "nuke" / "sh010_v003.nk")
    where = script_context(script, Settings(projects_root=root, project="elsewhere"))
    assert (where.project, where.asset, where.asset_from) == ("demo", "sh010", "its path")
    outside = host(tmp_path / "scratch" / "comp.nk")
    assert script_context(outside, Settings(projects_root=root)).project is None


def test_a_script_not_saved_yet_uses_the_path_it_will_have(tmp_path):
    root = tmp_path / "projects"
    where = script_context(None, Settings(projects_root=root), path=str(root / "demo" / "sh020" / "work" / "a.nk"))
    assert (where.project, where.asset) == ("demo", "sh020")


def test_containers_from_several_projects_are_not_guessed_between():
    script = host()
    add_container(script, "demo")
    add_container(script, "other")
    where = script_context(script, Settings(project="demo"))
    assert where.project is None
    with pytest.raises(InputError, match=r"containers from several projects \(demo, other\): pass --project"):
        where.require_project()
    assert script_context(script, Settings(), project="demo").require_project() == "demo"


def test_nothing_known_says_which_option_or_variable_to_set():
    with pytest.raises(InputError, match="--asset is required.*AVALON_ASSET"):
        script_context(host(), Settings()).require_asset()
