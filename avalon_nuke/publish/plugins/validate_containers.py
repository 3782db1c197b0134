"""Loaded renders are what their policies follow (a warning: publishing older work can be right)."""

from __future__ import annotations

import pyblish.api

from avalon_nuke.pipeline import inventory
from avalon_nuke.pipeline.policy import State
from avalon_nuke.publish.plugins import ORDER
from avalon_nuke.publish.plugins.repair_actions import RepairAlways
from avalon_nuke.publish.shared_data import services

_SHOWN = 5


class ValidateContainers(pyblish.api.ContextPlugin):
    label = "Loaded renders up to date"
    order = ORDER["ValidateContainers"]
    hosts = ["nuke"]
    actions = [RepairAlways]

    def process(self, context):
        containers = context.data.get("containers") or []
        outdated = [c for c in containers if c.state is State.OUTDATED]
        missing = [c for c in containers if c.state is State.MISSING]
        if outdated:
            names = ", ".join(f"{c.node_name} ({c.reason or 'outdated'})" for c in outdated[:_SHOWN])
            self.log.warning(f"{len(outdated)} loaded render(s) are outdated: {names}; Repair (or Avalon > "
                             "Update to latest approved) updates them, then save")
        if missing:
            names = ", ".join(f"{c.node_name} ({c.reason})" for c in missing[:_SHOWN])
            self.log.warning(f"{len(missing)} loaded render(s) are not in the database: {names}")

    @classmethod
    def repair(cls, context):
        current = services(context)
        project = context.data.get("projectName")
        if project:
            context.data["containers"] = inventory.update(current.host, current.repository, project)
