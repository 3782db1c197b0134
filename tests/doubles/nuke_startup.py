"""Start the Nuke stand-in the way Nuke starts: from ``NUKE_PATH``, then report what it has.

Foundry's start-up order (Python Developer's Guide, "Start-up Scripts"; user guide, "Defining
the Nuke Plug-in Path"): every ``NUKE_PATH`` folder is on the plug-in path; Nuke runs the
``init.py`` files of the plug-in path in reverse order, in every session, and ``menu.py``
files only in GUI sessions; a gizmo is found by searching the plug-in path folders in order.

Run as a script in the Python under test (``python nuke_startup.py [--terminal]``); it prints
one JSON object: where ``avalon_nuke`` was imported from, whether the host is installed, the
Avalon menu's entries and where ``AvalonWrite.gizmo`` was found.
"""

from __future__ import annotations

import json
import os
import runpy
import sys
from pathlib import Path

STANDIN_DIR = Path(__file__).resolve().parent / "nuke_module"


def start(gui: bool) -> None:
    import nuke
    import nuke_standin_control

    nuke_standin_control.reset(gui=gui)
    folders = [folder for folder in os.environ.get("NUKE_PATH", "").split(os.pathsep) if folder]
    nuke.pluginAppendPath(folders)
    startup_folders = list(reversed(nuke.pluginPath()))
    for folder in startup_folders:
        _run_if_present(Path(folder, "init.py"))
    if gui:
        for folder in startup_folders:
            _run_if_present(Path(folder, "menu.py"))


def find_plugin(file_name: str) -> str | None:
    """The first plug-in path folder holding *file_name*, as Nuke's plugin_find searches."""
    import nuke

    for folder in nuke.pluginPath():
        if Path(folder, file_name).is_file():
            return str(Path(folder, file_name))
    return None


def report() -> dict:
    import nuke

    import avalon_nuke
    import nuke_menu
    from avalon_nuke.hosts.live_nuke import install

    menu = nuke.menu("Nuke").findItem("Avalon") if nuke.GUI else None
    return {
        "avalon_nuke": str(Path(avalon_nuke.__file__).resolve().parent),
        "nuke_menu": str(Path(nuke_menu.__file__).resolve().parent),
        "installed": install.is_installed(),
        "menu": [item.name() for item in menu.items()] if menu is not None else None,
        "gizmo": find_plugin("AvalonWrite.gizmo"),
    }


def _run_if_present(path: Path) -> None:
    if path.is_file():
        runpy.run_path(str(path), run_name="__main__")


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(STANDIN_DIR))
    start(gui="--terminal" not in argv)
    print(json.dumps(report()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
