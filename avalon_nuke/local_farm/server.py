"""``avalon-nuke farm``: a one-machine render farm that speaks Deadline's Web Service.

Code written against it runs against a studio's Deadline by changing the URL.
Jobs live in a SQLite file under the data folder and survive restarts; a lock
file keeps a second farm from sharing that folder (and its tasks).
"""

from __future__ import annotations

import base64
import binascii
import hmac
import logging
import threading
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import BinaryIO
from urllib.parse import parse_qsl, urlsplit

from avalon_nuke.errors import FarmError
from avalon_nuke.local_farm.api import FarmApi
from avalon_nuke.local_farm.failure_limits import ErrorLimits
from avalon_nuke.local_farm.http_intake import BufferedRequestHandler, IntakeServer
from avalon_nuke.local_farm.queue import FarmQueue
from avalon_nuke.local_farm.request_guard import own_host_names, refusal
from avalon_nuke.local_farm.worker import Worker

log = logging.getLogger(__name__)

QUEUE_FILE = "farm.sqlite3"
LOCK_FILE = "farm.lock"
_MAX_BODY = 16 * 1024 * 1024


class _DataDirLock:
    """An exclusive OS lock on ``<data>/farm.lock`` held while the farm runs."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: BinaryIO | None = None

    def acquire(self) -> None:
        self._file = held = open(self.path, "a+b")  # held open while the farm runs
        try:
            try:
                import fcntl

                fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except ImportError:  # Windows
                import msvcrt

                msvcrt.locking(held.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined, unused-ignore]
        except OSError as error:
            held.close()
            self._file = None
            raise FarmError(
                f"another local farm is already using {self.path.parent}; stop it or pick another --data"
            ) from error

    def release(self) -> None:
        if self._file is not None:
            self._file.close()  # closing drops the lock
            self._file = None


def _handler_class(api: FarmApi, credentials: tuple[str, str] | None,
                   names: frozenset[str]) -> type[BufferedRequestHandler]:
    expected = None
    if credentials:
        expected = "Basic " + base64.b64encode(":".join(credentials).encode("utf-8")).decode("ascii")

    class Handler(BufferedRequestHandler):
        server_version = "avalon-nuke-farm"
        protocol_version = "HTTP/1.1"
        # Headers and body leave in separate writes; without this, Nagle's algorithm and the
        # client's delayed ACK add 40 ms to every keep-alive request.
        disable_nagle_algorithm = True

        def _authorised(self) -> bool:
            if expected is None:
                return True
            given = self.headers.get("Authorization", "")
            try:
                return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
            except (UnicodeError, binascii.Error):
                return False

        def _refuse(self, status: int, text: str, *headers: tuple[str, str]) -> None:
            """Answer without reading the body, so the connection cannot be reused."""
            body = text.encode("utf-8")
            self.close_connection = True
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)

        def _answer(self) -> None:
            local_address, port = self.connection.getsockname()[:2]  # where this request arrived
            sent = {name: value for name in ("Host", "Origin", "Content-Type")
                    if (value := self.headers.get(name)) is not None}
            refused = refusal(self.command, sent, names=names, port=port,
                              local_address=local_address,
                              has_body=self.headers.get("Content-Length", "0").strip() not in ("", "0"))
            if refused is not None:
                self._refuse(*refused)
                return
            if not self._authorised():
                self._refuse(401, "Unauthorized", ("WWW-Authenticate", 'Basic realm="Deadline Web Service"'))
                return
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if not 0 <= length <= _MAX_BODY:
                self._refuse(400 if length < 0 else 413, "Bad or too large Content-Length")
                return
            body = self.rfile.read(length) if length else b""
            parts = urlsplit(self.path)
            query = dict(parse_qsl(parts.query, keep_blank_values=True))
            try:
                answer = api.handle(self.command, parts.path, query, body)
            except Exception:
                log.exception("local farm failed %s %s", self.command, parts.path)
                answer = None
            if answer is None:
                self.send_error(500, "Internal error in the local farm")
                return
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(answer.body)

        do_GET = do_POST = do_PUT = do_DELETE = _answer

        def log_message(self, format: str, *args: object) -> None:
            log.debug("%s %s", self.address_string(), format % args)

    return Handler


class LocalFarm:
    """The HTTP service, the job store and the workers, started and stopped together.

    Use as a context manager, or call :meth:`start` and :meth:`stop`.
    ``port=0`` picks a free port; :attr:`url` says which.
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        host: str = "127.0.0.1",
        port: int = 8081,
        workers: int = 1,
        nuke_command: str = "nuke",
        credentials: tuple[str, str] | None = None,
        pools: tuple[str, ...] = (),
        groups: tuple[str, ...] = (),
        limit_groups: tuple[str, ...] = (),
        limit_stubs: Mapping[str, int] | None = None,
        error_limits: ErrorLimits | None = None,
        poll_seconds: float = 0.25,
        allow_plugin_paths: bool = False,
        http_threads: int = 16,
        request_seconds: float = 10.0,
    ) -> None:
        if workers < 0:
            raise FarmError(f"the number of workers cannot be negative ({workers})")
        if any(count < 1 for count in (limit_stubs or {}).values()):
            raise FarmError("a limit group's count of stubs must be at least 1")
        self.data_dir = Path(data_dir).expanduser()
        self.host, self.port = host, port
        self.worker_count = workers
        self.nuke_command = nuke_command
        self.credentials = credentials
        self.pools, self.groups = pools, groups
        # A limit group with a count is listed too; each count caps the workers rendering its jobs.
        self.limit_stubs = dict(limit_stubs or {})
        self.limit_groups = tuple(dict.fromkeys([*limit_groups, *self.limit_stubs]))
        self.error_limits = error_limits or ErrorLimits()
        self.poll_seconds = poll_seconds
        self.allow_plugin_paths = allow_plugin_paths
        self.http_threads, self.request_seconds = http_threads, request_seconds
        self.queue: FarmQueue | None = None
        self._lock = _DataDirLock(self.data_dir / LOCK_FILE)
        self._http: IntakeServer | None = None
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()
        self._work_ready = threading.Event()

    @property
    def url(self) -> str:
        if self._http is None:
            raise FarmError("the local farm is not running")
        host, port = str(self._http.server_address[0]), self._http.server_address[1]
        return f"http://{'[' + host + ']' if ':' in host else host}:{port}"

    def start(self) -> LocalFarm:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._lock.acquire()
        try:
            self.queue = FarmQueue(self.data_dir / QUEUE_FILE, limits=self.error_limits,
                                   limit_stubs=self.limit_stubs)
            api = FarmApi(self.queue, pools=self.pools, groups=self.groups, limit_groups=self.limit_groups,
                          on_work=self._work_ready.set)
            handler = _handler_class(api, self.credentials, own_host_names(self.host))
            try:
                self._http = IntakeServer((self.host, self.port), handler, threads=self.http_threads,
                                          request_seconds=self.request_seconds)
            except (OSError, OverflowError) as error:
                reason = getattr(error, "strerror", None) or error
                raise FarmError(f"cannot listen on {self.host}:{self.port}: {reason}") from error
        except BaseException:
            if self.queue is not None:
                self.queue.close()
            self._lock.release()
            raise
        self._stopping.clear()
        serve = threading.Thread(target=self._http.serve_forever, args=(0.1,), name="farm-http", daemon=True)
        self._threads = [serve]
        for index in range(self.worker_count):
            self._threads.append(Worker(
                f"local-worker-{index + 1}", self.queue, self.nuke_command,
                stopping=self._stopping, work_ready=self._work_ready, poll_seconds=self.poll_seconds,
                allow_plugin_paths=self.allow_plugin_paths,
            ))
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; running renders are stopped and their tasks go back to the queue."""
        if self._http is None:
            return
        self._stopping.set()
        self._work_ready.set()
        self._http.shutdown()
        self._http.server_close()
        for thread in self._threads:
            thread.join(timeout=30)
        self._threads = []
        self._http = None
        if self.queue is not None:
            self.queue.close()
        self._lock.release()

    def __enter__(self) -> LocalFarm:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()
