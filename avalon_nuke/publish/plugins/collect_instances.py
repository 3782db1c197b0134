"""One pyblish instance per publish instance node, with its Write, farm settings and frames."""

from __future__ import annotations

import pyblish.api

from avalon_nuke.errors import InputError, NotFoundError
from avalon_nuke.pipeline.creator import ls_instances
from avalon_nuke.pipeline.instance_data import read_farm_settings
from avalon_nuke.publish.plugins import ORDER
from avalon_nuke.publish.shared_data import services


class CollectRenderInstances(pyblish.api.ContextPlugin):
    """Active instances publish; when names are given (``--write``), exactly those do."""

    label = "Render instances"
    order = ORDER["CollectRenderInstances"]
    hosts = ["nuke"]

    def process(self, context):
        current = services(context)
        host, wanted = current.host, current.options.instances
        found = ls_instances(host)
        names = {name for item in found for name in (item.node_name, item.write_name) if name}
        unknown = [name for name in wanted or () if name not in names]
        if unknown:
            listed = ", ".join(item.node_name for item in found) or "none"
            raise NotFoundError(f"no publish instance named {', '.join(unknown)} (instances: {listed})")
        context.data["brokenInstances"] = [(item.node_name, item.problem) for item in found if item.problem]
        first, last = context.data["rootFrames"]
        for item in found:
            if item.data is None or item.write is None:
                continue
            named = {item.node_name, item.write_name} & set(wanted or ())
            selected = item.data.active if wanted is None else bool(named)
            instance = context.create_instance(item.node_name, family=item.data.family,
                                               families=[item.data.family])
            instance.data.update(
                asset=item.data.asset, subset=item.data.subset, node=item.node, nodeName=item.node_name,
                write=item.write, writeName=item.write_name, publish=selected, label=item.data.subset,
            )
            try:
                farm = read_farm_settings(host, item.node)
            except InputError as error:
                instance.data["farmError"] = str(error)
                continue
            instance.data["farm"] = farm
            if current.options.frames is not None:
                frames = current.options.frames
            elif farm.use_range:
                frames = (farm.first, farm.last)
            else:
                frames = (first, last)
            instance.data["frameStart"], instance.data["frameEnd"] = frames
