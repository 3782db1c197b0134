"""Versions a killed publish left half-made: marked while files are placed, cleaned by the next.

``publish`` creates the version first (that is where its number comes from)
and places the files afterwards. SIGINT, SIGTERM and SIGHUP let it undo that;
SIGKILL (or a power cut) does not. So the version is created *incomplete*:
``data.incomplete`` records who is placing its files (host, process identity,
since when), every listing hides it, and only when the last file is in place
is the mark removed. The next publish of the same subset removes incomplete
versions whose publisher is gone (its process has ended on this host, or it
started more than :data:`FOREIGN_AFTER_SECONDS` ago on another host): the files
it had placed into the version folder and the documents. Frames registered in
place (the renders themselves) are never deleted.
"""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from avalon_nuke.db import Repository
from avalon_nuke.db.documents import INCOMPLETE, Document, utc_timestamp
from avalon_nuke.paths import is_inside
from avalon_nuke.processes import process_identity, still_running

FOREIGN_AFTER_SECONDS = 24 * 3600
_HASHES = re.compile(r"#+")


def publisher_mark() -> dict[str, str]:
    """What ``data.incomplete`` says about this process while it places files."""
    return {"host": socket.gethostname(), "process": process_identity(), "since": utc_timestamp()}


def _age_seconds(since: str) -> float | None:
    try:
        started = datetime.strptime(since, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
    except (TypeError, ValueError):
        return None
    return (datetime.now(timezone.utc) - started).total_seconds()


def abandoned(version: Mapping[str, Any]) -> bool:
    """Whether the publish that made this incomplete version can no longer finish it."""
    mark = version.get("data", {}).get(INCOMPLETE)
    if not isinstance(mark, Mapping):
        return True
    if mark.get("host") == socket.gethostname():
        return not still_running(str(mark.get("process") or ""))
    age = _age_seconds(str(mark.get("since") or ""))
    return age is None or age > FOREIGN_AFTER_SECONDS


def _placed_files(representation: Document, folder: Path) -> list[Path]:
    """Files of *representation* inside the version *folder* (a sequence's frames, or the file)."""
    path = str(representation.get("data", {}).get("path") or "")
    if not path or not is_inside(path, folder):
        return []
    name = os.path.basename(path)
    if not _HASHES.search(name):
        return [Path(path)] if os.path.isfile(path) else []
    head, tail = _HASHES.split(name, maxsplit=1)
    pattern = re.compile(re.escape(head) + r"-?\d+" + re.escape(tail))
    parent = Path(path).parent
    try:
        return [parent / entry for entry in os.listdir(parent) if pattern.fullmatch(entry)]
    except OSError:
        return []


def clean_up(repo: Repository, project: str, subset_id: Any, folder_of: Any) -> list[int]:
    """Remove the subset's abandoned incomplete versions; returns their numbers.

    *folder_of(number)* is the version folder of that number, whose placed files go.
    """
    cleaned = []
    for version in repo.incomplete_versions(project, subset_id):
        if not abandoned(version):
            continue
        folder = Path(folder_of(version["name"]))
        sources = set(version.get("data", {}).get("source") or [])
        for representation in repo.representations(project, [version["_id"]]):
            if representation.get("data", {}).get("path") in sources:
                continue  # registered in place: the renders themselves, never ours to delete
            for path in _placed_files(representation, folder):
                try:
                    path.unlink()
                except FileNotFoundError:
                    pass
        try:
            folder.rmdir()  # only when nothing else is left in it
        except OSError:
            pass
        repo.delete_version(project, version["_id"])
        cleaned.append(version["name"])
    return cleaned
