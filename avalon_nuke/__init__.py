"""avalon-nuke: the Nuke side of an Avalon-style pipeline.

Importing the package does nothing. Inside Nuke, ``init.py`` (every session) installs the
host and ``menu.py`` (GUI sessions) builds the Avalon menu; :func:`install` does both at
once, for a Script Editor or a studio's own start-up code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from avalon_nuke.config import Settings


def install(settings: Settings | None = None) -> None:
    """Register the Nuke host (pyblish, callbacks, gizmos) and, with a GUI, the Avalon menu."""
    import nuke

    from avalon_nuke.hosts.live_nuke import install as host

    host.install(settings)
    if nuke.GUI:
        import nuke_menu

        nuke_menu.build(settings)


def uninstall() -> None:
    """Undo :func:`install`."""
    import nuke

    from avalon_nuke.hosts.live_nuke import install as host

    if nuke.GUI:
        import nuke_menu

        nuke_menu.remove()
    host.uninstall()
