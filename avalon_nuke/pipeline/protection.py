"""Script protection: a published script is locked; keep working in the next work version.

After a publish the script is what the farm renders, so it is locked: a Root user
knob ``avalon_locked`` (JSON: why, which versions, when, who, which file) is set in the
open script *and* in its saved file, without saving anything else. The lock holds
without relying on anything Foundry does not document:

* the work file is made read-only on disk, so saving over it fails in any Nuke (and in
  any other program); the lock records the mode it had, and :func:`unlock` gives it back
  when the file is still as the lock left it;
* the save hook (:func:`refuse_locked_save`, run by ``onScriptSave``) refuses to save over
  the locked file. Whether an exception there aborts Nuke's save is not documented (a
  live check), hence the read-only file; when the hook cannot tell, it refuses (see
  ``hosts.live_nuke.callbacks``);
* the lock names its file: Save As to a new name is how an artist keeps working, and the
  new file is not locked (a lock without a file name, e.g. on a published copy, locks
  wherever the script goes);
* publishing again is refused by the "script not locked" validator;
* :func:`version_up` saves the script, unlocked, as the next work file
  (``<asset>_v<NNN>.nk`` in the asset's work folder); :func:`unlock` lifts the lock.

The menu calls ``lock``/``unlock``/``version_up`` with ``settings=`` only; the live
host is used then. Tests and the command line pass a host.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from avalon_nuke.config import Settings
from avalon_nuke.dates import local_text
from avalon_nuke.db.documents import current_user, utc_timestamp
from avalon_nuke.db.repository import Repository
from avalon_nuke.errors import ConflictError, InputError, RefusedError
from avalon_nuke.hosts.interface import ScriptHost
from avalon_nuke.paths import (
    DEFAULT_WORK_TEMPLATE,
    next_work_version,
    same_path,
    work_file_name,
    work_folder,
)
from avalon_nuke.pipeline.script_context import script_context

LOCK_KNOB = "avalon_locked"
_WRITE_BITS = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH


class ScriptLocked(RefusedError):
    """The script is locked (published): saving or publishing it again is refused."""


def lock_info(host: ScriptHost) -> dict[str, Any] | None:
    """What the lock says, or None for an unlocked script. A lock that is not JSON still locks.

    A lock naming another file (the script was saved under a new name) does not lock this one.
    """
    info = _recorded_lock(host)
    if info is None or not isinstance(info.get("path"), str):
        return info
    return info if same_path(info["path"], host.script_path()) else None


def _recorded_lock(host: ScriptHost) -> dict[str, Any] | None:
    text = host.root_knob(LOCK_KNOB)
    if not text or not text.strip():
        return None
    try:
        info = json.loads(text)
    except (ValueError, RecursionError):
        return {"reason": text.strip()}
    return info if isinstance(info, dict) else {"reason": str(info)}


def is_locked(host: ScriptHost) -> bool:
    return lock_info(host) is not None


def describe(info: dict[str, Any]) -> str:
    """``published as compMain v003 by ana at 20261124T153000Z`` (the parts known)."""
    versions = info.get("versions") or []
    text = "published as " + ", ".join(str(v) for v in versions) if versions else str(
        info.get("reason") or "locked")
    if info.get("user"):
        text += f" by {info['user']}"
    if info.get("time"):
        text += f" at {local_text(info['time'])}"
    return text


def locked_message(info: dict[str, Any], action: str = "save") -> str:
    return (f"this script is locked ({describe(info)}) and cannot be {action.rstrip('e')}ed: "
            "use Avalon > Version up "
            "to continue in a new work file, or Avalon > Unlock script to change it anyway")


def check_unlocked(host: ScriptHost, action: str = "publish") -> None:
    info = lock_info(host)
    if info is not None:
        raise ScriptLocked(locked_message(info, action))


def lock(host: ScriptHost, *, reason: str = "locked by hand",
         versions: list[str] | tuple[str, ...] = ()) -> dict[str, Any]:
    """Lock the script, in memory and in its saved file, and make that file read-only.

    Returns the lock record. Locking a locked file again keeps the mode it first had, so
    that unlocking restores that one.
    """
    path = host.script_path()
    info: dict[str, Any] = {"reason": reason, "versions": list(versions), "user": current_user(),
                            "time": utc_timestamp()}
    if path is not None:
        info["path"] = Path(path).as_posix()
    if path is None or not os.path.isfile(path):
        host.persist_root_knobs({LOCK_KNOB: json.dumps(info, sort_keys=True)})
        return info
    mode = stat.S_IMODE(os.stat(path).st_mode)
    original = _mode_recorded(lock_info(host)) if not mode & stat.S_IWUSR else mode
    if original is not None:
        info["mode"] = f"{original:o}"
    if not mode & stat.S_IWUSR:
        os.chmod(path, mode | stat.S_IWUSR)  # let the record in, then read-only again below
    try:
        host.persist_root_knobs({LOCK_KNOB: json.dumps(info, sort_keys=True)})
    finally:
        os.chmod(path, (original if original is not None else mode) & ~_WRITE_BITS)
    return info


def unlock(host: ScriptHost) -> bool:
    """Lift the lock, give the work file back the mode the lock took; False if it was not locked.

    The file's mode is restored only while it is still as the lock left it (someone who
    changed it since knew better); the lock leaves the saved file too.
    """
    info = lock_info(host)
    if info is None:
        return False
    path, original = host.script_path(), _mode_recorded(info)
    if path is None or not os.path.isfile(path):
        host.set_root_knobs({LOCK_KNOB: None})
        return True
    if original is not None and stat.S_IMODE(os.stat(path).st_mode) == original & ~_WRITE_BITS:
        os.chmod(path, original)
    if os.stat(path).st_mode & stat.S_IWUSR:
        host.persist_root_knobs({LOCK_KNOB: None})
    else:  # a file we may not write: lift the lock in the open script only
        host.set_root_knobs({LOCK_KNOB: None})
    return True


def _mode_recorded(info: dict[str, Any] | None) -> int | None:
    try:
        return int(str((info or {})["mode"]), 8)
    except (KeyError, ValueError):
        return None


def version_up(host: ScriptHost, *, settings: Settings | None = None,
               repo: Repository | None = None) -> Path:
    """Save the script, unlocked, as the next work version of its asset; return the new path."""
    settings = settings or Settings.from_env()
    where = script_context(host, settings)
    project, asset = where.project, where.asset
    if not project or not asset:
        raise InputError("no Avalon context for this script: set AVALON_PROJECT and AVALON_ASSET")
    folder = _work_folder(repo, settings, project, asset)
    folder.mkdir(parents=True, exist_ok=True)
    previous = host.root_knob(LOCK_KNOB)
    if previous is not None:
        host.set_root_knobs({LOCK_KNOB: None})
    try:
        for _ in range(_VERSION_UP_ATTEMPTS):
            path = folder / work_file_name(asset, next_work_version(folder, asset))
            try:
                host.save_as(str(path))
            except ConflictError:
                continue  # saved by someone else since the folder was listed: the next number
            return path
        raise ConflictError(f"{_VERSION_UP_ATTEMPTS} new work versions of {asset} were saved elsewhere "
                            "while this one was: try again")
    except BaseException:
        if previous is not None:
            host.set_root_knobs({LOCK_KNOB: previous})
        raise


# Each attempt loses only to another save of the same asset landing in between.
_VERSION_UP_ATTEMPTS = 10


def refuse_locked_save(host: ScriptHost) -> None:
    """Raise :class:`ScriptLocked` when saving would overwrite the locked file (the save hook).

    The host's script path is the file being saved: in Nuke's onScriptSave the Root's name
    is already the new name of a Save As (tk-nuke reads it so), which then goes through.
    """
    info = lock_info(host)
    if info is not None:
        raise ScriptLocked(locked_message(info))


def _work_folder(repo: Repository | None, settings: Settings, project: str, asset: str) -> Path:
    from avalon_nuke.paths import project_root

    if repo is None:
        from avalon_nuke.db import open_database

        with open_database(settings) as opened:
            project_doc = opened.project(project)
    else:
        project_doc = repo.project(project)
    template = project_doc.get("config", {}).get("template", {}).get("work") or DEFAULT_WORK_TEMPLATE
    return work_folder(template, root=project_root(project_doc, settings.projects_root),
                       project=project, asset=asset)

