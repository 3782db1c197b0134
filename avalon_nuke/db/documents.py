"""Builders for the avalon-core 5.x document shapes, and the approval rule.

Documents stay plain dicts so an existing Avalon MongoDB reads and writes them
unchanged; these functions are the one place that knows their layout.
"""

from __future__ import annotations

import getpass
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import Any

from bson import ObjectId

PROJECT_SCHEMA = "avalon-core:project-2.0"
ASSET_SCHEMA = "avalon-core:asset-3.0"
SUBSET_SCHEMA = "avalon-core:subset-3.0"
VERSION_SCHEMA = "avalon-core:version-3.0"
REPRESENTATION_SCHEMA = "avalon-core:representation-2.0"

Document = dict[str, Any]


def utc_timestamp() -> str:
    """Avalon's time format (``20261124T153000Z``): sortable text, timezone free."""
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers: still publish
        return "unknown"


def new_project(name: str, *, root: str, publish_template: str, work_template: str,
                data: Mapping[str, Any] | None = None) -> Document:
    return {
        "_id": ObjectId(),
        "type": "project",
        "name": name,
        "parent": None,
        "schema": PROJECT_SCHEMA,
        "data": {"root": root, **(data or {})},
        "config": {
            "schema": "avalon-core:config-1.0",
            "template": {"publish": publish_template, "work": work_template},
            "tasks": [{"name": "comp"}, {"name": "lighting"}],
            "apps": [{"name": "nuke"}],
        },
    }


def new_asset(project_id: ObjectId, name: str, data: Mapping[str, Any] | None = None) -> Document:
    return {
        "_id": ObjectId(),
        "type": "asset",
        "name": name,
        "parent": project_id,
        "schema": ASSET_SCHEMA,
        "data": {"visualParent": None, **(data or {})},
    }


def new_subset(asset_id: ObjectId, name: str, family: str) -> Document:
    return {
        "_id": ObjectId(),
        "type": "subset",
        "name": name,
        "parent": asset_id,
        "schema": SUBSET_SCHEMA,
        "data": {"families": [family], "family": family},
    }


def new_version(subset_id: ObjectId, number: int, data: Mapping[str, Any]) -> Document:
    """A version; ``data`` should say ``approved`` explicitly (new versions are WIP or not)."""
    return {
        "_id": ObjectId(),
        "type": "version",
        "name": int(number),
        "parent": subset_id,
        "schema": VERSION_SCHEMA,
        "data": {"time": utc_timestamp(), "author": current_user(), **data},
    }


def new_representation(version_id: ObjectId, name: str, path: str,
                       context: Mapping[str, Any] | None = None,
                       data: Mapping[str, Any] | None = None) -> Document:
    return {
        "_id": ObjectId(),
        "type": "representation",
        "name": name,
        "parent": version_id,
        "schema": REPRESENTATION_SCHEMA,
        "data": {"path": path, **(data or {})},
        "context": dict(context or {}),
        "dependencies": [],
    }


#: ``version.data.incomplete``: set while a publish is still placing the version's files
#: (who: host, process, since); the version is hidden from every listing until it is removed.
INCOMPLETE = "incomplete"


class _Unset:
    """A ``data`` value meaning "remove this key" (see :meth:`Repository.complete_version`)."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


def is_incomplete(version: Mapping[str, Any]) -> bool:
    """A version whose publish has not placed all its files (yet, or ever: it was killed)."""
    return bool(version.get("data", {}).get(INCOMPLETE))


def is_approved(version: Mapping[str, Any]) -> bool:
    """Versions published before approval existed (no field) were final, so they count.

    A rejected version is never approved, whatever its ``approved`` field says."""
    data = version.get("data", {})
    return data.get("approved", True) is not False and data.get("rejected") is not True


def is_rejected(version: Mapping[str, Any]) -> bool:
    """Rejected by a lighter: kept, hidden like work in progress, followed by no policy."""
    return version.get("data", {}).get("rejected") is True


def to_object_id(value: object) -> ObjectId | None:
    """Parse an id stored as text (node knobs, JSON); garbage gives None, not an exception."""
    if isinstance(value, ObjectId):
        return value
    if isinstance(value, str) and ObjectId.is_valid(value):
        return ObjectId(value)
    return None


def version_numbers_text(numbers: Sequence[int]) -> str:
    """``v001-v003, v005`` for sorted version numbers."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(f"v{run[0]:03d}" if len(run) == 1 else f"v{run[0]:03d}-v{run[-1]:03d}" for run in runs)
