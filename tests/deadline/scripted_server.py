"""A loopback HTTP server that answers every request as a test scripts it, or misbehaves on cue.

``answer(status, body)`` sets the reply; ``misbehave`` picks how the connection fails
after the request arrived: ``"hang"`` (no answer until released: the client's read
timeout gives up), ``"close"`` (closed without a word), ``"reset"`` (TCP reset).
Hanging waits on an event, never on a clock.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Scripted:
    def __init__(self) -> None:
        self.status = 200
        self.body: bytes = b"[]"
        self.content_type = "application/json"
        self.headers: dict[str, str] = {}
        self.misbehave: str | None = None
        self.requests: list[dict] = []
        self.replies: list[tuple[int, bytes]] = []  # answered in turn before status/body
        self.release = threading.Event()
        scripted = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                scripted.requests.append({
                    "method": self.command, "path": self.path,
                    "auth": self.headers.get("Authorization"),
                    "body": self.rfile.read(length) if length else b"",
                })
                if scripted.misbehave == "hang":
                    scripted.release.wait(10)
                    self.close_connection = True
                    return
                if scripted.misbehave in ("close", "reset"):
                    if scripted.misbehave == "reset":
                        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.close_connection = True
                    return
                status, body = scripted.replies.pop(0) if scripted.replies else (scripted.status, scripted.body)
                self.send_response(status)
                self.send_header("Content-Type", scripted.content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in scripted.headers.items():
                    if name != "Date":  # sent by send_response, from date_time_string below
                        self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_DELETE = _answer

            def date_time_string(self, timestamp: float | None = None) -> str:
                return scripted.headers.get("Date") or super().date_time_string(timestamp)

            def log_message(self, *args: object) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.http.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}"
        self.thread = threading.Thread(target=self.http.serve_forever, args=(0.05,), daemon=True)

    def answer(self, status: int, body: object, content_type: str = "application/json") -> None:
        self.status = status
        self.body = encode(body)
        self.content_type = content_type

    def then(self, status: int, body: object) -> None:
        """Queue one reply, answered before the standing one."""
        self.replies.append((status, encode(body)))

    def start(self) -> Scripted:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self.http.shutdown()
        self.http.server_close()


def encode(body: object) -> bytes:
    if isinstance(body, bytes):
        return body
    return body.encode() if isinstance(body, str) else json.dumps(body).encode()
