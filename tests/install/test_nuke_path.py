"""``avalon-nuke nuke-path`` in a source checkout, and when the start-up files are missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from avalon_nuke.cli import main
from avalon_nuke.errors import AvalonError
from avalon_nuke.startup_folder import gizmos_folder, nuke_path_folder

REPO = Path(__file__).resolve().parents[2]


def _startup_folder(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name in ("init.py", "menu.py"):
        (folder / name).write_text("")
    (folder / "gizmos").mkdir()
    return folder


def test_in_a_source_checkout_nuke_path_is_the_repository_root(capsys):
    assert main(["nuke-path"]) == 0
    assert Path(capsys.readouterr().out.strip()) == REPO
    assert gizmos_folder() == REPO / "gizmos"


def test_an_installed_copy_of_the_startup_files_wins_over_the_folder_around_the_package(tmp_path):
    package = tmp_path / "site-packages" / "avalon_nuke"
    installed = _startup_folder(package / "nuke_path")
    _startup_folder(tmp_path / "site-packages" / "elsewhere")
    assert nuke_path_folder(package) == installed
    assert gizmos_folder(package) == installed / "gizmos"


@pytest.mark.parametrize("missing", ["init.py", "menu.py", "gizmos"])
def test_without_every_startup_file_there_is_no_nuke_path_folder(tmp_path, missing):
    package = tmp_path / "avalon_nuke"
    installed = _startup_folder(package / "nuke_path")
    target = installed / missing
    target.rmdir() if target.is_dir() else target.unlink()
    with pytest.raises(AvalonError, match="no Nuke start-up files"):
        nuke_path_folder(package)
    assert gizmos_folder(package) is None


def test_nuke_path_without_startup_files_is_a_one_line_error(monkeypatch, tmp_path, capsys):
    import avalon_nuke.startup_folder as startup_folder

    monkeypatch.setattr(startup_folder, "PACKAGE_DIR", tmp_path / "avalon_nuke")
    assert main(["nuke-path"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("avalon-nuke: error: no Nuke start-up files") and err.count("\n") == 1
