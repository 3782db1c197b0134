"""Sending a published version to the farm: the Deadline job, one POST, and what to do when unsure.

A job is sent once. What happens when it fails depends on whether the request
reached the farm: a connection never made sent nothing, so the version is rolled
back. An answer lost after the request went out (reset, closed, read timeout), a
5xx or a garbled answer may hide a job the farm did create, so the farm is asked
at once for a job carrying this version's id (``ExtraInfoKeyValue
AvalonVersionId=<id>``), made since the request was sent: found, the version is
bound to it and counts as submitted. Not found after a 5xx, the farm finished the
request without a job: the submission failed. Otherwise (the farm may still be
working on it, or cannot be asked) the version is kept, marked ``farm.state =
"unknown"`` with the time it was sent: the next publish of that subset asks again
before creating anything (:mod:`avalon_nuke.publish.unconfirmed_jobs`), so a
retry never makes a second job for one version.
"""

from __future__ import annotations

import logging
import platform
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from avalon_nuke.config import Settings
from avalon_nuke.db.documents import current_user, utc_timestamp
from avalon_nuke.db.repository import Repository
from avalon_nuke.deadline.errors import FarmAnswerLost, FarmProtocolError, FarmServerError
from avalon_nuke.deadline.jobs import nuke_job
from avalon_nuke.errors import FarmError, InputError
from avalon_nuke.pipeline.instance_data import FarmSettings
from avalon_nuke.publish.shared_data import VERSION_EXTRA_KEY, FarmClient, FarmState, Publication, farm_record
from avalon_nuke.publish.unconfirmed_jobs import find_sent_job, timestamp

log = logging.getLogger(__name__)

#: Failures after which the farm may hold the job although we were not told its id: look before resending.
MAYBE_CREATED = (FarmAnswerLost, FarmServerError, FarmProtocolError)


def client_from_settings(settings: Settings) -> FarmClient | None:
    """The Deadline client for ``AVALON_DEADLINE`` (user, password, TLS files), or None when unset.

    Close it when done (``with``).
    """
    if not settings.deadline_url:
        return None
    from avalon_nuke.deadline.client import DeadlineClient

    return DeadlineClient.for_settings(settings)


def with_job(farm: Mapping[str, Any], kind: str, job_id: str, **fields: Any) -> dict[str, Any]:
    """*farm* with one more job in its ``jobs`` list (a job already listed is not listed twice)."""
    jobs = [dict(job) for job in farm.get("jobs") or [] if isinstance(job, Mapping)]
    if not any(job.get("jobId") == job_id for job in jobs):
        jobs.append({"kind": kind, "jobId": job_id, "submitted": utc_timestamp(), **fields})
    return {**farm, "jobs": jobs}


def job_for(publication: Publication, *, write_name: str, farm: FarmSettings, script_path: str,
            nuke_version: str, settings: Settings, comment: str = "",
            session_nukex: bool | None = None) -> tuple[dict, dict]:
    """JobInfo and PluginInfo rendering one instance of the published copy into its version.

    The instance's farm knobs win over the studio's settings; NukeX follows the
    knob, else the publishing session (``nuke.env["nukex"]``).
    """
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
        priority=farm.priority, pool=farm.pool, secondary_pool=farm.secondary_pool or None, group=farm.group,
        department=farm.department or settings.deadline_department,
        limit_groups=job_limit_groups(farm, settings),
        machine_limit=farm.machine_limit or _machine_limit(settings),
        machine_name=platform.node() or None,
        nukex=farm.nukex if farm.nukex is not None else bool(session_nukex),
        use_gpu=farm.use_gpu, gpu=farm.gpu if farm.use_gpu else None,
        scene_file=str(publication.copy_path), write_node=write_name, nuke_version=nuke_version,
        output_directory=str(image.parent), output_filename=image.name, environment=environment,
        extra_info=extra_info,
    )


def job_limit_groups(farm: FarmSettings, settings: Settings) -> list[str]:
    """The studio's limit groups, then the instance's own."""
    return list(dict.fromkeys([*settings.deadline_limit_groups, *farm.limit_groups]))


def _machine_limit(settings: Settings) -> int:
    text = (settings.deadline_machine_limit or "").strip()
    if not text:
        return 0
    if not text.isdigit():
        raise InputError(f"AVALON_DEADLINE_MACHINE_LIMIT must be a whole number, not {text!r}")
    return int(text)


def check_farm_names(client: FarmClient, farms: Iterable[FarmSettings], settings: Settings) -> None:
    """Every pool, secondary pool, group and limit the jobs will name exists on the farm.

    Deadline keeps a job naming a pool or group it does not have waiting for
    ever, so a typo is caught here, with the names that do exist. One request
    per kind of name used; ``none`` is always a valid pool and group.
    """
    farms = list(farms)
    wanted = {
        "pool": {name for farm in farms for name in (farm.pool, farm.secondary_pool) if name},
        "group": {farm.group for farm in farms if farm.group},
        "limit": {name for farm in farms for name in job_limit_groups(farm, settings)},
    }
    listings = {"pool": client.pools, "group": client.groups, "limit": client.limit_groups}
    problems = []
    for kind, names in wanted.items():
        names -= {"none"} if kind != "limit" else set()
        if not names:
            continue
        existing = listings[kind]()
        missing = sorted(names - set(existing))
        if missing:
            shown = ", ".join(existing) if existing else "none at all"
            problems.append(f"{kind} {', '.join(repr(name) for name in missing)} not on the farm "
                            f"(its {kind}s: {shown})")
    if problems:
        raise InputError("; ".join(problems))


def submit(client: FarmClient, repo: Repository, publication: Publication, job_info: Mapping[str, Any],
           plugin_info: Mapping[str, Any]) -> str:
    """Create the job (one POST); record it on the version; return its id."""
    sent = datetime.now(timezone.utc)
    try:
        job_id = client.submit(job_info, plugin_info)["_id"]
    except MAYBE_CREATED as error:
        job_id = _job_sent_anyway(client, repo, publication, error, sent)
    publication.job_id, publication.farm_state = job_id, FarmState.SUBMITTED
    publication.version = repo.update_version_data(publication.project, publication.version["_id"],
                                                   {"farm": farm_record(client, FarmState.SUBMITTED, job_id)})
    return job_id


def _job_sent_anyway(client: FarmClient, repo: Repository, publication: Publication, error: FarmError,
                     sent: datetime) -> str:
    """The job's id when the farm got it although its answer was lost; else keep or raise."""
    version_id = str(publication.version["_id"])
    try:
        found = find_sent_job(client, version_id, since=sent)
    except FarmError as lookup_error:
        _keep_unknown(client, repo, publication, sent,
                      f"the farm did not confirm the job and could not be asked whether it has it: {error}")
        raise FarmError(f"{publication.label}: {error} -- and asking the farm failed too ({lookup_error}); "
                        f"the farm may still have the job, so {publication.label} is kept, marked 'farm "
                        "state unknown'; publish again once the farm answers: the job is then looked up, "
                        "never sent twice") from error
    if found:
        log.info("the farm has the job for %s although its answer was lost", publication.label)
        return found
    if isinstance(error, FarmServerError):
        raise error  # the farm finished the request with a failure and has no job for it
    _keep_unknown(client, repo, publication, sent,
                  f"the farm did not confirm the job and does not list it (yet): {error}")
    raise FarmError(f"{publication.label}: {error} -- the farm does not list the job yet but may still "
                    f"be creating it, so {publication.label} is kept, marked 'farm state unknown'; publish "
                    "again later: the job is then looked up, never sent twice") from error


def _keep_unknown(client: FarmClient, repo: Repository, publication: Publication, sent: datetime,
                  reason: str) -> None:
    publication.farm_state = FarmState.UNKNOWN
    record = farm_record(client, FarmState.UNKNOWN, sentAt=timestamp(sent))
    repo.update_version_data(publication.project, publication.version["_id"],
                             {"farm": record, "publishError": reason})
