"""Give a publish started outside the driver (a pyblish window in Nuke) its session objects."""

from __future__ import annotations

import pyblish.api

from avalon_nuke.errors import InputError
from avalon_nuke.publish.plugins import ORDER
from avalon_nuke.publish.shared_data import FARM, HOST, REPOSITORY, SETTINGS


class CollectAvalonSession(pyblish.api.ContextPlugin):
    """Settings from the environment, the database and the farm client."""

    label = "Avalon session"
    order = ORDER["CollectAvalonSession"]
    hosts = ["nuke"]

    def process(self, context):
        from avalon_nuke.config import Settings
        from avalon_nuke.publish.farm_submission import client_from_settings

        data = context.data
        if data.get(SETTINGS) is None:
            data[SETTINGS] = Settings.from_env()
        if data.get(HOST) is None:  # in Nuke, the live host's own collector has set it
            raise InputError("no script to publish: use Avalon > Publish... or 'avalon-nuke submit'")
        if data.get(REPOSITORY) is None:
            from avalon_nuke.db import open_database

            data[REPOSITORY] = open_database(data[SETTINGS])
        if FARM not in data:
            data[FARM] = client_from_settings(data[SETTINGS])
