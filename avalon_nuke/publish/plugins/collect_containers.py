"""The renders this script has loaded, resolved against the database (to warn about outdated ones)."""

from __future__ import annotations

import pyblish.api

from avalon_nuke.pipeline import inventory
from avalon_nuke.publish.plugins import ORDER
from avalon_nuke.publish.shared_data import services


class CollectContainers(pyblish.api.ContextPlugin):
    label = "Loaded renders"
    order = ORDER["CollectContainers"]
    hosts = ["nuke"]

    def process(self, context):
        current = services(context)
        project = context.data.get("projectName")
        containers = inventory.ls(current.host, current.repository, project) if project else []
        context.data["containers"] = containers
