"""Test-side controls of the Nuke stand-in: things a test does that a user would do in Nuke.

Kept outside the ``nuke`` package so the stand-in's namespace holds only real Nuke names.
"""

from __future__ import annotations

import nuke
from nuke import _session, callbacks


def reset(gui: bool = True) -> None:
    """A fresh Nuke process: empty untitled script, no callbacks, menus or dialogs."""
    nuke.GUI = bool(gui)
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
