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

from avalon_nuke.knob_specs import KNOB_TYPE_IDS, KnobSpec, KnobValue

__all__ = ["KNOB_TYPE_IDS", "KnobSpec", "KnobValue", "ScriptHost"]

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
        """A knob's value as text, or None when the node has no such knob.

        String knobs give their text as written, never evaluated as TCL: records hold
        ``[``, ``$`` and quotes that evaluation would expand or refuse.
        """

    def read_knobs(self, node: Any, names: tuple[str, ...]) -> dict[str, str | None]:
        """:meth:`knob` of each of *names*: one search of the node's text for a ``.nk`` file."""
        return {name: self.knob(node, name) for name in names}

    @abstractmethod
    def set_knobs(self, node: Any, values: Mapping[str, KnobValue]) -> None:
        """Set existing knobs (standard or user); nothing else on the node changes.

        A knob whose value is already the one given is left alone, so an up-to-date
        script stays unmodified.
        """

    @abstractmethod
    def create_node(self, cls: str, name: str, knobs: Mapping[str, KnobValue]) -> Any:
        """A new, unconnected node named *name* (made unique if taken) at the top level.

        A name Nuke would refuse because it starts with a digit gets the class as prefix
        (:func:`avalon_nuke.names.valid_node_name`).
        """

    @abstractmethod
    def add_string_knobs(self, node: Any, tab: tuple[str, str],
                         knobs: Sequence[tuple[str, str, str]]) -> None:
        """Add a tab ``(name, label)`` and read-only string knobs ``(name, label, value)``."""

    @abstractmethod
    def remove_node(self, node: Any) -> None:
        """Delete the node."""

    def resolve_colorspace(self, node: Any, name: str) -> str | None:
        """The value the node's ``colorspace`` knob takes for colourspace *name* in this
        session's colour config, or None when the config lacks it or cannot be asked.

        A host that cannot check answers None, so it never writes a name it cannot check.
        """
        return None

    def selected_nodes(self) -> list[Any]:
        """The nodes the artist selected ("use selection"); none where nothing is shown."""
        return []

    def select(self, nodes: Sequence[Any]) -> None:  # noqa: B027 - optional for hosts without a UI
        """Make these the selected nodes (a no-op where nothing is shown)."""

    @contextmanager
    def undo(self, label: str) -> Iterator[None]:
        """Group the changes made inside into one undo step where the host has undo."""
        yield

    # -- publishing: what creating, publishing and protecting a script need -------------------
    # Defaults raise, so a host written before these existed keeps working for containers.

    def _unsupported(self, what: str) -> NotImplementedError:
        return NotImplementedError(f"{type(self).__name__} cannot {what}")

    def find_node(self, full_name: str) -> Any | None:
        """The node called *full_name* (``Group1.Write1``), or None."""
        for node in self.nodes_with_knob("name"):
            if self.node_name(node) == full_name:
                return node
        return None

    def children(self, node: Any) -> list[Any]:
        """The nodes directly inside a group (empty for other nodes)."""
        raise self._unsupported("list the nodes inside a group")

    def script_path(self) -> str | None:
        """Where the script is saved, or None for a script never saved."""
        raise self._unsupported("tell where the script is saved")

    def is_modified(self) -> bool:
        """True when the script has changes that are not saved."""
        raise self._unsupported("tell whether the script is modified")

    def application_version(self) -> str | None:
        """The Nuke version the script is for, ``major.minor`` (``15.1``), when known."""
        return None

    def is_nukex(self) -> bool | None:
        """Whether the session is NukeX (``nuke.env["nukex"]``); None when there is no session to ask."""
        return None

    def root_knob(self, name: str) -> str | None:
        """A knob of the Root node as text, or None when Root has no such knob."""
        raise self._unsupported("read Root knobs")

    def set_root_knobs(self, values: Mapping[str, KnobValue | None]) -> None:
        """Set Root knobs; a missing one becomes a string user knob, None removes a user knob."""
        raise self._unsupported("set Root knobs")

    def persist_root_knobs(self, values: Mapping[str, KnobValue | None]) -> None:
        """:meth:`set_root_knobs`, and write the same change into the saved file.

        Only those knobs change on disk; a script that had no unsaved changes still has none.
        """
        raise self._unsupported("write Root knobs to the saved script")

    def add_user_knobs(self, node: Any, knobs: Sequence[KnobSpec]) -> None:
        """Add user knobs (a ``tab`` first opens a new tab), editable unless ``read_only``."""
        raise self._unsupported("add user knobs")

    def create_group(self, name: str, knobs: Mapping[str, KnobValue],
                     children: Sequence[tuple[str, str, Mapping[str, KnobValue]]]) -> Any:
        """A new, unconnected Group at the top level holding ``(class, name, knobs)`` children.

        Each child feeds the next (``Input1 -> Write1 -> Output1``); the group is named
        *name*, made unique if taken.
        """
        raise self._unsupported("create groups")

    def save_as(self, path: str) -> None:
        """Save the script under a new file name (never over an existing file) and keep that name."""
        raise self._unsupported("save the script under a new name")
