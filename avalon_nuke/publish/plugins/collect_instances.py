"""One pyblish instance per publish instance node, with its Write, farm settings and frames."""

from __future__ import annotations

import pyblish.api

from avalon_nuke.publish.plugins import ORDER
from avalon_nuke.publish.render_instances import render_instances
from avalon_nuke.publish.shared_data import services


class CollectRenderInstances(pyblish.api.ContextPlugin):
    label = "Render instances"
    order = ORDER["CollectRenderInstances"]
    hosts = ["nuke"]

    def process(self, context):
        current = services(context)
        found, broken = render_instances(current.host, current.options, context.data["rootFrames"])
        context.data["brokenInstances"] = broken
        for item in found:
            context.create_instance(item.name, **item.data)
