"""What a comp must satisfy before it is published, each rule one function returning its problems.

The validate plug-ins call these and turn the problems into one error (or warnings); each
problem is one line naming the node and the fix, so an artist can act on it without a
traceback. Nothing here changes the script except the Write format repair, which says so.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import PureWindowsPath
from typing import Any

from avalon_nuke.db.documents import Document
from avalon_nuke.db.repository import Repository
from avalon_nuke.errors import InputError, NotFoundError
from avalon_nuke.hosts.interface import ScriptHost
from avalon_nuke.names import validate_name
from avalon_nuke.paths import PathLike, is_shared_storage_path

READ_CLASSES = frozenset({"Read", "DeepRead", "ReadGeo", "ReadGeo2", "Camera2", "Camera3", "Camera4"})
WRITE_CLASSES = frozenset({"Write", "DeepWrite", "WriteGeo"})
#: Published renders are EXR images with colour channels, so the comps loading them agree.
FILE_TYPES = ("exr",)
CHANNELS = ("rgb", "rgba", "all")
REPAIRED_FORMAT = {"file_type": "exr", "channels": "rgba"}

InstanceData = Mapping[str, Any]  # a pyblish instance's data, as collect_instances fills it


def shared_storage_problems(host: ScriptHost, projects_root: PathLike, script_path: str | None,
                            skip: Iterable[str] = ()) -> tuple[list[str], list[str]]:
    """``(problems, warnings)`` for Read/Write paths the farm cannot reach.

    Local drives, temp and home folders exist on the artist's machine only. *skip* names the
    Writes being published: the publish points them at their version folders.
    """
    skipped, script_folder = set(skip), os.path.dirname(script_path or "")
    problems, warnings = [], []
    for node in host.nodes_with_knob("file"):
        cls, name = host.node_class(node), host.node_name(node)
        if cls not in READ_CLASSES | WRITE_CLASSES or name in skipped:
            continue
        path = (host.knob(node, "file") or "").strip()
        if not path or (host.knob(node, "disable") or "").lower() in ("true", "1"):
            continue
        if "[" in path:
            warnings.append(f"{name}: cannot check a path built by an expression ({path})")
            continue
        if not (os.path.isabs(path) or PureWindowsPath(path).drive) and script_folder:
            path = os.path.join(script_folder, path)
        shared, reason = is_shared_storage_path(path, projects_root)
        if not shared:
            problems.append(f"{name}: {reason}")
    return problems, warnings


def instance_problems(instances: Sequence[InstanceData], broken: Iterable[tuple[str, str]]) -> list[str]:
    """Unreadable records, invalid or duplicate subset names, farm settings out of range."""
    problems = [f"{name}: {problem}" for name, problem in broken]
    owners: dict[tuple[str, str], str] = {}
    for data in instances:
        key = (data["asset"], data["subset"])
        if key in owners:
            problems.append(f"{owners[key]} and {data['nodeName']} both publish subset '{key[1]}' of "
                            f"'{key[0]}' (a copied node keeps its instance): give one another subset "
                            "with Avalon > Create")
        owners.setdefault(key, data["nodeName"])
        if not data.get("publish", True):
            continue
        try:
            validate_name("subset", data["subset"])
        except InputError as error:
            problems.append(f"{data['nodeName']}: {error}")
        if data.get("farmError"):
            problems.append(data["farmError"])
            continue
        farm = data["farm"]
        if not 0 <= farm.priority <= 100:
            problems.append(f"{data['nodeName']}: farm priority {farm.priority} is not 0-100")
        if farm.chunk_size < 1:
            problems.append(f"{data['nodeName']}: frames per task must be at least 1, not {farm.chunk_size}")
    return problems


def context_documents(repo: Repository, project: str | None, instances: Sequence[InstanceData],
                      ) -> tuple[Document, dict[str, Document], list[str]]:
    """The project's document, the asset documents of the instances being published, and the
    assets the project lacks."""
    if not project:
        raise InputError("no project for this script: set AVALON_PROJECT (or pass --project)")
    project_doc = repo.project(project)  # NotFoundError names the project and how to create it
    found: dict[str, Document] = {}
    problems = []
    for data in instances:
        asset = data["asset"]
        if not data.get("publish", True) or asset in found:
            continue
        try:
            found[asset] = repo.asset(project, asset)
        except NotFoundError:
            problems.append(f"{data['nodeName']} publishes for asset '{asset}', which project "
                            f"'{project}' does not have: fix the asset with Avalon > Create")
    return project_doc, found, problems


def frame_range_check(data: InstanceData, asset: Document | None) -> tuple[str | None, str | None]:
    """``(problem, warning)``: frames first before last, inside the shot's range plus handles."""
    if "frameStart" not in data:
        return None, None  # unreadable farm settings: reported by instance_problems
    name, first, last = data["nodeName"], data["frameStart"], data["frameEnd"]
    if first > last:
        return (f"{name} renders {first}-{last}: the first frame is after the last; fix the frame range "
                "(Avalon tab, or the script's Project Settings)"), None
    if asset is None:
        return None, None  # unknown asset: reported by context_documents
    asset_data = asset.get("data", {})
    start, end = asset_data.get("frameStart"), asset_data.get("frameEnd")
    if not isinstance(start, int) or not isinstance(end, int):
        return None, (f"{name}: asset '{data['asset']}' has no frame range in the database; "
                      f"{first}-{last} not checked")
    low = start - int(asset_data.get("handleStart") or 0)
    high = end + int(asset_data.get("handleEnd") or 0)
    if first < low or last > high:
        return (f"{name} renders {first}-{last}, outside {data['asset']}'s frames {low}-{high}: use "
                "Avalon > Set frame range, or the instance's own frame range (Avalon tab)"), None
    return None, None


def write_format(host: ScriptHost, write: Any) -> tuple[str, str]:
    """The Write's file type (its knob, else the file extension) and channels (Nuke's default rgb)."""
    file_type = (host.knob(write, "file_type") or "").strip()
    if not file_type:
        path = host.knob(write, "file") or ""
        file_type = path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    return file_type, (host.knob(write, "channels") or "rgb").strip()


def write_format_problems(host: ScriptHost, write: Any, name: str) -> list[str]:
    file_type, channels = write_format(host, write)
    problems = []
    if file_type not in FILE_TYPES:
        problems.append(f"{name} writes '{file_type or 'no'}' files: set its file type to exr "
                        "(Repair does it)")
    if channels not in CHANNELS:
        problems.append(f"{name} writes channels '{channels}': set channels to rgba (Repair does it)")
    return problems


def repair_write_format(host: ScriptHost, write: Any) -> dict[str, str]:
    """Set what :func:`write_format_problems` objects to; return the knobs changed."""
    file_type, channels = write_format(host, write)
    fixes = {}
    if file_type not in FILE_TYPES:
        fixes["file_type"] = REPAIRED_FORMAT["file_type"]
    if channels not in CHANNELS:
        fixes["channels"] = REPAIRED_FORMAT["channels"]
    if fixes:
        host.set_knobs(write, fixes)
    return fixes
