"""The project and every instance's asset exist in the pipeline database."""

from __future__ import annotations

import pyblish.api

from avalon_nuke.errors import InputError, NotFoundError
from avalon_nuke.publish.shared_data import services


class ValidateContext(pyblish.api.ContextPlugin):
    label = "Project and assets"
    order = pyblish.api.ValidatorOrder - 0.3
    hosts = ["nuke"]

    def process(self, context):
        repo = services(context).repository
        project = context.data.get("projectName")
        context.data["assetDocs"] = {}
        if not project:
            raise InputError("no project for this script: set AVALON_PROJECT (or pass --project)")
        context.data["projectDoc"] = repo.project(project)  # NotFoundError names it and how to create it
        problems = []
        for instance in context:
            asset = instance.data["asset"]
            if not instance.data.get("publish", True) or asset in context.data["assetDocs"]:
                continue
            try:
                context.data["assetDocs"][asset] = repo.asset(project, asset)
            except NotFoundError:
                problems.append(f"{instance.data['nodeName']} publishes for asset '{asset}', which project "
                                f"'{project}' does not have: fix the asset with Avalon > Create")
        if problems:
            raise InputError("; ".join(problems))
