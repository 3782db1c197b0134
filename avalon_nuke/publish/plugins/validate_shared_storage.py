"""Every file the script reads or writes is on shared storage, where the farm can reach it."""

from __future__ import annotations

import pyblish.api

from avalon_nuke.errors import InputError
from avalon_nuke.publish.plugins import ORDER
from avalon_nuke.publish.script_checks import shared_storage_problems
from avalon_nuke.publish.shared_data import services


class ValidateSharedStorage(pyblish.api.ContextPlugin):
    label = "Files on shared storage"
    order = ORDER["ValidateSharedStorage"]
    hosts = ["nuke"]

    def process(self, context):
        current = services(context)
        published = [instance.data["writeName"] for instance in context if instance.data.get("publish", True)]
        problems, warnings = shared_storage_problems(current.host, current.settings.projects_root,
                                                     context.data.get("currentFile"), skip=published)
        for warning in warnings:
            self.log.warning(warning)
        if problems:
            raise InputError("; ".join(problems))
