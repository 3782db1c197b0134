"""The container record imprinted on a loaded node, and how its state is shown.

One JSON string knob holds the whole record (avalon ``container-2.0`` keys plus
our ``version``, ``policy`` and ``project``): one source of truth that survives
save/open and copy/paste. The status knob, colour and label are derived from it
and from the database, and are rewritten freely.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, replace
from typing import Any

from avalon_nuke.pipeline.node_records import read_record
from avalon_nuke.pipeline.policy import Policy, State

CONTAINER_ID = "pyblish.avalon.container"
CONTAINER_SCHEMA = "avalon-core:container-2.0"

TAB_KNOB = "avalon_tab"            # the visible "Avalon" tab
DATA_KNOB = "avalon_container"     # the JSON record (read-only in the UI)
STATUS_KNOB = "avalon_status"      # human-readable state, e.g. "lightingMain v003 approved"
STATUS_LABEL = "[value avalon_status]"

# tile_color values (0xRRGGBBAA) per state; a colour an artist chose is never replaced.
STATE_COLOURS = {
    State.APPROVED: 0x4C9A4CFF,
    State.WIP: 0xD88A2BFF,
    State.OUTDATED: 0xD6C431FF,
    State.MISSING: 0xC23B3BFF,
}


@dataclass(frozen=True)
class ContainerData:
    name: str                 # subset name
    namespace: str            # unique per script, also the node's name when loaded
    loader: str
    representation: str       # representation id, as text
    version: str              # version id, as text
    policy: Policy = Policy.APPROVED
    project: str = ""
    schema: str = CONTAINER_SCHEMA
    id: str = CONTAINER_ID

    def to_json(self) -> str:
        # Every field is flat text (or the policy): no deep copy needed, unlike asdict.
        record = {field.name: getattr(self, field.name) for field in fields(self)}
        record["policy"] = self.policy.value
        return json.dumps(record, sort_keys=True, separators=(",", ":"))

    def with_changes(self, **changes: Any) -> ContainerData:
        return replace(self, **changes)


class ContainerDataError(ValueError):
    """The knob holds something that is not a container record."""


def parse_container(text: str | None) -> ContainerData:
    """Read a container knob; garbage raises :class:`ContainerDataError` with the reason."""
    record = read_record(text, what="container", record_id=CONTAINER_ID,
                         required=("representation", "version"), error=ContainerDataError)
    return ContainerData(
        name=str(record.get("name", "")),
        namespace=str(record.get("namespace", "")),
        loader=str(record.get("loader", "")),
        representation=record["representation"],
        version=record["version"],
        policy=Policy.parse(record.get("policy")),
        project=str(record.get("project", "")),
        schema=str(record.get("schema", CONTAINER_SCHEMA)),
    )


def status_text(subset: str, version: int | None, state: State, policy: Policy, reason: str = "") -> str:
    shown = f"v{version:03d}" if version is not None else "v???"
    text = f"{subset} {shown} {state.value}"
    if policy is not Policy.APPROVED:
        text += f" ({policy.value})"
    if reason:
        text += f": {reason}"
    return text
