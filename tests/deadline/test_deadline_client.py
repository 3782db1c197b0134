"""DeadlineClient against small loopback servers that misbehave on purpose."""

from __future__ import annotations

import base64
import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from avalon_nuke.deadline.client import DeadlineClient
from avalon_nuke.deadline.errors import FarmAuthError, FarmRejected, FarmServerError, FarmUnavailable
from avalon_nuke.errors import FarmError

PASSWORD = "s3cr3t-pw"


class Scripted:
    """A loopback HTTP server answering every request with (status, body), or never."""

    def __init__(self) -> None:
        self.status = 200
        self.body: bytes = b"[]"
        self.content_type = "application/json"
        self.hang = False
        self.requests: list[dict] = []
        self.release = threading.Event()
        scripted = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                scripted.requests.append({
                    "method": self.command, "path": self.path,
                    "auth": self.headers.get("Authorization"),
                    "body": self.rfile.read(length) if length else b"",
                })
                if scripted.hang:
                    scripted.release.wait(10)
                    return
                self.send_response(scripted.status)
                self.send_header("Content-Type", scripted.content_type)
                self.send_header("Content-Length", str(len(scripted.body)))
                self.end_headers()
                self.wfile.write(scripted.body)

            do_GET = do_POST = do_PUT = do_DELETE = _answer

            def log_message(self, *args: object) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.http.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}"
        self.thread = threading.Thread(target=self.http.serve_forever, args=(0.05,), daemon=True)

    def answer(self, status: int, body: object, content_type: str = "application/json") -> None:
        self.status = status
        self.body = body if isinstance(body, bytes) else (
            body.encode() if isinstance(body, str) else json.dumps(body).encode())
        self.content_type = content_type


@pytest.fixture
def server() -> Iterator[Scripted]:
    scripted = Scripted()
    scripted.thread.start()
    yield scripted
    scripted.release.set()
    scripted.http.shutdown()
    scripted.http.server_close()


def client_for(server: Scripted, **options) -> DeadlineClient:
    options.setdefault("timeout", (2, 0.3))
    return DeadlineClient(server.url, user="ana", password=PASSWORD, **options)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_service_down_is_unavailable_and_names_the_url_without_credentials():
    port = closed_port()
    client = DeadlineClient(f"http://ana:{PASSWORD}@127.0.0.1:{port}", timeout=(2, 2))
    with pytest.raises(FarmUnavailable) as caught:
        client.ping()
    message = str(caught.value)
    assert f"http://127.0.0.1:{port}" in message and "down" in message
    assert PASSWORD not in message and "ana" not in message
    assert isinstance(caught.value, FarmError)


def test_unknown_host_is_unavailable():
    client = DeadlineClient("http://no-such-host.invalid:8081", timeout=(2, 2))
    with pytest.raises(FarmUnavailable, match="no-such-host.invalid"):
        client.jobs(["65f0c0ffee00112233445566"])


@pytest.mark.parametrize("status", [401, 403])
def test_refused_credentials_say_which_settings_to_check_and_never_the_password(server, status):
    server.answer(status, "Unauthorized", "text/plain")
    with pytest.raises(FarmAuthError) as caught:
        client_for(server).ping()
    assert "AVALON_DEADLINE_USER/PASSWORD" in str(caught.value)
    assert PASSWORD not in str(caught.value) and PASSWORD not in repr(caught.value)


def test_basic_auth_is_sent_and_the_password_stays_out_of_repr(server):
    server.answer(200, "Deadline Web Service 10.3", "text/plain")
    client = client_for(server)
    assert client.ping() == "Deadline Web Service 10.3"
    expected = "Basic " + base64.b64encode(f"ana:{PASSWORD}".encode()).decode()
    assert server.requests[0]["auth"] == expected
    assert PASSWORD not in repr(client)


def test_a_refused_request_carries_the_servers_reason(server):
    server.answer(400, "Missing key(s) in the message body: AuxFiles", "text/plain")
    with pytest.raises(FarmRejected, match="AuxFiles") as caught:
        client_for(server).submit({"Plugin": "Nuke"}, {})
    assert caught.value.status == 400


def test_a_server_failure_is_a_server_error(server):
    server.answer(500, "Error: An exception occurred within the Deadline code.", "text/plain")
    with pytest.raises(FarmServerError, match="exception occurred") as caught:
        client_for(server).send_command("65f0c0ffee00112233445566", "suspend")
    assert caught.value.status == 500


def test_a_submission_that_times_out_is_sent_once_and_says_the_job_may_exist(server):
    server.hang = True
    counted = []
    session = requests.Session()
    session.hooks["response"].append(lambda response, *a, **k: counted.append(response))
    with pytest.raises(FarmUnavailable, match="may have been created") as caught:
        client_for(server, session=session).submit({"Plugin": "Nuke"}, {"SceneFile": "/a.nk"})
    assert "did not answer" in str(caught.value)
    assert [r["method"] for r in server.requests] == ["POST"]


def test_a_read_that_times_out_is_unavailable(server):
    server.hang = True
    with pytest.raises(FarmUnavailable, match="did not answer GET"):
        client_for(server).tasks("65f0c0ffee00112233445566")


def test_an_answer_that_is_not_json_is_a_server_error(server):
    server.answer(200, "<html>proxy login</html>", "text/html")
    with pytest.raises(FarmServerError, match="not JSON"):
        client_for(server).jobs(["65f0c0ffee00112233445566"])


@pytest.mark.parametrize("greeting", ["This is the Deadline web service!",
                                      "Deadline Web Service (avalon-nuke local farm)"])
def test_ping_accepts_deadlines_and_the_local_farms_greeting(server, greeting):
    server.answer(200, greeting, "text/plain")
    assert client_for(server).ping() == greeting


def test_something_that_is_not_deadline_is_recognised_by_ping(server):
    server.answer(200, "<html>It works!</html>", "text/html")
    with pytest.raises(FarmError, match="not as a Deadline Web Service"):
        client_for(server).ping()


def test_submit_is_one_post_with_the_three_required_keys(server):
    server.answer(200, {"_id": "65f0c0ffee00112233445566", "Props": {"Name": "a"}})
    job = client_for(server).submit({"Plugin": "Nuke", "Frames": "1-2"}, {"SceneFile": "/a.nk"}, ["/x"])
    assert job["_id"] == "65f0c0ffee00112233445566"
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


def test_no_ids_means_no_request(server):
    assert client_for(server).jobs([]) == []
    assert server.requests == []


@pytest.mark.parametrize("url", ["", "deadline:8081", "ftp://deadline:8081"])
def test_a_url_that_is_not_http_is_refused(url):
    with pytest.raises(FarmError, match="http://host:8081"):
        DeadlineClient(url)
