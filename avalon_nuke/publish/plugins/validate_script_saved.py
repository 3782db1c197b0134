"""The farm renders the saved script: it must exist and hold everything the artist sees."""

from __future__ import annotations

import pyblish.api

from avalon_nuke.errors import InputError
from avalon_nuke.publish.plugins import ORDER


class ValidateScriptSaved(pyblish.api.ContextPlugin):
    label = "Script saved"
    order = ORDER["ValidateScriptSaved"]
    hosts = ["nuke"]

    def process(self, context):
        if not context.data.get("currentFile"):
            raise InputError("the script was never saved: save it in the asset's work folder, then publish")
        if context.data.get("scriptModified"):
            raise InputError(f"{context.data['currentFile']} has unsaved changes: save it (File > Save) so "
                             "the farm renders what you see, then publish")
