"""The publish instance record on a Write (or AvalonWrite group), and its farm settings.

Identity (family, asset, subset, active) lives in ONE JSON string knob, like the
container record: one source of truth that survives save/open and copy/paste.
Farm settings are plain user knobs an artist edits in the Avalon tab; the same
knob names are used on a marked Write and on the AvalonWrite group, so
everything downstream reads them the same way.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from typing import Any

from avalon_nuke.errors import InputError
from avalon_nuke.hosts.interface import KnobSpec, ScriptHost
from avalon_nuke.names import validate_name
from avalon_nuke.pipeline.node_records import read_record

INSTANCE_ID = "pyblish.avalon.instance"
INSTANCE_SCHEMA = "avalon-nuke:instance-1.0"
INSTANCE_KNOB = "avalon_instance"
TAB_KNOB = "avalon_tab"
FAMILIES = ("render", "prerender")
# The script's own context on Root, for publishing it without AVALON_PROJECT/AVALON_ASSET.
ROOT_PROJECT_KNOB = "avalon_project"
ROOT_ASSET_KNOB = "avalon_asset"

PRIORITY_KNOB = "avalon_priority"
CHUNK_SIZE_KNOB = "avalon_chunk_size"
POOL_KNOB = "avalon_pool"
GROUP_KNOB = "avalon_group"
USE_RANGE_KNOB = "avalon_use_range"
FIRST_KNOB = "avalon_first"
LAST_KNOB = "avalon_last"
REVIEW_KNOB = "avalon_review"
SECONDARY_POOL_KNOB = "avalon_secondary_pool"
LIMITS_KNOB = "avalon_limits"
MACHINE_LIMIT_KNOB = "avalon_machine_limit"
DEPARTMENT_KNOB = "avalon_department"
NUKEX_KNOB = "avalon_nukex"
USE_GPU_KNOB = "avalon_use_gpu"
GPU_KNOB = "avalon_gpu"
_YES, _NO = ("true", "1", "yes", "on"), ("false", "0", "no", "off")


@dataclass(frozen=True)
class InstanceData:
    family: str
    asset: str
    subset: str
    active: bool = True
    schema: str = INSTANCE_SCHEMA
    id: str = INSTANCE_ID

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True, separators=(",", ":"))

    def with_changes(self, **changes: Any) -> InstanceData:
        return replace(self, **changes)


class InstanceDataError(ValueError):
    """The knob holds something that is not an instance record."""


def parse_instance(text: str | None) -> InstanceData:
    record = read_record(text, what="instance", record_id=INSTANCE_ID,
                         required=("family", "asset", "subset"), error=InstanceDataError)
    return InstanceData(family=record["family"], asset=record["asset"], subset=record["subset"],
                        active=record.get("active", True) is not False,
                        schema=str(record.get("schema", INSTANCE_SCHEMA)))


def validate_instance(data: InstanceData) -> InstanceData:
    """The record, or InputError naming the bad field."""
    if data.family not in FAMILIES:
        raise InputError(f"unknown family '{data.family}': use {' or '.join(FAMILIES)}")
    validate_name("asset", data.asset)
    validate_name("subset", data.subset)
    return data


@dataclass(frozen=True)
class FarmSettings:
    """How the farm renders an instance; defaults suit a typical comp."""

    priority: int = 50
    chunk_size: int = 10
    pool: str = "none"
    group: str = "none"
    use_range: bool = False
    first: int = 1001
    last: int = 1100
    review: bool = True  # a review movie (slate, burn-ins) rendered after the frames
    secondary_pool: str = ""
    limit_groups: tuple[str, ...] = ()  # on top of the studio's (AVALON_DEADLINE_LIMIT_GROUPS)
    machine_limit: int = 0               # 0: the studio's (AVALON_DEADLINE_MACHINE_LIMIT), else none
    department: str = ""                 # empty: the studio's (AVALON_DEADLINE_DEPARTMENT)
    nukex: bool | None = None            # None: as the publishing session (NukeX or Nuke)
    use_gpu: bool = False
    gpu: int | None = None               # a GPU index, or None: the worker's own choice


def instance_knobs(data: InstanceData, farm: FarmSettings | None = None) -> list[KnobSpec]:
    """The Avalon tab of an instance node: the record, then the farm settings."""
    farm = farm or FarmSettings()
    return [
        KnobSpec("tab", TAB_KNOB, "Avalon"),
        KnobSpec("string", INSTANCE_KNOB, "instance", data.to_json(), read_only=True,
                 tooltip="Avalon publish instance (family, asset, subset); change it with Avalon > Create"),
        KnobSpec("int", PRIORITY_KNOB, "farm priority", farm.priority, tooltip="Deadline priority, 0-100"),
        KnobSpec("int", CHUNK_SIZE_KNOB, "frames per task", farm.chunk_size),
        KnobSpec("string", POOL_KNOB, "pool", farm.pool),
        KnobSpec("string", GROUP_KNOB, "group", farm.group),
        KnobSpec("bool", USE_RANGE_KNOB, "own frame range", farm.use_range,
                 tooltip="render first-last below instead of the script's frame range"),
        KnobSpec("int", FIRST_KNOB, "first", farm.first),
        KnobSpec("int", LAST_KNOB, "last", farm.last),
        KnobSpec("bool", REVIEW_KNOB, "review movie", farm.review,
                 tooltip="also render a review movie (slate and burn-ins) into the version"),
        KnobSpec("string", SECONDARY_POOL_KNOB, "secondary pool", farm.secondary_pool),
        KnobSpec("string", LIMITS_KNOB, "limits", ",".join(farm.limit_groups),
                 tooltip="Deadline limit groups (comma-separated), e.g. the Nuke render licences"),
        KnobSpec("int", MACHINE_LIMIT_KNOB, "machine limit", farm.machine_limit,
                 tooltip="at most this many machines render it at once; 0: no limit"),
        KnobSpec("string", DEPARTMENT_KNOB, "department", farm.department),
        KnobSpec("string", NUKEX_KNOB, "NukeX", "" if farm.nukex is None else ("yes" if farm.nukex else "no"),
                 tooltip="yes or no; empty: render with NukeX when published from NukeX"),
        KnobSpec("bool", USE_GPU_KNOB, "use GPU", farm.use_gpu),
        KnobSpec("int", GPU_KNOB, "GPU", -1 if farm.gpu is None else farm.gpu,
                 tooltip="the GPU index to render on; -1: the worker's own choice"),
    ]


def read_farm_settings(host: ScriptHost, node: Any) -> FarmSettings:
    """The node's farm knobs; a knob that is missing keeps its default, garbage is an InputError."""
    name = host.node_name(node)
    defaults = FarmSettings()

    def integer(knob: str, default: int) -> int:
        text = host.knob(node, knob)
        if text in (None, ""):
            return default
        try:
            return int(float(text))
        except ValueError as error:
            raise InputError(f"{name}: {knob} must be a whole number, not {text!r}") from error

    def text(knob: str, default: str) -> str:
        value = host.knob(node, knob)
        return value.strip() if value and value.strip() else default

    def choice(knob: str) -> bool | None:
        value = (host.knob(node, knob) or "").strip().lower()
        if value in _YES or value in _NO:
            return value in _YES
        if value:
            raise InputError(f"{name}: {knob} must be yes, no or empty, not {value!r}")
        return None

    gpu = integer(GPU_KNOB, -1)
    if gpu < -1:
        raise InputError(f"{name}: {GPU_KNOB} must be a GPU index, or -1 for the worker's choice, not {gpu}")
    limits = tuple(part.strip() for part in text(LIMITS_KNOB, "").split(",") if part.strip())
    use_range = (host.knob(node, USE_RANGE_KNOB) or "").strip().lower() in _YES
    review_text = (host.knob(node, REVIEW_KNOB) or "").strip().lower()
    return FarmSettings(
        priority=integer(PRIORITY_KNOB, defaults.priority),
        chunk_size=integer(CHUNK_SIZE_KNOB, defaults.chunk_size),
        pool=text(POOL_KNOB, defaults.pool),
        group=text(GROUP_KNOB, defaults.group),
        use_range=use_range,
        first=integer(FIRST_KNOB, defaults.first),
        last=integer(LAST_KNOB, defaults.last),
        review=review_text not in ("false", "0", "no"),
        secondary_pool=text(SECONDARY_POOL_KNOB, ""),
        limit_groups=limits,
        machine_limit=integer(MACHINE_LIMIT_KNOB, 0),
        department=text(DEPARTMENT_KNOB, ""),
        nukex=choice(NUKEX_KNOB),
        use_gpu=choice(USE_GPU_KNOB) is True,
        gpu=None if gpu == -1 else gpu,
    )
