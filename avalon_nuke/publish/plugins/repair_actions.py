"""The pyblish action that runs a validator's ``repair(context)``, offered where repairs are safe."""

from __future__ import annotations

import pyblish.api


class Repair(pyblish.api.Action):
    label = "Repair"
    on = "failed"
    icon = "wrench"

    def process(self, context, plugin):
        plugin.repair(context)


class RepairAlways(Repair):
    """For validators that only warn: offered whether or not the plug-in failed."""

    on = "processed"
