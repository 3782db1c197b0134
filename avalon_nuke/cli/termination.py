"""SIGTERM and SIGHUP end a command the way Ctrl+C does: clean up, then exit 128+n.

Python's default for both is to die on the spot, without ``finally`` blocks or
``except BaseException`` clean-ups: a publish killed by a closed terminal
(SIGHUP) or a job scheduler (SIGTERM) while copying left a version with part of
its frames. Here they raise :class:`Terminated` (a ``KeyboardInterrupt``, so
every clean-up written for Ctrl+C runs). While that clean-up runs, further
SIGINT/SIGTERM/SIGHUP are ignored, so a second signal cannot cut it short.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

_HANDLED = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class Terminated(KeyboardInterrupt):
    """The process got *signum*; the command's exit status is 128 + signum."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_status(self) -> int:
        return 128 + self.signum


def _ignore_further(signum: int, frame: FrameType | None) -> None:
    """A signal while cleaning up after the first: noted by doing nothing."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    for handled in _HANDLED:
        signal.signal(handled, _ignore_further)
    raise Terminated(signum)


@contextmanager
def signals_as_interrupts() -> Iterator[None]:
    """Within the block (main thread only), SIGINT/SIGTERM/SIGHUP raise :class:`Terminated`."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {handled: signal.getsignal(handled) for handled in _HANDLED}
    for handled in _HANDLED:
        signal.signal(handled, _terminate)
    try:
        yield
    finally:
        for handled, handler in previous.items():
            signal.signal(handled, handler if handler is not None else signal.SIG_DFL)
