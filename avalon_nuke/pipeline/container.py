"""A loaded node as the pipeline sees it: its record, what it shows, and what it should show.

Resolution (``inventory``) makes them and the writer (``container_writer``) writes them back;
the Manager, ``ls --json`` and the approval notes read them. They are immutable: a resolution
made on a worker thread is handed to the UI as it is. Named tuples rather than frozen
dataclasses: an update makes two per container, and a frozen dataclass sets each field
through ``object.__setattr__``.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from avalon_nuke.db.documents import Document
from avalon_nuke.pipeline.container_data import ContainerData
from avalon_nuke.pipeline.policy import Policy, State


class Container(NamedTuple):
    """One loaded node, what it shows, and what it should show."""

    node: Any
    node_name: str
    data: ContainerData | None
    state: State
    reason: str = ""
    current: Document | None = None            # the version shown
    representation: Document | None = None     # the representation shown
    target: Document | None = None             # the version it should show
    target_representation: Document | None = None
    newest_approved: Document | None = None    # the subset's newest approved version

    @property
    def asset(self) -> str:
        """The asset of the loaded render, as its representation recorded it at publish."""
        rep = self.representation or {}
        return str(rep.get("context", {}).get("asset") or "")

    @property
    def representation_name(self) -> str:
        """The pass (``diffuse``, ``crypto``) or file kind the node shows."""
        return str(self.representation["name"]) if self.representation else ""

    @property
    def policy(self) -> Policy:
        return self.data.policy if self.data else Policy.APPROVED

    @property
    def subset(self) -> str:
        return self.data.name if self.data else ""

    @property
    def current_number(self) -> int | None:
        return self.current["name"] if self.current else None

    @property
    def target_number(self) -> int | None:
        return self.target["name"] if self.target else None

    @property
    def needs_switch(self) -> bool:
        return (self.target_representation is not None and self.representation is not None
                and self.target_representation["_id"] != self.representation["_id"])

    def summary(self) -> dict[str, Any]:
        """A JSON-friendly row for ``avalon-nuke ls --json`` and the Manager."""
        return {
            "node": self.node_name, "asset": self.asset, "subset": self.subset, "state": self.state.value,
            "reason": self.reason, "policy": self.policy.value,
            "version": self.current_number, "target": self.target_number,
            "representation": self.representation["name"] if self.representation else None,
            "path": self.representation["data"].get("path") if self.representation else None,
        }
