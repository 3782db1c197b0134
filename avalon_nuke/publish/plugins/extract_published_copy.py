"""Write the published copy of the script into each new version's folder, read-only."""

from __future__ import annotations

import pyblish.api

from avalon_nuke.publish import published_copy
from avalon_nuke.publish.plugins import ORDER
from avalon_nuke.publish.shared_data import PUBLICATION


class ExtractPublishedCopy(pyblish.api.ContextPlugin):
    """One edited copy of the saved script (every published Write pointed at its version)."""

    label = "Published copy of the script"
    order = ORDER["ExtractPublishedCopy"]
    hosts = ["nuke"]

    def process(self, context):
        renders = [(instance.data[PUBLICATION], instance.data["writeName"]) for instance in context
                   if instance.data.get(PUBLICATION) is not None]
        if not renders:
            return
        script = published_copy.build(context.data["currentFile"], renders)
        for publication, _write in renders:
            if publication.adopted:
                continue  # an earlier attempt wrote it, from the same script text
            path = published_copy.write(script, publication)
            self.log.info(f"{publication.label}: published copy {path}")
