"""Container records read on the UI thread, as a read-only host that any thread may resolve.

Nuke allows node access only on its main thread; the approval watcher reads the records there
and resolves them on its own thread through this host (``inventory.resolve`` asks a host only
for the record knob and the node name).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from avalon_nuke.hosts.interface import ScriptHost
from avalon_nuke.pipeline.container_data import DATA_KNOB


class RecordsHost(ScriptHost):
    """The container records read on the UI thread, as a read-only host any thread may resolve."""

    def __init__(self, records: Mapping[str, str]) -> None:
        self._records = dict(records)

    def nodes_with_knob(self, knob: str) -> list[Any]:
        return list(self._records) if knob == DATA_KNOB else []

    def node_name(self, node: Any) -> str:
        return str(node)

    def node_class(self, node: Any) -> str:
        return "Read"

    def knob(self, node: Any, name: str) -> str | None:
        return self._records.get(node) if name == DATA_KNOB else None

    def set_knobs(self, node: Any, values: Mapping[str, Any]) -> None:
        raise self._unsupported("change nodes (a snapshot of records)")

    def create_node(self, cls: str, name: str, knobs: Mapping[str, Any]) -> Any:
        raise self._unsupported("create nodes (a snapshot of records)")

    def add_string_knobs(self, node: Any, tab: tuple[str, str],
                         knobs: Sequence[tuple[str, str, str]]) -> None:
        raise self._unsupported("add knobs (a snapshot of records)")

    def remove_node(self, node: Any) -> None:
        raise self._unsupported("remove nodes (a snapshot of records)")
