"""Nuke runs this in GUI sessions only, after init.py: add the Avalon menu."""

import nuke

if nuke.GUI:
    import nuke_menu

    nuke_menu.build()
