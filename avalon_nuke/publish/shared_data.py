"""What the publish plug-ins share through the pyblish context, in one place.

The driver (:mod:`avalon_nuke.publish.script_publish`) puts the session objects into the
context before collection; a pyblish GUI running the plug-ins on its own gets them
from ``collect_session``. Every plug-in reads them through :func:`services`, so the
key names live here only. The per-instance :class:`Publication` is what a failed
publish rolls back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any, Protocol

from avalon_nuke.config import Settings
from avalon_nuke.db.documents import utc_timestamp
from avalon_nuke.db.repository import Repository
from avalon_nuke.errors import AvalonError, InputError
from avalon_nuke.hosts.interface import ScriptHost

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


class FarmClient(Protocol):
    """What publishing asks of a farm: the Deadline Web Service client is one."""

    @property
    def url(self) -> str: ...

    def ping(self) -> str: ...

    def pools(self) -> list[str]: ...

    def groups(self) -> list[str]: ...

    def limit_groups(self) -> list[str]: ...

    def submit(self, job_info: Mapping[str, Any], plugin_info: Mapping[str, Any]) -> dict: ...

    def find_jobs(self, extra_info: Mapping[str, str]) -> list[dict]: ...

    def find_recent_jobs(self, extra_info: Mapping[str, str], *, since: datetime,
                         until: datetime | None = None) -> list[dict]: ...

    def jobs(self, ids: Iterable[str]) -> list[dict]: ...

    def delete(self, job_id: str) -> None: ...

    def close(self) -> None: ...


class FarmState(str, Enum):
    """Where a published version's farm job stands, as ``version.data.farm.state`` records it."""

    PENDING = "pending"      # the version exists; its job is not confirmed yet
    SUBMITTED = "submitted"  # the farm holds its job
    UNKNOWN = "unknown"      # the farm's answer was lost and asking again failed: kept, asked next time

    def __str__(self) -> str:  # the same text in f-strings on Python 3.10 and 3.11
        return self.value


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

    host: ScriptHost
    repository: Repository
    settings: Settings
    farm: FarmClient | None
    options: PublishOptions

    def require_farm(self) -> FarmClient:
        """The farm client, or the one-line error saying how to configure one."""
        if self.farm is None:
            raise InputError("no farm to submit to: set AVALON_DEADLINE to the Deadline Web Service URL "
                             "(e.g. http://deadline:8081)")
        return self.farm


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
    farm_state: FarmState = FarmState.PENDING  # -> SUBMITTED, or UNKNOWN when the farm could not say
    adopted: bool = False                # an earlier attempt's version, found on the farm: never undone
    review_path: str | None = None       # the review movie, when this instance makes one
    review_job_id: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.subset} v{self.version['name']:03d}"


def farm_record(client: FarmClient | None, state: FarmState, job_id: str | None = None,
                **extra: Any) -> dict[str, Any]:
    """``version.data.farm``: where the frames come from (the URL never holds credentials).

    *state* is ``pending`` (version made, job not sent yet), ``submitted`` (with
    ``jobId``) or ``unknown`` (sent, never confirmed, with ``sentAt``). ``jobId`` is the
    job making the version's frames now; ``jobs`` lists every job the version ever had
    (render, review, re-renders), oldest first.
    """
    record: dict[str, Any] = {"backend": FARM_BACKEND, "url": client.url if client is not None else None,
                              "state": FarmState(state).value}
    if job_id:
        record.update(jobId=job_id, submitted=utc_timestamp(),
                      jobs=[{"kind": "render", "jobId": job_id, "submitted": utc_timestamp()}])
    record.update(extra)
    return record
