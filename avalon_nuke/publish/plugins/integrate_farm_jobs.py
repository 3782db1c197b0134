"""One Deadline job per instance, rendering the published copy into the version's folder."""

from __future__ import annotations

import pyblish.api

from avalon_nuke.publish.farm_submission import job_for, submit
from avalon_nuke.publish.plugins import ORDER
from avalon_nuke.publish.shared_data import PUBLICATION, services


class IntegrateFarmJobs(pyblish.api.InstancePlugin):
    label = "Submit to the farm"
    order = ORDER["IntegrateFarmJobs"]
    hosts = ["nuke"]
    families = ["render", "prerender"]

    def process(self, instance):
        context = instance.context
        current = services(context)
        publication = instance.data[PUBLICATION]
        if publication.job_id:
            self.log.info(f"{publication.label}: already on the farm as job {publication.job_id}")
            return
        job_info, plugin_info = job_for(
            publication, write_name=instance.data["writeName"], farm=instance.data["farm"],
            script_path=context.data["currentFile"], nuke_version=context.data["nukeVersion"],
            settings=current.settings, comment=current.options.comment, session_nukex=current.host.is_nukex())
        job_id = submit(current.require_farm(), current.repository, publication, job_info, plugin_info)
        self.log.info(f"{publication.label}: farm job {job_id}")
