"""Each instance's review movie: wanted or not, and the project's settings and template sound.

Checked before anything is created: a review job that would fail on the farm
(a codec name that is not one, a template without the nodes we fill in) is the
artist's or TD's to fix now, not an hour later on the farm.
"""

from __future__ import annotations

import pyblish.api

from avalon_nuke import nk
from avalon_nuke.errors import InputError
from avalon_nuke.paths import project_root
from avalon_nuke.publish.plugins import ORDER
from avalon_nuke.publish.shared_data import REVIEW, REVIEW_TEMPLATE, services
from avalon_nuke.review.script import REQUIRED_NODES
from avalon_nuke.review.settings import review_settings, template_path


class ValidateReview(pyblish.api.ContextPlugin):
    label = "Review movie settings"
    order = ORDER["ValidateReview"]
    hosts = ["nuke"]

    def process(self, context):
        current = services(context)
        selected = [instance for instance in context if instance.data.get("publish", True)]
        for instance in selected:
            instance.data[REVIEW] = None
        wanted = [instance for instance in selected if current.options.review
                  and getattr(instance.data.get("farm"), "review", True)]
        if not wanted:
            return
        project = context.data.get("projectDoc") or current.repository.project(context.data["projectName"])
        settings = review_settings(project)
        if not settings.enabled:
            self.log.info("this project makes no review movies (data.review.enabled is false)")
            return
        template = template_path(settings, project_root(project, current.settings.projects_root))
        script = nk.load(template)
        missing = [name for name in REQUIRED_NODES if script.find(name) is None]
        if missing:
            raise InputError(f"review template {template} lacks node(s) {', '.join(missing)}")
        context.data[REVIEW_TEMPLATE] = template
        for instance in wanted:
            instance.data[REVIEW] = settings
