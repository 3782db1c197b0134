"""Work handed to Nuke's main thread by other threads (``nuke.executeInMainThread*``).

Foundry documents both calls for "parallel threads to run stuff that can only be in the main
Nuke thread"; called *from* the main thread, Nuke hangs. The stand-in queues the calls and the
test, playing Nuke's event loop, runs them on the main thread
(``nuke_standin_control.in_worker_thread``); a call from the main thread raises instead of
hanging the test run. Like Nuke's, a call that raises prints its traceback and gives None.
"""

from __future__ import annotations

import threading
import traceback

from . import _session


def _request(call, args, kwargs, what: str):
    if not isinstance(args, tuple):
        args = (args,)
    if threading.current_thread() is threading.main_thread():
        raise RuntimeError(f"nuke stand-in: {what} called from the main thread: Nuke would hang")
    done = threading.Event()
    box: dict = {}
    _session.session().main_queue.put((call, args, dict(kwargs), done, box))
    return done, box


def executeInMainThreadWithResult(call, args=(), kwargs={}):  # noqa: B006 (Nuke's signature)
    done, box = _request(call, args, kwargs, "executeInMainThreadWithResult")
    done.wait()
    return box.get("result")


def executeInMainThread(call, args=(), kwargs={}) -> None:  # noqa: B006
    _request(call, args, kwargs, "executeInMainThread")


def _run_one(item) -> None:
    """Nuke's event loop running one queued call (on the main thread)."""
    call, args, kwargs, done, box = item
    try:
        box["result"] = call(*args, **kwargs)
    except Exception:
        traceback.print_exc()
    finally:
        done.set()
