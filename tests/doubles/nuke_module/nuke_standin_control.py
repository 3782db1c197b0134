"""Test-side controls of the Nuke stand-in: things a test does that a user would do in Nuke.

Kept outside the ``nuke`` package so the stand-in's namespace holds only real Nuke names.
"""

from __future__ import annotations

import threading

import nuke
from nuke import _session, _threads, callbacks


def reset(gui: bool = True, raw_args: list[str] | None = None) -> None:
    """A fresh Nuke process: empty untitled script, no callbacks, menus or dialogs.

    *raw_args* is the command line (``nuke.rawArgs``); by default ``Nuke15.1`` with ``-t``
    added in terminal mode.
    """
    nuke.GUI = bool(gui)
    nuke.rawArgs = list(raw_args) if raw_args is not None else (
        ["Nuke15.1"] if gui else ["Nuke15.1", "-t"])
    callbacks._clear_all()
    _session.replace(gui=bool(gui))


def messages(kind: str | None = None) -> list[str]:
    """Texts shown with ``nuke.message`` (or ``critical``/``ask`` when *kind* says so)."""
    return [text for k, text in _session.session().messages if kind is None or k == kind]


def answer(*answers: bool) -> None:
    """Queue the answers the next ``nuke.ask`` dialogs will get."""
    _session.session().answers.extend(bool(a) for a in answers)


def renders() -> list[tuple[str, int, int, int]]:
    """``(write node full name, first, last, step)`` for each ``nuke.execute``."""
    return list(_session.session().renders)


def item_enabled(item) -> bool:
    """Whether a menu item is enabled (real Nuke shows this only through its QAction)."""
    return item._enabled


def callback_count() -> int:
    """How many callbacks are registered in all of ``nuke.callbacks``' registries."""
    return sum(len(entries) for registry in callbacks._REGISTRIES for entries in registry.values())


def undo_depth() -> int:
    return _session.session().undo_depth


def menu_bar(name: str = "Nuke"):
    """The menu bar as the process holds it, readable even in terminal mode (tests only)."""
    return _session.session().menus.get(name)


def use_colorspaces(names) -> None:
    """Read and Write nodes made from now on offer these colourspaces (as an OCIO config would)."""
    _session.session().colorspaces = tuple(str(n) for n in names)


_DONE = object()


def in_worker_thread(work):
    """Run ``work()`` on a new thread while this (main) thread runs what it hands to Nuke's main thread.

    Returns what ``work`` returned, or raises what it raised: the test waits on the work itself,
    never on time.
    """
    queue = _session.session().main_queue
    box: dict = {}

    def worker() -> None:
        try:
            box["result"] = work()
        except BaseException as error:  # handed back to the test
            box["error"] = error
        finally:
            queue.put(_DONE)

    thread = threading.Thread(target=worker, name="standin-worker")
    thread.start()
    while (item := queue.get()) is not _DONE:
        _threads._run_one(item)
    thread.join()
    if "error" in box:
        raise box["error"]
    return box.get("result")
