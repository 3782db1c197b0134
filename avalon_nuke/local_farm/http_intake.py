"""The local farm's HTTP front door: whole requests to a few threads, slow clients dropped.

``ThreadingHTTPServer`` gives every connection its own thread for as long as the
client likes and listens with a backlog of 5: a burst of a thousand submissions
met connection resets, and three hundred clients that sent one byte a minute
held three hundred threads. Here one thread multiplexes every connection with a
selector and buffers each request until its headers and body have arrived;
only a complete request goes to one of a fixed number of handler threads. A
connection that does not deliver a whole request within ``request_seconds``
(or stays idle longer than ``idle_seconds`` between keep-alive requests) is
closed. The listen backlog fits a thousand simultaneous connects.
"""

from __future__ import annotations

import io
import logging
import queue
import selectors
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

log = logging.getLogger(__name__)

LISTEN_BACKLOG = 2048
MAX_HEADER_BYTES = 64 * 1024
_HEADER_END = b"\r\n\r\n"


@dataclass
class _Pending:
    """A connection waiting for the rest of its request."""

    sock: socket.socket
    address: Any
    data: bytearray = field(default_factory=bytearray)
    deadline: float = 0.0


@dataclass(frozen=True)
class BufferedRequest:
    """What a handler gets as its ``request``: the socket and the request's bytes."""

    sock: socket.socket
    data: bytes


def _complete(data: bytearray, max_body: int) -> bool:
    """Whether *data* holds a whole request (or enough of one for the handler to refuse it)."""
    end = data.find(_HEADER_END)
    if end < 0:
        return len(data) > MAX_HEADER_BYTES  # the handler answers 431/400 without reading on
    length = 0
    for line in bytes(data[:end]).split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            try:
                length = int(value.strip())
            except ValueError:
                return True  # malformed: refused without a body
    if length < 0 or length > max_body:
        return True
    return len(data) - (end + len(_HEADER_END)) >= length


class BufferedRequestHandler(BaseHTTPRequestHandler):
    """Handles exactly one request whose bytes were read already."""

    def setup(self) -> None:
        buffered: BufferedRequest = self.request
        self.connection = buffered.sock
        if self.disable_nagle_algorithm:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, True)
        self.rfile = io.BytesIO(buffered.data)
        self.wfile = buffered.sock.makefile("wb", buffering=0)  # type: ignore[assignment]

    def handle(self) -> None:
        self.handle_one_request()

    def finish(self) -> None:
        self._leftover = b"" if self.rfile.closed else self.rfile.read()
        super().finish()

    def leftover(self) -> bytes:
        """Bytes after this request (a pipelined next request)."""
        return getattr(self, "_leftover", b"")


class IntakeServer:
    """Serves *handler* (a :class:`BufferedRequestHandler`) on *address* with *threads* threads."""

    def __init__(self, address: tuple[str, int], handler: type[BufferedRequestHandler], *,
                 threads: int = 16, request_seconds: float = 10.0, idle_seconds: float = 30.0,
                 write_seconds: float = 10.0, max_body: int = 16 * 1024 * 1024,
                 max_connections: int = 4096) -> None:
        family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.socket = socket.socket(family, socket.SOCK_STREAM)
        try:
            self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self.socket.bind(address)
            self.socket.listen(LISTEN_BACKLOG)
            self.socket.setblocking(False)
        except OSError:
            self.socket.close()
            raise
        self.server_address = self.socket.getsockname()
        self.handler = handler
        self.request_seconds, self.idle_seconds = request_seconds, idle_seconds
        self.write_seconds, self.max_body = write_seconds, max_body
        self.max_connections = max_connections
        self._selector = selectors.DefaultSelector()
        self._selector.register(self.socket, selectors.EVENT_READ, None)
        self._wake_read, self._wake_write = socket.socketpair()
        self._wake_read.setblocking(False)
        self._selector.register(self._wake_read, selectors.EVENT_READ, "wake")
        self._returned: queue.SimpleQueue[_Pending] = queue.SimpleQueue()
        self._work: queue.SimpleQueue[tuple[socket.socket, Any, bytes] | None] = queue.SimpleQueue()
        self._pending: dict[socket.socket, _Pending] = {}
        self._busy = 0
        self._stop = threading.Event()
        self._stopped = threading.Event()
        self._stopped.set()  # not serving yet: shutdown() need not wait
        self._threads = [threading.Thread(target=self._serve_requests, name=f"farm-http-{i + 1}",
                                          daemon=True) for i in range(max(1, threads))]
        for thread in self._threads:
            thread.start()

    # -- the intake thread ------------------------------------------------------------------

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        self._stopped.clear()
        try:
            while not self._stop.is_set():
                for key, _events in self._selector.select(timeout=min(poll_interval, 0.5)):
                    if key.fileobj is self.socket:
                        self._accept()
                    elif key.data == "wake":
                        self._drain_wake()
                    else:
                        self._receive(key.data)
                self._take_back()
                self._drop_late(time.monotonic())
        finally:
            self._stopped.set()

    def _accept(self) -> None:
        for _ in range(256):  # a burst: take what is waiting, then look at the others
            try:
                sock, address = self.socket.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as error:  # out of file descriptors: leave it in the backlog
                log.warning("local farm cannot accept a connection: %s", error)
                return
            if len(self._pending) + self._busy >= self.max_connections:
                sock.close()
                continue
            sock.setblocking(False)
            self._watch(_Pending(sock, address, deadline=time.monotonic() + self.idle_seconds))

    def _watch(self, pending: _Pending) -> None:
        self._pending[pending.sock] = pending
        self._selector.register(pending.sock, selectors.EVENT_READ, pending)
        if pending.data and _complete(pending.data, self.max_body):
            self._dispatch(pending)

    def _receive(self, pending: _Pending) -> None:
        try:
            chunk = pending.sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            chunk = b""
        if not chunk:
            self._forget(pending, close=True)
            return
        if not pending.data:  # the first byte of a request: it now has request_seconds to arrive
            pending.deadline = time.monotonic() + self.request_seconds
        pending.data += chunk
        if _complete(pending.data, self.max_body):
            self._dispatch(pending)

    def _dispatch(self, pending: _Pending) -> None:
        self._forget(pending, close=False)
        self._busy += 1
        pending.sock.setblocking(True)
        pending.sock.settimeout(self.write_seconds)
        self._work.put((pending.sock, pending.address, bytes(pending.data)))

    def _forget(self, pending: _Pending, *, close: bool) -> None:
        self._pending.pop(pending.sock, None)
        try:
            self._selector.unregister(pending.sock)
        except (KeyError, ValueError):
            pass
        if close:
            pending.sock.close()

    def _drop_late(self, now: float) -> None:
        for pending in [p for p in self._pending.values() if p.deadline <= now]:
            self._forget(pending, close=True)

    def _drain_wake(self) -> None:
        try:
            while self._wake_read.recv(4096):
                pass
        except (BlockingIOError, InterruptedError):
            pass

    def _take_back(self) -> None:
        while True:
            try:
                pending = self._returned.get_nowait()
            except queue.Empty:
                return
            self._busy -= 1
            if pending.sock.fileno() < 0:
                continue
            if self._stop.is_set():
                pending.sock.close()
                continue
            pending.sock.setblocking(False)
            wait = self.request_seconds if pending.data else self.idle_seconds
            pending.deadline = time.monotonic() + wait
            self._watch(pending)

    # -- the handler threads ----------------------------------------------------------------

    def _serve_requests(self) -> None:
        while True:
            item = self._work.get()
            if item is None:
                return
            sock, address, data = item
            keep: _Pending | None = None
            try:
                # socketserver types the request as a socket and the server as BaseServer; ours differ.
                handler = self.handler(BufferedRequest(sock, data), address, self)  # type: ignore[arg-type]
                if not handler.close_connection and not self._stop.is_set():
                    keep = _Pending(sock, address, bytearray(handler.leftover()))
            except Exception:  # one bad request must not take a handler thread with it
                log.exception("local farm: request from %s failed", address)
            if keep is None:
                try:
                    sock.close()
                except OSError:
                    pass
                keep = _Pending(sock, address)  # counted back, then skipped as closed
            self._returned.put(keep)
            try:
                self._wake_write.send(b"x")
            except OSError:
                pass

    # -- stopping -----------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop :meth:`serve_forever` (from another thread) and wait for it."""
        self._stop.set()
        try:
            self._wake_write.send(b"x")
        except OSError:
            pass
        self._stopped.wait(5)

    def server_close(self) -> None:
        self._stop.set()
        for _ in self._threads:
            self._work.put(None)
        for thread in self._threads:
            thread.join(timeout=5)
        for pending in list(self._pending.values()):
            self._forget(pending, close=True)
        self._selector.close()
        for sock in (self.socket, self._wake_read, self._wake_write):
            sock.close()

    @property
    def handler_threads(self) -> int:
        return len(self._threads)

    def open_connections(self) -> int:
        """Connections waiting for a request or being answered (for tests and status)."""
        return len(self._pending) + self._busy

