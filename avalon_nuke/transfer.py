"""Put published files where the pipeline keeps them, without copying when possible.

Frames already on shared storage (under the projects root) are registered where
they are: renders for the farm are written straight into their publish folder.
Anything else is hard-linked into the version folder, which is instant and
costs no space, and copied only when linking is impossible (another device,
a file system without links). A publish is all or nothing: if one file fails,
every file and folder this call created is removed again.
"""

from __future__ import annotations

import filecmp
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import AvalonError, ConflictError, InputError
from .paths import is_inside
from .sequences import Sequence

Progress = Callable[[int, int], None]

_COPY_CHUNK = 4 * 1024 * 1024


@dataclass(frozen=True)
class PlacedFiles:
    """Where the files ended up and how they got there.

    ``already_present`` counts destination files that already held the same
    content (a retried publish); they are neither linked nor copied again.
    """

    hash_path: str
    bytes_copied: int
    linked: int
    copied: int
    in_place: bool
    already_present: int = 0


def place_sequence(
    sequence: Sequence,
    dest_folder: str | os.PathLike,
    *,
    projects_root: str | os.PathLike,
    progress: Progress | None = None,
) -> PlacedFiles:
    """Register *sequence* in place if on shared storage, else link or copy it to *dest_folder*.

    *progress* is called as ``progress(files_done, files_total)``.
    """
    sources = sequence.paths()
    if is_inside(os.path.dirname(sequence.head) or ".", projects_root):
        return _in_place(sequence.hash_path, len(sources), progress)
    dest_path = os.path.join(os.fspath(dest_folder), _file_name(sequence.hash_path))
    return _place(sources, Path(dest_folder), dest_path, progress)


def place_file(
    path: str | os.PathLike,
    dest_folder: str | os.PathLike,
    *,
    projects_root: str | os.PathLike,
    progress: Progress | None = None,
) -> PlacedFiles:
    """The single-file form of :func:`place_sequence` (movies, scripts, caches)."""
    source = os.fspath(path)
    if is_inside(source, projects_root):
        return _in_place(source, 1, progress)
    dest_path = os.path.join(os.fspath(dest_folder), _file_name(source))
    return _place([source], Path(dest_folder), dest_path, progress)


@dataclass
class _Placement:
    """What one call has done so far, so a failure can undo exactly that."""

    created_files: list[Path] = field(default_factory=list)
    created_folders: list[Path] = field(default_factory=list)
    bytes_copied: int = 0
    linked: int = 0
    copied: int = 0
    already_present: int = 0

    def undo(self) -> None:
        for path in reversed(self.created_files):
            try:
                path.unlink()
            except FileNotFoundError:
                pass
        for folder in reversed(self.created_folders):  # deepest first
            try:
                folder.rmdir()
            except OSError:
                break  # someone else put something there: leave it


def _in_place(hash_path: str, count: int, progress: Progress | None) -> PlacedFiles:
    if progress is not None:
        progress(count, count)
    return PlacedFiles(hash_path, bytes_copied=0, linked=0, copied=0, in_place=True)


def _place(
    sources: list[str], dest_folder: Path, dest_path: str, progress: Progress | None
) -> PlacedFiles:
    placement = _Placement()
    total = len(sources)
    try:
        _make_folders(dest_folder, placement)
        for done, source in enumerate(sources, start=1):
            _place_one(source, dest_folder / _file_name(source), placement)
            if progress is not None:
                progress(done, total)
    except BaseException:
        placement.undo()
        raise
    return PlacedFiles(
        dest_path,
        bytes_copied=placement.bytes_copied,
        linked=placement.linked,
        copied=placement.copied,
        in_place=False,
        already_present=placement.already_present,
    )


def _make_folders(folder: Path, placement: _Placement) -> None:
    missing = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for path in reversed(missing):  # outermost first
        try:
            path.mkdir()
        except FileExistsError as error:
            if not path.is_dir():
                raise AvalonError(f"cannot create folder {path}: a file is in the way") from error
            continue  # created meanwhile by someone else: not ours to remove
        except OSError as error:
            raise AvalonError(f"cannot create folder {path}: {error.strerror}") from error
        placement.created_folders.append(path)
    if not folder.is_dir():
        raise AvalonError(f"cannot place files in {folder}: it is not a folder")


def _place_one(source: str, target: Path, placement: _Placement) -> None:
    if not os.path.isfile(source):
        problem = "not a file" if os.path.exists(source) else "missing file"
        raise InputError(f"{problem}: {source}")
    if os.path.lexists(target):
        _accept_existing(source, target, placement)
        return
    try:
        os.link(source, target)
    except FileExistsError:
        _accept_existing(source, target, placement)
        return
    except OSError:
        pass  # other device, no hard links on this file system, ...: copy instead
    else:
        placement.created_files.append(target)
        placement.linked += 1
        return
    placement.bytes_copied += _copy(source, target, placement)
    placement.copied += 1


def _copy(source: str, target: Path, placement: _Placement) -> int:
    """Copy in chunks into a file that must not exist yet; returns the bytes written."""
    try:
        reader = open(source, "rb")
    except OSError as error:
        raise InputError(f"cannot read {source}: {error.strerror}") from error
    with reader:
        try:
            writer = open(target, "xb")
        except FileExistsError:
            _accept_existing(source, target, placement)
            return 0
        except OSError as error:
            raise AvalonError(f"cannot write {target}: {error.strerror}") from error
        placement.created_files.append(target)
        with writer:
            try:
                shutil.copyfileobj(reader, writer, _COPY_CHUNK)
            except OSError as error:
                raise AvalonError(f"cannot copy {source} to {target}: {error.strerror}") from error
            return writer.tell()


def _accept_existing(source: str, target: Path, placement: _Placement) -> None:
    """A file already at *target* is fine only if it holds the same bytes as *source*."""
    try:
        same = os.path.samefile(source, target) or (
            os.path.getsize(source) == os.path.getsize(target)
            and filecmp.cmp(source, target, shallow=False)
        )
    except OSError as error:
        raise ConflictError(f"{target} already exists and cannot be compared: {error}") from error
    if not same:
        raise ConflictError(f"{target} already exists with different content; not overwriting it")
    placement.already_present += 1


def _file_name(path: str) -> str:
    return os.path.basename(path)
