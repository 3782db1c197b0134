"""A Web Service behind its own certificate authority that asks for a client certificate, on loopback.

Deadline generates a CA, a server and a client certificate for TLS to its services;
the client then needs the CA (to trust the server) and its own certificate and key
(PEM files here: ``requests`` reads PEM, so a PKCS#12 ``.pfx`` is converted once).
The certificates are made for the test with the ``openssl`` command.
"""

from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from avalon_nuke.config import Settings
from avalon_nuke.deadline.client import DeadlineClient
from avalon_nuke.deadline.errors import FarmRequestError, FarmUnavailable
from avalon_nuke.errors import InputError

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")


def _openssl(*arguments: str, cwd: Path) -> None:
    subprocess.run(["openssl", *arguments], cwd=cwd, check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def certificates(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("certificates")
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
             "-subj", "/CN=avalon test CA", cwd=folder)
    for name, extension in (("server", "subjectAltName=IP:127.0.0.1"), ("client", "extendedKeyUsage=clientAuth")):
        (folder / f"{name}.ext").write_text(extension + "\n")
        _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key", "-out", f"{name}.csr",
                 "-subj", f"/CN={name}", cwd=folder)
        _openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                 "-out", f"{name}.crt", "-days", "2", "-extfile", f"{name}.ext", cwd=folder)
    return folder


@pytest.fixture
def tls_service(certificates) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            body = b"This is the Deadline web service!"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificates / "server.crt", certificates / "server.key")
    context.load_verify_locations(certificates / "ca.crt")
    context.verify_mode = ssl.CERT_REQUIRED
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def settings_for(url: str, certificates: Path, **changes) -> Settings:
    values = {"deadline_url": url, "deadline_ca_bundle": str(certificates / "ca.crt"),
              "deadline_client_cert": str(certificates / "client.crt"),
              "deadline_client_key": str(certificates / "client.key")}
    return Settings(**{**values, **changes})


def test_the_ca_bundle_and_client_certificate_from_settings_reach_the_service(tls_service, certificates):
    with DeadlineClient.for_settings(settings_for(tls_service, certificates)) as client:
        assert client.ping() == "This is the Deadline web service!"


def test_a_server_certificate_nobody_vouches_for_is_refused_before_anything_is_sent(tls_service, certificates):
    settings = settings_for(tls_service, certificates, deadline_ca_bundle=None)
    with DeadlineClient.for_settings(settings, timeout=(2, 2)) as client:
        with pytest.raises(FarmUnavailable, match="TLS check failed.*AVALON_DEADLINE_CA_BUNDLE"):
            client.ping()


def test_without_the_client_certificate_the_service_turns_us_away(tls_service, certificates):
    settings = settings_for(tls_service, certificates, deadline_client_cert=None, deadline_client_key=None)
    with DeadlineClient.for_settings(settings, timeout=(2, 2)) as client:
        with pytest.raises(FarmRequestError):
            client.ping()


@pytest.mark.parametrize(("change", "variable"), [
    ({"deadline_ca_bundle": "/no/such/ca.crt"}, "AVALON_DEADLINE_CA_BUNDLE"),
    ({"deadline_client_cert": "/no/such/client.crt"}, "AVALON_DEADLINE_CLIENT_CERT"),
    ({"deadline_client_cert": None}, "AVALON_DEADLINE_CLIENT_KEY needs AVALON_DEADLINE_CLIENT_CERT"),
])
def test_a_tls_file_that_is_not_there_is_named_before_any_request(certificates, change, variable):
    with pytest.raises(InputError, match=variable):
        DeadlineClient.for_settings(settings_for("https://127.0.0.1:1", certificates, **change))


def test_tls_files_are_only_used_for_the_configured_service(certificates):
    settings = settings_for("https://deadline.studio:4434", certificates, deadline_user="ana",
                            deadline_password="pw")
    other = DeadlineClient.for_settings(settings, "https://elsewhere:8081")
    assert repr(other) == "DeadlineClient('https://elsewhere:8081', user=None)"
