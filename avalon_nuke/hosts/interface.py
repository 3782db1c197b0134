"""What container logic needs from a script: the host contract, live Nuke or a ``.nk`` file.

Loading, resolving and updating containers is written once against this small
interface. Node handles are whatever the host uses (a ``nuke.Node``, a node of
the ``.nk`` model); the pipeline code never looks inside them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

KnobValue = str | int | float | bool


class ScriptHost(ABC):
    """One open script."""

    @abstractmethod
    def nodes_with_knob(self, knob: str) -> list[Any]:
        """Every node carrying *knob*, inside groups too, in script order."""

    @abstractmethod
    def node_name(self, node: Any) -> str:
        """Full name, ``Group1.Read1`` inside groups."""

    @abstractmethod
    def node_class(self, node: Any) -> str:
        """Nuke class name, e.g. ``Read``."""

    @abstractmethod
    def knob(self, node: Any, name: str) -> str | None:
        """A knob's value as text, or None when the node has no such knob."""

    @abstractmethod
    def set_knobs(self, node: Any, values: Mapping[str, KnobValue]) -> None:
        """Set existing knobs (standard or user); nothing else on the node changes."""

    @abstractmethod
    def create_node(self, cls: str, name: str, knobs: Mapping[str, KnobValue]) -> Any:
        """A new, unconnected node named *name* (made unique if taken) at the top level."""

    @abstractmethod
    def add_string_knobs(self, node: Any, tab: tuple[str, str],
                         knobs: Sequence[tuple[str, str, str]]) -> None:
        """Add a tab ``(name, label)`` and read-only string knobs ``(name, label, value)``."""

    @abstractmethod
    def remove_node(self, node: Any) -> None:
        """Delete the node."""

    def select(self, nodes: Sequence[Any]) -> None:  # noqa: B027 - optional for hosts without a UI
        """Make these the selected nodes (a no-op where nothing is shown)."""

    @contextmanager
    def undo(self, label: str) -> Iterator[None]:
        """Group the changes made inside into one undo step where the host has undo."""
        yield
