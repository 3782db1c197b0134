"""Which version each container of an open script shows, as the approval watcher keeps it.

The watcher learns this once per record text (one round trip by id for the records it has not
seen) and from then on asks the database about subsets and versions only. Two questions cover
every change a Read must follow: have the heads of its subset moved (a new version, an approval,
a rejection of a head), and, for a Read showing a version below both heads (pinned, or kept on
older work), has that version been rejected or its rejection taken back? The second moves no
head, so without it such a Read would keep looking fine until the script is next opened.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from bson import ObjectId

from avalon_nuke.db import Repository
from avalon_nuke.db.documents import to_object_id
from avalon_nuke.db.repository import VersionHeads
from avalon_nuke.pipeline.container_data import ContainerDataError, parse_container


class Shown(NamedTuple):
    """One container as last learnt: its record text and the version that record shows."""

    record: str
    subset: ObjectId
    version: ObjectId
    number: int


def learn(repo: Repository, project: str, records: Mapping[str, str]) -> dict[str, Shown]:
    """What each of *records* (record text by node name) shows, in one round trip by id.

    Garbage records, other projects' and dangling ids are left out: reporting them is the
    on-load resolution's job, and the watcher has nothing to follow for them.
    """
    ids: dict[str, tuple[ObjectId | None, ObjectId | None]] = {}
    for name, text in records.items():
        try:
            data = parse_container(text)
        except ContainerDataError:
            continue
        if data.project and data.project != project:
            continue
        ids[name] = (to_object_id(data.representation), to_object_id(data.version))
    found = repo.documents(project, [i for pair in ids.values() for i in pair if i])
    shown: dict[str, Shown] = {}
    for name, (rep_id, version_id) in ids.items():
        rep = found.get(rep_id) if rep_id else None
        version = found.get(rep["parent"]) if rep else None  # the file shown decides, as on load
        version = version or (found.get(version_id) if version_id else None)
        if version is not None and version.get("type") == "version":
            shown[name] = Shown(records[name], version["parent"], version["_id"], int(version["name"]))
    return shown


def rejections(repo: Repository, project: str, shown: Mapping[str, Shown],
               heads: Mapping[ObjectId, VersionHeads],
               before: frozenset[ObjectId]) -> tuple[frozenset[ObjectId], set[str]]:
    """The versions shown below their subset's heads that are rejected now, and the containers
    whose version was rejected, or had its rejection taken back, since *before*.

    Only versions below both heads are asked about (one round trip, none when there are none):
    rejecting a head moves it, as heads never name a rejected version.
    """
    below: set[ObjectId] = set()
    for entry in shown.values():
        top = heads.get(entry.subset)
        if top is None or entry.number not in (top.newest, top.newest_approved):
            below.add(entry.version)
    rejected = frozenset(repo.rejected_versions(project, below))
    changed = {name for name, entry in shown.items()
               if (entry.version in rejected) != (entry.version in before)}
    return rejected, changed
