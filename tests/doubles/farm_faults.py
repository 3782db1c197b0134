"""A loopback proxy in front of the local farm that misbehaves on cue (500s, answers that never come).

``rule(method, path)`` picks what happens to each request:

- ``"forward"``: pass it to the farm and its answer back;
- ``"fail"``: answer HTTP 500 without telling the farm;
- ``"forward-then-fail"``: the farm acts on it, the client gets HTTP 500;
- ``"forward-then-hang"``: the farm acts on it, the answer never comes (until released);
- ``"hang"``: nothing reaches the farm and no answer comes (until released);
- ``"forward-then-reset"``: the farm acts on it, then the connection is reset (TCP RST);
- ``"reset"``: the connection is reset before anything reaches the farm.

Hanging requests wait on an event, not on a clock: the client's own timeout is what
gives up, as it would with a stalled Web Service.
"""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

Rule = Callable[[str, str], str]


class FaultyProxy:
    def __init__(self, target: str, rule: Rule) -> None:
        self.target = target.rstrip("/")
        self.rule = rule
        self.release = threading.Event()
        self.seen: list[tuple[str, str, str, str]] = []  # (method, path, action, query)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> FaultyProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release.set()
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _any(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                path, _, query = self.path.partition("?")
                action = proxy.rule(self.command, path)
                proxy.seen.append((self.command, path, action, query))
                if action in ("hang",):
                    proxy.release.wait(30)
                    self.close_connection = True
                    return
                if action == "reset":
                    self._reset()
                    return
                answer = None
                if action.startswith("forward"):
                    headers = {k: v for k, v in self.headers.items() if k.lower() in ("authorization", "content-type")}
                    answer = requests.request(self.command, proxy.target + self.path, data=body or None,
                                              headers=headers, timeout=10)
                if action == "forward-then-hang":
                    proxy.release.wait(30)
                    self.close_connection = True
                    return
                if action == "forward-then-reset":
                    self._reset()
                    return
                if action in ("fail", "forward-then-fail") or answer is None:
                    self._send(500, b"Internal Server Error: simulated", "text/plain")
                    return
                self._send(answer.status_code, answer.content,
                           answer.headers.get("Content-Type", "application/json"))

            def _reset(self) -> None:
                """Close with a TCP reset, as a crashed service or a dropped proxy does."""
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.close_connection = True

            def _send(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_DELETE = _any

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler
