"""The CLI's way into a script it changes: locked, checked, then read.

``load``, ``update`` and ``create`` rewrite a ``.nk`` file. Each holds the
script's edit lock (:mod:`avalon_nuke.hosts.nk_file.script_lock`) from reading
to writing, and refuses before touching anything a script that must not be
rewritten: a read-only file (``chmod``: some studios protect final comps that
way), a published copy (what the farm renders: read-only and marked as such),
or a script locked by a publish (``avalon_locked``), which Nuke would not save
either. Root can write read-only files, so a file without any write permission
bit counts as read-only for root too.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from avalon_nuke.errors import InputError, NotFoundError, RefusedError
from avalon_nuke.hosts.nk_file.script_lock import locked_script

_PUBLISHED_COPY_REASON = "published copy"


def _participle(action: str) -> str:
    return {"load": "loaded into", "create": "given an instance", "update": "updated"}.get(action, "changed")


def _read_only(path: Path) -> bool:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return False
    return not os.access(path, os.W_OK) or not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


@contextmanager
def script_for_edit(script: str, action: str, *, create: bool = False,
                    writing: bool = True) -> Iterator[Path]:
    """Hold *script*'s edit lock and yield its target path, once it may be rewritten.

    A missing script is a :class:`NotFoundError` unless *create*; a missing folder an
    InputError (from the lock). The caller reads the script inside the block.
    With ``writing=False`` (a dry run) only the lock is taken.
    """
    if any(ord(c) < 32 for c in script):
        raise InputError(f"script path {script!r} holds a line break or control character")
    with locked_script(script) as target:
        if target.exists():
            if not target.is_file():
                raise RefusedError(f"{script} is not a file")
            if writing and _read_only(target):
                raise RefusedError(f"{script} is read-only: not {_participle(action)} "
                                   "(make it writable, or work in a copy)")
        elif not create:
            raise NotFoundError(f"no such script: {script}")
        if writing and not os.access(target.parent, os.W_OK):
            raise RefusedError(f"cannot write in {target.parent}: {script} not {_participle(action)}")
        yield target


def refuse_protected(host: object, script: str, action: str) -> None:
    """Refuse a published copy or a script a publish locked, saying what to do instead."""
    from avalon_nuke.pipeline.protection import ScriptLocked, lock_info, locked_message

    info = lock_info(host)  # type: ignore[arg-type]
    if info is None:
        return
    if info.get("reason") == _PUBLISHED_COPY_REASON:
        raise RefusedError(f"{script} is a published copy (what the farm renders): not "
                           f"{_participle(action)}; work in your own script")
    raise ScriptLocked(locked_message(info, "update" if action == "update" else "change"))
