"""Build shim: the package metadata lives in pyproject.toml.

What pyproject.toml cannot say: Nuke needs ``init.py``, ``menu.py`` and ``gizmos/`` in one
folder on ``NUKE_PATH``. In a source checkout that folder is the repository root; a wheel has
no repository root, so the build copies the three into ``avalon_nuke/nuke_path/`` and
``avalon-nuke nuke-path`` prints where they were installed. Editable installs skip the copy:
their NUKE_PATH folder is the checkout itself.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
STARTUP_FILES = ("init.py", "menu.py")
STARTUP_FOLDERS = ("gizmos",)
INSTALLED_FOLDER = Path("avalon_nuke", "nuke_path")  # avalon_nuke.startup_folder.INSTALLED_NAME


class BuildWithNukeStartupFiles(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / INSTALLED_FOLDER
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        for name in STARTUP_FILES:
            shutil.copy2(ROOT / name, target / name)
        for name in STARTUP_FOLDERS:
            shutil.copytree(ROOT / name, target / name)


setup(cmdclass={"build_py": BuildWithNukeStartupFiles})
