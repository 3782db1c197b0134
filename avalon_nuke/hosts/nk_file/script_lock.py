"""One editor at a time per ``.nk`` file: an advisory lock around every read-modify-write.

Ten ``avalon-nuke load`` runs on one script each read it, added a Read and wrote
it back: the last writer won and most Reads were lost, all exiting 0. Every
command that changes a script now holds an exclusive ``flock`` on the script's
file while it reads, changes and writes it. Writes replace the file (a new
inode), so a waiter that got the lock of the old file sees that the path now
names another file, and locks that one instead: it always reads what the
previous editor wrote. A script that does not exist yet is guarded by a lock on
its folder until it does. A symlinked script is locked (and written) at its
target, so the link stays a link.

While the lock is held no other avalon-nuke process writes this script, so any
of our temporary files beside it are leftovers of a killed run: they are removed.

The locks are advisory: Nuke itself does not take them. Locks one process
already holds are re-entrant (``publish`` locks the script it was called on).
Where ``fcntl`` is missing (Windows) scripts are edited without a lock.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from avalon_nuke.errors import AvalonError, InputError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

WAIT_SECONDS = 60.0
_POLL_SECONDS = 0.02
# What nk.fileio.write_atomic leaves behind when killed: ".<name>[.bak].<8 random chars>.tmp".
_TEMP_NAME = "^\\.{name}(?:\\.bak)?\\.[a-z0-9_]{{8}}\\.tmp$"

_held: dict[tuple[int, int], int] = {}  # (device, inode) -> depth; a process's locks are its own
_held_guard = threading.Lock()


class ScriptBusy(AvalonError):
    """Another command kept the script locked for longer than we wait."""


def script_target(path: str | os.PathLike[str]) -> Path:
    """The file a script path really names (symlinks followed), absolute."""
    return Path(os.path.realpath(os.fspath(path)))


@contextmanager
def locked_script(path: str | os.PathLike[str], *, wait_seconds: float = WAIT_SECONDS) -> Iterator[Path]:
    """Hold the edit lock of the script at *path*; yields its target (symlinks followed).

    Raises :class:`InputError` when the script's folder does not exist and
    :class:`ScriptBusy` when another process holds the lock for *wait_seconds*.
    """
    target = script_target(path)
    folder = target.parent
    if not folder.is_dir():
        raise InputError(f"folder {folder} does not exist: create it first")
    if fcntl is None:
        yield target
        return
    with ExitStack() as stack:
        if not target.exists():
            stack.enter_context(_locked_file(folder, wait_seconds, str(path)))
        if target.exists():
            stack.enter_context(_locked_file(target, wait_seconds, str(path)))
        remove_leftover_temporaries(target)
        yield target


@contextmanager
def _locked_file(path: Path, wait_seconds: float, shown: str) -> Iterator[None]:
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            descriptor = os.open(path, os.O_RDONLY)
        except FileNotFoundError:  # deleted since we looked: guard its folder instead
            with _locked_file(path.parent, max(0.0, deadline - time.monotonic()), shown):
                yield
            return
        key = _identity(os.fstat(descriptor))
        with _held_guard:
            depth = _held.get(key, 0)
            if depth:
                _held[key] = depth + 1
        if depth:
            os.close(descriptor)
            try:
                yield
            finally:
                with _held_guard:
                    _held[key] -= 1
            return
        if _lock(descriptor, deadline):
            try:
                current = os.stat(path)
            except FileNotFoundError:
                current = None
            if current is not None and _identity(current) == key:
                break
            os.close(descriptor)  # the path names a newer file now: lock that one
            continue
        os.close(descriptor)
        raise ScriptBusy(f"{shown} is being changed by another command; try again when it has finished")
    with _held_guard:
        _held[key] = 1
    try:
        yield
    finally:
        with _held_guard:
            del _held[key]
        os.close(descriptor)  # closing drops the lock


def _lock(descriptor: int, deadline: float) -> bool:
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(_POLL_SECONDS)


def _identity(status: os.stat_result) -> tuple[int, int]:
    return status.st_dev, status.st_ino


def remove_leftover_temporaries(target: Path) -> list[Path]:
    """Delete temporary files a killed write of *target* (or of its backup) left beside it."""
    pattern = re.compile(_TEMP_NAME.format(name=re.escape(target.name)))
    removed: list[Path] = []
    try:
        names = os.listdir(target.parent)
    except OSError:
        return removed
    for name in names:
        if pattern.match(name):
            leftover = target.parent / name
            try:
                if leftover.is_file() and not leftover.is_symlink():
                    leftover.unlink()
                    removed.append(leftover)
            except OSError:
                continue  # not ours to remove after all (permissions): leave it
    return removed
