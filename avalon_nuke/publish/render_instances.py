"""Which publish instance nodes a publish takes, and what each pyblish instance carries.

Active instances publish; when names are given (``--write``, the Publisher's ticks), exactly
those do, by instance node or Write name. Each gets its Write, farm settings and frames: the
artist's override, else the instance's own range (Avalon tab), else the script's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from avalon_nuke.errors import InputError, NotFoundError
from avalon_nuke.hosts.interface import ScriptHost
from avalon_nuke.pipeline.creator import ls_instances
from avalon_nuke.pipeline.instance_data import read_farm_settings
from avalon_nuke.publish.shared_data import PublishOptions


@dataclass(frozen=True)
class RenderInstance:
    """One pyblish instance to create: its name (the instance node) and data."""

    name: str
    data: dict[str, Any] = field(default_factory=dict)


def render_instances(host: ScriptHost, options: PublishOptions, script_frames: tuple[int, int],
                     ) -> tuple[list[RenderInstance], list[tuple[str, str]]]:
    """The instances of the script, and ``(node name, problem)`` for the unreadable ones."""
    wanted = options.instances
    found = ls_instances(host)
    names = {name for item in found for name in (item.node_name, item.write_name) if name}
    unknown = [name for name in wanted or () if name not in names]
    if unknown:
        listed = ", ".join(item.node_name for item in found) or "none"
        raise NotFoundError(f"no publish instance named {', '.join(unknown)} (instances: {listed})")
    broken = [(item.node_name, item.problem) for item in found if item.problem]
    instances = []
    for item in found:
        if item.data is None or item.write is None:
            continue
        named = {item.node_name, item.write_name} & set(wanted or ())
        data: dict[str, Any] = {
            "family": item.data.family, "families": [item.data.family], "asset": item.data.asset,
            "subset": item.data.subset, "node": item.node, "nodeName": item.node_name, "write": item.write,
            "writeName": item.write_name, "label": item.data.subset,
            "publish": item.data.active if wanted is None else bool(named),
        }
        try:
            farm = read_farm_settings(host, item.node)
        except InputError as error:
            data["farmError"] = str(error)
        else:
            data["farm"] = farm
            if options.frames is not None:
                frames = options.frames
            elif farm.use_range:
                frames = (farm.first, farm.last)
            else:
                frames = script_frames
            data["frameStart"], data["frameEnd"] = frames
        instances.append(RenderInstance(item.node_name, data))
    return instances, broken
