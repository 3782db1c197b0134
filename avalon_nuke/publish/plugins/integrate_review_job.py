"""The review movie job, right after the render job it depends on (``JobDependencies``)."""

from __future__ import annotations

from pathlib import Path

import pyblish.api

from avalon_nuke.publish import review_submission
from avalon_nuke.publish.plugins import ORDER
from avalon_nuke.publish.shared_data import PUBLICATION, services


class IntegrateReviewJob(pyblish.api.InstancePlugin):
    label = "Submit the review movie"
    order = ORDER["IntegrateReviewJob"]
    hosts = ["nuke"]
    families = ["render", "prerender"]

    def process(self, instance):
        context = instance.context
        current = services(context)
        publication = instance.data.get(PUBLICATION)
        if publication is None or publication.review_path is None or not publication.job_id:
            return
        recorded = (publication.version.get("data", {}).get("farm") or {}).get("jobs") or []
        reviews = [job.get("jobId") for job in recorded if job.get("kind") == "review"]
        if reviews:
            publication.review_job_id = reviews[-1]
            self.log.info(f"{publication.label}: its review job {reviews[-1]} is already on the farm")
            return
        job_info, plugin_info = review_submission.job_for(
            publication, farm=instance.data["farm"], batch_name=Path(context.data["currentFile"]).name,
            nuke_version=context.data["nukeVersion"], settings=current.settings,
            comment=current.options.comment)
        job_id = review_submission.submit(current.require_farm(), current.repository, publication, job_info,
                                          plugin_info)
        self.log.info(f"{publication.label}: review job {job_id}, waiting for the render")
