"""The approval watcher inside Nuke's GUI: a thread that waits and asks, the main thread that edits.

Nuke's nodes may be touched only on its main thread. Foundry's documented way for a Python
thread to get work done there is ``nuke.executeInMainThreadWithResult`` (and its fire-and-forget
sibling), never called from the main thread itself, where Nuke would hang. So each cycle is:

1. main thread: ``watcher.prepare(LiveHost())`` reads the container records (no database);
2. this thread: ``watcher.run(check)`` asks the database while the artist keeps working;
3. main thread: ``watcher.deliver(LiveHost(), outcome)`` switches as one undo step and announces.

The thread is found by its name among the running threads, so no module keeps a registry of
its own. Render and terminal sessions (``nuke -x``, ``nuke -t``) never start it; closing the
script stops it and the next script opened starts a fresh one. A watcher that cannot reach the
database says so once and retries; the artist's Nuke is never interrupted by it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence

import nuke

from avalon_nuke.config import Settings
from avalon_nuke.errors import AvalonError
from avalon_nuke.hosts.interface import ScriptHost
from avalon_nuke.hosts.live_nuke import messages
from avalon_nuke.hosts.live_nuke.script_host import LiveHost
from avalon_nuke.pipeline.approval_notes import Announcement
from avalon_nuke.pipeline.approval_watch import ApprovalWatcher, Guard, WatchOptions

log = logging.getLogger(__name__)

THREAD_NAME = "AvalonApprovalWatch"
TICK = 1.0   # seconds between looks at whether a check is due (the check interval is the watcher's)

Announce = Callable[[Announcement], None]


class ApprovalThread(threading.Thread):
    """Drives one watcher: waits on its own event (so stopping is immediate), never on Nuke."""

    def __init__(self, watcher: ApprovalWatcher, *, tick: float = TICK) -> None:
        super().__init__(name=THREAD_NAME, daemon=True)  # never keeps a quitting Nuke alive
        self.watcher = watcher
        self._stopping = threading.Event()
        self._tick = tick

    def run(self) -> None:
        while not self._stopping.wait(self._tick):
            try:
                self.cycle()
            except Exception:  # the thread must outlive a bug: logged in full, tried again next tick
                log.exception("Avalon: the approval watcher failed")

    def cycle(self) -> bool:
        """One look from this thread; True when a check ran. Never call it on the main thread."""
        ran = False
        for _ in range(2):  # a quiet check that saw a subset move is followed at once by a full one
            if not self.watcher.due():
                break  # no trip to the main thread until a check is due
            check = nuke.executeInMainThreadWithResult(self._prepare)
            if check is None:
                break
            outcome = self.watcher.run(check)
            nuke.executeInMainThreadWithResult(self._deliver, (outcome,))
            ran = True
        return ran

    def stop(self) -> None:
        """Stop without waiting for the thread (it may be waiting for this very main thread)."""
        self._stopping.set()
        self.watcher.close()

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def _prepare(self):  # main thread
        if self._stopping.is_set():
            return None
        return self._on_main_thread("reading the loaded renders", lambda: self.watcher.prepare(LiveHost()))

    def _deliver(self, outcome) -> None:  # main thread
        self._on_main_thread("following approvals", lambda: self.watcher.deliver(LiveHost(), outcome))

    def _on_main_thread(self, action: str, work: Callable[[], object]) -> object:
        """A failure is one line for the artist (the traceback goes to the log), never a dialog."""
        try:
            return work()
        except AvalonError as error:
            self.watcher.report(messages.failure(action, error))
        except Exception as error:
            log.exception("Avalon: %s failed", action)
            self.watcher.report(messages.failure(action, error) + " (details in the Script Editor)")
        return None


def running() -> ApprovalThread | None:
    """The watcher thread of this Nuke, if one runs."""
    return next((t for t in threading.enumerate()
                 if isinstance(t, ApprovalThread) and t.is_alive() and not t.stopping), None)


def start(settings: Settings | None = None, *, announce: Announce | None = None, guards: Sequence[Guard] = (),
          clock: Callable[[], float] = time.monotonic, tick: float = TICK) -> ApprovalThread | None:
    """Start following approvals for the open script (GUI sessions only); the one running if any."""
    settings = settings or Settings.from_env()
    if not nuke.GUI or not settings.project:
        return None
    existing = running()
    if existing is not None:
        return existing
    try:
        options = WatchOptions.from_settings(settings)
    except AvalonError as error:
        messages.show(f"Avalon: not following approvals: {messages.one_line(error)}")
        return None
    if options.interval == 0:
        return None

    def open_repository():
        from avalon_nuke.db import open_database

        return open_database(settings)

    watcher = ApprovalWatcher(settings.project, open_repository, options=options, clock=clock,
                              guards=(_render_session, *guards), announce=announce or _log_line)
    thread = ApprovalThread(watcher, tick=tick)
    thread.start()
    return thread


def stop() -> bool:
    """Stop the watcher thread; False when none ran."""
    thread = running()
    if thread is None:
        return False
    thread.stop()
    return True


def apply_pending() -> list[str]:
    """Notify only: the artist's one click, switching what the last announcement listed."""
    thread = running()
    return thread.watcher.apply_pending(LiveHost()) if thread is not None else []


# -- Nuke callbacks (registered by the menu, i.e. in GUI sessions) -----------------------------

def ensure_watching(settings: Settings | None = None, announce: Announce | None = None,
                    guards: Sequence[Guard] = ()) -> None:
    """onScriptLoad, and onCreate of a Read (renders loaded into an untitled script): watch it.

    A watcher already running reads the script's containers again at its next check.
    """
    thread = running()
    if thread is None:
        start(settings, announce=announce, guards=guards)
    else:
        thread.watcher.touch()


def on_script_close() -> None:
    """onScriptClose: the script's watcher stops with it."""
    stop()


def _render_session(_host: ScriptHost) -> str | None:
    return None if nuke.GUI else "not a GUI session"


def _log_line(note: Announcement) -> None:
    (log.warning if note.problem else log.info)("%s", note.text)
