"""The container record imprinted on a loaded node, and how its state is shown.

One JSON string knob holds the whole record (avalon ``container-2.0`` keys plus
our ``version``, ``policy`` and ``project``): one source of truth that survives
save/open and copy/paste. The status knob, colour and label are derived from it
and from the database, and are rewritten freely.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring_ascii
from typing import Any, NamedTuple

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


class ContainerData(NamedTuple):  # immutable and quick to make: one or two per container an update reads
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
        """The record as ``json.dumps(..., sort_keys=True, separators=(",", ":"))`` writes it.

        Written field by field with json's own string escaper: an update writes one record per
        container, and building an encoder per call was most of the cost.
        """
        values = (self.id, self.loader, self.name, self.namespace, self.policy.value, self.project,
                  self.representation, self.schema, self.version)
        try:
            members = [key + _escape(value) for key, value in zip(_JSON_KEYS, values, strict=True)]
            return "{" + ",".join(members) + "}"
        except TypeError:  # a field that is not text (built by hand): json decides how it reads
            record = {key[1:-2]: value for key, value in zip(_JSON_KEYS, values, strict=True)}
            return json.dumps(record, separators=(",", ":"))

    def with_changes(self, **changes: Any) -> ContainerData:
        # The constructor, not ``_replace``: same check of the names, without the dictionary
        # of every field it builds (this runs once per container an update switches).
        get = changes.pop
        changed = ContainerData(get("name", self.name), get("namespace", self.namespace),
                                get("loader", self.loader), get("representation", self.representation),
                                get("version", self.version), get("policy", self.policy),
                                get("project", self.project), get("schema", self.schema), get("id", self.id))
        if changes:
            raise TypeError(f"ContainerData has no field {next(iter(changes))!r}")
        return changed


# The record's keys in sorted order, each as it opens its member (``"id":``).
_JSON_KEYS = tuple(f'"{key}":' for key in ("id", "loader", "name", "namespace", "policy", "project",
                                           "representation", "schema", "version"))
_escape = encode_basestring_ascii


class ContainerDataError(ValueError):
    """The knob holds something that is not a container record."""


def parse_container(text: str | None) -> ContainerData:
    """Read a container knob; garbage raises :class:`ContainerDataError` with the reason."""
    record = read_record(text, what="container", record_id=CONTAINER_ID,
                         required=("representation", "version"), error=ContainerDataError)
    get = record.get
    return ContainerData(str(get("name", "")), str(get("namespace", "")), str(get("loader", "")),
                         record["representation"], record["version"], Policy.parse(get("policy")),
                         str(get("project", "")), str(get("schema", CONTAINER_SCHEMA)))


def status_text(subset: str, version: int | None, state: State, policy: Policy, reason: str = "") -> str:
    shown = f"v{version:03d}" if version is not None else "v???"
    text = f"{subset} {shown} {state.value}"
    if policy is not Policy.APPROVED:
        text += f" ({policy.value})"
    if reason:
        text += f": {reason}"
    return text
