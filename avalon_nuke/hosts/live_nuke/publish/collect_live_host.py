"""In Nuke, a publish started from any pyblish window works on the open script.

This plug-in belongs to the live host (it is registered by its install), so the
host-independent plug-ins never need to know about ``nuke``; the Avalon
Publisher and ``avalon-nuke submit`` pass their host in and this does nothing.
"""

from __future__ import annotations

import pyblish.api

from avalon_nuke.publish.plugins import ORDER
from avalon_nuke.publish.shared_data import HOST


class CollectLiveNukeScript(pyblish.api.ContextPlugin):
    label = "Open Nuke script"
    order = ORDER["CollectLiveNukeScript"]
    hosts = ["nuke"]

    def process(self, context):
        if context.data.get(HOST) is None:
            from avalon_nuke.hosts.live_nuke.script_host import LiveHost

            context.data[HOST] = LiveHost()
