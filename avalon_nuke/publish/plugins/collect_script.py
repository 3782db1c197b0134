"""The script itself: where it is saved, whether it has unsaved changes, its context and frames."""

from __future__ import annotations

import hashlib
import os

import pyblish.api

from avalon_nuke.pipeline import protection
from avalon_nuke.pipeline.script_context import script_context
from avalon_nuke.publish.plugins import ORDER
from avalon_nuke.publish.shared_data import services

NUKE_DEFAULT_RANGE = (1, 100)  # Root first_frame/last_frame when the script does not set them


class CollectScript(pyblish.api.ContextPlugin):
    label = "Script"
    order = ORDER["CollectScript"]
    hosts = ["nuke"]

    def process(self, context):
        current = services(context)
        host = current.host
        context.data["currentFile"] = path = host.script_path()
        context.data["scriptHash"] = _digest(path)
        context.data["scriptModified"] = host.is_modified()
        context.data["scriptLock"] = protection.lock_info(host)
        where = script_context(host, current.settings, project=current.options.project)
        context.data["projectName"] = where.project
        context.data["asset"] = where.asset
        context.data["nukeVersion"] = host.application_version()
        context.data["rootFrames"] = (_frame(host.root_knob("first_frame"), NUKE_DEFAULT_RANGE[0]),
                                      _frame(host.root_knob("last_frame"), NUKE_DEFAULT_RANGE[1]))


def _digest(path: str | None) -> str | None:
    """The saved script's SHA-256: tells a retry whether an earlier attempt published this same text."""
    if not path or not os.path.isfile(path):
        return None
    with open(path, "rb") as saved:
        return hashlib.sha256(saved.read()).hexdigest()


def _frame(text, default: int) -> int:
    try:
        return int(float(text)) if text not in (None, "") else default
    except ValueError:
        return default
