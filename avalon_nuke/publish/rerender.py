"""Re-render only the frames a work-in-progress version lacks, into the same version, from the same script.

A job that failed or was cancelled, or a worker that crashed, leaves a version with
some of its frames on disk. Rendering all of them again wastes the farm; the
missing ones are found with one folder listing and sent as one job whose frame
list is compact ranges (``1001-1003,1007,1009-1010``), rendering the version's
published copy, which already writes into the version folder. The version's farm
record keeps every job it had and points ``jobId`` at the new one.

Refused when it could only do harm: an approved version is final (publish a new
one instead); without the published script there is nothing that renders exactly
this version; while one of its jobs is still queued, rendering or suspended, the
frames it lacks may be on their way. A lost answer is never sent twice: the
attempt is recorded on the version with a token before the POST, and looked up
by that token first the next time.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from avalon_nuke import nk
from avalon_nuke.config import Settings
from avalon_nuke.db.documents import Document, current_user, is_approved, utc_timestamp
from avalon_nuke.db.repository import Repository
from avalon_nuke.deadline import states as st
from avalon_nuke.deadline.jobs import nuke_job
from avalon_nuke.errors import FarmError, InputError, RefusedError
from avalon_nuke.pipeline.instance_data import (
    CHUNK_SIZE_KNOB,
    GROUP_KNOB,
    POOL_KNOB,
    PRIORITY_KNOB,
    FarmSettings,
)
from avalon_nuke.publish.farm_submission import MAYBE_CREATED, farm_record, with_job
from avalon_nuke.publish.shared_data import FarmClient, FarmState
from avalon_nuke.publish.unconfirmed_jobs import find_job_with, parse_timestamp
from avalon_nuke.sequences import ranges_text, sequence_from_pattern

RERENDER_EXTRA_KEY = "AvalonRerenderOf"     # the version a re-render job renders into
ATTEMPT_EXTRA_KEY = "AvalonSubmission"      # one token per attempt, to find a job whose answer was lost
_BUSY = {st.JOB_ACTIVE: "queued or rendering", st.JOB_PENDING: "pending", st.JOB_SUSPENDED: "suspended"}


@dataclass(frozen=True)
class RerenderResult:
    label: str
    frames: str                 # the compact frame list sent, "" when nothing was missing
    missing: int
    job_id: str | None
    waiting_review: str | None = None   # a review job Deadline keeps Pending behind a failed render

    @property
    def note(self) -> str:
        """What the artist must know beyond the job: a review movie that will not start by itself."""
        if not self.waiting_review:
            return ""
        return (f"its review job {self.waiting_review} stays Pending while the render it waits on has failed "
                "tasks (as Deadline does): once this re-render completes, mark those tasks complete, or "
                "publish again for a new review movie")


def compact_ranges(frames: Iterable[int]) -> str:
    """``1001-1003,1007,1009-1010``: runs of consecutive frames, each frame once, in order."""
    return ranges_text(frames)


def missing_frames(version: Mapping[str, Any], image_path: str) -> list[int]:
    """Frames of the version's range that are not on disk (one folder listing)."""
    data = version.get("data", {})
    first, last = data.get("frameStart"), data.get("frameEnd")
    if not isinstance(first, int) or not isinstance(last, int) or last < first:
        raise InputError(f"v{version['name']:03d} has no frame range to check (frameStart/frameEnd)")
    sequence = sequence_from_pattern(image_path)
    present = set(sequence.frames) if sequence is not None else set()
    return [frame for frame in range(first, last + 1) if frame not in present]


def rerender_missing(repo: Repository, client: FarmClient | None, settings: Settings, *, project: str,
                     asset: str, subset: str, number: int) -> RerenderResult:
    """Send one job for the missing frames of *subset* v*number*; see the module notes for refusals."""
    asset_doc = repo.asset(project, asset)
    subset_doc = repo.subset(project, asset_doc["_id"], subset)
    version = repo.version_by_number(project, subset_doc["_id"], number)
    label = f"{asset} {subset} v{number:03d}"
    if is_approved(version):
        raise RefusedError(f"{label} is approved: its frames are final; publish a new version to render "
                           "again")
    paths = {rep["name"]: rep.get("data", {}).get("path", "") for rep in
             repo.representations(project, [version["_id"]])}
    image_path = paths.get("exr") or next((p for p in paths.values() if "#" in p or "%" in p), "")
    script_path = Path(paths.get("nk") or "")
    if not image_path:
        raise RefusedError(f"{label} has no image sequence to re-render")
    if not paths.get("nk") or not script_path.is_file():
        raise RefusedError(f"{label}: its published script {script_path} is gone, so nothing renders exactly "
                           "this version; publish a new version")
    if client is None:
        raise FarmError("no farm to submit to: set AVALON_DEADLINE to the Deadline Web Service URL")
    farm = dict(version.get("data", {}).get("farm") or {})
    farm = _settle_attempt(client, repo, project, version, farm)
    waiting_review = _refuse_while_busy(client, label, farm)
    missing = missing_frames(version, image_path)
    if not missing:
        return RerenderResult(label, "", 0, None)
    frames = compact_ranges(missing)
    job_info, plugin_info, token = _job(version, label, script_path, image_path, frames, settings,
                                        project=project, asset=asset, subset=subset)
    repo.update_version_data(project, version["_id"], {"farm": {**farm, "rerenderAttempt": {
        "token": token, "frames": frames, "since": utc_timestamp()}}})
    sent = datetime.now(timezone.utc)
    try:
        job_id = str(client.submit(job_info, plugin_info)["_id"])
    except MAYBE_CREATED as error:
        job_id = _sent_anyway(client, label, token, error, sent)
    _record(repo, client, project, version, farm, job_id, frames)
    return RerenderResult(label, frames, len(missing), job_id, waiting_review)


def _job(version: Document, label: str, script_path: Path, image_path: str, frames: str, settings: Settings,
         *, project: str, asset: str, subset: str) -> tuple[dict, dict, str]:
    script = nk.load(script_path)
    writes = [node for node in script.nodes("Write") if node.knob("file") == image_path]
    if not writes:
        raise RefusedError(f"{label}: no Write in its published script {script_path} renders {image_path}")
    write = writes[0]
    farm = _farm_settings(write)
    nuke_version = (script.version or "").split(" ")[0]
    environment = {"AVALON_PROJECT": project, "AVALON_ASSET": asset, "AVALON_SUBSET": subset,
                   "AVALON_PROJECTS": str(settings.projects_root)}
    token = secrets.token_hex(8)
    extra_info = {RERENDER_EXTRA_KEY: str(version["_id"]), ATTEMPT_EXTRA_KEY: token, "AvalonProject": project,
                  "AvalonSubset": subset, "AvalonVersion": version["name"]}
    image = Path(image_path)
    source = Path(str(version.get("data", {}).get("source") or script_path)).name
    job_info, plugin_info = nuke_job(
        name=f"{asset} {subset} v{version['name']:03d} missing frames", batch_name=source,
        user=current_user(),
        comment=f"re-render of the frames {label} lacks", frames=frames, chunk_size=farm.chunk_size,
        priority=farm.priority, pool=farm.pool, group=farm.group, scene_file=str(script_path),
        write_node=str(write.full_name), nuke_version=nuke_version, output_directory=str(image.parent),
        output_filename=image.name, environment=environment, extra_info=extra_info)
    return job_info, plugin_info, token


def _farm_settings(write: nk.Node) -> FarmSettings:
    """The instance's farm knobs, on the Write or on the AvalonWrite group around it."""
    defaults = FarmSettings()
    holders = [write, *([write.parent] if write.parent is not None else [])]

    def knob(name: str) -> str | None:
        return next((value for node in holders if (value := node.knob(name)) not in (None, "")), None)

    def integer(name: str, default: int) -> int:
        try:
            return int(float(knob(name) or default))
        except ValueError:
            return default

    return FarmSettings(priority=integer(PRIORITY_KNOB, defaults.priority),
                        chunk_size=max(1, integer(CHUNK_SIZE_KNOB, defaults.chunk_size)),
                        pool=knob(POOL_KNOB) or defaults.pool, group=knob(GROUP_KNOB) or defaults.group)


def _settle_attempt(client: FarmClient, repo: Repository, project: str, version: Document,
                    farm: dict) -> dict:
    """An earlier re-render whose answer was lost: recorded when the farm has it, forgotten when not."""
    attempt = farm.get("rerenderAttempt")
    if not isinstance(attempt, Mapping):
        return farm
    try:
        found = find_job_with(client, {ATTEMPT_EXTRA_KEY: str(attempt.get("token"))},
                              since=parse_timestamp(attempt.get("since")))
    except FarmError as error:
        raise FarmError(f"v{version['name']:03d}: an earlier re-render may be on the farm and the farm "
                        f"cannot be asked now: {error}") from None
    farm = {key: value for key, value in farm.items() if key != "rerenderAttempt"}
    if found:
        return _record(repo, client, project, version, farm, found, str(attempt.get("frames")))
    repo.update_version_data(project, version["_id"], {"farm": farm})
    return farm


def _refuse_while_busy(client: FarmClient, label: str, farm: Mapping[str, Any]) -> str | None:
    """Refuse while a render of the version may still write frames; return a review job left Pending."""
    recorded = [job for job in farm.get("jobs") or [] if isinstance(job, Mapping) and job.get("jobId")]
    kinds = {str(job["jobId"]): job.get("kind") for job in recorded}
    if not kinds and farm.get("jobId"):
        kinds = {str(farm["jobId"]): "render"}
    waiting = None
    for job in client.jobs(kinds):  # one request for every job the version had
        kind, stat = kinds.get(str(job.get("_id"))), job.get("Stat")
        if kind == "review":
            waiting = str(job["_id"]) if stat == st.JOB_PENDING else waiting
        elif stat in _BUSY:
            raise RefusedError(f"{label}: its farm job {job.get('_id')} is still {_BUSY[stat]}, so its "
                               "missing frames may be on their way; wait for it or delete it, then re-render")
    return waiting


def _sent_anyway(client: FarmClient, label: str, token: str, error: FarmError, sent: datetime) -> str:
    try:
        found = find_job_with(client, {ATTEMPT_EXTRA_KEY: token}, since=sent)
    except FarmError:
        raise FarmError(f"{label}: {error} -- the farm may still have the job; re-render again once the farm "
                        "answers: it is looked up first, never sent twice") from None
    if not found:
        raise error
    return found


def _record(repo: Repository, client: FarmClient, project: str, version: Document, farm: Mapping[str, Any],
            job_id: str,
            frames: str) -> dict:
    if not farm.get("jobs"):  # a version published before farm records listed their jobs
        farm = {**farm, "jobs": [{"kind": "render", "jobId": farm["jobId"]}] if farm.get("jobId") else []}
    base = farm_record(client, FarmState.SUBMITTED, job_id)
    current = {key: base[key] for key in ("backend", "url", "state", "jobId", "submitted")}
    updated = with_job({**farm, **current}, "rerender", job_id, frames=frames)
    updated.pop("rerenderAttempt", None)
    repo.update_version_data(project, version["_id"], {"farm": updated})
    return updated
