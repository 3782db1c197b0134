"""Script protection: a published script is locked; keep working in the next work version.

After a publish the script is what the farm renders, so it is locked: a Root user
knob ``avalon_locked`` (JSON: why, which versions, when, who) is set in the open
script *and* in its saved file, without saving anything else. While it is set:

* saving is refused: :func:`on_script_save` raises :class:`ScriptLocked`. In Nuke an
  exception raised by an ``onScriptSave`` callback aborts the save (the file on disk
  stays as it was; the artist sees the error), which is what makes the lock real;
* publishing again is refused by the "script not locked" validator;
* :func:`version_up` saves the script, unlocked, as the next work file
  (``<asset>_v<NNN>.nk`` in the asset's work folder); :func:`unlock` lifts the lock.

The menu calls ``lock``/``unlock``/``version_up`` with ``settings=`` only; the live
host is used then. Tests and the command line pass a host.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from avalon_nuke.config import Settings
from avalon_nuke.dates import local_text
from avalon_nuke.db.documents import current_user, utc_timestamp
from avalon_nuke.errors import InputError, RefusedError
from avalon_nuke.hosts.interface import ScriptHost
from avalon_nuke.paths import DEFAULT_WORK_TEMPLATE, next_work_version, work_file_name, work_folder
from avalon_nuke.pipeline.script_context import script_context

LOCK_KNOB = "avalon_locked"


class ScriptLocked(RefusedError):
    """The script is locked (published): saving or publishing it again is refused."""


def lock_info(host: ScriptHost) -> dict[str, Any] | None:
    """What the lock says, or None for an unlocked script. A lock that is not JSON still locks."""
    text = host.root_knob(LOCK_KNOB)
    if not text or not text.strip():
        return None
    try:
        info = json.loads(text)
    except ValueError:
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
    """Lock the script, in memory and in its saved file; return the lock record."""
    info = {"reason": reason, "versions": list(versions), "user": current_user(), "time": utc_timestamp()}
    host.persist_root_knobs({LOCK_KNOB: json.dumps(info, sort_keys=True)})
    return info


def unlock(host: ScriptHost) -> bool:
    """Lift the lock in the open script (saving it is allowed again); False if it was not locked."""
    was_locked = is_locked(host)
    if was_locked:
        host.set_root_knobs({LOCK_KNOB: None})
    return was_locked


def version_up(host: ScriptHost, *, settings: Settings | None = None, repo: Any = None) -> Path:
    """Save the script, unlocked, as the next work version of its asset; return the new path."""
    settings = settings or Settings.from_env()
    where = script_context(host, settings)
    project, asset = where.project, where.asset
    if not project or not asset:
        raise InputError("no Avalon context for this script: set AVALON_PROJECT and AVALON_ASSET")
    folder = _work_folder(repo, settings, project, asset)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / work_file_name(asset, next_work_version(folder, asset))
    previous = host.root_knob(LOCK_KNOB)
    if previous is not None:
        host.set_root_knobs({LOCK_KNOB: None})
    try:
        host.save_as(str(path))
    except BaseException:
        if previous is not None:
            host.set_root_knobs({LOCK_KNOB: previous})
        raise
    return path


def refuse_locked_save(host: ScriptHost) -> None:
    """Raise :class:`ScriptLocked` for a locked script (the host's save hook calls this)."""
    info = lock_info(host)
    if info is not None:
        raise ScriptLocked(locked_message(info))


def _work_folder(repo: Any, settings: Settings, project: str, asset: str) -> Path:
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

