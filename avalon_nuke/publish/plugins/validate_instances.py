"""Instance records are readable, subset names valid and unique per asset, farm settings sane."""

from __future__ import annotations

import pyblish.api

from avalon_nuke.errors import InputError
from avalon_nuke.publish.plugins import ORDER
from avalon_nuke.publish.script_checks import instance_problems


class ValidateInstances(pyblish.api.ContextPlugin):
    label = "Publish instances"
    order = ORDER["ValidateInstances"]
    hosts = ["nuke"]

    def process(self, context):
        problems = instance_problems([instance.data for instance in context],
                                     context.data.get("brokenInstances", []))
        if problems:
            raise InputError("; ".join(problems))
