"""Following approvals in the GUI: the watcher's callbacks, its non-modal line, its publish guard.

Registered by :func:`nuke_menu.build`, so only GUI sessions ever watch (``menu.py`` runs only
there). The watcher starts when a script is opened or a Read is created in an untitled one,
and stops when the script closes. Qt is imported only once there is something to show.
"""

from __future__ import annotations

import sys
from typing import Any

from avalon_nuke.config import Settings
from avalon_nuke.hosts.interface import ScriptHost
from avalon_nuke.pipeline.approval_notes import Announcement

PUBLISHER_MODULE = "avalon_nuke.tools.publisher"


def watch(settings: Settings) -> None:
    """(Re)register the callbacks; a second call leaves exactly one of each."""
    import nuke

    from avalon_nuke.hosts.live_nuke import approval_thread

    forget()
    kwargs = {"settings": settings, "announce": announce, "guards": (publish_running,)}
    nuke.addOnScriptLoad(approval_thread.ensure_watching, kwargs=kwargs)
    nuke.addOnCreate(approval_thread.ensure_watching, kwargs=kwargs, nodeClass="Read")
    nuke.addOnScriptClose(approval_thread.on_script_close)


def forget() -> None:
    """Take the callbacks out again and stop a running watcher (the menu is being removed)."""
    import nuke

    from avalon_nuke.hosts.live_nuke import approval_thread

    for registry, remove in (("onScriptLoads", nuke.removeOnScriptLoad), ("onCreates", nuke.removeOnCreate),
                             ("onScriptCloses", nuke.removeOnScriptClose)):
        for node_class, entries in list(getattr(nuke.callbacks, registry).items()):
            for call, args, kwargs, _node in list(entries):
                if call in (approval_thread.ensure_watching, approval_thread.on_script_close):
                    remove(call, args, kwargs, nodeClass=node_class)
    approval_thread.stop()


def announce(note: Announcement) -> None:
    """The watcher's line: a non-modal note (with Apply when Reads wait), and an open Manager follows."""
    from avalon_nuke.hosts.live_nuke import approval_thread
    from avalon_nuke.tools import approval_notice
    from nuke_menu import refresh_windows

    approval_notice.show_note(note, approval_thread.apply_pending if note.pending else None)
    refresh_windows()


def publish_running(_host: ScriptHost) -> str | None:
    """Nothing switches while the Publisher runs its plug-ins (they run between UI events)."""
    publisher: Any = sys.modules.get(PUBLISHER_MODULE)
    if publisher is None:
        return None  # never opened in this session
    from avalon_nuke.tools.windows import find_open

    window = find_open(publisher.OBJECT_NAME)
    return "a publish of this script runs" if getattr(window, "running", False) else None
