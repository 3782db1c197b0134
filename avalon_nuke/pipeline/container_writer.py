"""Writing resolved containers onto their nodes: the version switch, the record, the look.

An update writes thousands of nodes that share a few hundred decisions, so everything that
depends only on the documents (the knobs a switch sets, the state after it, the status text,
what a colour value means) is worked out once per writer, and each node gets one write.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from avalon_nuke.db.documents import Document, is_approved, is_rejected
from avalon_nuke.hosts.interface import ScriptHost
from avalon_nuke.pipeline.container import Container
from avalon_nuke.pipeline.container_data import DATA_KNOB, STATE_COLOURS, STATUS_KNOB, status_text
from avalon_nuke.pipeline.container_report import rejection_text
from avalon_nuke.pipeline.policy import Policy, State
from avalon_nuke.pipeline.read_colorspace import apply_colorspace, recorded_colorspace

# What the writer looks at on a node before writing its look, and what an update reads of each
# node at once: the record too, to resolve it (``ContainerWriter.apply``'s *shown*).
_LOOK_KNOBS = (STATUS_KNOB, "tile_color")
KNOBS_READ = (DATA_KNOB, *_LOOK_KNOBS)


class ContainerWriter:
    """Writes containers onto their nodes, keeping what it worked out for the next ones."""

    def __init__(self, host: ScriptHost) -> None:
        self.host = host
        self._switches: dict[tuple[int, int, int, int], tuple[Any, ...]] = {}
        self._texts: dict[tuple[str, int | None, State, Policy, str], str] = {}
        self._colours: dict[str, int | None] = {}

    def apply(self, container: Container, shown: Mapping[str, str | None] | None = None) -> Container:
        """Switch the node to its target and refresh its look. *shown*: :data:`KNOBS_READ` as
        read from the node just before (else they are read here)."""
        host = self.host
        target, rep = container.target, container.target_representation
        values: dict[str, Any] = {}
        if container.needs_switch and target is not None and rep is not None and container.data is not None:
            previous = container.representation
            newest = container.newest_approved
            knobs, state, reason, colourspace, ids = self._switch(target, rep, newest, previous)
            if colourspace:  # set after the file, which Nuke may reset it from
                host.set_knobs(container.node, knobs)
                apply_colorspace(host, container.node, rep, previous=previous)
                shown = None  # read again after the change
            else:
                values.update(knobs)
            data = container.data.with_changes(representation=ids[0], version=ids[1])
            container = Container(container.node, container.node_name, data, state, reason, target, rep,
                                  target, rep, newest)
        self._look(container, values, shown)
        if values:
            host.set_knobs(container.node, values)
        return container

    def _switch(self, target: Document, rep: Document, newest: Document | None,
                previous: Document | None) -> tuple[dict[str, Any], State, str, bool, tuple[str, str]]:
        """The knobs a switch to *target* sets, the state and reason the node then shows,
        whether the representation brings a colourspace of its own, and the record's new ids."""
        key = (id(target), id(rep), id(newest), id(previous))
        known = self._switches.get(key)
        # The documents are kept with the answer: an id is only unique while its object lives.
        if known is None or known[0] is not target or known[1] is not rep or known[2] is not newest \
                or known[3] is not previous:
            outdated = newest is not None and newest["name"] > target["name"]  # e.g. set back to an older one
            state = State.OUTDATED if outdated else State.APPROVED if is_approved(target) else State.WIP
            reason = "newer approved version available" if outdated else ""
            if is_rejected(target):  # set to by hand: shown, and flagged
                state, reason = State.OUTDATED, rejection_text(target)
            recorded = recorded_colorspace(rep)
            colourspace = recorded is not None and recorded != recorded_colorspace(previous)
            known = self._switches[key] = (target, rep, newest, previous, switch_knobs(target, rep), state,
                                           reason, colourspace, (str(rep["_id"]), str(target["_id"])))
        return known[4], known[5], known[6], known[7], known[8]

    def show(self, container: Container) -> None:
        """Write the record, status text and state colour (unless the artist chose a colour)."""
        values: dict[str, Any] = {}
        self._look(container, values, None)
        if values:
            self.host.set_knobs(container.node, values)

    def _look(self, container: Container, values: dict[str, Any],
              shown: Mapping[str, str | None] | None) -> None:
        """Add the record, status text and state colour to *values*, the knobs to write."""
        if shown is None:
            shown = self.host.read_knobs(container.node, _LOOK_KNOBS)
        if container.data is not None:
            values[DATA_KNOB] = container.data.to_json()
            if shown[STATUS_KNOB] is not None:  # containers made elsewhere lack it
                key = (container.subset, container.current_number, container.state, container.policy,
                       container.reason)
                text = self._texts.get(key)
                if text is None:
                    text = self._texts[key] = status_text(*key)
                values[STATUS_KNOB] = text
        written = shown["tile_color"] or "0"
        colour = self._colours.get(written, -1)
        if colour == -1:
            colour = self._colours[written] = _as_int(written)
        if colour in (0, None) or colour in _STATE_COLOUR_VALUES:  # 0: the class default colour
            values["tile_color"] = _STATE_COLOUR_TEXTS[container.state]


_STATE_COLOUR_VALUES = frozenset(STATE_COLOURS.values())
# As Nuke writes a colour (both hosts take it so): the .nk host need not convert one per node.
_STATE_COLOUR_TEXTS = {state: f"0x{value:08x}" for state, value in STATE_COLOURS.items()}


def switch_knobs(version: Document, representation: Document) -> dict[str, Any]:
    """The knobs a version switch sets: the file and its frame range, in the order Nuke writes them."""
    first, last = frame_range(version, representation)
    return {"file": representation["data"]["path"], "first": first, "last": last,
            "origfirst": first, "origlast": last}


def frame_range(version: Document, representation: Document) -> tuple[int, int]:
    """The version's frames; movies start at 1 unless the representation says otherwise."""
    rep_data, data = representation.get("data", {}), version.get("data", {})
    path = str(rep_data.get("path", "")).lower()
    if path.endswith((".mov", ".mp4", ".mxf", ".avi")):
        length = max(0, int(data.get("frameEnd", 1)) - int(data.get("frameStart", 1)))
        first = int(rep_data.get("frameStart", 1))
        return first, int(rep_data.get("frameEnd", first + length))
    first = data.get("frameStart", rep_data.get("frameStart", 1))
    last = data.get("frameEnd", rep_data.get("frameEnd", first))
    return int(first), int(last)


def _as_int(text: str) -> int | None:
    try:
        return int(str(text), 0)
    except ValueError:
        return None
