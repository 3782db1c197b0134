"""What a lighter or compositor wants to see about versions: state and frames on disk.

A work-in-progress version is published before its frames exist, so "how many of
the expected frames are on disk" is the progress of its render. Counting uses one
directory listing per representation, never one ``stat`` per frame.
"""

from __future__ import annotations

import os
from typing import Any

from avalon_nuke.db import Repository
from avalon_nuke.db.documents import Document, is_approved
from avalon_nuke.sequences import sequence_from_pattern


def expected_frames(version: Document) -> int:
    data = version.get("data", {})
    first, last = data.get("frameStart"), data.get("frameEnd")
    if isinstance(first, int) and isinstance(last, int) and last >= first:
        return last - first + 1
    return 0


def frames_on_disk(version: Document, representations: list[Document]) -> int:
    """Frames of the version's image sequence that exist, within its expected range."""
    data = version.get("data", {})
    first, last = data.get("frameStart"), data.get("frameEnd")
    best = 0
    for rep in representations:
        path = rep.get("data", {}).get("path", "")
        if "#" not in path and "%" not in path:
            continue
        sequence = sequence_from_pattern(path)
        if sequence is None:
            continue
        frames = sequence.frames
        if isinstance(first, int) and isinstance(last, int):
            frames = tuple(f for f in frames if first <= f <= last)
        best = max(best, len(frames))
    return best


def version_rows(repo: Repository, project: str, asset: str, *,
                 subset: str | None = None) -> list[dict[str, Any]]:
    """Every version of an asset (or one subset), newest first per subset, in five round trips."""
    asset_doc = repo.asset(project, asset)
    if subset:
        subsets = [repo.subset(project, asset_doc["_id"], subset)]
    else:
        subsets = repo.subsets(project, asset_doc["_id"])
    names = {s["_id"]: s["name"] for s in subsets}
    versions = repo.versions_of_subsets(project, list(names))
    reps_by_version: dict[Any, list[Document]] = {}
    for rep in repo.representations(project, [v["_id"] for v in versions]):
        reps_by_version.setdefault(rep["parent"], []).append(rep)
    rows = []
    for version in versions:
        data = version.get("data", {})
        reps = reps_by_version.get(version["_id"], [])
        rows.append({
            "id": str(version["_id"]),
            "subset": names[version["parent"]],
            "version": version["name"],
            "approved": is_approved(version),
            "approvedBy": data.get("approvedBy"),
            "framesExpected": expected_frames(version),
            "framesOnDisk": frames_on_disk(version, reps),
            "frameStart": data.get("frameStart"),
            "frameEnd": data.get("frameEnd"),
            "author": data.get("author", ""),
            "time": data.get("time", ""),
            "comment": data.get("comment", ""),
            "farm": data.get("farm"),
            "representations": {rep["name"]: rep.get("data", {}).get("path") for rep in reps},
            **review_movie(reps),
        })
    return rows


def review_movie(representations: list[Document]) -> dict[str, Any]:
    """``review`` (the movie's path, or None) and ``reviewReady`` (it is on disk): one stat per version."""
    paths = [rep.get("data", {}).get("path") for rep in representations if rep.get("name") == "review"]
    path = paths[0] if paths else None
    return {"review": path, "reviewReady": bool(path) and os.path.isfile(str(path))}
