"""Lock the published script: saving it again would change what the farm is rendering."""

from __future__ import annotations

import pyblish.api

from avalon_nuke.errors import AvalonError
from avalon_nuke.pipeline import protection
from avalon_nuke.publish.plugins import ORDER
from avalon_nuke.publish.shared_data import PUBLICATION, services


class IntegrateLock(pyblish.api.ContextPlugin):
    """A lock that cannot be written is a warning: the publish itself has succeeded."""

    label = "Lock the script"
    order = ORDER["IntegrateLock"]
    hosts = ["nuke"]

    def process(self, context):
        labels = [instance.data[PUBLICATION].label for instance in context
                  if instance.data.get(PUBLICATION) is not None]
        if not labels:
            return
        try:
            protection.lock(services(context).host, reason="published", versions=labels)
        except (AvalonError, OSError) as error:
            self.log.warning(f"published, but the script could not be locked ({error}): use Avalon > "
                             "Version up before saving it")
