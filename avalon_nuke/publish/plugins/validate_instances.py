"""Instance records are readable, subset names valid and unique per asset, farm settings sane."""

from __future__ import annotations

import pyblish.api

from avalon_nuke.errors import InputError
from avalon_nuke.names import validate_name
from avalon_nuke.publish.plugins import ORDER


class ValidateInstances(pyblish.api.ContextPlugin):
    label = "Publish instances"
    order = ORDER["ValidateInstances"]
    hosts = ["nuke"]

    def process(self, context):
        problems = [f"{name}: {problem}" for name, problem in context.data.get("brokenInstances", [])]
        owners: dict[tuple[str, str], str] = {}
        for instance in context:
            data = instance.data
            key = (data["asset"], data["subset"])
            if key in owners:
                problems.append(f"{owners[key]} and {data['nodeName']} both publish subset '{key[1]}' of "
                                f"'{key[0]}' (a copied node keeps its instance): give one another subset "
                                "with Avalon > Create")
            owners.setdefault(key, data["nodeName"])
            if not data.get("publish", True):
                continue
            try:
                validate_name("subset", data["subset"])
            except InputError as error:
                problems.append(f"{data['nodeName']}: {error}")
            if data.get("farmError"):
                problems.append(data["farmError"])
                continue
            farm = data["farm"]
            if not 0 <= farm.priority <= 100:
                problems.append(f"{data['nodeName']}: farm priority {farm.priority} is not 0-100")
            if farm.chunk_size < 1:
                problems.append(f"{data['nodeName']}: frames per task must be at least 1, "
                                f"not {farm.chunk_size}")
        if problems:
            raise InputError("; ".join(problems))
