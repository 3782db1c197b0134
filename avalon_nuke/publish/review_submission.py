"""The review movie of a publish: its script in the version folder and its farm job after the render.

The review movie is part of the version it shows (a ``review`` representation),
never a version of its own. Its job is sent right after the render job, depending
on it. When that second POST fails, nothing may be left half-done: the farm is
asked whether it has the review job anyway (never sent twice); a clear "no" makes
the publish fail and roll back, render job included; no answer at all keeps the
version marked ``farm.state = "unknown"`` like any unconfirmed job, and the next
publish of the same script adopts it and sends only what the farm lacks.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from pathlib import Path

from avalon_nuke.config import Settings
from avalon_nuke.db.documents import current_user, utc_timestamp
from avalon_nuke.db.repository import Repository
from avalon_nuke.errors import FarmError
from avalon_nuke.pipeline.instance_data import FarmSettings
from avalon_nuke.publish.farm_submission import MAYBE_CREATED, farm_record, with_job
from avalon_nuke.publish.shared_data import FarmClient, FarmState, Publication
from avalon_nuke.publish.unconfirmed_jobs import find_job_with, parse_timestamp
from avalon_nuke.review import script as review_script
from avalon_nuke.review.farm_job import REVIEW_EXTRA_KEY, review_job
from avalon_nuke.review.settings import ReviewSettings

log = logging.getLogger(__name__)

REPRESENTATION = "review"


def movie_path(folder: Path, stem: str, settings: ReviewSettings) -> Path:
    return folder / f"{stem}_review.{settings.extension}"


def script_path(publication: Publication) -> Path:
    return publication.copy_path.with_name(publication.copy_path.stem + "_review.nk")


def slate_info(publication: Publication, comment: str) -> review_script.SlateInfo:
    first, last = publication.frames
    stamp = str(publication.version.get("data", {}).get("time") or utc_timestamp())
    date = f"{stamp[0:4]}-{stamp[4:6]}-{stamp[6:8]} {stamp[9:11]}:{stamp[11:13]} UTC" if len(stamp) >= 13 \
        else stamp
    author = str(publication.version.get("data", {}).get("author") or current_user())
    return review_script.SlateInfo(project=publication.project, shot=publication.asset,
                                   subset=publication.subset, version=int(publication.version["name"]),
                                   artist=author, date=date, comment=comment, first=first, last=last)


def write_script(publication: Publication, settings: ReviewSettings, template: Path, comment: str) -> Path:
    """Make the review script from *template* and save it beside the published copy."""
    assert publication.review_path is not None
    script = review_script.build(template, frames_path=publication.image_path,
                                 movie_path=publication.review_path,
                                 info=slate_info(publication, comment), settings=settings)
    return review_script.write(script, script_path(publication))


def job_for(publication: Publication, *, farm: FarmSettings, batch_name: str, nuke_version: str,
            settings: Settings, comment: str = "") -> tuple[dict, dict]:
    assert publication.job_id and publication.review_path
    first, last = publication.frames
    environment = {
        "AVALON_PROJECT": publication.project, "AVALON_ASSET": publication.asset,
        "AVALON_SUBSET": publication.subset, "AVALON_FAMILY": publication.family,
        "AVALON_PROJECTS": str(settings.projects_root),
    }
    extra_info = {"AvalonProject": publication.project, "AvalonSubset": publication.subset,
                  "AvalonVersion": publication.version["name"]}
    return review_job(
        name=f"{publication.asset} {publication.label} review", batch_name=batch_name, user=current_user(),
        comment=comment, first=first, last=last, priority=farm.priority, pool=farm.pool, group=farm.group,
        review_script=script_path(publication), movie_path=Path(publication.review_path),
        nuke_version=nuke_version, render_job_id=publication.job_id,
        version_id=str(publication.version["_id"]), environment=environment, extra_info=extra_info)


def submit(client: FarmClient, repo: Repository, publication: Publication, job_info: dict,
           plugin_info: dict) -> str:
    """Send the review job (one POST, or none when the farm already has it); record it on the version."""
    job_id = existing_review_job(client, publication) if publication.adopted else None
    if job_id is None:
        sent = datetime.now(timezone.utc)
        try:
            job_id = str(client.submit(job_info, plugin_info)["_id"])
        except MAYBE_CREATED as error:
            job_id = _sent_anyway(client, repo, publication, error, sent)
    publication.review_job_id = job_id
    farm = dict(publication.version.get("data", {}).get("farm") or {})
    if farm.get("jobId") != publication.job_id:  # not the render's record (yet): make it
        farm = farm_record(client, FarmState.SUBMITTED, publication.job_id)
    farm = with_job({**farm, "state": FarmState.SUBMITTED.value}, "review", job_id,
                    dependsOn=[publication.job_id])
    updated = repo.update_version_data(publication.project, publication.version["_id"],
                                       {"farm": farm, "publishError": None})
    publication.version = updated
    return job_id


def existing_review_job(client: FarmClient, publication: Publication,
                        since: datetime | None = None) -> str | None:
    """The review job an earlier attempt got onto the farm for this version (made after its render)."""
    farm = publication.version.get("data", {}).get("farm") or {}
    since = since or parse_timestamp(farm.get("submitted"))
    return find_job_with(client, {REVIEW_EXTRA_KEY: str(publication.version["_id"])}, since=since)


def _sent_anyway(client: FarmClient, repo: Repository, publication: Publication, error: FarmError,
                 sent: datetime) -> str:
    try:
        found = existing_review_job(client, publication, since=sent)
    except FarmError:
        publication.farm_state = FarmState.UNKNOWN
        reason = (f"the farm took the render job {publication.job_id} but did not confirm the review job, "
                  f"and could not be asked whether it has it: {error}")
        farm = farm_record(client, FarmState.UNKNOWN, publication.job_id)
        repo.update_version_data(publication.project, publication.version["_id"],
                                 {"farm": farm, "publishError": reason})
        raise FarmError(f"{publication.label}: review job: {error} -- the farm may have it, so "
                        f"{publication.label} is kept, marked 'farm state unknown'; publish again once the "
                        "farm answers: what the farm has is looked up, never sent twice") from None
    if found is None:
        raise error
    log.info("the farm has the review job for %s although its answer was lost", publication.label)
    return found
