"""A whole script: its items in file order, queries, and node-level edits."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from avalon_nuke.nk.model import GROUP_CLASSES, Node, Statement
from avalon_nuke.nk.tcl import format_value, quote
from avalon_nuke.nk.wiring import Entry, VariableNames, Wiring, replay, rewire, wire_new_node

KnobValue = str | int | float | bool
_TRAILING_DIGITS = re.compile(r"\d+$")


class Script:
    """A parsed ``.nk`` script, toolset or gizmo; writing it back gives the same text.

    Items are kept flat, in file order (a group's children follow it up to its
    ``end_group``), each with its own text, so an unchanged script is written
    by joining the original pieces.
    """

    def __init__(
        self, items: list[Node | Statement], filename: str | None = None, newline: str = "\n"
    ) -> None:
        self._items = items
        self.filename = filename
        self.newline = newline
        self._wiring: Wiring | None = None
        self._names: VariableNames | None = None
        # Goes up whenever a node is added or removed or a name/xpos/ypos changes, so a
        # caller can keep what it derived from names and positions until it moves.
        self.placement_stamp = 0
        for item in items:
            if isinstance(item, Node):
                item.script = self

    # -- writing ----------------------------------------------------------------

    def text(self) -> str:
        return "".join(self.pieces())

    def pieces(self) -> Iterator[str]:
        """The text item by item, for writing without joining it first."""
        for item in self._items:
            yield item.text() if isinstance(item, Node) else item.text

    # -- queries ----------------------------------------------------------------

    @property
    def root(self) -> Node | None:
        """The ``Root`` node (project settings); toolsets and gizmos have none."""
        for item in self._items:
            if isinstance(item, Node) and item.cls == "Root" and item.parent is None:
                return item
        return None

    @property
    def version(self) -> str | None:
        """The ``version`` line's value, e.g. ``15.1 v1``."""
        for item in self._items:
            if isinstance(item, Statement) and item.kind == "version":
                return item.text.strip().partition(" ")[2].strip() or None
        return None

    def nodes(self, cls: str | None = None) -> list[Node]:
        """Every node in file order, inside groups too; Root is not one of them."""
        root = self.root
        return [
            item
            for item in self._items
            if isinstance(item, Node) and item is not root and (cls is None or item.cls == cls)
        ]

    def find(self, full_name: str) -> Node | None:
        """The node called ``full_name`` (``Group1.Read1`` inside groups), or None."""
        name = full_name.rpartition(".")[2]
        for node in self.nodes():
            text = node.original
            if text is not None and name not in text and "\\" not in text:
                continue  # cannot be called that: no need to read its knobs
            if node.name == name and node.full_name == full_name:
                return node
        return None

    def inputs_of(self, node: Node) -> list[Node | None]:
        entries = self._current_wiring().inputs.get(node, [])
        return [entry if isinstance(entry, Node) else None for entry in entries]

    def _variable_names(self) -> VariableNames:
        if self._names is None:
            self._names = VariableNames(self._items)
        return self._names

    def wiring_changed(self) -> None:
        self._wiring = None

    def placement_changed(self) -> None:
        self.placement_stamp += 1

    def _current_wiring(self) -> Wiring:
        if self._wiring is None:
            self._wiring = replay(self._items)
        return self._wiring

    # -- edits ------------------------------------------------------------------

    def add_node(
        self,
        cls: str,
        knobs: Iterable[tuple[str, KnobValue]] = (),
        *,
        group: Node | None = None,
        inputs: Sequence[Node | None] = (),
    ) -> Node:
        """Append a node at the end of the top level, or of ``group``'s children.

        Knob values are quoted as Nuke writes them; without a ``name`` knob the
        node gets the next free ``<Class>N`` name in its group. ``inputs[i]``
        feeds input ``i`` (None leaves it disconnected), written with the same
        ``set``/``push``/``inputs`` commands Nuke uses.
        """
        if not re.fullmatch(r'[^ \t\n\r\f\v{}"\\\[\]$;#]+', cls):
            raise ValueError(f"{cls!r} is not a node class name")
        if group is not None and (group.script is not self or not group.is_group):
            raise ValueError(f"{group!r} is not a group of this script")
        wanted: list[Node | None] = list(inputs)
        while wanted and wanted[-1] is None:
            wanted.pop()
        for source in wanted:
            if source is not None and (source.script is not self or source.parent is not group):
                raise ValueError(f"input {source!r} is not a node in the same group")
        knob_list = [(name, format_value(value)) for name, value in knobs]
        if not any(name == "name" for name, _ in knob_list):
            knob_list.append(("name", self._free_name(cls, group)))
        if len(wanted) != 1:
            knob_list.insert(0, ("inputs", str(len(wanted))))
        node, index = self._new_node(cls, knob_list, group)
        wire_new_node(self._items, index, wanted, self._variable_names(), self.newline)
        self.wiring_changed()
        self.placement_changed()
        return node

    def remove_node(self, node: Node) -> None:
        """Remove a node (a group with its children); nodes it fed lose that input."""
        if node.script is not self or node not in self._items:
            raise ValueError(f"{node!r} is not in this script")
        if node is self.root:
            raise ValueError("the Root node cannot be removed")
        clones = [item for item in self.nodes() if item.clone_source is node]
        if clones:
            raise ValueError(f"{node!r} has clones; remove them first")
        start = self._items.index(node)
        stop = self._items.index(node.end_group, start) + 1 if node.end_group else start + 1
        removed = {id(item) for item in self._items[start:stop]}
        before = self._current_wiring()

        def keep(entry: Entry) -> Entry:
            return None if isinstance(entry, Node) and id(entry) in removed else entry

        desired = {
            item: [keep(entry) for entry in entries]
            for item, entries in before.inputs.items()
            if id(item) not in removed
        }
        self._drop_items(start, stop, removed, before)
        if node.parent is not None:
            node.parent._child_list().remove(node)
        node.script = None
        rewire(self._items, desired, self._variable_names(), self.newline)
        self.wiring_changed()
        self.placement_changed()

    def _drop_items(self, start: int, stop: int, removed: set[int], before: Wiring) -> None:
        """Remove the node's lines; ``set``/``push`` of a removed node become nothing/``push 0``."""
        kept: list[Node | Statement] = []
        for index, item in enumerate(self._items):
            if start <= index < stop:
                continue
            if isinstance(item, Statement) and item.kind in ("set", "push"):
                captured = before.captured.get(id(item))
                if isinstance(captured, Node) and id(captured) in removed:
                    if item.kind == "set":
                        continue
                    indent = item.text[: len(item.text) - len(item.text.lstrip(" \t"))]
                    item = Statement("push", f"{indent}push 0{self.newline}")
            kept.append(item)
        self._items[:] = kept

    def _free_name(self, cls: str, group: Node | None) -> str:
        base = _TRAILING_DIGITS.sub("", cls) or cls
        siblings = (
            group.children
            if group is not None
            else [item for item in self._items if isinstance(item, Node) and item.parent is None]
        )
        taken = {sibling.name for sibling in siblings}
        number = 1
        while f"{base}{number}" in taken:
            number += 1
        return f"{base}{number}"

    def _new_node(self, cls: str, knobs: list[tuple[str, str]], group: Node | None) -> tuple[Node, int]:
        """The new node and its index; appending costs the same whatever the script's size."""
        newline = self.newline
        indent = ""
        if group is not None:
            head = group.text().split("\n", 1)[0]
            indent = head[: len(head) - len(head.lstrip(" \t"))] + " "
        entries = [(f"{newline}{indent} {quote(name)} ", name, value) for name, value in knobs]
        node = Node(cls, f"{indent}{cls} {{", entries, f"{newline}{indent}}}{newline}")
        node.script = self
        node.parent = group
        new_items: list[Node | Statement] = [node]
        if cls in GROUP_CLASSES:
            node.end_group = Statement("end_group", f"{indent}end_group{newline}")
            new_items.append(node.end_group)
        if group is not None:
            assert group.end_group is not None  # a group of this script, checked above
            position = _index_from_end(self._items, group.end_group)
            group._child_list().append(node)
        else:
            self._end_with_newline()
            position = len(self._items)
        self._items[position:position] = new_items
        return node, position

    def _end_with_newline(self) -> None:
        """A file whose last line lacks a newline gets one before anything is appended."""
        if not self._items:
            return
        last = self._items[-1]
        text = last.text() if isinstance(last, Node) else last.text
        if text.endswith("\n"):
            return
        if isinstance(last, Node):
            last._entries()  # the tail is known once the knobs are split
            last._tail += self.newline
            last._changed()
        else:
            last.text += self.newline


def _index_from_end(items: list[Node | Statement], wanted: object) -> int:
    """Position of ``wanted`` (by identity), searched from the end where new nodes go."""
    for index in range(len(items) - 1, -1, -1):
        if items[index] is wanted:
            return index
    raise ValueError(f"{wanted!r} is not in this script")
