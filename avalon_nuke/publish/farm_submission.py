"""Sending a published version to the farm: the Deadline job, one POST, and what to do when unsure.

A job is sent once. When the answer is lost (timeout, 5xx, dropped connection) the
job may exist anyway, so the farm is asked for a job carrying this version's id
(``ExtraInfoKeyValue AvalonVersionId=<id>``) before anything else happens: found,
the version counts as submitted; not found, the submission failed. When even that
question gets no answer, the version is kept and marked ``farm.state = "unknown"``
with the reason: the next publish of that subset asks again before creating
anything (:func:`reconcile`), so a retry never makes a second job for one version.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from avalon_nuke.config import Settings
from avalon_nuke.db.documents import current_user, utc_timestamp
from avalon_nuke.deadline.errors import FarmServerError, FarmUnavailable
from avalon_nuke.deadline.jobs import nuke_job
from avalon_nuke.errors import FarmError
from avalon_nuke.pipeline.instance_data import FarmSettings
from avalon_nuke.publish.published_copy import remove_folder
from avalon_nuke.publish.shared_data import FARM_BACKEND, VERSION_EXTRA_KEY, Publication

log = logging.getLogger(__name__)

#: A version still "pending" after this long belongs to a publish that died half-way.
STALE_PENDING = timedelta(hours=1)


def client_from_settings(settings: Settings) -> Any:
    """The Deadline client for ``AVALON_DEADLINE`` (with its user and password), or None when unset."""
    if not settings.deadline_url:
        return None
    from avalon_nuke.deadline.client import DeadlineClient

    return DeadlineClient(settings.deadline_url, user=settings.deadline_user,
                          password=settings.deadline_password)


def farm_record(client: Any, state: str, job_id: str | None = None, **extra: Any) -> dict[str, Any]:
    """``version.data.farm``: where the frames come from (the URL never holds credentials).

    ``jobId`` is the job making the version's frames now; ``jobs`` lists every job the
    version ever had (render, review, re-renders), oldest first.
    """
    record: dict[str, Any] = {"backend": FARM_BACKEND, "url": client.url if client is not None else None,
                              "state": state}
    if job_id:
        record.update(jobId=job_id, submitted=utc_timestamp(),
                      jobs=[{"kind": "render", "jobId": job_id, "submitted": utc_timestamp()}])
    record.update(extra)
    return record


def with_job(farm: Mapping[str, Any], kind: str, job_id: str, **fields: Any) -> dict[str, Any]:
    """*farm* with one more job in its ``jobs`` list (a job already listed is not listed twice)."""
    jobs = [dict(job) for job in farm.get("jobs") or [] if isinstance(job, Mapping)]
    if not any(job.get("jobId") == job_id for job in jobs):
        jobs.append({"kind": kind, "jobId": job_id, "submitted": utc_timestamp(), **fields})
    return {**farm, "jobs": jobs}


def job_for(publication: Publication, *, write_name: str, farm: FarmSettings, script_path: str,
            nuke_version: str, settings: Settings, comment: str = "") -> tuple[dict, dict]:
    """JobInfo and PluginInfo rendering one instance of the published copy into its version."""
    first, last = publication.frames
    image = Path(publication.image_path)
    environment = {
        "AVALON_PROJECT": publication.project, "AVALON_ASSET": publication.asset,
        "AVALON_SUBSET": publication.subset, "AVALON_FAMILY": publication.family,
        "AVALON_PROJECTS": str(settings.projects_root),
    }
    extra_info = {VERSION_EXTRA_KEY: str(publication.version["_id"]), "AvalonProject": publication.project,
                  "AvalonSubset": publication.subset, "AvalonVersion": publication.version["name"]}
    return nuke_job(
        name=f"{publication.asset} {publication.label}", batch_name=Path(script_path).name,
        user=current_user(), comment=comment, frames=f"{first}-{last}", chunk_size=farm.chunk_size,
        priority=farm.priority, pool=farm.pool, group=farm.group, scene_file=str(publication.copy_path),
        write_node=write_name, nuke_version=nuke_version, output_directory=str(image.parent),
        output_filename=image.name, environment=environment, extra_info=extra_info,
    )


def submit(client: Any, repo: Any, publication: Publication, job_info: Mapping[str, Any],
           plugin_info: Mapping[str, Any]) -> str:
    """Create the job (one POST); record it on the version; return its id."""
    try:
        job_id = client.submit(job_info, plugin_info)["_id"]
    except (FarmUnavailable, FarmServerError) as error:
        job_id = _job_sent_anyway(client, repo, publication, error)
    publication.job_id, publication.farm_state = job_id, "submitted"
    publication.version = repo.update_version_data(publication.project, publication.version["_id"],
                                                   {"farm": farm_record(client, "submitted", job_id)})
    return job_id


def _job_sent_anyway(client: Any, repo: Any, publication: Publication, error: FarmError) -> str:
    """The job's id when the farm got it although the answer was lost; else raise."""
    try:
        found = client.find_jobs({VERSION_EXTRA_KEY: str(publication.version["_id"])})
    except FarmError:
        publication.farm_state = "unknown"
        reason = f"the farm did not confirm the job and could not be asked whether it has it: {error}"
        repo.update_version_data(publication.project, publication.version["_id"],
                                 {"farm": farm_record(client, "unknown"), "publishError": reason})
        raise FarmError(f"{publication.label}: {error} -- the farm may still have the job, so "
                        f"{publication.label} is kept, marked 'farm state unknown'; publish again once "
                        "the farm answers: the job is then looked up, never sent twice") from None
    if not found:
        raise error
    if len(found) > 1:
        log.warning("%d farm jobs carry version %s; using the first", len(found), publication.version["_id"])
    log.info("the farm has the job for %s although its answer was lost", publication.label)
    return str(found[0]["_id"])


def reconcile(client: Any, repo: Any, project: str, versions: Iterable[dict]) -> tuple[list[str], list[dict]]:
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
            found = client.find_jobs({VERSION_EXTRA_KEY: str(version["_id"])})
        except FarmError as error:
            raise FarmError(f"{label} may already be on the farm (its submission was never confirmed) "
                            f"and the farm cannot be asked now: {error}") from None
        if found:
            job_id = str(found[0]["_id"])
            settled = {"farm": farm_record(client, "submitted", job_id), "publishError": None}
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


def _unsettled(farm: Mapping[str, Any]) -> bool:
    if farm.get("state") == "unknown":
        return True
    if farm.get("state") != "pending":
        return False
    try:
        since = datetime.strptime(str(farm.get("pendingSince")), "%Y%m%dT%H%M%SZ")
        since = since.replace(tzinfo=timezone.utc)
    except ValueError:
        return False
    return datetime.now(timezone.utc) - since > STALE_PENDING
