"""The farm answers (and accepts our credentials) before anything is created."""

from __future__ import annotations

import pyblish.api

from avalon_nuke.errors import InputError
from avalon_nuke.publish.plugins import ORDER
from avalon_nuke.publish.shared_data import services


class ValidateFarmReachable(pyblish.api.ContextPlugin):
    label = "Farm reachable"
    order = ORDER["ValidateFarmReachable"]
    hosts = ["nuke"]

    def process(self, context):
        farm = services(context).require_farm()
        farm.ping()  # FarmError says what is wrong: down, wrong URL, refused credentials
        if not context.data.get("nukeVersion"):
            raise InputError("cannot tell which Nuke version the script is for (its 'version' line is "
                             "missing): save it from Nuke")
