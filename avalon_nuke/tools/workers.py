"""Slow work off the UI thread, results back on it, and only the newest answer per question.

A lane is a thread pool with its own thread count. Database reads go through a
lane of one thread: the embedded SQLite store shares one connection, so its
queries must not overlap, and queued reads then also arrive in the order asked.
Disk and farm look-ups go through a wider lane so a slow file server never holds
up the listings.

Every request names a *key* ("versions", "thumbnail"...); when the artist clicks
on before an answer arrives, the older answer for that key is dropped, so a
slow reply never overwrites what the newer selection shows.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from Qt import QtCore

log = logging.getLogger(__name__)


class _Relay(QtCore.QObject):
    """Lives on the UI thread; signals emitted by workers reach it queued."""

    finished = QtCore.Signal(int, object)
    failed = QtCore.Signal(int, object)


class _Task(QtCore.QRunnable):
    def __init__(self, token: int, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._token, self._work, self._relay = token, work, relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as error:  # reported on the UI thread as one line
            self._emit(self._relay.failed, error)
            return
        self._emit(self._relay.finished, result)

    def _emit(self, signal: Any, value: object) -> None:
        try:
            signal.emit(self._token, value)
        except RuntimeError:  # the window was closed and its relay deleted meanwhile
            log.debug("answer to request %s dropped: its window is gone", self._token)


@dataclass
class _Request:
    key: str
    on_done: Callable[[Any], None]
    on_error: Callable[[Exception], None] | None


class Lane(QtCore.QObject):
    """A pool of *threads* workers whose answers are delivered on the UI thread."""

    idle = QtCore.Signal()

    def __init__(self, parent: QtCore.QObject, threads: int = 1) -> None:
        super().__init__(parent)
        self._pool = QtCore.QThreadPool(self)
        self._pool.setMaxThreadCount(max(1, threads))
        self._relay = _Relay(self)
        self._relay.finished.connect(self._finished)
        self._relay.failed.connect(self._failed)
        self._tokens = itertools.count(1)
        self._pending: dict[int, _Request] = {}
        self._newest: dict[str, int] = {}

    def submit(self, key: str, work: Callable[[], Any], on_done: Callable[[Any], None],
               on_error: Callable[[Exception], None] | None = None) -> int:
        """Run ``work()`` on a worker; call ``on_done(result)`` on the UI thread unless superseded."""
        token = next(self._tokens)
        self._pending[token] = _Request(key, on_done, on_error)
        self._newest[key] = token
        self._pool.start(_Task(token, work, self._relay))
        return token

    def forget(self, key: str) -> None:
        """Drop any answer still to come for *key* (the selection it was for is gone)."""
        self._newest.pop(key, None)

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def shutdown(self, wait_ms: int = 5000) -> None:
        """Cancel queued work and wait for running work (a window is closing)."""
        self._pool.clear()
        self._pool.waitForDone(wait_ms)
        self._pending.clear()
        self._newest.clear()

    def _take(self, token: int) -> _Request | None:
        request = self._pending.pop(token, None)
        if request is None or self._newest.get(request.key) != token:
            request = None  # superseded by a newer request for the same key
        return request

    def _settle(self) -> None:
        if not self._pending:
            self.idle.emit()

    def _finished(self, token: int, result: object) -> None:
        request = self._take(token)
        if request is not None:
            request.on_done(result)
        self._settle()

    def _failed(self, token: int, error: object) -> None:
        request = self._take(token)
        if request is not None and request.on_error is not None:
            request.on_error(error)  # type: ignore[arg-type]
        elif request is not None:
            log.warning("background %s failed: %s", request.key, error)
        self._settle()
