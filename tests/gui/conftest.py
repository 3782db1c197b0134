"""Qt windows under test: offscreen PySide6, an embedded database in tmp_path, a .nk host.

``QT_QPA_PLATFORM=offscreen`` is set before anything imports Qt, so the tests
run without a display. ``AVALON_SCREENSHOTS=docs`` saves the screenshots into ``docs/``.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sys  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from avalon_nuke import nk  # noqa: E402
from avalon_nuke.config import Settings  # noqa: E402
from avalon_nuke.db import RepresentationSpec  # noqa: E402
from avalon_nuke.db.sqlite_store import SQLiteRepository  # noqa: E402
from avalon_nuke.hosts.nk_file import NkFileHost  # noqa: E402

DOCS = Path(__file__).resolve().parents[2] / "docs"

# PySide6 6.12.0 drops a reference to None/True/False on every call that returns one when
# run on Python < 3.12 (where those objects are not immortal); after some thousand calls
# the interpreter aborts with "deallocating None". 6.11 and earlier are fine.
BROKEN_PYSIDE = ("6.12.0",)


def pytest_collection_modifyitems(config, items):
    try:
        import PySide6
    except ImportError:
        return
    if PySide6.__version__ in BROKEN_PYSIDE and sys.version_info < (3, 12):
        reason = (f"PySide6 {PySide6.__version__} corrupts reference counts on Python "
                  f"{sys.version_info.major}.{sys.version_info.minor}: install PySide6-Essentials<6.12")
        here = Path(__file__).parent
        for item in items:
            if item.path.is_relative_to(here):
                item.add_marker(pytest.mark.skip(reason=reason))
EMPTY_SCRIPT = "#! nuke -nx\nversion 15.1 v1\nRoot {\n inputs 0\n name /tmp/comp.nk\n}\n"


@dataclass
class Pipeline:
    """A project 'demo' with shots sh010 and sh020 and their renders."""

    repo: SQLiteRepository
    settings: Settings
    root: Path
    assets: dict

    def subset(self, asset: str, name: str, family: str = "render") -> dict:
        return self.repo.ensure_subset("demo", self.assets[asset]["_id"], name, family)

    def folder(self, asset: str, subset: str, number: int) -> Path:
        return self.root / "demo" / asset / "publish" / "render" / subset / f"v{number:03d}"

    def publish(self, asset: str, subset: str, *, approved: bool, comment: str = "", family: str = "render",
                first: int = 1001, last: int = 1010, farm: dict | None = None, author: str = "lena") -> dict:
        subset_doc = self.subset(asset, subset, family)
        data = {"approved": approved, "frameStart": first, "frameEnd": last, "comment": comment,
                "time": "20261124T153000Z",
                "author": author, **({"farm": farm} if farm else {})}

        def specs(number: int) -> list[RepresentationSpec]:
            path = self.folder(asset, subset, number) / f"{subset}.####.exr"
            return [RepresentationSpec("exr", str(path), {"asset": asset, "subset": subset},
                                       {"frameStart": first, "frameEnd": last})]

        version, _reps = self.repo.publish_version("demo", subset_doc["_id"], data, specs)
        return version

    def write_frames(self, asset: str, subset: str, number: int, frames: range) -> Path:
        """Frames on disk: real EXRs when OpenImageIO is installed, else small stand-in files."""
        folder = self.folder(asset, subset, number)
        folder.mkdir(parents=True, exist_ok=True)
        for frame in frames:
            write_image(folder / f"{subset}.{frame:04d}.exr")
        return folder


def write_image(path: Path) -> None:
    try:
        import OpenImageIO as oiio
    except ImportError:
        path.write_bytes(b"not an image")
        return
    image = oiio.ImageBuf(oiio.ImageSpec(320, 180, 3, "half"))
    oiio.ImageBufAlgo.fill(image, (0.05, 0.1, 0.4), (0.9, 0.5, 0.2))
    assert image.write(str(path)), image.geterror()


@pytest.fixture
def pipeline(tmp_path) -> Pipeline:
    root = tmp_path / "projects"
    repo = SQLiteRepository(tmp_path / "avalon.db")
    repo.create_project("demo", root=str(root))
    repo.create_project("other", root=str(root))
    assets = {name: repo.create_asset("demo", name, {"frameStart": 1001, "frameEnd": 1010})
              for name in ("sh010", "sh020", "sh030")}
    settings = Settings(db_path=tmp_path / "avalon.db", projects_root=root, project="demo", asset="sh010")
    yield Pipeline(repo, settings, root, assets)
    repo.close()


@pytest.fixture
def host() -> NkFileHost:
    return NkFileHost(nk.loads(EMPTY_SCRIPT))


@pytest.fixture
def screenshot(tmp_path):
    """Save a window's picture: into docs/ for the README with AVALON_SCREENSHOTS=docs, else a temp folder.

    The pictures are always taken (a window that cannot be grabbed fails the test); only
    where they go differs, so an ordinary test run leaves the working tree as it was.
    """
    folder = DOCS if os.environ.get("AVALON_SCREENSHOTS") == "docs" else tmp_path

    def save(widget, name: str) -> Path:
        folder.mkdir(exist_ok=True)
        path = folder / f"{name}.png"
        assert widget.grab().save(str(path), "PNG"), f"cannot save {path}"
        return path
    return save


@pytest.fixture(autouse=True)
def _remembered_layout_in_tmp(tmp_path):
    """Windows remember their layout (QSettings INI files): here under tmp_path, never the user's."""
    from Qt import QtCore

    QtCore.QSettings.setPath(QtCore.QSettings.IniFormat, QtCore.QSettings.UserScope, str(tmp_path / "qsettings"))
    return tmp_path / "qsettings"
