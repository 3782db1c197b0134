"""DeadlineClient against small loopback servers that misbehave on purpose."""

from __future__ import annotations

import base64
import json
import socket
from collections.abc import Iterator

import pytest
import requests

from avalon_nuke.deadline.client import DeadlineClient
from avalon_nuke.deadline.errors import (
    FarmAnswerLost,
    FarmAuthError,
    FarmProtocolError,
    FarmRejected,
    FarmRequestError,
    FarmServerError,
    FarmUnavailable,
)
from avalon_nuke.errors import FarmError
from tests.deadline.scripted_server import Scripted

PASSWORD = "s3cr3t-pw"
JOB_ID = "65f0c0ffee00112233445566"


@pytest.fixture
def server() -> Iterator[Scripted]:
    scripted = Scripted().start()
    yield scripted
    scripted.stop()


def client_for(server: Scripted, **options) -> DeadlineClient:
    options.setdefault("timeout", (2, 0.3))
    return DeadlineClient(server.url, user="ana", password=PASSWORD, **options)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def causes(error: BaseException) -> str:
    """Every message along the chain of causes, as a traceback would print them."""
    text, current = [], error
    while current is not None:
        text.append(f"{type(current).__name__}: {current}")
        current = current.__cause__ or current.__context__
    return "\n".join(text)


# -- nothing sent, or an answer lost ----------------------------------------------------------------

def test_a_service_that_is_down_means_nothing_was_sent_and_names_the_url_without_credentials():
    port = closed_port()
    client = DeadlineClient(f"http://ana:{PASSWORD}@127.0.0.1:{port}", timeout=(2, 2))
    with pytest.raises(FarmUnavailable) as caught:
        client.ping()
    error = caught.value
    assert f"http://127.0.0.1:{port}" in str(error) and "nothing was sent" in str(error)
    assert (error.method, error.url, error.status) == ("GET", f"http://127.0.0.1:{port}/", None)
    assert isinstance(error.__cause__, requests.exceptions.ConnectionError)  # the cause is kept...
    assert PASSWORD not in causes(error) and "ana" not in str(error)  # ...and holds no credentials


def test_an_unknown_host_means_nothing_was_sent():
    client = DeadlineClient("http://no-such-host.invalid:8081", timeout=(2, 2))
    with pytest.raises(FarmUnavailable, match="no-such-host.invalid"):
        client.jobs([JOB_ID])


@pytest.mark.parametrize("misbehave", ["reset", "close", "hang"])
def test_a_submission_whose_answer_is_lost_is_sent_once_and_says_the_job_may_exist(server, misbehave):
    server.misbehave = misbehave
    with pytest.raises(FarmAnswerLost, match="may have been created anyway") as caught:
        client_for(server).submit({"Plugin": "Nuke"}, {"SceneFile": "/a.nk"})
    assert [request["method"] for request in server.requests] == ["POST"]
    assert (caught.value.method, caught.value.url) == ("POST", f"{server.url}/api/jobs")
    assert not isinstance(caught.value, FarmUnavailable)  # never mistaken for "nothing was sent"


def test_a_read_that_times_out_is_a_lost_answer_naming_the_timeout(server):
    server.misbehave = "hang"
    with pytest.raises(FarmAnswerLost, match=r"GET /api/tasks .*no answer within 0.3 s"):
        client_for(server).tasks(JOB_ID)


# -- answers that are refusals or not answers at all ------------------------------------------------

@pytest.mark.parametrize("status", [401, 403])
def test_refused_credentials_say_which_settings_to_check_and_never_the_password(server, status):
    server.answer(status, "Unauthorized", "text/plain")
    with pytest.raises(FarmAuthError) as caught:
        client_for(server).ping()
    assert "AVALON_DEADLINE_USER/PASSWORD" in str(caught.value) and caught.value.status == status
    assert PASSWORD not in causes(caught.value) and PASSWORD not in repr(caught.value)


def test_basic_auth_is_sent_and_the_password_stays_out_of_repr(server):
    server.answer(200, "Deadline Web Service 10.3", "text/plain")
    client = client_for(server)
    assert client.ping() == "Deadline Web Service 10.3"
    expected = "Basic " + base64.b64encode(f"ana:{PASSWORD}".encode()).decode()
    assert server.requests[0]["auth"] == expected
    assert PASSWORD not in repr(client)


def test_a_refused_request_carries_the_servers_reason_method_url_and_status(server):
    server.answer(400, "Missing key(s) in the message body: AuxFiles", "text/plain")
    with pytest.raises(FarmRejected, match="AuxFiles") as caught:
        client_for(server).submit({"Plugin": "Nuke"}, {})
    assert (caught.value.method, caught.value.url, caught.value.status) == ("POST", f"{server.url}/api/jobs", 400)


def test_a_server_failure_is_a_server_error_with_its_request(server):
    server.answer(500, "Error: An exception occurred within the Deadline code.", "text/plain")
    with pytest.raises(FarmServerError, match="exception occurred") as caught:
        client_for(server).send_command(JOB_ID, "suspend")
    assert (caught.value.method, caught.value.status) == ("PUT", 500)


@pytest.mark.parametrize("call", ["jobs", "submit", "tasks", "pools"])
def test_an_answer_that_is_not_json_is_a_protocol_error_not_a_server_error(server, call):
    server.answer(200, "<html>proxy login</html>", "text/html")
    client = client_for(server)
    actions = {"jobs": lambda: client.jobs([JOB_ID]), "submit": lambda: client.submit({}, {}),
               "tasks": lambda: client.tasks(JOB_ID), "pools": client.pools}
    with pytest.raises(FarmProtocolError, match="not JSON") as caught:
        actions[call]()
    assert caught.value.status == 200 and not isinstance(caught.value, FarmServerError)
    assert isinstance(caught.value.__cause__, ValueError)


@pytest.mark.parametrize("body", [{"Props": {}}, [1, 2], "\"Success\""])
def test_a_submission_answered_without_a_job_id_is_a_protocol_error(server, body):
    server.answer(200, body)
    with pytest.raises(FarmProtocolError, match="no job id"):
        client_for(server).submit({"Plugin": "Nuke"}, {"SceneFile": "/a.nk"})


def test_a_redirect_is_a_protocol_error_and_is_not_followed(server):
    server.answer(302, b"")
    server.headers["Location"] = "http://login.example/"
    with pytest.raises(FarmProtocolError, match="redirect") as caught:
        client_for(server).jobs([JOB_ID])
    assert caught.value.status == 302 and len(server.requests) == 1


def test_every_farm_error_is_a_farm_request_error():
    for kind in (FarmUnavailable, FarmAnswerLost, FarmAuthError, FarmRejected, FarmServerError,
                 FarmProtocolError):
        assert issubclass(kind, FarmRequestError) and issubclass(kind, FarmError)


@pytest.mark.parametrize("greeting", ["This is the Deadline web service!",
                                      "Deadline Web Service 10 (avalon-nuke local farm)"])
def test_ping_accepts_deadlines_and_the_local_farms_greeting(server, greeting):
    server.answer(200, greeting, "text/plain")
    assert client_for(server).ping() == greeting


def test_something_that_is_not_deadline_is_recognised_by_ping(server):
    server.answer(200, "<html>It works!</html>", "text/html")
    with pytest.raises(FarmError, match="not as a Deadline Web Service"):
        client_for(server).ping()


# -- requests -------------------------------------------------------------------------------------

def test_submit_is_one_post_with_the_three_required_keys(server):
    server.answer(200, {"_id": JOB_ID, "Props": {"Name": "a"}})
    job = client_for(server).submit({"Plugin": "Nuke", "Frames": "1-2"}, {"SceneFile": "/a.nk"}, ["/x"])
    assert job["_id"] == JOB_ID
    assert len(server.requests) == 1 and server.requests[0]["method"] == "POST"
    body = json.loads(server.requests[0]["body"])
    assert body["JobInfo"]["Frames"] == "1-2" and body["PluginInfo"]["SceneFile"] == "/a.nk"
    assert body["AuxFiles"] == ["/x"] and body["IdOnly"] is False


def test_find_jobs_matches_every_extra_info_pair_in_one_request(server):
    jobs = [
        {"_id": "a" * 24, "Props": {"ExDic": {"avalon_version_id": "v1", "attempt": "1"}}},
        {"_id": "b" * 24, "Props": {"ExDic": {"avalon_version_id": "v2"}}},
        {"_id": "c" * 24, "Props": {}},
    ]
    server.answer(200, jobs)
    found = client_for(server).find_jobs({"avalon_version_id": "v1"}, states=["Active", "Completed"])
    assert [job["_id"] for job in found] == ["a" * 24]
    assert len(server.requests) == 1
    assert server.requests[0]["path"] == "/api/jobs?States=Active%2CCompleted"
    assert client_for(server).find_jobs({"avalon_version_id": "v1", "attempt": "2"}) == []


@pytest.mark.parametrize(("method", "path", "query"), [
    ("pools", "/api/pools", "?NamesOnly=true"),
    ("groups", "/api/groups", ""),
    ("limit_groups", "/api/limitgroups", "?NamesOnly=true"),
])
def test_pools_groups_and_limits_are_read_as_names(server, method, path, query):
    server.answer(200, ["none", "nuke"])
    assert getattr(client_for(server), method)() == ["none", "nuke"]
    assert server.requests[0]["path"] == path + query


def test_a_name_list_that_is_not_one_is_a_protocol_error(server):
    server.answer(200, {"Pools": ["none"]})
    with pytest.raises(FarmProtocolError, match="no list of names"):
        client_for(server).pools()


def test_deleting_a_job_is_an_http_delete_not_a_command(server):
    server.answer(200, "Success", "text/plain")
    client_for(server).delete(JOB_ID)
    assert [(r["method"], r["path"]) for r in server.requests] == [("DELETE", f"/api/jobs?JobID={JOB_ID}")]


def test_no_ids_means_no_request(server):
    assert client_for(server).jobs([]) == []
    assert server.requests == []


@pytest.mark.parametrize("url", ["", "deadline:8081", "ftp://deadline:8081", "http://ana:pw@host:port"])
def test_a_url_that_is_not_http_is_refused_without_showing_a_password(url):
    with pytest.raises(FarmError, match="URL") as caught:
        DeadlineClient(url)
    assert ":pw@" not in str(caught.value)


# -- closing ----------------------------------------------------------------------------------------

def test_the_client_closes_the_session_it_made_and_leaves_a_given_one_open(server, monkeypatch):
    closed: list[requests.Session] = []
    original = requests.Session.close
    monkeypatch.setattr(requests.Session, "close", lambda self: (closed.append(self), original(self)))
    server.answer(200, "This is the Deadline web service!", "text/plain")
    with client_for(server) as client:
        client.ping()
    assert len(closed) == 1
    given = requests.Session()
    with client_for(server, session=given) as client:
        client.ping()
    assert given not in closed
    given.close()
