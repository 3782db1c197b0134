"""The Publisher on a saved .nk comp, the embedded database and the local farm on loopback."""

from __future__ import annotations

import pytest

from avalon_nuke.deadline.client import DeadlineClient
from avalon_nuke.local_farm.server import LocalFarm
from avalon_nuke.tools import publisher
from avalon_nuke.tools.publisher_state import FAILED, NOT_RUN, PASSED, WARNED
from tests.support.publishing import FAKE_NUKE, make_studio, saved_comp

pytestmark = pytest.mark.gui


@pytest.fixture
def farm(tmp_path):
    with LocalFarm(tmp_path / "farm", port=0, workers=0, nuke_command=FAKE_NUKE) as running:
        yield running


@pytest.fixture
def studio(tmp_path, farm):
    made = make_studio(tmp_path)
    made.settings = made.with_farm(farm.url)
    yield made
    made.repo.close()


def open_publisher(qtbot, studio, host):
    window = publisher.PublisherWindow(publisher.make_context(studio.settings, repo=studio.repo, host=host))
    qtbot.addWidget(window)
    window.show()
    return window


def run(qtbot, window, mode: str) -> None:
    with qtbot.waitSignal(window.finished, timeout=30_000) as blocker:
        window.buttons[mode].click()
    assert blocker.args == [mode]


def test_validate_then_publish_shows_the_version_and_farm_job(qtbot, studio, screenshot):
    host = saved_comp(studio)
    window = open_publisher(qtbot, studio, host)
    assert window.checked_instances() == ["Write1"]
    assert window.instances.item(0).text() == "compMain  (render, sh010)  Write1"
    run(qtbot, window, "validate")
    assert set(window.plugin_states().values()) <= {PASSED, WARNED}
    assert window.status.text().startswith("validation passed") and studio.versions() == []
    window.comment.setText("first comp")
    run(qtbot, window, "publish")
    [version] = studio.versions()
    job_id = version["data"]["farm"]["jobId"]
    assert version["name"] == 1 and version["data"]["approved"] is False
    assert version["data"]["comment"] == "first comp"
    assert window.outcome.text() == f"compMain v001 of sh010: frames 1001-1010, farm job {job_id} (submitted)"
    assert DeadlineClient(studio.settings.deadline_url).job(job_id)["Props"]["Frames"] == "1001-1010"
    assert window.progress.value() == window.progress.maximum()
    screenshot(window, "publisher")


def test_a_failing_validator_is_repaired_then_the_script_publishes(qtbot, studio, screenshot):
    host = saved_comp(studio)
    host.set_knobs(host.find_node("Write1"), {"file_type": "jpeg"})
    host.save(backup=False)
    selected = []
    host.select = lambda nodes: selected.extend(host.node_name(n) for n in nodes)
    window = open_publisher(qtbot, studio, host)
    run(qtbot, window, "validate")
    states = window.plugin_states()
    assert states["Write file type and channels"] == FAILED
    assert window.failure_list.count() == 1
    assert window.failure_list.item(0).text().startswith(
        "Write file type and channels [Write1]: Write1 writes 'jpeg' files")
    assert window.failure_list.item(0).text().endswith("(Repair available)")
    assert window.status.is_error and window.buttons["repair"].isEnabled()
    screenshot(window, "publisher_problem")
    window.buttons["select"].click()
    assert selected == ["Write1"]
    with qtbot.waitSignal(window.finished, timeout=30_000):
        window.buttons["repair"].click()  # repairs, then validates again
    assert host.knob(host.find_node("Write1"), "file_type") == "exr"
    assert window.plugin_states()["Write file type and channels"] == PASSED
    assert window.plugin_states()["Script saved"] == FAILED  # the repair changed the script: save it
    host.save(backup=False)
    run(qtbot, window, "validate")
    assert window.failure_list.count() == 0
    run(qtbot, window, "publish")
    assert [v["name"] for v in studio.versions()] == [1]
    assert window.status.text() == "published 1 instance(s)"


def test_an_unticked_instance_is_left_out(qtbot, studio):
    host = saved_comp(studio, subsets=("compMain", "compAlt"))
    window = open_publisher(qtbot, studio, host)
    assert window.checked_instances() == ["Write1", "Write2"]
    window.set_checked("Write2", False)
    run(qtbot, window, "publish")
    assert [v["name"] for v in studio.versions("compMain")] == [1]
    assert studio.versions("compAlt") == []


def test_publishing_fails_cleanly_when_the_farm_is_down(qtbot, studio):
    host = saved_comp(studio)
    studio.settings = studio.with_farm("http://127.0.0.1:9")  # nothing listens there
    window = open_publisher(qtbot, studio, host)
    run(qtbot, window, "publish")
    assert window.status.is_error and studio.versions() == []
    assert NOT_RUN in window.plugin_states().values()  # integration never started
    assert window.outcome.text().startswith("Nothing was published")


def test_nothing_ticked_says_so(qtbot, studio):
    host = saved_comp(studio)
    window = open_publisher(qtbot, studio, host)
    window.set_checked("Write1", False)
    window.buttons["publish"].click()
    assert window.status.is_error and window.status.text() == "tick at least one instance to publish"
    assert not window.running
