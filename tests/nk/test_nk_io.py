"""Files: every byte read is written back, and a failed write leaves the old file."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest

from avalon_nuke import nk
from avalon_nuke.nk import fileio

FIXTURES = Path(__file__).parent / "fixtures"


def test_dump_writes_back_the_bytes_that_were_loaded(tmp_path: Path) -> None:
    data = b'Root {\n inputs 0\n name caf\xe9.nk\n}\r\nText2 {\n message "\xff\xfe \xc3\xa9"\n}\n'
    source = tmp_path / "in.nk"
    source.write_bytes(data)
    target = tmp_path / "out.nk"
    nk.dump(nk.load(source), target)
    assert target.read_bytes() == data


def test_edit_keeps_undecodable_bytes_elsewhere(tmp_path: Path) -> None:
    path = tmp_path / "latin.nk"
    path.write_bytes(b"Dot {\n label caf\xe9\n name Dot1\n}\n")
    script = nk.load(path)
    script.find("Dot1").set_knob("note_font_size", 20)
    nk.dump(script, path)
    assert path.read_bytes() == b"Dot {\n label caf\xe9\n name Dot1\n note_font_size 20\n}\n"


def test_dump_replaces_the_file_and_keeps_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "comp.nk"
    path.write_text("old\n")
    path.chmod(0o640)
    nk.dump(nk.load(FIXTURES / "toolset.nk"), path)
    assert path.read_bytes() == (FIXTURES / "toolset.nk").read_bytes()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["comp.nk"]


def test_new_file_gets_default_permissions(tmp_path: Path) -> None:
    path = tmp_path / "new.nk"
    nk.dump(nk.loads("Dot {\n name Dot1\n}\n"), path)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask


class _FailingStream(io.BufferedWriter):
    """Writes half of what it is given, then fails like a full disk."""

    def write(self, data: bytes) -> int:  # type: ignore[override]
        super().write(bytes(data[: len(data) // 2]))
        super().flush()
        raise OSError(28, "No space left on device")


def test_failure_mid_write_leaves_the_old_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "comp.nk"
    old = (FIXTURES / "comp.nk").read_bytes()
    path.write_bytes(old)
    script = nk.load(path)
    script.find("Read1").set_knob("file", "/new/path.####.exr")

    def failing_fdopen(handle: int, mode: str = "r", *args: object, **kwargs: object) -> io.BufferedWriter:
        return _FailingStream(io.FileIO(handle, "w"))

    monkeypatch.setattr(fileio.os, "fdopen", failing_fdopen)
    with pytest.raises(OSError, match="No space left"):
        nk.dump(script, path)
    assert path.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["comp.nk"]


def test_failure_at_rename_leaves_the_old_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "comp.nk"
    path.write_bytes(b"Dot {\n name Old\n}\n")

    def refuse(source: str, target: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(fileio.os, "replace", refuse)
    with pytest.raises(PermissionError):
        nk.dump(nk.loads("Dot {\n name New\n}\n"), path)
    assert path.read_bytes() == b"Dot {\n name Old\n}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["comp.nk"]


def test_load_accepts_str_and_path_objects(tmp_path: Path) -> None:
    path = tmp_path / "a.nk"
    path.write_text("Dot {\n name Dot1\n}\n")
    assert nk.load(str(path)).find("Dot1") is not None
    assert nk.load(path).filename == str(path)
