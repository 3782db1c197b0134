"""Versions whose farm job was never confirmed: finding the job, and settling them before a publish.

A version is unconfirmed when its submission's answer was lost (``farm.state =
"unknown"``, with ``sentAt``) or when a publish died between creating it and
sending its job (``"pending"`` for longer than :data:`STALE_PENDING`). Its job,
if the farm has one, was made shortly after that moment, so the farm is asked
only about jobs made then: job ids carry their creation time, and the client
reads just those jobs (:meth:`DeadlineClient.find_recent_jobs`) instead of the
whole farm, which on a studio farm is hundreds of MB.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from avalon_nuke.db.repository import Repository
from avalon_nuke.errors import FarmError
from avalon_nuke.publish.published_copy import remove_folder
from avalon_nuke.publish.shared_data import VERSION_EXTRA_KEY, FarmClient, FarmState, farm_record

log = logging.getLogger(__name__)

#: A version still "pending" after this long belongs to a publish that died half-way.
STALE_PENDING = timedelta(hours=1)
#: How long after it was sent a job can appear on the farm: far beyond any Web Service delay.
ARRIVAL_HORIZON = timedelta(hours=1)
_FORMAT = "%Y%m%dT%H%M%SZ"


def timestamp(moment: datetime) -> str:
    """Avalon's time text (``20261124T153000Z``) of an aware time."""
    return moment.astimezone(timezone.utc).strftime(_FORMAT)


def parse_timestamp(text: object) -> datetime | None:
    try:
        return datetime.strptime(str(text), _FORMAT).replace(tzinfo=timezone.utc)
    except ValueError:
        return None


def find_sent_job(client: FarmClient, version_id: str, *, since: datetime,
                  until: datetime | None = None) -> str | None:
    """The id of the job rendering *version_id* made between *since* and *until*, or None."""
    return find_job_with(client, {VERSION_EXTRA_KEY: version_id}, since=since, until=until)


def find_job_with(client: FarmClient, extra_info: Mapping[str, str], *, since: datetime | None,
                  until: datetime | None = None) -> str | None:
    """The newest job carrying *extra_info* made since *since*; every job is read only without a time."""
    if since is None:
        found = client.find_jobs(extra_info)
    else:
        found = client.find_recent_jobs(extra_info, since=since, until=until)
    if len(found) > 1:
        log.warning("%d farm jobs carry %s; using the newest", len(found), dict(extra_info))
    return str(found[0]["_id"]) if found else None


def reconcile(client: FarmClient | None, repo: Repository, project: str,
              versions: Iterable[dict]) -> tuple[list[str], list[dict]]:
    """Settle versions whose submission was never confirmed.

    Asked first, the farm says whether it has their job: yes, the version is
    recorded as submitted; no, the version is removed (its folder too). The
    farm not answering raises: nothing new may be published over an open
    question. Returns what was done (one line each) and the versions found on the farm.
    """
    done, on_farm = [], []
    for version in versions:
        farm = version.get("data", {}).get("farm") or {}
        if not _unsettled(farm):
            continue
        label = f"v{version['name']:03d}"
        if client is None:
            raise FarmError(f"{label} was never confirmed by the farm and no farm is configured to ask "
                            "(set AVALON_DEADLINE)")
        try:
            job_id = _look_up(client, str(version["_id"]), farm)
        except FarmError as error:
            raise FarmError(f"{label} may already be on the farm (its submission was never confirmed) "
                            f"and the farm cannot be asked now: {error}") from error
        if job_id:
            settled = {"farm": farm_record(client, FarmState.SUBMITTED, job_id), "publishError": None}
            on_farm.append(repo.update_version_data(project, version["_id"], settled))
            done.append(f"{label}: the farm has its job {job_id}; recorded as submitted")
        else:
            representations = repo.representations(project, [version["_id"]])
            folders = {Path(rep["data"]["path"]).parent for rep in representations
                       if rep.get("data", {}).get("path")}
            repo.delete_version(project, version["_id"])
            for folder in folders:
                remove_folder(folder)
            done.append(f"{label}: never reached the farm; removed")
    return done, on_farm


def _look_up(client: FarmClient, version_id: str, farm: Mapping[str, Any]) -> str | None:
    """The version's job: from the jobs made after it was sent (or created), else from every job."""
    since = parse_timestamp(farm.get("sentAt")) or parse_timestamp(farm.get("pendingSince"))
    if since is None:  # a record from before times were kept: only the whole farm can say
        found = client.find_jobs({VERSION_EXTRA_KEY: version_id})
        return str(found[0]["_id"]) if found else None
    until = min(since + ARRIVAL_HORIZON, datetime.now(timezone.utc))
    return find_sent_job(client, version_id, since=since, until=until)


def _unsettled(farm: Mapping[str, Any]) -> bool:
    if farm.get("state") == "unknown":
        return True
    if farm.get("state") != "pending":
        return False
    since = parse_timestamp(farm.get("pendingSince"))
    return since is not None and datetime.now(timezone.utc) - since > STALE_PENDING
