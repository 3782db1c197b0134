"""What the Loader shows about versions, gathered off the UI thread (no Qt here).

A listing costs two database round trips per subset (its versions, then their
representations). Progress of work-in-progress renders (frames on disk, farm job
state) is gathered separately and only for WIP rows, because it reads folders and
asks the farm, either of which can be slow.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from avalon_nuke.config import Settings
from avalon_nuke.db import Repository
from avalon_nuke.db.documents import Document, is_approved
from avalon_nuke.deadline.progress import farm_job, job_states
from avalon_nuke.errors import NotFoundError
from avalon_nuke.pipeline.loader import choose_representation
from avalon_nuke.pipeline.version_listing import expected_frames, frames_on_disk

log = logging.getLogger(__name__)


@dataclass
class VersionRow:
    """One version as the Loader lists it."""

    document: Document
    representations: list[Document]
    frames_on_disk: int | None = None     # WIP only, filled in by :func:`render_progress`
    job_state: str | None = None          # WIP with a farm job only
    review_ready: bool | None = None      # its review movie is on disk (loader_review.check_reviews)

    @property
    def id(self) -> Any:
        return self.document["_id"]

    @property
    def number(self) -> int:
        return int(self.document["name"])

    @property
    def approved(self) -> bool:
        return is_approved(self.document)

    @property
    def data(self) -> Mapping[str, Any]:
        return self.document.get("data", {})

    @property
    def author(self) -> str:
        return str(self.data.get("author") or "")

    @property
    def date(self) -> str:
        return display_time(str(self.data.get("time") or ""))

    @property
    def comment(self) -> str:
        return str(self.data.get("comment") or "")

    @property
    def frames_expected(self) -> int:
        return expected_frames(self.document)

    @property
    def frame_range(self) -> str:
        first, last = self.data.get("frameStart"), self.data.get("frameEnd")
        return f"{first}-{last}" if first is not None and last is not None else ""

    @property
    def progress(self) -> str:
        """``"12/48"`` frames on disk for WIP renders, blank until known and for approved."""
        if self.approved or self.frames_on_disk is None:
            return ""
        return f"{self.frames_on_disk}/{self.frames_expected}"

    @property
    def farm_job(self) -> tuple[str, str] | None:
        """(web service URL, job id) of the render that makes this version's frames."""
        return farm_job(self.document)

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


@dataclass
class Progress:
    frames_on_disk: dict[Any, int] = field(default_factory=dict)
    job_states: dict[Any, str] = field(default_factory=dict)


def display_time(stamp: str) -> str:
    """``20261124T153000Z`` → ``2026-11-24 15:30``; anything else shown as stored."""
    if len(stamp) >= 13 and stamp[8] == "T" and stamp[:8].isdigit():
        return f"{stamp[0:4]}-{stamp[4:6]}-{stamp[6:8]} {stamp[9:11]}:{stamp[11:13]}"
    return stamp


def version_rows(repo: Repository, project: str, subset_id: Any) -> list[VersionRow]:
    """Every version of a subset, WIP included (the view filters), newest first."""
    versions = repo.versions(project, subset_id, include_wip=True)
    by_version: dict[Any, list[Document]] = {}
    for rep in repo.representations(project, [v["_id"] for v in versions]):
        by_version.setdefault(rep["parent"], []).append(rep)
    return [VersionRow(v, by_version.get(v["_id"], [])) for v in versions]


def render_progress(rows: Iterable[VersionRow], settings: Settings, *,
                    timeout: float = 5.0) -> Progress:
    """Frames on disk and farm job state of the WIP rows: one folder read per representation,
    one farm request per web service."""
    progress = Progress()
    wip = [row for row in rows if not row.approved]
    for row in wip:
        progress.frames_on_disk[row.id] = frames_on_disk(row.document, row.representations)
    states = job_states([row.document for row in wip], settings, timeout=timeout)
    progress.job_states.update(states)
    return progress
