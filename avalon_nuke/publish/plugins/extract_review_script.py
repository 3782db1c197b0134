"""Write each instance's review script into its version folder, from the project's template."""

from __future__ import annotations

import pyblish.api

from avalon_nuke.publish import review_submission
from avalon_nuke.publish.plugins import ORDER
from avalon_nuke.publish.shared_data import PUBLICATION, REVIEW, REVIEW_TEMPLATE, services


class ExtractReviewScript(pyblish.api.InstancePlugin):
    """After the published copy: the review script renders the frames the copy renders."""

    label = "Review movie script"
    order = ORDER["ExtractReviewScript"]
    hosts = ["nuke"]
    families = ["render", "prerender"]

    def process(self, instance):
        publication = instance.data.get(PUBLICATION)
        settings = instance.data.get(REVIEW)
        if publication is None or settings is None or publication.review_path is None:
            return
        path = review_submission.script_path(publication)
        if publication.adopted and path.is_file():
            return  # an earlier attempt wrote it, from the same script text
        comment = services(instance.context).options.comment
        template = instance.context.data[REVIEW_TEMPLATE]
        written = review_submission.write_script(publication, settings, template, comment)
        self.log.info(f"{publication.label}: review script {written}")
