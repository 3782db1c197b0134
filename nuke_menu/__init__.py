"""The Avalon menu in Nuke's menu bar, built from :mod:`nuke_menu.table`.

``menu.py`` calls :func:`build` in GUI sessions. Building again replaces the menu (never
duplicates it); without a GUI there is no menu bar and both functions do nothing.
"""

from __future__ import annotations

import functools
import sys
from typing import Any

from avalon_nuke.config import Settings
from nuke_menu.table import CONTEXT_LABEL, ENTRIES, MENU_NAME, SEPARATOR

__all__ = ["build", "remove", "context_label", "refresh_windows"]


def build(settings: Settings | None = None) -> Any:
    """(Re)build the Avalon menu; return it, or None without a GUI."""
    import nuke

    from nuke_menu.commands import run

    if not nuke.GUI:
        return None
    settings = settings or Settings.from_env()
    bar = nuke.menu("Nuke")
    _remove_menu(bar)
    menu = bar.addMenu(MENU_NAME)
    for entry in ENTRIES:
        if entry is SEPARATOR:
            menu.addSeparator()
        elif entry is CONTEXT_LABEL:
            menu.addCommand(context_label(settings), None).setEnabled(False)
        elif entry.target:  # every entry but the two above has one
            command = functools.partial(run, entry.label, entry.target, settings)
            menu.addCommand(entry.label, command, entry.shortcut)
    _forget_refresh(nuke)
    nuke.addOnScriptLoad(refresh_windows)
    from nuke_menu import approvals

    approvals.watch(settings)  # approvals reach the open script (GUI sessions only)
    return menu


def refresh_windows() -> None:
    """Bring open Avalon windows up to date with the script (after a load or a menu action).

    Only windows already open are touched: no Qt import for artists who never opened one.
    """
    refresh = getattr(sys.modules.get("avalon_nuke.tools.manager"), "refresh_open", None)
    if refresh is not None:
        refresh()


def _forget_refresh(nuke: Any) -> None:
    try:
        nuke.removeOnScriptLoad(refresh_windows)
    except (ValueError, KeyError):
        pass  # not registered yet


def remove() -> None:
    """Take the Avalon menu out of the menu bar."""
    import nuke

    if nuke.GUI:
        _remove_menu(nuke.menu("Nuke"))
        _forget_refresh(nuke)
        from nuke_menu import approvals

        approvals.forget()


def _remove_menu(bar: Any) -> None:
    """Remove the Avalon menu only when ``findItem`` finds it.

    What ``removeItem`` does for a missing item is not documented (tk-nuke found it
    unreliable across Nuke versions); asking first holds whatever it does.
    """
    if bar.findItem(MENU_NAME) is not None:
        bar.removeItem(MENU_NAME)


def context_label(settings: Settings) -> str:
    """``Context: <project> | <asset>`` ('/' would make Nuke open a submenu)."""
    if not settings.project or not settings.asset:
        return "Context: none (set AVALON_PROJECT and AVALON_ASSET)"
    text = f"Context: {settings.project} | {settings.asset}"
    return text.replace("/", "_").replace("\\", "_")
