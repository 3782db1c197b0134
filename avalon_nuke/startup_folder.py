"""The folder to put on ``NUKE_PATH``: where Nuke finds ``init.py``, ``menu.py`` and ``gizmos/``.

Nuke runs ``init.py`` (every session) and ``menu.py`` (GUI sessions) from each folder on its
plug-in path, which ``NUKE_PATH`` extends, and finds gizmos only in folders on that path. In a
source checkout the folder is the repository root. A wheel has no repository root: its build
copies the three into the package (``avalon_nuke/nuke_path/``), so a plain
``pip install avalon-nuke`` carries everything Nuke needs.
"""

from __future__ import annotations

from pathlib import Path

from avalon_nuke.errors import AvalonError

INSTALLED_NAME = "nuke_path"  # setup.py copies the start-up files here when it builds a wheel
STARTUP_FILES = ("init.py", "menu.py")
GIZMOS = "gizmos"

PACKAGE_DIR = Path(__file__).resolve().parent


def nuke_path_folder(package_dir: Path | None = None) -> Path:
    """The installed copy of the start-up files, else the source checkout holding the package."""
    package_dir = package_dir or PACKAGE_DIR
    for folder in (package_dir / INSTALLED_NAME, package_dir.parent):
        if _is_startup_folder(folder):
            return folder
    raise AvalonError(f"no Nuke start-up files (init.py, menu.py, gizmos/) beside {package_dir}: "
                      "reinstall avalon-nuke from its wheel or a source checkout")


def gizmos_folder(package_dir: Path | None = None) -> Path | None:
    """The shipped gizmos, or None when the start-up files are missing (Nuke still starts)."""
    try:
        return nuke_path_folder(package_dir) / GIZMOS
    except AvalonError:
        return None


def _is_startup_folder(folder: Path) -> bool:
    return all((folder / name).is_file() for name in STARTUP_FILES) and (folder / GIZMOS).is_dir()
