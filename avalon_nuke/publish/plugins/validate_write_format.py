"""Published renders are EXR images with colour channels, so the comps loading them agree."""

from __future__ import annotations

import pyblish.api

from avalon_nuke.errors import InputError
from avalon_nuke.publish.plugins import ORDER
from avalon_nuke.publish.plugins.repair_actions import Repair
from avalon_nuke.publish.shared_data import services

FILE_TYPES = ("exr",)
CHANNELS = ("rgb", "rgba", "all")
REPAIRED = {"file_type": "exr", "channels": "rgba"}


def write_format(host, write) -> tuple[str, str]:
    """The Write's file type (its knob, else the file extension) and channels (Nuke's default rgb)."""
    file_type = (host.knob(write, "file_type") or "").strip()
    if not file_type:
        path = host.knob(write, "file") or ""
        file_type = path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    return file_type, (host.knob(write, "channels") or "rgb").strip()


class ValidateWriteFormat(pyblish.api.InstancePlugin):
    label = "Write file type and channels"
    order = ORDER["ValidateWriteFormat"]
    hosts = ["nuke"]
    families = ["render", "prerender"]
    actions = [Repair]

    def process(self, instance):
        host = services(instance.context).host
        file_type, channels = write_format(host, instance.data["write"])
        name = instance.data["writeName"]
        problems = []
        if file_type not in FILE_TYPES:
            problems.append(f"{name} writes '{file_type or 'no'}' files: set its file type to exr "
                            "(Repair does it)")
        if channels not in CHANNELS:
            problems.append(f"{name} writes channels '{channels}': set channels to rgba (Repair does it)")
        if problems:
            raise InputError("; ".join(problems))

    @classmethod
    def repair(cls, context):
        host = services(context).host
        for instance in context:
            if not instance.data.get("publish", True) or "write" not in instance.data:
                continue
            file_type, channels = write_format(host, instance.data["write"])
            fixes = {}
            if file_type not in FILE_TYPES:
                fixes["file_type"] = REPAIRED["file_type"]
            if channels not in CHANNELS:
                fixes["channels"] = REPAIRED["channels"]
            if fixes:
                host.set_knobs(instance.data["write"], fixes)
