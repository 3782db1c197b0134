"""What the publish plug-ins share through the pyblish context, in one place.

The driver (:mod:`avalon_nuke.publish.script_publish`) puts the session objects into the
context before collection; a pyblish GUI running the plug-ins on its own gets them
from ``collect_session``. Every plug-in reads them through :func:`services`, so the
key names live here only. The per-instance :class:`Publication` is what a failed
publish rolls back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from avalon_nuke.config import Settings
from avalon_nuke.db.documents import utc_timestamp
from avalon_nuke.errors import AvalonError

HOST = "avalonHost"
REPOSITORY = "avalonRepository"
SETTINGS = "avalonSettings"
FARM = "avalonFarm"                # DeadlineClient, or None when AVALON_DEADLINE is unset
OPTIONS = "avalonOptions"          # PublishOptions
PUBLICATION = "avalonPublication"  # instance data: the Publication made for it
REVIEW = "avalonReview"            # instance data: its ReviewSettings, or None for no review movie
REVIEW_TEMPLATE = "avalonReviewTemplate"  # context data: the review template's path

HOST_NAME = "nuke"
FARM_BACKEND = "deadline"
VERSION_EXTRA_KEY = "AvalonVersionId"  # ExtraInfoKeyValue naming the version a farm job renders


@dataclass(frozen=True)
class PublishOptions:
    """What the artist asked for: which instances (None = every active one), frames, comment."""

    instances: tuple[str, ...] | None = None
    frames: tuple[int, int] | None = None
    comment: str = ""
    project: str | None = None  # overrides the script's own project (Root knob) and AVALON_PROJECT
    review: bool = True         # False (``--no-review``): no review movie for any instance


@dataclass(frozen=True)
class PublishServices:
    """The database, farm, host and options one publish run works with, read from the context."""

    host: Any
    repository: Any
    settings: Settings
    farm: Any
    options: PublishOptions


def services(context: Any) -> PublishServices:
    data = context.data
    missing = [key for key in (HOST, REPOSITORY, SETTINGS) if data.get(key) is None]
    if missing:
        raise AvalonError(f"the publish context lacks {', '.join(missing)}: run it through "
                          "avalon_nuke.publish.script_publish")
    return PublishServices(data[HOST], data[REPOSITORY], data[SETTINGS], data.get(FARM),
                   data.get(OPTIONS) or PublishOptions())


@dataclass
class Publication:
    """One instance's new version and everything made for it, so a failure can undo it."""

    project: str
    subset: str
    asset: str
    family: str
    version: dict
    folder: Path
    folder_created: bool
    image_path: str
    copy_path: Path
    frames: tuple[int, int]
    job_id: str | None = None
    farm_state: str = "pending"          # pending -> submitted, or unknown when the farm could not say
    adopted: bool = False                # an earlier attempt's version, found on the farm: never undone
    review_path: str | None = None       # the review movie, when this instance makes one
    review_job_id: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.subset} v{self.version['name']:03d}"


def farm_record(client: Any, state: str, job_id: str | None = None, **extra: Any) -> dict[str, Any]:
    """``version.data.farm``: where the frames come from (the URL never holds credentials).

    *state* is ``pending`` (version made, job not sent yet), ``submitted`` (with
    ``jobId``) or ``unknown`` (sent, never confirmed, with ``sentAt``). ``jobId`` is the
    job making the version's frames now; ``jobs`` lists every job the version ever had
    (render, review, re-renders), oldest first.
    """
    record: dict[str, Any] = {"backend": FARM_BACKEND, "url": client.url if client is not None else None,
                              "state": state}
    if job_id:
        record.update(jobId=job_id, submitted=utc_timestamp(),
                      jobs=[{"kind": "render", "jobId": job_id, "submitted": utc_timestamp()}])
    record.update(extra)
    return record
