"""Published renders are EXR images with colour channels, so the comps loading them agree."""

from __future__ import annotations

import pyblish.api

from avalon_nuke.errors import InputError
from avalon_nuke.publish.plugins import ORDER
from avalon_nuke.publish.plugins.repair_actions import Repair
from avalon_nuke.publish.script_checks import repair_write_format, write_format_problems
from avalon_nuke.publish.shared_data import services


class ValidateWriteFormat(pyblish.api.InstancePlugin):
    label = "Write file type and channels"
    order = ORDER["ValidateWriteFormat"]
    hosts = ["nuke"]
    families = ["render", "prerender"]
    actions = [Repair]

    def process(self, instance):
        problems = write_format_problems(services(instance.context).host, instance.data["write"],
                                         instance.data["writeName"])
        if problems:
            raise InputError("; ".join(problems))

    @classmethod
    def repair(cls, context):
        host = services(context).host
        for instance in context:
            if instance.data.get("publish", True) and "write" in instance.data:
                repair_write_format(host, instance.data["write"])
