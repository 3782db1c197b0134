"""Which settings and knobs become which Deadline keys for one published instance."""

from __future__ import annotations

import platform
from pathlib import Path

import pytest

from avalon_nuke.config import Settings
from avalon_nuke.deadline.jobs import read_numbered_pairs
from avalon_nuke.errors import InputError
from avalon_nuke.pipeline.instance_data import FarmSettings
from avalon_nuke.publish.farm_submission import job_for
from avalon_nuke.publish.shared_data import Publication

FOLDER = Path("/projects/demo/sh010/publish/render/compMain/v003")


def publication() -> Publication:
    return Publication(project="demo", subset="compMain", asset="sh010", family="render",
                       version={"_id": "65f0c0ffee00112233445566", "name": 3}, folder=FOLDER, folder_created=True,
                       image_path=str(FOLDER / "sh010_compMain_v003.####.exr"),
                       copy_path=FOLDER / "sh010_compMain_v003.nk", frames=(1001, 1010))


def keys(farm: FarmSettings | None = None, settings: Settings | None = None, **options) -> tuple[dict, dict]:
    return job_for(publication(), write_name="AvalonWrite_compMain.Write1", farm=farm or FarmSettings(),
                   script_path="/work/sh010_v007.nk", nuke_version="15.1", settings=settings or Settings(),
                   **options)


@pytest.mark.parametrize(("knob", "session", "nukex"), [
    (None, True, "True"), (None, False, "False"), (None, None, "False"), (False, True, "False"), (True, None, "True")])
def test_nukex_follows_the_instance_knob_else_the_publishing_session(knob, session, nukex):
    _, plugin_info = keys(FarmSettings(nukex=knob), session_nukex=session)
    assert plugin_info["NukeX"] == nukex


def test_studio_settings_and_instance_knobs_meet_in_the_job():
    settings = Settings(deadline_limit_groups=("nuke_render",), deadline_department="comp",
                        deadline_machine_limit="5")
    job_info, plugin_info = keys(FarmSettings(limit_groups=("neat", "nuke_render")), settings)
    assert job_info["LimitGroups"] == "nuke_render,neat" and job_info["Department"] == "comp"
    assert job_info["MachineLimit"] == "5" and job_info["MachineName"] == platform.node()
    own, _ = keys(FarmSettings(department="lighting", machine_limit=2), settings)
    assert own["Department"] == "lighting" and own["MachineLimit"] == "2"
    assert plugin_info["WriteNode"] == "AvalonWrite_compMain.Write1" and plugin_info["BatchModeIsMovie"] == "False"
    assert read_numbered_pairs("ExtraInfoKeyValue", job_info)["AvalonVersionId"] == "65f0c0ffee00112233445566"


def test_a_gpu_index_is_sent_only_with_use_gpu():
    _, chosen = keys(FarmSettings(use_gpu=True, gpu=2))
    _, ignored = keys(FarmSettings(use_gpu=False, gpu=2))
    assert (chosen["UseGpu"], chosen["UseSpecificGpu"], chosen["GpuOverride"]) == ("True", "True", "2")
    assert (ignored["UseGpu"], ignored["UseSpecificGpu"]) == ("False", "False")


def test_a_machine_limit_setting_that_is_not_a_number_is_named():
    with pytest.raises(InputError, match="AVALON_DEADLINE_MACHINE_LIMIT"):
        keys(settings=Settings(deadline_machine_limit="four"))


def test_the_studio_job_settings_come_from_the_environment():
    settings = Settings.from_env({"AVALON_DEADLINE_LIMIT_GROUPS": " nuke_render, neat ,",
                                  "AVALON_DEADLINE_DEPARTMENT": "comp", "AVALON_DEADLINE_CA_BUNDLE": "/ca.crt"})
    assert settings.deadline_limit_groups == ("nuke_render", "neat")
    assert (settings.deadline_department, settings.deadline_ca_bundle) == ("comp", "/ca.crt")
