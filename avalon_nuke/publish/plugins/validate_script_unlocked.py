"""A script that was published is locked: publishing it again would re-publish the same work."""

from __future__ import annotations

import pyblish.api

from avalon_nuke.pipeline import protection
from avalon_nuke.publish.plugins import ORDER
from avalon_nuke.publish.shared_data import services


class ValidateScriptUnlocked(pyblish.api.ContextPlugin):
    label = "Script not locked"
    order = ORDER["ValidateScriptUnlocked"]
    hosts = ["nuke"]

    def process(self, context):
        protection.check_unlocked(services(context).host, "publish")
