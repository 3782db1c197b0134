"""Before anything is made: the farm answers, takes our credentials, has the pools, groups, limits named."""

from __future__ import annotations

import pyblish.api

from avalon_nuke.errors import InputError
from avalon_nuke.publish.farm_submission import check_farm_names
from avalon_nuke.publish.plugins import ORDER
from avalon_nuke.publish.shared_data import services


class ValidateFarmReachable(pyblish.api.ContextPlugin):
    label = "Farm reachable"
    order = ORDER["ValidateFarmReachable"]
    hosts = ["nuke"]

    def process(self, context):
        current = services(context)
        farm = current.require_farm()
        farm.ping()  # FarmError says what is wrong: down, wrong URL, refused credentials
        if not context.data.get("nukeVersion"):
            raise InputError("cannot tell which Nuke version the script is for (its 'version' line is "
                             "missing): save it from Nuke")
        selected = [instance.data["farm"] for instance in context
                    if instance.data.get("publish", True) and instance.data.get("farm") is not None]
        check_farm_names(farm, selected, current.settings)
