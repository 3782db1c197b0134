"""Finding jobs by id without reading the farm: id batches, id times, the lost-submission lookup."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from avalon_nuke.deadline import job_ids
from avalon_nuke.deadline.client import DeadlineClient
from tests.deadline.scripted_server import Scripted

NOW = datetime.now(timezone.utc).replace(microsecond=0)


def object_id(made: datetime, serial: int = 0) -> str:
    return f"{int(made.timestamp()):08x}{serial:016x}"


@pytest.fixture
def server() -> Iterator[Scripted]:
    scripted = Scripted().start()
    yield scripted
    scripted.stop()


def ids_asked(server: Scripted) -> list[list[str]]:
    """The JobID lists of the by-id requests, in order."""
    asked = []
    for request in server.requests:
        query = parse_qs(urlsplit(request["path"]).query)
        if "JobID" in query:
            asked.append(query["JobID"][0].split(","))
    return asked


def test_an_object_id_tells_when_its_job_was_made():
    made = datetime(2021, 5, 26, 18, 35, 52, tzinfo=timezone.utc)
    assert job_ids.created_at("60ae9508f69eb6110034df45") == made  # a real job's id and its Date
    assert job_ids.created_at("job-7") is None


def test_ids_outside_the_window_are_left_out_and_ids_without_a_time_kept_apart():
    old, new, newer = object_id(NOW - timedelta(days=3)), object_id(NOW, 1), object_id(NOW + timedelta(seconds=5), 2)
    found = job_ids.in_window([old, "job-7", new, newer], NOW - timedelta(minutes=1), NOW + timedelta(minutes=1))
    assert found == ([newer, new], ["job-7"])


def test_many_ids_are_asked_for_100_at_a_time_so_no_url_grows_long(server):
    ids = [object_id(NOW, serial) for serial in range(250)]
    server.answer(200, [])
    assert DeadlineClient(server.url).jobs(ids + ids[:10]) == []
    assert [len(batch) for batch in ids_asked(server)] == [100, 100, 50]
    assert max(len(request["path"]) for request in server.requests) < 3000


def test_a_lost_submission_is_found_from_the_ids_made_since_it_was_sent(server):
    sent = NOW - timedelta(seconds=2)
    old = [object_id(NOW - timedelta(days=day), day) for day in range(1, 400)]
    ours, neighbour = object_id(NOW, 1000), object_id(NOW, 1001)
    server.then(200, old + [neighbour, ours])
    server.answer(200, [{"_id": neighbour, "Props": {"ExDic": {"AvalonVersionId": "v0"}}},
                        {"_id": ours, "Props": {"ExDic": {"AvalonVersionId": "v9"}}}])
    found = DeadlineClient(server.url).find_recent_jobs({"AvalonVersionId": "v9"}, since=sent)
    assert [job["_id"] for job in found] == [ours]
    assert server.requests[0]["path"] == "/api/jobs?IdOnly=true"
    assert [sorted(batch) for batch in ids_asked(server)] == [sorted([ours, neighbour])]  # only this window's ids, nothing older read


def test_the_window_follows_the_servers_clock_when_ours_is_wrong(server):
    server_now = NOW + timedelta(hours=2)  # the farm's clock runs two hours ahead of ours
    ours = object_id(server_now, 1)
    server.headers["Date"] = format_datetime(server_now, usegmt=True)
    server.then(200, [ours])
    server.answer(200, [{"_id": ours, "Props": {"ExDic": {"AvalonVersionId": "v9"}}}])
    found = DeadlineClient(server.url).find_recent_jobs({"AvalonVersionId": "v9"}, since=NOW)
    assert [job["_id"] for job in found] == [ours]


def test_nothing_made_in_the_window_means_one_request_and_no_job(server):
    server.answer(200, [object_id(NOW - timedelta(days=2))])
    assert DeadlineClient(server.url).find_recent_jobs({"AvalonVersionId": "v9"}, since=NOW) == []
    assert len(server.requests) == 1


def test_an_id_list_of_job_objects_is_read_too(server):
    ours = object_id(NOW)
    server.then(200, [{"_id": ours}])
    server.answer(200, json.dumps([{"_id": ours, "Props": {"ExDic": {"k": "v"}}}]))
    assert DeadlineClient(server.url).find_recent_jobs({"k": "v"}, since=NOW)[0]["_id"] == ours


def test_an_ids_answer_that_is_no_list_falls_back_to_reading_every_job(server):
    server.then(200, {"JobIDs": "?"})
    server.answer(200, [{"_id": "job-7", "Props": {"ExDic": {"k": "v"}}}])
    found = DeadlineClient(server.url).find_recent_jobs({"k": "v"}, since=NOW)
    assert [job["_id"] for job in found] == ["job-7"]
    assert [request["path"] for request in server.requests] == ["/api/jobs?IdOnly=true", "/api/jobs"]


def test_many_ids_that_tell_no_time_are_looked_through_in_one_full_listing(server):
    server.then(200, [f"job-{index}" for index in range(5000)])
    server.answer(200, [{"_id": "job-7", "Props": {"ExDic": {"k": "v"}}}])
    found = DeadlineClient(server.url).find_recent_jobs({"k": "v"}, since=NOW)
    assert [job["_id"] for job in found] == ["job-7"] and len(server.requests) == 2
