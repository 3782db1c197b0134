"""The command lines, stdin statements and error lines of Deadline's Nuke plugin, as the local farm uses them."""

from __future__ import annotations

import pytest

from avalon_nuke.local_farm import render_commands as rc
from avalon_nuke.local_farm.job_records import Claim
from avalon_nuke.local_farm.worker import render_environment

FULL = {"SceneFile": "/p/sh010.nk", "WriteNode": "Group1.Write1", "Threads": "8", "RamUse": "4096",
        "UseGpu": "True", "UseSpecificGpu": "True", "GpuOverride": "1", "NukeX": "True",
        "ContinueOnError": "True", "EnforceRenderOrder": "True", "Views": "left"}


def test_batch_mode_starts_nuke_in_terminal_mode_on_the_scene_without_frames_or_write_node():
    assert rc.batch_command(["nuke"], FULL, "/tmp/sh010.nk") == [
        "nuke", "-V", "2", "--nukex", "--cont", "--sro", "--gpu", "1", "-t", "-m", "8", "-c", "4096M",
        "--view", "left", "/tmp/sh010.nk"]
    assert rc.batch_command(["/opt/Nuke15.1v1/Nuke15.1"], {"SceneFile": "/p/a.nk"}, "/p/a.nk") == [
        "/opt/Nuke15.1v1/Nuke15.1", "-V", "2", "-t", "/p/a.nk"]


def test_without_batch_mode_a_task_is_nuke_x_with_its_write_and_frames():
    plain = {"WriteNode": "Write1", "Threads": "0", "UseGpu": "False"}
    assert rc.single_command(["nuke"], plain, [1001, 1002, 1003], "/p/a.nk") == [
        "nuke", "-V", "2", "-x", "-X", "Write1", "-F", "1001-1003", "/p/a.nk"]
    assert rc.single_command(["nuke"], {"UseGpu": "True"}, [1, 3, 5, 6], "/p/a.nk") == [
        "nuke", "-V", "2", "--gpu", "0", "-x", "-F", "1-5x2", "-F", "6-6", "/p/a.nk"]


def test_an_image_sequence_task_renders_frame_by_frame_and_reports_progress():
    plugin = {"WriteNode": "AvalonWrite_main.Write1", "BatchModeIsMovie": "False"}
    assert rc.render_statements(plugin, [1001, 1002]) == [
        'nuke.execute("AvalonWrite_main.Write1", 1001, 1001, 1, continueOnError=False); '
        'print("Frame 1001 (1 of 2)")',
        'nuke.execute("AvalonWrite_main.Write1", 1002, 1002, 1, continueOnError=False); '
        'print("Frame 1002 (2 of 2)")']
    assert rc.PROGRESS_LINE.search("Frame 1002 (2 of 2)")


def test_a_movie_task_is_one_execute_and_no_write_node_means_the_root():
    assert rc.render_statements({"WriteNode": "Write1,Write2", "ContinueOnError": "True"}, [1, 2, 3]) == [
        'nuke.execute("Write1", 1, 3, 1, continueOnError=True)',
        'nuke.execute("Write2", 1, 3, 1, continueOnError=True)']
    assert rc.render_statements({}, [1, 3, 5]) == ["nuke.execute(nuke.Root(), 1, 5, 2, continueOnError=False)"]


@pytest.mark.parametrize(("line", "error"), [
    ("ERROR: Write1: Can't open output file", True),
    ("RuntimeError: Write1 cannot be executed", True),
    ("Read1: Error : file not found", True),
    ("Eddy[ERROR] out of GPU memory", True),
    ("Writing /renders/beauty.1001.exr took 0.51 seconds", False),
    ("Warning: colourspace 'ACES' not found, using linear", False),
])
def test_the_lines_deadline_fails_a_task_on(line, error):
    assert rc.error_line(line, {}) is error
    assert rc.error_line(line, {"ContinueOnError": "True"}) is False


def test_batch_mode_is_the_default_as_in_deadlines_plugin():
    assert rc.batch_mode({}) and not rc.batch_mode({"BatchMode": "False"})


def test_render_environment_adds_the_jobs_variables_and_hides_the_farm_password():
    job_info = {"EnvironmentKeyValue0": "AVALON_PROJECT=demo", "EnvironmentKeyValue1": "OCIO=/c/config.ocio"}
    claim = Claim("a" * 24, 0, "t", [1], job_info, {})
    environment = render_environment(claim, base={"PATH": "/bin", "AVALON_DEADLINE_PASSWORD": "pw"})
    assert environment == {"PATH": "/bin", "AVALON_PROJECT": "demo", "OCIO": "/c/config.ocio"}
