"""Pipeline actions on the script open in Nuke: what the menu and callbacks call.

Each takes the settings (the menu passes ``settings=``), builds the live host and
hands over to the host-independent pipeline code. Problems are raised as
:class:`AvalonError`; the menu and callbacks turn them into one line for the artist.
"""

from __future__ import annotations

import logging

from avalon_nuke.config import Settings
from avalon_nuke.errors import InputError
from avalon_nuke.hosts.live_nuke import messages
from avalon_nuke.pipeline.container_data import DATA_KNOB
from avalon_nuke.pipeline.policy import State

log = logging.getLogger(__name__)


def current_project(settings: Settings) -> str:
    if not settings.project:
        raise InputError("no project context: set AVALON_PROJECT before starting Nuke")
    return settings.project


def update_all(settings: Settings | None = None) -> list[str]:
    """Menu "Update to latest approved": every container follows its policy now."""
    changes = _update(settings or Settings.from_env())
    moved = _moves(changes)
    missing = [after.node_name for _before, after in changes if after.state is State.MISSING]
    if not changes:
        messages.show("Avalon: no loaded renders in this script")
        return moved
    summary = f"Avalon: {len(changes)} loaded render(s) checked, {len(moved)} switched"
    if missing:
        summary += f", {len(missing)} missing ({', '.join(missing[:5])})"
    messages.show(summary)
    return moved


def on_script_load(settings: Settings | None = None) -> None:
    """onScriptLoad: switch reads to what their policy follows, and say which moved."""
    from avalon_nuke.hosts.live_nuke.script_host import LiveHost
    from avalon_nuke.pipeline.approval_watch import WatchOptions

    if not LiveHost().nodes_with_knob(DATA_KNOB):
        return  # scripts without containers never wait for the database
    settings = settings or Settings.from_env()
    if WatchOptions.from_settings(settings).notify_only:  # the studio switches by hand: only say so
        waiting = _would_move(settings)
        if waiting:
            messages.show("Avalon: newer versions to switch to (notify only; Manage... applies them): "
                          + "; ".join(waiting[:5]))
        return
    moved = _moves(_update(settings))
    if moved:
        log.info("Avalon switched %s", "; ".join(moved))
        messages.show("Avalon: switched to newer versions: " + "; ".join(moved[:5]))


def _would_move(settings: Settings) -> list[str]:
    from avalon_nuke.db import open_database
    from avalon_nuke.hosts.live_nuke.script_host import LiveHost
    from avalon_nuke.pipeline import inventory

    with open_database(settings) as repo:
        resolved = inventory.ls(LiveHost(), repo, current_project(settings))
    return [f"{c.node_name} v{c.current_number:03d} -> v{c.target_number:03d}" for c in resolved
            if c.current_number is not None and c.target_number is not None
            and c.target_number != c.current_number]


def _moves(changes: list) -> list[str]:
    return [f"{after.node_name} v{before.current_number:03d} -> v{after.current_number:03d}"
            for before, after in changes
            if before.current_number is not None and after.current_number != before.current_number]


def _update(settings: Settings) -> list:
    """(before, after) for every container: one resolution, then each node switched."""
    from avalon_nuke.db import open_database
    from avalon_nuke.hosts.live_nuke.script_host import LiveHost
    from avalon_nuke.pipeline import inventory

    host = LiveHost()
    with open_database(settings) as repo:
        resolved = inventory.ls(host, repo, current_project(settings))
    return list(zip(resolved, inventory.apply_all(host, resolved), strict=True))


# -- script protection --------------------------------------------------------------------

def lock(settings: Settings | None = None) -> None:
    """Menu "Lock script"."""
    from avalon_nuke.hosts.live_nuke.script_host import LiveHost
    from avalon_nuke.pipeline import protection

    protection.lock(LiveHost())
    messages.show("Avalon: script locked; use Version up to keep working")


def unlock(settings: Settings | None = None) -> None:
    """Menu "Unlock script"."""
    from avalon_nuke.hosts.live_nuke.script_host import LiveHost
    from avalon_nuke.pipeline import protection

    was_locked = protection.unlock(LiveHost())
    messages.show("Avalon: script unlocked; saving overwrites the published work file" if was_locked
                  else "Avalon: the script was not locked")


def version_up(settings: Settings | None = None) -> None:
    """Menu "Version up": continue in the next work file of the asset, unlocked."""
    from avalon_nuke.hosts.live_nuke.script_host import LiveHost
    from avalon_nuke.pipeline import protection

    path = protection.version_up(LiveHost(), settings=settings or Settings.from_env())
    messages.show(f"Avalon: saved as {path.name}")


def on_script_save(settings: Settings | None = None) -> None:
    """onScriptSave: a locked (published) script refuses to be saved over."""
    from avalon_nuke.hosts.live_nuke.script_host import LiveHost
    from avalon_nuke.pipeline import protection

    protection.refuse_locked_save(LiveHost())
