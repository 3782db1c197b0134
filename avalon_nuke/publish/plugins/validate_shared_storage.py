"""Every file the script reads or writes is on shared storage, where the farm can reach it."""

from __future__ import annotations

import os
from pathlib import PureWindowsPath

import pyblish.api

from avalon_nuke.errors import InputError
from avalon_nuke.paths import is_shared_storage_path
from avalon_nuke.publish.plugins import ORDER
from avalon_nuke.publish.shared_data import services

READ_CLASSES = frozenset({"Read", "DeepRead", "ReadGeo", "ReadGeo2", "Camera2", "Camera3", "Camera4"})
WRITE_CLASSES = frozenset({"Write", "DeepWrite", "WriteGeo"})


class ValidateSharedStorage(pyblish.api.ContextPlugin):
    """Local drives, temp and home folders exist on the artist's machine only.

    The Writes of the instances being published are left out: the publish points
    them at their version folders.
    """

    label = "Files on shared storage"
    order = ORDER["ValidateSharedStorage"]
    hosts = ["nuke"]

    def process(self, context):
        current = services(context)
        host, root = current.host, current.settings.projects_root
        rendered = {instance.data["writeName"] for instance in context if instance.data.get("publish", True)}
        script_folder = os.path.dirname(context.data.get("currentFile") or "")
        problems = []
        for node in host.nodes_with_knob("file"):
            cls, name = host.node_class(node), host.node_name(node)
            if cls not in READ_CLASSES | WRITE_CLASSES or name in rendered:
                continue
            path = (host.knob(node, "file") or "").strip()
            if not path or (host.knob(node, "disable") or "").lower() in ("true", "1"):
                continue
            if "[" in path:
                self.log.warning(f"{name}: cannot check a path built by an expression ({path})")
                continue
            if not (os.path.isabs(path) or PureWindowsPath(path).drive) and script_folder:
                path = os.path.join(script_folder, path)
            shared, reason = is_shared_storage_path(path, root)
            if not shared:
                problems.append(f"{name}: {reason}")
        if problems:
            raise InputError("; ".join(problems))
