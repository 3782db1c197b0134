"""Validation: each problem is one clear message naming the node and the fix, and nothing is created."""

from __future__ import annotations

import pyblish.api
import pyblish.plugin
import pytest

from avalon_nuke.deadline.client import DeadlineClient
from avalon_nuke.errors import InputError
from avalon_nuke.hosts.nk_file import NkFileHost
from avalon_nuke.pipeline.loader import load
from avalon_nuke.publish.script_publish import publish, publish_plugins
from avalon_nuke.publish.shared_data import HOST, REPOSITORY, SETTINGS
from tests.support.publishing import saved_comp


@pytest.fixture
def client(idle_farm):
    return DeadlineClient(idle_farm.url)


def refused(studio, client, host, **options):
    """Publish, expect a refusal before anything was made; return the message."""
    result = publish(host, studio.repo, studio.settings, client, **options)
    assert not result.ok
    assert studio.versions() == [] and client.find_jobs({}) == []
    assert not (studio.root / "demo" / "sh010" / "publish").exists()
    return result.message


def edit(host: NkFileHost, node: str, **knobs) -> NkFileHost:
    host.set_knobs(host.script.find(node), knobs)
    host.save(backup=False)
    return host


def test_unsaved_changes_and_unsaved_scripts_are_refused(studio, client):
    host = saved_comp(studio)
    host.set_knobs(host.script.find("Write1"), {"channels": "rgb"})
    assert "has unsaved changes: save it" in refused(studio, client, host)
    never_saved = NkFileHost(host.script, studio.work / "never.nk")
    assert "the script was never saved" in refused(studio, client, never_saved)


def test_files_outside_shared_storage_are_named_with_the_reason(studio, client, tmp_path):
    host = edit(saved_comp(studio), "Read1", file="/home/ana/plates/plate.####.exr")
    message = refused(studio, client, host)
    assert message.startswith("Read1: /home/ana/plates/plate.####.exr is in a home folder")
    assert "AVALON_PROJECTS" in message


def test_the_published_write_itself_may_point_anywhere(studio, client):
    host = edit(saved_comp(studio), "Write1", file="/tmp/scratch/comp.####.exr")
    assert publish(host, studio.repo, studio.settings, client).ok


def test_wrong_file_type_and_channels_are_refused_and_repair_fixes_them(studio, client):
    host = edit(saved_comp(studio), "Write1", file_type="png", channels="alpha")
    message = refused(studio, client, host)
    assert "Write1 writes 'png' files: set its file type to exr" in message
    assert "Write1 writes channels 'alpha'" in message
    context = pyblish.api.Context()
    context.data.update({HOST: host, REPOSITORY: studio.repo, SETTINGS: studio.settings})
    plugins = {plugin.__name__: plugin for plugin in publish_plugins()}
    for name in ("CollectScript", "CollectRenderInstances"):
        pyblish.plugin.process(plugins[name], context)
    validator = plugins["ValidateWriteFormat"]
    pyblish.plugin.process(validator, context, action=validator.actions[0].id)
    write = host.script.find("Write1")
    assert (host.knob(write, "file_type"), host.knob(write, "channels")) == ("exr", "rgba")


def test_frames_outside_the_asset_are_refused(studio, client):
    host = saved_comp(studio)
    message = refused(studio, client, host, frames=(990, 1010))
    assert message == ("Write1 renders 990-1010, outside sh010's frames 1001-1010: use Avalon > Set frame "
                       "range, or the instance's own frame range (Avalon tab)")


def test_a_copied_instance_cannot_publish_the_same_subset(studio, client):
    host = saved_comp(studio, subsets=("compMain", "compAlt"))
    record = host.knob(host.script.find("Write1"), "avalon_instance")
    host = edit(host, "Write2", avalon_instance=record)
    assert "Write1 and Write2 both publish subset 'compMain' of 'sh010'" in refused(studio, client, host)


def test_an_unknown_asset_or_missing_farm_is_refused(studio, client):
    host = saved_comp(studio)
    record = host.knob(host.script.find("Write1"), "avalon_instance").replace("sh010", "sh999")
    host = edit(host, "Write1", avalon_instance=record)
    assert "asset 'sh999', which project 'demo' does not have" in refused(studio, client, host)
    result = publish(saved_comp(studio), studio.repo, studio.settings, None)
    assert "set AVALON_DEADLINE" in result.message
    with pytest.raises(InputError):
        result.raise_for_failures()


def test_several_problems_come_in_one_line(studio, client):
    host = edit(saved_comp(studio), "Write1", file_type="jpeg")
    host = edit(host, "Read1", file="C:/plates/plate.####.exr")
    message = refused(studio, client, host)
    assert message.startswith("2 problems: ") and "\n" not in message


def test_outdated_loaded_renders_only_warn(studio, client):
    subset = studio.repo.ensure_subset("demo", studio.repo.asset("demo", "sh010")["_id"], "lightingMain",
                                       "render")
    path = str(studio.root / "demo" / "sh010" / "publish" / "render" / "lightingMain" / "v{:03d}" / "l.####.exr")
    from avalon_nuke.db import RepresentationSpec

    for number in (1, 2):
        studio.repo.publish_version("demo", subset["_id"], {"approved": True, "frameStart": 1001,
                                                            "frameEnd": 1010},
                                    [RepresentationSpec("exr", path.format(number))])
    host = saved_comp(studio)
    load(host, studio.repo, "demo", asset="sh010", subset="lightingMain", version=1)
    host.save(backup=False)
    result = publish(host, studio.repo, studio.settings, client)
    assert result.ok, result.message
    assert any("1 loaded render(s) are outdated: sh010_lightingMain (update to v002)" in w for w in result.warnings)


def test_a_script_without_instances_says_how_to_make_one(studio, client):
    host = saved_comp(studio, subsets=())
    assert "nothing to publish: no active render instance" in refused(studio, client, host)
    host = saved_comp(studio)
    host = edit(host, "Write1", avalon_instance="{garbage")
    assert refused(studio, client, host) == "Write1: instance knob is not JSON"


def test_repair_brings_outdated_loaded_renders_up_to_date(studio, client):
    from avalon_nuke.db import RepresentationSpec

    subset = studio.repo.ensure_subset("demo", studio.repo.asset("demo", "sh010")["_id"], "bg", "render")
    for number in (1, 2):
        studio.repo.publish_version("demo", subset["_id"], {"approved": True, "frameStart": 1001,
                                                            "frameEnd": 1010},
                                    [RepresentationSpec("exr", str(studio.root / f"bg/v{number}/bg.####.exr"))])
    host = saved_comp(studio)
    load(host, studio.repo, "demo", asset="sh010", subset="bg", version=1)
    context = pyblish.api.Context()
    context.data.update({HOST: host, REPOSITORY: studio.repo, SETTINGS: studio.settings})
    plugins = {plugin.__name__: plugin for plugin in publish_plugins()}
    for name in ("CollectScript", "CollectContainers"):
        pyblish.plugin.process(plugins[name], context)
    validator = plugins["ValidateContainers"]
    pyblish.plugin.process(validator, context, action=validator.actions[0].id)
    (container,) = context.data["containers"]
    assert container.current_number == 2
    assert host.knob(host.script.find("sh010_bg"), "file").endswith("bg/v2/bg.####.exr")
