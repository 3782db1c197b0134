"""Re-rendering only the frames a WIP version lacks: one job, compact ranges, same folder, same script."""

from __future__ import annotations

from collections import Counter

import pytest

from avalon_nuke.cli import main
from avalon_nuke.deadline import states as st
from avalon_nuke.deadline.client import DeadlineClient
from avalon_nuke.errors import RefusedError
from avalon_nuke.local_farm.server import LocalFarm
from avalon_nuke.publish.rerender import compact_ranges, rerender_missing
from avalon_nuke.publish.script_publish import publish
from tests.doubles.farm_faults import FaultyProxy
from tests.support.publishing import FAKE_NUKE, saved_comp, wait_until


@pytest.mark.parametrize(("frames", "text"), [
    ([1001, 1002, 1003, 1007, 1009, 1010], "1001-1003,1007,1009-1010"),
    ([5], "5"), ([], ""), ([3, 1, 2, 2], "1-3"), ([-2, -1, 0, 4], "-2-0,4"),
])
def test_missing_frames_are_sent_as_compact_ranges(frames, text):
    assert compact_ranges(frames) == text


def frames_in(folder) -> list[int]:
    return sorted(int(path.name.split(".")[-2]) for path in folder.glob("*.exr"))


def rerender(studio, client, number=1):
    return rerender_missing(studio.repo, client, studio.settings, project="demo", asset="sh010",
                            subset="compMain", number=number)


@pytest.fixture
def rendering_farm(tmp_path):
    with LocalFarm(tmp_path / "farm", port=0, workers=1, nuke_command=FAKE_NUKE) as farm:
        yield farm


def test_a_version_with_lost_frames_re_renders_exactly_those_into_its_folder(studio, rendering_farm, tmp_path,
                                                                              monkeypatch):
    counts = tmp_path / "rendered.txt"
    monkeypatch.setenv("FAKE_NUKE_LOG", str(counts))
    client = DeadlineClient(rendering_farm.url)
    item = publish(saved_comp(studio), studio.repo, studio.settings, client, review=False).instances[0]
    wait_until(lambda: client.job(item.job_id)["Stat"] == st.JOB_COMPLETED, "the render")
    folder = studio.version_folder("compMain", 1)
    for frame in (1003, 1007, 1008):  # a worker that crashed, a disk that lost them
        (folder / f"sh010_compMain_v001.{frame}.exr").unlink()
    counts.unlink()

    result = rerender(studio, client)
    assert (result.frames, result.missing) == ("1003,1007-1008", 3)
    job = client.job(result.job_id)
    assert job["Props"]["Frames"] == "1003,1007-1008"
    assert job["Props"]["PlugInfo"]["SceneFile"] == item.published_copy
    wait_until(lambda: client.job(result.job_id)["Stat"] == st.JOB_COMPLETED, "the re-render")
    assert Counter(int(line) for line in counts.read_text().split()) == Counter([1003, 1007, 1008])
    assert frames_in(folder) == list(range(1001, 1011))
    (version,) = studio.versions()
    farm = version["data"]["farm"]
    assert [(job["kind"], job["jobId"]) for job in farm["jobs"]] == [("render", item.job_id),
                                                                    ("rerender", result.job_id)]
    assert farm["jobId"] == result.job_id and farm["jobs"][1]["frames"] == "1003,1007-1008"


def test_a_failed_render_is_completed_by_re_rendering_what_it_did_not_write(studio, rendering_farm, monkeypatch):
    monkeypatch.setenv("FAKE_NUKE_FAIL_FRAME", "1005")
    client = DeadlineClient(rendering_farm.url)
    item = publish(saved_comp(studio), studio.repo, studio.settings, client, review=False).instances[0]
    wait_until(lambda: client.job(item.job_id)["Stat"] == st.JOB_FAILED, "the render to fail")
    monkeypatch.delenv("FAKE_NUKE_FAIL_FRAME")
    result = rerender(studio, client)
    assert result.frames == "1005-1010"
    wait_until(lambda: client.job(result.job_id)["Stat"] == st.JOB_COMPLETED, "the re-render")
    assert frames_in(studio.version_folder("compMain", 1)) == list(range(1001, 1011))


def test_re_rendering_is_refused_while_a_job_of_the_version_is_still_queued(studio, idle_farm):
    client = DeadlineClient(idle_farm.url)
    item = publish(saved_comp(studio), studio.repo, studio.settings, client, review=False).instances[0]
    with pytest.raises(RefusedError, match=f"its farm job {item.job_id} is still queued or rendering"):
        rerender(studio, client)
    assert len(client.find_jobs({})) == 1


def published_and_failed(studio, client):
    item = publish(saved_comp(studio), studio.repo, studio.settings, client, review=False).instances[0]
    client.send_command(item.job_id, "fail")
    return item


def test_an_approved_version_is_never_re_rendered(studio, idle_farm):
    client = DeadlineClient(idle_farm.url)
    item = published_and_failed(studio, client)
    studio.repo.set_approval("demo", studio.versions()[0]["_id"], True)
    with pytest.raises(RefusedError, match="sh010 compMain v001 is approved: its frames are final"):
        rerender(studio, client)
    assert [job["_id"] for job in client.find_jobs({})] == [item.job_id]


def test_a_version_whose_published_script_is_gone_is_refused(studio, idle_farm):
    from pathlib import Path

    client = DeadlineClient(idle_farm.url)
    item = published_and_failed(studio, client)
    Path(item.published_copy).unlink()
    with pytest.raises(RefusedError, match="its published script .* is gone"):
        rerender(studio, client)
    assert len(client.find_jobs({})) == 1


def test_a_version_missing_nothing_sends_nothing(studio, idle_farm):
    client = DeadlineClient(idle_farm.url)
    item = published_and_failed(studio, client)
    for frame in range(1001, 1011):
        (studio.version_folder("compMain", 1) / f"sh010_compMain_v001.{frame}.exr").write_text("x")
    result = rerender(studio, client)
    assert result.job_id is None and result.missing == 0
    assert [job["_id"] for job in client.find_jobs({})] == [item.job_id]


def test_a_re_render_whose_answer_was_lost_is_looked_up_not_sent_twice(studio, idle_farm):
    published_and_failed(studio, DeadlineClient(idle_farm.url))
    rule = lambda method, path: "forward-then-fail" if method == "POST" else "forward"  # noqa: E731
    with FaultyProxy(idle_farm.url, rule) as proxy:
        result = rerender(studio, DeadlineClient(proxy.url, timeout=(2.0, 0.5)))
    client = DeadlineClient(idle_farm.url)
    assert len(client.find_jobs({"AvalonRerenderOf": str(studio.versions()[0]["_id"])})) == 1
    assert studio.versions()[0]["data"]["farm"]["jobId"] == result.job_id


def test_a_re_render_the_farm_never_confirmed_is_found_by_the_next_attempt(studio, idle_farm):
    published_and_failed(studio, DeadlineClient(idle_farm.url))
    posted = []

    def rule(method: str, path: str) -> str:  # the farm takes the job, then stops answering
        if method == "POST":
            posted.append(path)
            return "forward-then-hang"
        return "fail" if posted else "forward"

    with FaultyProxy(idle_farm.url, rule) as proxy, pytest.raises(Exception, match="never sent twice"):
        rerender(studio, DeadlineClient(proxy.url, timeout=(2.0, 0.5)))
    client = DeadlineClient(idle_farm.url)
    with pytest.raises(RefusedError, match="still queued or rendering"):  # the retry finds the job, sends none
        rerender(studio, client)
    version_id = str(studio.versions()[0]["_id"])
    (job,) = client.find_jobs({"AvalonRerenderOf": version_id})
    farm = studio.versions()[0]["data"]["farm"]
    assert farm["jobId"] == job["_id"] and "rerenderAttempt" not in farm


def test_the_command_line_re_renders_and_refuses_in_one_line(studio, idle_farm, capsys, monkeypatch):
    client = DeadlineClient(idle_farm.url)
    published_and_failed(studio, client)
    monkeypatch.setenv("AVALON_DB_PATH", str(studio.settings.db_path))
    monkeypatch.setenv("AVALON_PROJECTS", str(studio.settings.projects_root))
    monkeypatch.setenv("AVALON_DEADLINE", idle_farm.url)
    argv = ["rerender", "--project", "demo", "--asset", "sh010", "--subset", "compMain", "--version", "1"]
    assert main(argv) == 0
    assert "sh010 compMain v001: 10 missing frames (1001-1010) -> farm job " in capsys.readouterr().out
    assert main(argv) == 2  # its re-render job is queued now
    error = capsys.readouterr().err
    assert error.startswith("avalon-nuke: error: sh010 compMain v001: its farm job") and error.count("\n") == 1


def test_a_review_job_left_pending_behind_a_failed_render_is_pointed_out(studio, idle_farm):
    client = DeadlineClient(idle_farm.url)
    item = publish(saved_comp(studio), studio.repo, studio.settings, client).instances[0]
    client.send_command(item.job_id, "fail")
    result = rerender(studio, client)
    assert result.waiting_review == item.review_job_id
    assert f"its review job {item.review_job_id} stays Pending" in result.note
    assert client.job(item.review_job_id)["Stat"] == st.JOB_PENDING
