"""Creating publish instances: mark a Write, or add an AvalonWrite group, on any host.

The AvalonWrite is a Group wrapping ``Input -> Write -> Output`` whose Avalon tab
holds the instance record, the farm settings and links to the inner Write's
file, type and channels. It is created as a plain Group (not as a reference to
the gizmo) so that a published script carries everything the farm needs: a
render node must not depend on a gizmo being installed on every render node.
``gizmos/AvalonWrite.gizmo`` (a Group definition, as gizmo files usually are) is
written from the same definition by :func:`gizmo_text` for artists who want it in
Nuke's toolbar; ``python -m avalon_nuke.pipeline.creator`` rewrites it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from avalon_nuke import nk
from avalon_nuke.errors import InputError, NotFoundError
from avalon_nuke.hosts.interface import KnobSpec, KnobValue, ScriptHost
from avalon_nuke.pipeline.instance_data import (
    INSTANCE_KNOB,
    ROOT_ASSET_KNOB,
    ROOT_PROJECT_KNOB,
    FarmSettings,
    InstanceData,
    InstanceDataError,
    instance_knobs,
    parse_instance,
    validate_instance,
)

GIZMO_NAME = "AvalonWrite"
GIZMO_PATH = Path(__file__).resolve().parents[2] / "gizmos" / f"{GIZMO_NAME}.gizmo"
INNER_WRITE = "Write1"

_WRITE_DEFAULTS: dict[str, KnobValue] = {
    "file": "", "file_type": "exr", "channels": "rgba", "create_directories": True,
}
_GROUP_COLOUR = 0xD88A2BFF
_LINKS = (("write_file", "file", "file"), ("write_file_type", "file type", "file_type"),
          ("write_channels", "channels", "channels"), ("write_colorspace", "colorspace", "colorspace"))


@dataclass(frozen=True)
class Instance:
    """One instance node in a script: its record and the Write that renders it."""

    node: Any
    node_name: str
    data: InstanceData | None
    write: Any | None
    write_name: str | None
    problem: str = ""


def render_write(host: ScriptHost, node: Any) -> Any | None:
    """The Write that renders an instance: the node itself, or the one Write inside its group."""
    if host.node_class(node) == "Write":
        return node
    writes = [child for child in host.children(node) if host.node_class(child) == "Write"]
    return writes[0] if len(writes) == 1 else None


def ls_instances(host: ScriptHost) -> list[Instance]:
    """Every node carrying an instance record, in script order; broken ones say why."""
    found = []
    for node in host.nodes_with_knob(INSTANCE_KNOB):
        name = host.node_name(node)
        try:
            data = parse_instance(host.knob(node, INSTANCE_KNOB))
        except InstanceDataError as error:
            found.append(Instance(node, name, None, None, None, str(error)))
            continue
        write = render_write(host, node)
        problem = "" if write is not None else (
            f"{name} has no Write node to render (a group needs exactly one Write inside; "
            "an AvalonWrite gizmo must be made with Avalon > Create, which makes a self-contained group)")
        found.append(Instance(node, name, data, write, host.node_name(write) if write else None, problem))
    return found


def _check_unique(host: ScriptHost, data: InstanceData, ignore: Any = None) -> None:
    for other in ls_instances(host):
        if other.node is ignore or other.data is None:
            continue
        if (other.data.asset, other.data.subset) == (data.asset, data.subset):
            raise InputError(f"subset '{data.subset}' of asset '{data.asset}' is already published by "
                             f"{other.node_name} in this script: pick another subset name")


def _imprint_context(host: ScriptHost, project: str | None, asset: str) -> None:
    """Remember the script's project and asset on Root, once, for headless publishing."""
    values: dict[str, KnobValue | None] = {}
    if project and host.root_knob(ROOT_PROJECT_KNOB) is None:
        values[ROOT_PROJECT_KNOB] = project
    if host.root_knob(ROOT_ASSET_KNOB) is None:
        values[ROOT_ASSET_KNOB] = asset
    if values:
        host.set_root_knobs(values)


def mark_write(host: ScriptHost, node: Any | str, *, family: str, asset: str, subset: str,
               project: str | None = None, farm: FarmSettings | None = None) -> Instance:
    """Make an existing Write a publish instance."""
    if isinstance(node, str):
        found = host.find_node(node)
        if found is None:
            writes = [host.node_name(n) for n in host.nodes_with_knob("name")
                      if host.node_class(n) == "Write"]
            hint = f" (Write nodes: {', '.join(writes)})" if writes else " (the script has no Write node)"
            raise NotFoundError(f"no node named '{node}'{hint}")
        node = found
    name = host.node_name(node)
    if host.node_class(node) != "Write":
        raise InputError(f"{name} is a {host.node_class(node)} node: only Write nodes can be marked "
                         "(or create an AvalonWrite)")
    data = validate_instance(InstanceData(family=family, asset=asset, subset=subset))
    if host.knob(node, INSTANCE_KNOB) is not None:
        try:
            current = parse_instance(host.knob(node, INSTANCE_KNOB))
            what = f" ({current.family} {current.subset})"
        except InstanceDataError:
            what = ""
        raise InputError(f"{name} is already a publish instance{what}")
    _check_unique(host, data)
    specs = instance_knobs(data, farm)
    with host.undo(f"Avalon: create {subset}"):
        _add_or_set(host, node, specs)
        _imprint_context(host, project, asset)
    return _as_instance(host, node, data)


def create_avalon_write(host: ScriptHost, *, family: str, asset: str, subset: str,
                        project: str | None = None, name: str | None = None,
                        farm: FarmSettings | None = None) -> Instance:
    """Add an AvalonWrite group (named ``AvalonWrite_<subset>`` unless *name* is given)."""
    data = validate_instance(InstanceData(family=family, asset=asset, subset=subset))
    _check_unique(host, data)
    with host.undo(f"Avalon: create {subset}"):
        group = host.create_group(name or f"{GIZMO_NAME}_{subset}", {"tile_color": _GROUP_COLOUR},
                                  group_children())
        host.add_user_knobs(group, group_knobs(data, farm))
        _imprint_context(host, project, asset)
    return _as_instance(host, group, data)


def set_active(host: ScriptHost, instance: Instance, active: bool) -> Instance:
    """Include or leave out an instance from the next publish."""
    if instance.data is None:
        raise InputError(f"{instance.node_name}: {instance.problem}")
    data = instance.data.with_changes(active=bool(active))
    host.set_knobs(instance.node, {INSTANCE_KNOB: data.to_json()})
    return _as_instance(host, instance.node, data)


def group_children() -> list[tuple[str, str, dict[str, KnobValue]]]:
    return [("Input", "Input1", {}), ("Write", INNER_WRITE, dict(_WRITE_DEFAULTS)), ("Output", "Output1", {})]


def group_knobs(data: InstanceData | None, farm: FarmSettings | None = None) -> list[KnobSpec]:
    """The Avalon tab of an AvalonWrite; without *data* the record is empty (the gizmo's default)."""
    specs = instance_knobs(data or InstanceData("render", "asset", "subset"), farm)
    if data is None:
        specs[1] = KnobSpec("string", INSTANCE_KNOB, specs[1].label, "", read_only=True,
                            tooltip=specs[1].tooltip)
    links = [KnobSpec("link", name, label, f"{INNER_WRITE}.{target}") for name, label, target in _LINKS]
    return [specs[0], *links, *specs[1:]]


def gizmo_text() -> str:
    """The text of ``gizmos/AvalonWrite.gizmo``, built from the same definition as the group."""
    from avalon_nuke.nk.user_knobs import add_user_knob

    script = nk.loads("version 15.1 v1\n")
    gizmo = script.add_node("Group", [("name", GIZMO_NAME), ("tile_color", f"0x{_GROUP_COLOUR:08x}")])
    for spec in group_knobs(None):
        add_user_knob(gizmo, spec)
    upstream = None
    for cls, child_name, knobs in group_children():
        upstream = script.add_node(cls, [("name", child_name), *knobs.items()], group=gizmo,
                                   inputs=[upstream] if upstream is not None else [])
    return nk.dumps(script)


def _add_or_set(host: ScriptHost, node: Any, specs: Sequence[KnobSpec]) -> None:
    """Add the Avalon tab; knobs left over from an earlier instance are reused, not doubled."""
    valued = [spec for spec in specs if spec.kind not in ("tab", "link")]
    leftovers = {spec.name for spec in valued if host.knob(node, spec.name) is not None}
    if not leftovers:
        host.add_user_knobs(node, specs)
        return
    host.add_user_knobs(node, [spec for spec in valued if spec.name not in leftovers])
    host.set_knobs(node, {spec.name: spec.value for spec in valued
                          if spec.name in leftovers and spec.value is not None})


def _as_instance(host: ScriptHost, node: Any, data: InstanceData) -> Instance:
    write = render_write(host, node)
    return Instance(node, host.node_name(node), data, write, host.node_name(write) if write else None)


if __name__ == "__main__":
    GIZMO_PATH.write_text(gizmo_text(), encoding="utf-8")
    print(f"wrote {GIZMO_PATH}")
