"""A publish sends the render job and a review movie job depending on it; the farm renders them in turn."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from avalon_nuke.deadline import states as st
from avalon_nuke.deadline.client import DeadlineClient
from avalon_nuke.hosts.nk_file import NkFileHost
from avalon_nuke.local_farm.server import LocalFarm
from avalon_nuke.publish.script_publish import publish
from tests.doubles.farm_faults import FaultyProxy
from tests.support.publishing import FAKE_NUKE, render_jobs, review_jobs, saved_comp, wait_until

PASSWORD = "farm-pw-5150"
FAST = (2.0, 0.5)


def representations(studio, version) -> dict[str, str]:
    return {rep["name"]: rep["data"]["path"] for rep in studio.repo.representations("demo", [version["_id"]])}


def test_a_publish_posts_the_render_then_a_review_job_that_depends_on_it_without_secrets(studio, tmp_path):
    with LocalFarm(tmp_path / "farm", port=0, workers=0, credentials=("wrangler", PASSWORD)) as farm, \
            FaultyProxy(farm.url, lambda method, path: "forward") as proxy:
        client = DeadlineClient(proxy.url, user="wrangler", password=PASSWORD)
        settings = studio.settings.with_changes(deadline_url=proxy.url, deadline_password=PASSWORD)
        result = publish(saved_comp(studio), studio.repo, settings, client)
        assert result.ok, result.message
        posts = [seen for seen in proxy.seen if seen[0] == "POST"]
        (render,), (review,) = render_jobs(client), review_jobs(client)
    item = result.instances[0]
    assert len(posts) == 2 and (item.job_id, item.review_job_id) == (render["_id"], review["_id"])
    assert review["Props"]["Dep"] == [{"JobID": render["_id"]}] and review["Stat"] == st.JOB_PENDING
    assert review["Props"]["Frames"] == "1000-1010" and review["Props"]["Tasks"] == 1  # slate + 10 frames
    assert review["Props"]["PlugInfo"]["WriteNode"] == "AvalonReviewWrite"
    assert review["Props"]["PlugInfo"]["BatchModeIsMovie"] == "True"
    assert review["Props"]["Batch"] == render["Props"]["Batch"]
    assert PASSWORD not in json.dumps([render, review])
    (version,) = studio.versions()
    folder = studio.version_folder("compMain", 1)
    assert representations(studio, version)["review"] == str(folder / "sh010_compMain_v001_review.mov")
    assert review["Props"]["PlugInfo"]["SceneFile"] == str(folder / "sh010_compMain_v001_review.nk")
    farm = version["data"]["farm"]
    assert [(job["kind"], job["jobId"]) for job in farm["jobs"]] == [("render", render["_id"]),
                                                                    ("review", review["_id"])]
    assert farm["jobId"] == render["_id"] and farm["state"] == "submitted"


def test_the_farm_keeps_the_review_pending_until_the_render_completes_then_renders_the_movie(
        studio, tmp_path, monkeypatch):
    gate = tmp_path / "go"
    monkeypatch.setenv("FAKE_NUKE_WAIT_FOR", str(gate))
    with LocalFarm(tmp_path / "farm", port=0, workers=2, nuke_command=FAKE_NUKE) as farm:
        client = DeadlineClient(farm.url)
        result = publish(saved_comp(studio), studio.repo, studio.settings, client)
        assert result.ok, result.message
        item = result.instances[0]
        wait_until(lambda: client.tasks(item.job_id)[0]["Stat"] == st.TASK_RENDERING, "the render to start")
        # a worker is free, yet the review job waits for the render
        assert client.job(item.review_job_id)["Stat"] == st.JOB_PENDING
        gate.touch()
        wait_until(lambda: client.job(item.review_job_id)["Stat"] == st.JOB_COMPLETED, "the review movie")
        assert client.job(item.job_id)["Stat"] == st.JOB_COMPLETED
    movie = Path(item.review)
    rendered = [int(line.split()[-1]) for line in movie.read_text().splitlines()]
    assert rendered == list(range(1000, 1011))  # the slate frame, then every frame of the version
    (version,) = studio.versions()
    assert representations(studio, version)["review"] == str(movie)


def test_a_review_job_whose_render_fails_stays_pending(studio, tmp_path, monkeypatch):
    monkeypatch.setenv("FAKE_NUKE_FAIL_FRAME", "1005")
    with LocalFarm(tmp_path / "farm", port=0, workers=1, nuke_command=FAKE_NUKE) as farm:
        client = DeadlineClient(farm.url)
        item = publish(saved_comp(studio), studio.repo, studio.settings, client).instances[0]
        wait_until(lambda: client.job(item.job_id)["Stat"] == st.JOB_FAILED, "the render to fail")
        assert client.job(item.review_job_id)["Stat"] == st.JOB_PENDING
    assert not Path(item.review).exists()


def test_no_review_flag_and_the_instance_knob_each_turn_the_review_off(studio, idle_farm):
    client = DeadlineClient(idle_farm.url)
    flagged = publish(saved_comp(studio), studio.repo, studio.settings, client, review=False)
    assert flagged.ok and flagged.instances[0].review_job_id is None
    host = saved_comp(studio, subsets=("compAlt",))
    host.set_knobs(host.script.find("Write1"), {"avalon_review": False})
    host.save(backup=False)
    knobbed = publish(host, studio.repo, studio.settings, client)
    assert knobbed.ok and knobbed.instances[0].review_job_id is None
    assert review_jobs(client) == [] and len(render_jobs(client)) == 2
    for subset in ("compMain", "compAlt"):
        (version,) = studio.versions(subset)
        assert "review" not in representations(studio, version)
        assert [job["kind"] for job in version["data"]["farm"]["jobs"]] == ["render"]


def test_a_project_can_turn_review_movies_off(studio, idle_farm):
    studio.repo.create_project("dark", root=str(studio.root), data={"review": {"enabled": False}})
    studio.repo.create_asset("dark", "sh010", {"frameStart": 1001, "frameEnd": 1010})
    result = publish(saved_comp(studio), studio.repo, studio.settings, DeadlineClient(idle_farm.url),
                     project="dark")
    assert result.ok, result.message
    assert result.instances[0].review_job_id is None


def test_bad_review_settings_stop_the_publish_before_anything_is_made(studio, idle_farm):
    studio.repo.create_project("bad", root=str(studio.root), data={"review": {"codec": "h 264"}})
    studio.repo.create_asset("bad", "sh010", {"frameStart": 1001, "frameEnd": 1010})
    client = DeadlineClient(idle_farm.url)
    result = publish(saved_comp(studio), studio.repo, studio.settings, client, project="bad")
    assert not result.ok and "review codec 'h 264' is not a Nuke mov64_codec name" in result.message
    assert client.find_jobs({}) == []


# -- faults between the two POSTs --------------------------------------------------------------


def nothing_left(studio, client) -> None:
    assert studio.versions() == []
    assert client.find_jobs({}) == []
    assert not studio.version_folder("compMain", 1).exists()


def second_post(action: str):
    posts: list[str] = []

    def rule(method: str, path: str) -> str:
        if method == "POST":
            posts.append(path)
            return "forward" if len(posts) == 1 else action
        return "forward"

    return rule


def test_a_refused_review_post_withdraws_the_render_job_and_the_version(studio, idle_farm):
    with FaultyProxy(idle_farm.url, second_post("fail")) as proxy:
        result = publish(saved_comp(studio), studio.repo, studio.settings, DeadlineClient(proxy.url, timeout=FAST))
    assert not result.ok and "(HTTP 500)" in result.message and "compMain v001 rolled back and job" in result.message
    nothing_left(studio, DeadlineClient(idle_farm.url))


def test_a_review_post_whose_answer_is_lost_is_looked_up_not_sent_twice(studio, idle_farm):
    with FaultyProxy(idle_farm.url, second_post("forward-then-fail")) as proxy:
        result = publish(saved_comp(studio), studio.repo, studio.settings, DeadlineClient(proxy.url, timeout=FAST))
    assert result.ok, result.message
    client = DeadlineClient(idle_farm.url)
    (render,), (review,) = render_jobs(client), review_jobs(client)
    assert result.instances[0].review_job_id == review["_id"] and review["Props"]["Dep"] == [{"JobID": render["_id"]}]


def test_a_farm_gone_down_between_the_posts_keeps_the_version_and_a_retry_sends_only_the_review(studio, idle_farm):
    host = saved_comp(studio)
    took_render = []

    def rule(method: str, path: str) -> str:  # the farm dies right after taking the render job
        if took_render:
            return "fail"
        if method == "POST":
            took_render.append(path)
        return "forward"

    with FaultyProxy(idle_farm.url, rule) as proxy:
        result = publish(host, studio.repo, studio.settings, DeadlineClient(proxy.url, timeout=FAST))
    assert not result.ok and "kept, marked 'farm state unknown'" in result.message
    (version,) = studio.versions()
    assert version["data"]["farm"]["state"] == "unknown" and "review job" in version["data"]["publishError"]
    assert NkFileHost.open(host.path).root_knob("avalon_locked") is None  # the artist can publish again
    client = DeadlineClient(idle_farm.url)
    assert len(render_jobs(client)) == 1 and review_jobs(client) == []

    retry = publish(NkFileHost.open(host.path), studio.repo, studio.settings, client)
    assert retry.ok, retry.message
    (render,), (review,) = render_jobs(client), review_jobs(client)
    assert [(i.version, i.job_id, i.review_job_id) for i in retry.instances] == [(1, render["_id"], review["_id"])]
    assert review["Props"]["Dep"] == [{"JobID": render["_id"]}]
    (version,) = studio.versions()
    assert version["data"]["farm"]["state"] == "submitted" and version["data"].get("publishError") is None
    assert [job["kind"] for job in version["data"]["farm"]["jobs"]] == ["render", "review"]


@pytest.mark.parametrize("second", ["fail", "forward-then-fail"])
def test_a_fault_on_the_review_post_never_leaves_two_review_jobs_after_a_retry(studio, idle_farm, second):
    host = saved_comp(studio)
    with FaultyProxy(idle_farm.url, second_post(second)) as proxy:
        publish(host, studio.repo, studio.settings, DeadlineClient(proxy.url, timeout=FAST))
    client = DeadlineClient(idle_farm.url)
    if not studio.versions():  # rolled back: a retry publishes afresh
        assert publish(NkFileHost.open(host.path), studio.repo, studio.settings, client).ok
    assert len(render_jobs(client)) == 1 and len(review_jobs(client)) == 1


def test_versions_lists_the_review_movie_and_whether_it_is_rendered(studio, idle_farm, capsys, monkeypatch):
    from avalon_nuke.cli import main

    item = publish(saved_comp(studio), studio.repo, studio.settings, DeadlineClient(idle_farm.url)).instances[0]
    monkeypatch.setenv("AVALON_DB_PATH", str(studio.settings.db_path))
    argv = ["versions", "--project", "demo", "--asset", "sh010", "--all"]
    assert main(argv) == 0
    assert "not rendered yet" in capsys.readouterr().out  # the REVIEW column
    Path(item.review).write_text("a movie")
    assert main(argv) == 0
    assert f"  {item.review}" in capsys.readouterr().out
    assert main([*argv, "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["review"], row["reviewReady"]) == (item.review, True)



@pytest.mark.parametrize("flags", [[], ["--no-review"]])
def test_submit_from_the_command_line_sends_a_review_job_unless_told_not_to(cli_env, capsys, monkeypatch, tmp_path,
                                                                            flags):
    from avalon_nuke.cli import main

    work = cli_env / "projects" / "demo" / "sh010" / "work" / "nuke"
    work.mkdir(parents=True)
    script = work / "sh010_v001.nk"
    script.write_text(f"#! nuke -nx\nversion 15.1 v1\nRoot {{\n inputs 0\n name {script.as_posix()}\n"
                      " first_frame 1001\n last_frame 1010\n}\nWrite {\n file comp.####.exr\n name Write1\n}\n")
    assert main(["create", str(script), "--node", "Write1", "--subset", "compMain", "--asset", "sh010",
                 "--project", "demo"]) == 0
    with LocalFarm(tmp_path / "farm", port=0, workers=0) as farm:
        monkeypatch.setenv("AVALON_DEADLINE", farm.url)
        capsys.readouterr()
        assert main(["submit", str(script), *flags]) == 0
        printed = capsys.readouterr().out
        reviews = review_jobs(DeadlineClient(farm.url))
    if flags:
        assert reviews == [] and "review movie" not in printed
    else:
        (review,) = reviews
        assert f"review movie {cli_env / 'projects'}" in printed and f"-> farm job {review['_id']}" in printed
