"""Create each selected instance's version, as work in progress, before anything is written."""

from __future__ import annotations

import pyblish.api

from avalon_nuke.publish.plugins import ORDER
from avalon_nuke.publish.shared_data import PUBLICATION, REVIEW, services
from avalon_nuke.publish.wip_versions import ScriptSource, WipRequest, create_wip_versions


class ExtractVersions(pyblish.api.ContextPlugin):
    label = "Create WIP versions"
    order = ORDER["ExtractVersions"]
    hosts = ["nuke"]

    def process(self, context):
        selected = {instance.name: instance for instance in context if instance.data.get("publish", True)}
        requests = [_request(instance) for instance in selected.values()]
        source = ScriptSource(context.data["currentFile"], context.data.get("scriptHash"))
        made = create_wip_versions(services(context), context.data["projectName"], context.data["assetDocs"],
                                   requests, source, self.log.info)
        for name, publication in made:
            selected[name].data[PUBLICATION] = publication  # recorded at once: a failure rolls it back


def _request(instance) -> WipRequest:
    data = instance.data
    return WipRequest(instance.name, data["asset"], data["subset"], data["family"],
                      (data["frameStart"], data["frameEnd"]), write=data.get("write"),
                      review=data.get(REVIEW))
