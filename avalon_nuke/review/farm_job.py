"""The review movie's farm job: one task, after the render, tagged so a lost answer can be looked up.

A movie file is written by one Nuke process from its first frame to its last, so
the whole range is one task, as Thinkbox's own Nuke submitter does for a ``.mov``
Write (a chunk larger than the range, and ``BatchModeIsMovie=True``). The job
waits for the render through ``JobDependencies``: Deadline keeps it Pending until
the render job completes, and keeps it Pending when the render fails.

The job carries ``ExtraInfoKeyValue AvalonReviewOf=<version id>`` rather than the
render's ``AvalonVersionId``, so looking up "the job rendering this version"
never finds the review job, and looking up "this version's review job" never
finds the render.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from avalon_nuke.deadline.jobs import nuke_job
from avalon_nuke.review.script import WRITE_NODE

REVIEW_EXTRA_KEY = "AvalonReviewOf"


def review_job(*, name: str, batch_name: str, user: str, comment: str, first: int, last: int,
               priority: int, pool: str, group: str, review_script: Path, movie_path: Path,
               nuke_version: str, render_job_id: str, version_id: str,
               environment: Mapping[str, object], extra_info: Mapping[str, object]) -> tuple[dict, dict]:
    """JobInfo and PluginInfo rendering *review_script* (slate frame ``first - 1`` to *last*)."""
    slate = first - 1
    frames = last - slate + 1
    job_info, plugin_info = nuke_job(
        name=name, batch_name=batch_name, user=user, comment=comment, frames=f"{slate}-{last}",
        chunk_size=frames, priority=priority, pool=pool, group=group, scene_file=str(review_script),
        write_node=WRITE_NODE, nuke_version=nuke_version, output_directory=str(movie_path.parent),
        output_filename=movie_path.name, environment=environment,
        extra_info={**extra_info, REVIEW_EXTRA_KEY: version_id}, dependencies=[render_job_id],
    )
    plugin_info["BatchModeIsMovie"] = "True"
    return job_info, plugin_info
