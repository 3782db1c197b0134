"""Where a work-in-progress version's frames come from, and how far its farm job is.

Publishing records ``version.data.farm = {"backend", "url", "jobId", "state", ...}``;
this reads that record back and asks each web service about all its jobs in one
request. An unreachable farm is an answer ("farm unreachable"), not an error: a
listing must never fail because the farm is down.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from avalon_nuke.config import Settings

log = logging.getLogger(__name__)


def farm_job(version: Mapping[str, Any]) -> tuple[str, str] | None:
    """(web service URL, job id) recorded on a version, or None."""
    farm = version.get("data", {}).get("farm")
    if not isinstance(farm, Mapping) or not farm.get("jobId") or not farm.get("url"):
        return None
    return str(farm["url"]), str(farm["jobId"])


def job_states(versions: Iterable[Mapping[str, Any]], settings: Settings, *,
               timeout: float = 5.0) -> dict[Any, str]:
    """``Active 3/10 tasks``-style state per version id, for the versions with a farm job."""
    by_url: dict[str, list[tuple[Any, str]]] = {}
    for version in versions:
        job = farm_job(version)
        if job:
            by_url.setdefault(job[0], []).append((version["_id"], job[1]))
    states: dict[Any, str] = {}
    for url, jobs in by_url.items():
        states.update(_ask(url, jobs, settings, timeout))
    return states


def _ask(url: str, jobs: list[tuple[Any, str]], settings: Settings, timeout: float) -> dict[Any, str]:
    from avalon_nuke.deadline.client import DeadlineClient
    from avalon_nuke.errors import AvalonError

    try:
        with DeadlineClient.for_settings(settings, url, timeout=(min(timeout, 3.05), timeout)) as client:
            found = {str(job.get("_id")): job for job in client.jobs(job_id for _key, job_id in jobs)}
    except AvalonError as error:
        log.info("farm state unavailable: %s", error)
        return {key: "farm unreachable" for key, _job in jobs}
    states = {}
    for key, job_id in jobs:
        job = found.get(job_id)
        if job is None:
            states[key] = "job gone"
            continue
        name = state_name(job)
        done, total = job.get("CompletedChunks"), job.get("Props", {}).get("Tasks") or job.get("TaskCount")
        states[key] = f"{name} {done}/{total} tasks" if isinstance(done, int) and total else name
    return states


def state_name(job: Mapping[str, Any]) -> str:
    """The job's state as Deadline Monitor names it: an Active job is Rendering or Queued.

    ``Active`` is only the Web Service's filter for both (its jobs documentation):
    a job with no task rendering is waiting in the queue, and says so.
    """
    from avalon_nuke.deadline.states import JOB_ACTIVE, JOB_STATE_NAMES

    stat = job.get("Stat")
    if stat == JOB_ACTIVE:
        rendering = job.get("RenderingChunks")
        return "Rendering" if isinstance(rendering, int) and rendering > 0 else "Queued"
    return JOB_STATE_NAMES.get(stat, "Unknown") if isinstance(stat, int) else "Unknown"
