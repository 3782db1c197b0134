"""The project and every instance's asset exist in the pipeline database."""

from __future__ import annotations

import pyblish.api

from avalon_nuke.errors import InputError
from avalon_nuke.publish.plugins import ORDER
from avalon_nuke.publish.script_checks import context_documents
from avalon_nuke.publish.shared_data import services


class ValidateContext(pyblish.api.ContextPlugin):
    label = "Project and assets"
    order = ORDER["ValidateContext"]
    hosts = ["nuke"]

    def process(self, context):
        context.data["assetDocs"] = {}
        instances = [instance.data for instance in context]
        project_doc, found, problems = context_documents(services(context).repository,
                                                         context.data.get("projectName"), instances)
        context.data["projectDoc"], context.data["assetDocs"] = project_doc, found
        if problems:
            raise InputError("; ".join(problems))
