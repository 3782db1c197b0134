"""Instances render frames the shot has (its range plus handles), first before last."""

from __future__ import annotations

import pyblish.api

from avalon_nuke.errors import InputError
from avalon_nuke.publish.plugins import ORDER
from avalon_nuke.publish.script_checks import frame_range_check


class ValidateFrameRange(pyblish.api.InstancePlugin):
    label = "Frame range"
    order = ORDER["ValidateFrameRange"]
    hosts = ["nuke"]
    families = ["render", "prerender"]

    def process(self, instance):
        asset = instance.context.data.get("assetDocs", {}).get(instance.data["asset"])
        problem, warning = frame_range_check(instance.data, asset)
        if warning:
            self.log.warning(warning)
        if problem:
            raise InputError(problem)
