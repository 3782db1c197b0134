"""The Avalon menu, as one table: label, the function it calls (dotted path), shortcut.

Targets are looked up when the item is clicked, so the menu can list tools that are not
installed yet. Each is called as ``target(settings=settings)``.

No entry has a shortcut: Nuke's default key map already uses most single keys and
Ctrl/Alt/Shift combinations, and a studio's own key map is unknown, so any default
could clash. A studio adds its own by filling the third column.
"""

from __future__ import annotations

from typing import NamedTuple

MENU_NAME = "Avalon"


class MenuEntry(NamedTuple):
    label: str
    target: str | None = None
    shortcut: str = ""


SEPARATOR = MenuEntry("-")
CONTEXT_LABEL = MenuEntry("(context)")  # replaced by "Context: <project> | <asset>", disabled

ENTRIES: tuple[MenuEntry, ...] = (
    MenuEntry("Create...", "avalon_nuke.tools.creator.show"),
    MenuEntry("Load...", "avalon_nuke.tools.loader.show"),
    MenuEntry("Publish...", "avalon_nuke.tools.publisher.show"),
    MenuEntry("Manage...", "avalon_nuke.tools.manager.show"),
    SEPARATOR,
    MenuEntry("Update to latest approved", "avalon_nuke.hosts.live_nuke.commands.update_all"),
    MenuEntry("Version up", "avalon_nuke.hosts.live_nuke.commands.version_up"),
    MenuEntry("Lock script", "avalon_nuke.hosts.live_nuke.commands.lock"),
    MenuEntry("Unlock script", "avalon_nuke.hosts.live_nuke.commands.unlock"),
    MenuEntry("Set frame range", "avalon_nuke.hosts.live_nuke.context.set_frame_range"),
    MenuEntry("Set resolution", "avalon_nuke.hosts.live_nuke.context.set_resolution"),
    SEPARATOR,
    CONTEXT_LABEL,
)
