"""The one listing of versions, for ``avalon-nuke versions`` and the Loader alike.

A listing is documents only, in a constant number of round trips. How far a render
is (frames on disk, the farm job) is measured separately, because it reads folders
and asks the farm, either of which can be slow: the command line measures at once,
the Loader on a worker thread. Counting frames costs one directory listing per
representation, never one ``stat`` per frame.

A person must be able to tell the states apart, so each row says one of: rendering
(with frames on disk / expected), failed on the farm, rendered but incomplete,
complete and awaiting approval, approved (by whom, when), rejected, or superseded
(a newer version is approved). The frame count stays visible after approval.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from avalon_nuke.config import Settings
from avalon_nuke.dates import iso_utc, local_text
from avalon_nuke.db import Repository
from avalon_nuke.db.documents import Document, is_approved, is_rejected
from avalon_nuke.deadline.progress import farm_job, job_states
from avalon_nuke.deadline.states import JOB_COMPLETED, JOB_FAILED, JOB_STATE_NAMES
from avalon_nuke.errors import NotFoundError
from avalon_nuke.pipeline.loader import choose_representation
from avalon_nuke.sequences import ranges_text as frame_runs_text
from avalon_nuke.sequences import sequence_from_pattern

_FAILED = JOB_STATE_NAMES[JOB_FAILED]
_COMPLETED = JOB_STATE_NAMES[JOB_COMPLETED]


class VersionState(str, Enum):
    WIP = "work in progress"          # not measured yet
    RENDERING = "rendering"
    FAILED = "failed on farm"
    INCOMPLETE = "incomplete"         # the farm is done, frames are missing
    AWAITING = "awaiting approval"    # every frame on disk
    APPROVED = "approved"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"


def expected_frames(version: Mapping[str, Any]) -> int:
    data = version.get("data", {})
    first, last = data.get("frameStart"), data.get("frameEnd")
    if isinstance(first, int) and isinstance(last, int) and last >= first:
        return last - first + 1
    return 0


def frames_present(version: Mapping[str, Any], representations: Iterable[Document]) -> tuple[int, ...]:
    """The frames on disk, within the version's range, of its most complete image sequence."""
    data = version.get("data", {})
    first, last = data.get("frameStart"), data.get("frameEnd")
    best: tuple[int, ...] = ()
    for rep in representations:
        path = str(rep.get("data", {}).get("path", ""))
        if "#" not in path and "%" not in path:
            continue
        sequence = sequence_from_pattern(path)
        if sequence is None:
            continue
        frames = sequence.frames
        if isinstance(first, int) and isinstance(last, int):
            frames = tuple(f for f in frames if first <= f <= last)
        if len(frames) > len(best):
            best = frames
    return best


def ranges_text(frames: Iterable[int]) -> str:
    """``1001-1004, 1009`` for a list of frames, as people read them."""
    return frame_runs_text(frames, separator=", ")


@dataclass
class VersionRow:
    """One version as listed: its documents, and its render progress once measured."""

    document: Document
    representations: list[Document]
    asset: str = ""
    subset: str = ""
    newest_approved: int | None = None          # the subset's newest approved version number
    frames_found: tuple[int, ...] | None = None  # None until measured
    job_state: str | None = None                 # e.g. "Rendering 3/10 tasks"; None without a farm job
    review_ready: bool | None = None             # its review movie is on disk (loader_review.check_reviews)

    @property
    def id(self) -> Any:
        return self.document["_id"]

    @property
    def number(self) -> int:
        return int(self.document["name"])

    @property
    def data(self) -> Mapping[str, Any]:
        return self.document.get("data", {})

    @property
    def approved(self) -> bool:
        return is_approved(self.document)

    @property
    def rejected(self) -> bool:
        return is_rejected(self.document)

    @property
    def author(self) -> str:
        return str(self.data.get("author") or "")

    @property
    def date(self) -> str:
        return local_text(self.data.get("time"))

    @property
    def comment(self) -> str:
        return str(self.data.get("comment") or "")

    @property
    def approved_by(self) -> str:
        return str(self.data.get("approvedBy") or "")

    @property
    def approved_date(self) -> str:
        return local_text(self.data.get("approvedAt"))

    @property
    def frame_range(self) -> str:
        first, last = self.data.get("frameStart"), self.data.get("frameEnd")
        return f"{first}-{last}" if first is not None and last is not None else ""

    @property
    def frames_expected(self) -> int:
        return expected_frames(self.document)

    @property
    def frames_on_disk(self) -> int | None:
        return None if self.frames_found is None else len(self.frames_found)

    @property
    def missing_frames(self) -> tuple[int, ...]:
        """Frames of the range not on disk (empty until measured)."""
        first, last = self.data.get("frameStart"), self.data.get("frameEnd")
        if self.frames_found is None or not isinstance(first, int) or not isinstance(last, int):
            return ()
        found = set(self.frames_found)
        return tuple(f for f in range(first, last + 1) if f not in found)

    @property
    def progress(self) -> str:
        """``6/10`` frames on disk / expected; blank until measured."""
        if self.frames_found is None or not self.frames_expected:
            return ""
        return f"{self.frames_on_disk}/{self.frames_expected}"

    @property
    def farm_job(self) -> tuple[str, str] | None:
        """(web service URL, job id) of the render that makes this version's frames."""
        return farm_job(self.document)

    @property
    def job_running(self) -> bool:
        state = self.job_state or ""
        return bool(state) and not state.startswith((_FAILED, _COMPLETED, "farm unreachable", "job gone"))

    @property
    def state(self) -> VersionState:
        if self.rejected:
            return VersionState.REJECTED
        if self.newest_approved is not None and self.number < self.newest_approved:
            return VersionState.SUPERSEDED
        if self.approved:
            return VersionState.APPROVED
        if (self.job_state or "").startswith(_FAILED):
            return VersionState.FAILED
        if self.frames_found is None and not self.job_state:
            return VersionState.WIP
        if self.job_running:  # the farm may still write frames, even where the count looks complete
            return VersionState.RENDERING
        if self.frames_found is not None and self.frames_expected and not self.missing_frames:
            return VersionState.AWAITING
        if (self.job_state or "").startswith(_COMPLETED):
            return VersionState.INCOMPLETE
        return VersionState.RENDERING

    @property
    def state_text(self) -> str:
        """What a person reads: ``rendering 6/10``, ``approved by ana 2026-11-24 16:30``..."""
        state = self.state
        if state is VersionState.RENDERING:
            waiting = (self.job_state or "").split(" ", 1)[0]  # Deadline's Queued, Pending, Suspended
            doing = waiting.lower() if waiting in ("Queued", "Pending", "Suspended") else "rendering"
            return f"{doing} {self.progress}".strip()
        if state is VersionState.INCOMPLETE:
            return f"incomplete {self.progress}".strip()
        if state is VersionState.AWAITING:
            return "complete, awaiting approval"
        if state is VersionState.SUPERSEDED:
            return f"superseded by v{self.newest_approved:03d}"
        if state is VersionState.APPROVED:
            who = f" by {self.approved_by}" if self.approved_by else ""
            when = f" {self.approved_date}" if self.approved_date else ""
            return f"approved{who}{when}"
        if state is VersionState.REJECTED:
            rejected_by = self.data.get("rejectedBy")
            return f"rejected by {rejected_by}" if rejected_by else "rejected"
        return state.value

    def path(self, representation: str | None = None) -> str:
        rep = self.representation(representation)
        return str(rep.get("data", {}).get("path", "")) if rep else ""

    def folder(self) -> str:
        path = self.path()
        return os.path.dirname(path) if path else ""

    def representation(self, name: str | None = None) -> Document | None:
        """The named representation, else the one the loader would pick; None when there is none."""
        try:
            return choose_representation(self.representations, name)
        except NotFoundError:
            return None

    def to_json(self) -> dict[str, Any]:
        """The row for ``--json``: times in ISO 8601 UTC, frames as counts and a missing list."""
        data = self.data
        return {
            "id": str(self.id), "asset": self.asset, "subset": self.subset, "version": self.number,
            "state": self.state.value, "approved": self.approved, "rejected": self.rejected,
            "approvedBy": data.get("approvedBy"), "approvedAt": iso_utc(data.get("approvedAt")),
            "framesExpected": self.frames_expected, "framesOnDisk": self.frames_on_disk,
            "missingFrames": ranges_text(self.missing_frames),
            "frameStart": data.get("frameStart"), "frameEnd": data.get("frameEnd"),
            "author": self.author, "time": iso_utc(data.get("time")), "comment": self.comment,
            "farm": data.get("farm"), "farmState": self.job_state,
            "representations": {rep["name"]: rep.get("data", {}).get("path") for rep in self.representations},
            **review_movie(self.representations),
        }


def asset_versions(repo: Repository, project: str, asset: str, *,
                   subset: str | None = None) -> list[VersionRow]:
    """Every version of an asset (or one subset), newest first per subset, in five round trips."""
    asset_doc = repo.asset(project, asset)
    if subset:
        subsets = [repo.subset(project, asset_doc["_id"], subset)]
    else:
        subsets = repo.subsets(project, asset_doc["_id"])
    versions = repo.versions_of_subsets(project, [s["_id"] for s in subsets])
    return _rows(repo, project, versions, {s["_id"]: s["name"] for s in subsets}, asset)


def subset_versions(repo: Repository, project: str, subset: Document, asset: str = "") -> list[VersionRow]:
    """Every version of one subset, newest first, in two round trips (the Loader's listing)."""
    versions = repo.versions(project, subset["_id"], include_wip=True)
    return _rows(repo, project, versions, {subset["_id"]: subset["name"]}, asset)


def _rows(repo: Repository, project: str, versions: list[Document], names: Mapping[Any, str],
          asset: str) -> list[VersionRow]:
    by_version: dict[Any, list[Document]] = {}
    for rep in repo.representations(project, [v["_id"] for v in versions]):
        by_version.setdefault(rep["parent"], []).append(rep)
    newest_approved: dict[Any, int] = {}
    for version in versions:
        if is_approved(version):
            parent = version["parent"]
            newest_approved[parent] = max(newest_approved.get(parent, 0), int(version["name"]))
    return [VersionRow(v, by_version.get(v["_id"], []), asset, names.get(v["parent"], ""),
                       newest_approved.get(v["parent"])) for v in versions]


@dataclass
class RenderProgress:
    """Measured progress by version id: frames on disk, and farm job states."""

    frames: dict[Any, tuple[int, ...]] = field(default_factory=dict)
    job_states: dict[Any, str] = field(default_factory=dict)


def measure_progress(rows: Iterable[VersionRow], settings: Settings, *,
                     timeout: float = 5.0) -> RenderProgress:
    """Frames on disk of every row (one folder read per representation); the farm job state of
    rows still waiting for approval (one request per web service). Never raises for a farm that is down."""
    listed = list(rows)
    progress = RenderProgress()
    for row in listed:
        progress.frames[row.id] = frames_present(row.document, row.representations)
    waiting = [row.document for row in listed if not row.approved and not row.rejected]
    progress.job_states.update(job_states(waiting, settings, timeout=timeout))
    return progress


def apply_progress(rows: Iterable[VersionRow], progress: RenderProgress) -> None:
    for row in rows:
        if row.id in progress.frames:
            row.frames_found = progress.frames[row.id]
        if row.id in progress.job_states:
            row.job_state = progress.job_states[row.id]


def review_movie(representations: list[Document]) -> dict[str, Any]:
    """``review`` (the movie's path, or None) and ``reviewReady`` (it is on disk): one stat per version."""
    paths = [rep.get("data", {}).get("path") for rep in representations if rep.get("name") == "review"]
    path = paths[0] if paths else None
    return {"review": path, "reviewReady": bool(path) and os.path.isfile(str(path))}
